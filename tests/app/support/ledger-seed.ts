import { vi } from 'vitest';
import {
  CashHandover,
  DEFAULT_DUES_POLICY,
  DuesAssessment,
  DuesPayment,
  HandoverConfirmation,
  MonthClose,
  type Change,
  type DuesPolicy,
  type SyncEntity,
} from '../../../src/domain';
import { applyPulledPage } from '../../../src/app/repositories/pull-repository';
import { BRANCH_ID, makeUser, uuid } from './fixtures';

/** The branch secretary of the fixtures' branch; the worker of makeUser() collects in the field. */
export const SECRETARY = makeUser({ id: uuid(0x2001), username: 'secretary1', displayName: '王书记', role: 'secretary', branchId: BRANCH_ID });
export const WORKER_ID = makeUser().id;

/**
 * The ledger tests run in March 2026, Beijing time: asOf is 2026-03 whatever day the suite runs. Only Date is
 * faked; IndexedDB's timers run as usual.
 */
export function freezeMarch2026(): void {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-20T04:00:00.000Z') });
}

export function assessmentOf(memberId: string, n: number, baseFen: number, overrides: Partial<DuesAssessment> = {}): DuesAssessment {
  return DuesAssessment.parse({
    id: uuid(0xa000 + n),
    memberId,
    branchId: BRANCH_ID,
    year: 2026,
    effectiveFrom: '2026-01',
    baseFen,
    category: 'normal',
    channel: 'this_branch',
    reducedFen: null,
    ...overrides,
  });
}

/** A payment of `monthlyFen` for each month, as a worker's device would have recorded it. */
export function paymentOf(
  memberId: string,
  n: number,
  months: string[],
  monthlyFen: number,
  overrides: Partial<DuesPayment> = {},
): DuesPayment {
  return DuesPayment.parse({
    id: uuid(0xb000 + n),
    memberId,
    branchId: BRANCH_ID,
    kind: 'payment',
    reverses: null,
    months,
    allocation: months.map((month) => ({ month, amountFen: monthlyFen })),
    amountFen: monthlyFen * months.length,
    method: 'cash',
    receiptRef: '',
    paidBy: { kind: 'self' },
    collectedBy: WORKER_ID,
    recordedAt: `${months[0]}-05T02:00:00.000Z`,
    ...overrides,
  });
}

export function lockOf(month: string, n: number, action: 'lock' | 'unlock' = 'lock'): MonthClose {
  return MonthClose.parse({
    id: uuid(0xc000 + n),
    branchId: BRANCH_ID,
    month,
    action,
    reason: action === 'unlock' ? '补录' : '',
    by: SECRETARY.id,
    at: `${month}-28T08:00:00.000Z`,
  });
}

export function handoverOf(n: number, paymentIds: string[], countedFen: number, recordedBy: string): CashHandover {
  return CashHandover.parse({
    id: uuid(0xd000 + n),
    branchId: BRANCH_ID,
    collectorId: WORKER_ID,
    month: '2026-03',
    paymentIds,
    countedFen,
    handedAt: '2026-03-18T06:00:00.000Z',
    recordedBy,
    note: '',
  });
}

export function confirmationOf(n: number, handoverId: string, confirmedBy: string): HandoverConfirmation {
  return HandoverConfirmation.parse({ id: uuid(0xe000 + n), handoverId, branchId: BRANCH_ID, confirmedBy, confirmedAt: '2026-03-18T07:00:00.000Z' });
}

export const BRANCH_POLICY: DuesPolicy = { branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY };

export interface PulledLedger {
  policy?: DuesPolicy;
  assessments?: DuesAssessment[];
  payments?: DuesPayment[];
  closes?: MonthClose[];
  handovers?: CashHandover[];
  confirmations?: HandoverConfirmation[];
}

/** Puts the branch on the device through the app's own pull code, as a secretary's sync would have. */
export async function seedPulledLedger(data: PulledLedger): Promise<void> {
  const changes: Change[] = [];
  const add = (entity: SyncEntity, id: string, record: unknown) => changes.push({ version: changes.length + 1, entity, id, op: 'upsert', data: record });
  if (data.policy) add('dues_policy', data.policy.branchId, data.policy);
  for (const a of data.assessments ?? []) add('dues_assessment', a.id, a);
  for (const p of data.payments ?? []) add('dues_payment', p.id, p);
  for (const c of data.closes ?? []) add('month_close', c.id, c);
  for (const h of data.handovers ?? []) add('cash_handover', h.id, h);
  for (const c of data.confirmations ?? []) add('handover_confirmation', c.id, c);
  await applyPulledPage({ changes, cursor: changes.length, scope: 's', reset: false });
}
