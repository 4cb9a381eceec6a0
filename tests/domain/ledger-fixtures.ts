import {
  ArrearsExcuse,
  Attendance,
  CashHandover,
  DEFAULT_DUES_POLICY,
  DuesAdjustment,
  DuesAssessment,
  DuesPayment,
  DuplicateResolution,
  Evaluation,
  HandoverConfirmation,
  Meeting,
  MonthClose,
  Remittance,
  type DuesPolicy,
  type LedgerMember,
} from '../../src/domain';

/**
 * Builders for the ledger tests. Each one parses through the real schema, so a fixture that the app or the
 * server would reject fails loudly instead of testing an impossible ledger.
 */

export const BRANCH = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const WORKER = '2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d';
export const WORKER2 = '3c4d5e6f-7081-4b9c-8d1e-2f3a4b5c6d7e';
export const SECRETARY = '4d5e6f70-8192-4cad-9e2f-3a4b5c6d7e8f';

let counter = 0;
/** A fresh, valid UUID; ids sort in creation order, which the order-independence tests rely on not at all. */
export function newId(): string {
  counter++;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export const MEMBER = '5e6f7081-92a3-4dbe-8f30-4b5c6d7e8f90';

export function policy(overrides: Partial<DuesPolicy> = {}): DuesPolicy {
  return { branchId: BRANCH, ...DEFAULT_DUES_POLICY, ...overrides };
}

export function member(overrides: Partial<LedgerMember> = {}): LedgerMember {
  return { id: MEMBER, name: '王建国', diedOn: null, ...overrides };
}

export function assessment(overrides: Partial<DuesAssessment> & { effectiveFrom: string; baseFen: number }): DuesAssessment {
  return DuesAssessment.parse({
    id: newId(),
    memberId: MEMBER,
    branchId: BRANCH,
    year: Number(overrides.effectiveFrom.slice(0, 4)),
    category: 'normal',
    channel: 'this_branch',
    reducedFen: null,
    relief: null,
    ...overrides,
  });
}

/** 减免 trail with the months it is in effect. */
export function relief(effectiveFrom: string, effectiveTo: string | null): DuesAssessment['relief'] {
  return {
    appliedOn: '2026-01-05',
    branchDecisionOn: '2026-01-10',
    branchDecisionRef: '支委会决定〔2026〕1号',
    upperApprovalOn: '2026-01-20',
    upperApprovalRef: '',
    effectiveFrom,
    effectiveTo,
  };
}

export interface PaymentOptions {
  id?: string;
  memberId?: string;
  voluntaryFen?: number;
  method?: 'cash' | 'transfer';
  collectedBy?: string;
}

/** A payment of the given shares, e.g. payment('2026-01-05T02:00:00Z', { '2026-01': 1500 }). */
export function payment(recordedAt: string, shares: Record<string, number>, options: PaymentOptions = {}): DuesPayment & { entry: 'payment' } {
  const allocation = Object.entries(shares).map(([month, amountFen]) => ({ month, amountFen }));
  const voluntaryFen = options.voluntaryFen ?? 0;
  const parsed = DuesPayment.parse({
    id: options.id ?? newId(),
    memberId: options.memberId ?? MEMBER,
    branchId: BRANCH,
    kind: 'payment',
    reverses: null,
    months: allocation.map((a) => a.month),
    allocation,
    voluntaryFen,
    amountFen: allocation.reduce((s, a) => s + a.amountFen, 0) + voluntaryFen,
    method: options.method ?? 'cash',
    receiptRef: '',
    paidBy: { kind: 'self' },
    collectedBy: options.collectedBy ?? WORKER,
    recordedAt,
  });
  return { entry: 'payment', ...parsed };
}

export function reversal(of: DuesPayment, recordedAt: string): DuesPayment & { entry: 'payment' } {
  const parsed = DuesPayment.parse({
    ...of,
    id: newId(),
    kind: 'reversal',
    reverses: of.id,
    allocation: of.allocation.map((a) => ({ month: a.month, amountFen: -a.amountFen })),
    voluntaryFen: -of.voluntaryFen,
    amountFen: -of.amountFen,
    recordedAt,
  });
  return { entry: 'payment', ...parsed };
}

export function adjustment(month: string, amountFen: number, recordedAt: string, cash = false, memberId = MEMBER): DuesAdjustment & { entry: 'adjustment' } {
  const parsed = DuesAdjustment.parse({
    id: newId(),
    memberId,
    branchId: BRANCH,
    month,
    amountFen,
    cash,
    reason: cash ? '清点发现现金' : '更正登记错误',
    recordedBy: SECRETARY,
    recordedAt,
  });
  return { entry: 'adjustment', ...parsed };
}

export function resolution(
  paid: DuesPayment,
  month: string,
  amountFen: number,
  recordedAt: string,
  creditMonth: string | null = null,
): DuplicateResolution & { entry: 'resolution' } {
  const parsed = DuplicateResolution.parse({
    id: newId(),
    memberId: paid.memberId,
    branchId: BRANCH,
    month,
    paymentId: paid.id,
    action: creditMonth === null ? 'refund' : 'credit',
    creditMonth,
    amountFen,
    note: '',
    recordedBy: SECRETARY,
    recordedAt,
  });
  return { entry: 'resolution', ...parsed };
}

export function excuse(from: string, to: string): ArrearsExcuse {
  return ArrearsExcuse.parse({
    id: newId(),
    memberId: MEMBER,
    branchId: BRANCH,
    from,
    to,
    reason: '住院治疗',
    recordedBy: SECRETARY,
    recordedAt: '2026-01-01T00:00:00.000Z',
  });
}

export function handover(collectorId: string, month: string, paymentIds: string[], countedFen: number, recordedBy = collectorId): CashHandover {
  return CashHandover.parse({
    id: newId(),
    branchId: BRANCH,
    collectorId,
    month,
    paymentIds,
    countedFen,
    handedAt: `${month}-28T08:00:00.000Z`,
    recordedBy,
    note: '',
  });
}

export function confirmation(of: CashHandover, confirmedBy: string): HandoverConfirmation {
  return HandoverConfirmation.parse({ id: newId(), handoverId: of.id, branchId: BRANCH, confirmedBy, confirmedAt: of.handedAt });
}

export function remittance(remittedOn: string, amountFen: number, months: string[]): Remittance {
  return Remittance.parse({
    id: newId(),
    branchId: BRANCH,
    months,
    amountFen,
    largeVoluntary: false,
    remittedOn,
    receiptNo: `SJ-${remittedOn}`,
    recordedBy: SECRETARY,
    recordedAt: `${remittedOn}T02:00:00.000Z`,
  });
}

export function monthClose(month: string, action: 'lock' | 'unlock', at: string, id = newId()): MonthClose {
  return MonthClose.parse({ id, branchId: BRANCH, month, action, reason: action === 'unlock' ? '补录漏记的交纳' : '', by: SECRETARY, at });
}

export function meeting(date: string, type: Meeting['type'] = 'theme_day', id = newId()): Meeting {
  return Meeting.parse({
    id,
    branchId: BRANCH,
    type,
    date,
    place: '社区党群服务中心',
    host: '李书记',
    topic: '学习党章',
    recordedBy: SECRETARY,
    recordedAt: `${date}T08:00:00.000Z`,
  });
}

export function attendance(
  of: Meeting,
  memberId: string,
  status: Attendance['status'],
  recordedAt = of.recordedAt,
  id = newId(),
): Attendance {
  return Attendance.parse({
    id,
    meetingId: of.id,
    memberId,
    branchId: BRANCH,
    status,
    reason: status === 'leave' || status === 'excused' ? '卧床' : '',
    decisionRef: status === 'excused' ? '支委会决定〔2026〕2号' : '',
    recordedBy: SECRETARY,
    recordedAt,
  });
}

export function evaluation(memberId: string, grade: Evaluation['grade'], recordedAt = '2026-12-20T02:00:00.000Z', year = 2026): Evaluation {
  return Evaluation.parse({ id: newId(), memberId, branchId: BRANCH, year, grade, recordedBy: SECRETARY, recordedAt });
}
