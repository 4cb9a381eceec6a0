import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import {
  DEFAULT_DUES_POLICY,
  PROTOCOL_HEADER,
  PullResponse,
  PushResponse,
  SYNC_PROTOCOL_VERSION,
  type Consent,
  type DuesAssessment,
  type DuesPayment,
  type FollowUpClosure,
  type HealthNote,
  type MemberEvent,
  type Visit,
} from '../../src/domain';
import { addDuesAssessments, saveDuesPolicy } from '../../src/server/services/dues-terms';
import type { Db } from '../../src/server/storage';
import type { Fixtures } from './fixtures';
import { bearer } from './harness';

/** Records and mutations as a device builds them, and the two sync calls. */

export const AT = '2026-03-05T02:00:00.000Z';

export function visit(memberId: string, visitorId: string, overrides: Partial<Visit> = {}): Visit {
  return {
    id: randomUUID(),
    memberId,
    visitorIds: [visitorId],
    type: 'regular',
    occurredAt: AT,
    outcome: 'met',
    templateId: 'regular',
    templateVersion: 1,
    livingSituation: '独居，精神尚好',
    homeSafety: { gas: 'ok', electricity: 'ok', heating: 'not_checked', smokeAlarm: 'present' },
    needs: ['daily_care'],
    solvedOnSpot: '',
    followUps: [],
    itemsDelivered: [],
    notes: '',
    amends: null,
    recordedAt: AT,
    campaignId: null,
    ...overrides,
  };
}

export function memberEvent(memberId: string, recordedBy: string, overrides: Partial<MemberEvent> = {}): MemberEvent {
  return { id: randomUUID(), memberId, kind: 'hospitalised', occurredOn: '2026-03-04', note: '脑梗住进区医院', recordedBy, recordedAt: AT, ...overrides };
}

export function followUpClosure(memberId: string, visitId: string, index: number, closedBy: string, overrides: Partial<FollowUpClosure> = {}): FollowUpClosure {
  return { id: randomUUID(), memberId, visitId, index, note: '已联系物业，灯已修好', closedBy, closedAt: AT, ...overrides };
}

export function consent(memberId: string, recordedBy: string, overrides: Partial<Consent> = {}): Consent {
  return {
    id: randomUUID(),
    memberId,
    scope: 'health_notes',
    givenBy: { kind: 'self' },
    recordedBy,
    givenAt: AT,
    withdrawnAt: null,
    ...overrides,
  };
}

export function healthNote(memberId: string, consentId: string, recordedBy: string, overrides: Partial<HealthNote> = {}): HealthNote {
  return {
    id: randomUUID(),
    memberId,
    consentId,
    recordedBy,
    recordedAt: AT,
    overall: 'fair',
    mobility: 'independent',
    mood: 'normal',
    recentHospitalOrFall: { happened: false, on: null },
    familyDoctorSigned: true,
    lastCheckupOn: '2025-10-01',
    bloodPressure: null,
    note: '',
    ...overrides,
  };
}

/** The fixtures' months cost the same each (one assessment a year): the amount split evenly, remainder first. */
export function evenShares(months: readonly string[], amountFen: number): { month: string; amountFen: number }[] {
  const share = Math.trunc(amountFen / months.length);
  const rest = amountFen - share * months.length;
  return months.map((month, i) => ({ month, amountFen: share + (i < Math.abs(rest) ? Math.sign(rest) : 0) }));
}

export function payment(
  memberId: string,
  branchId: string,
  collectedBy: string,
  months: string[],
  amountFen: number,
  overrides: Partial<DuesPayment> = {},
): DuesPayment {
  return {
    id: randomUUID(),
    memberId,
    branchId,
    kind: 'payment',
    reverses: null,
    months,
    allocation: evenShares(months, amountFen),
    voluntaryFen: 0,
    amountFen,
    method: 'cash',
    receiptRef: '',
    paidBy: { kind: 'self' },
    collectedBy,
    recordedAt: AT,
    ...overrides,
  };
}

export function reversalOf(original: DuesPayment, collectedBy: string): DuesPayment {
  return {
    ...original,
    id: randomUUID(),
    kind: 'reversal',
    reverses: original.id,
    amountFen: -original.amountFen,
    allocation: original.allocation.map((a) => ({ month: a.month, amountFen: -a.amountFen })),
    voluntaryFen: -original.voluntaryFen,
    collectedBy,
  };
}

export interface Envelope {
  id: string;
  seq: number;
  type: string;
  record: unknown;
  createdAt: string;
}

/** A device's outbox: numbers its mutations 1, 2, 3, … like the real one. */
export function outbox(clientId: string = randomUUID()) {
  let seq = 0;
  return {
    clientId,
    add(type: string, record: unknown): Envelope {
      seq += 1;
      return { id: randomUUID(), seq, type, record, createdAt: AT };
    },
  };
}

export async function pushRaw(app: FastifyInstance, token: string, body: unknown, protocol: string | null = String(SYNC_PROTOCOL_VERSION)) {
  return app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: { ...bearer(token), ...(protocol === null ? {} : { [PROTOCOL_HEADER]: protocol }) },
    payload: body as object,
  });
}

export async function push(app: FastifyInstance, token: string, clientId: string, mutations: unknown[]): Promise<PushResponse> {
  const response = await pushRaw(app, token, { clientId, mutations });
  expect(response.statusCode, response.body).toBe(200);
  return PushResponse.parse(response.json());
}

export async function pull(app: FastifyInstance, token: string, query: Record<string, string | number> = {}): Promise<PullResponse> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const response = await app.inject({ method: 'GET', url: `/api/sync/pull?${search}`, headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  return PullResponse.parse(response.json());
}

/** Every change from the cursor on, following pages. */
export async function pullAll(app: FastifyInstance, token: string, limit = 500, from = 0): Promise<PullResponse['changes']> {
  const changes: PullResponse['changes'] = [];
  let cursor = from;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await pull(app, token, { cursor, limit });
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return changes;
  }
  throw new Error('pull did not finish');
}

export const statuses = (response: PushResponse) => response.results.map((r) => (r.status === 'rejected' ? `rejected:${r.code}` : r.status));

/**
 * Dues terms for the fixtures' established branch B1: its policy, and 2026 assessments for m1 (5,000.00 元
 * → 25.00 元), m2 (5,000.01 元 → 50.00 元) and m3 (fixed 0.20 元); m4 of the non-established branch pays
 * at the old unit.
 */
export async function seedFixtureDues(db: Db, fx: Fixtures): Promise<Record<'m1' | 'm2' | 'm3' | 'm4', DuesAssessment>> {
  await saveDuesPolicy(db, { branchId: fx.branch1.id, ...DEFAULT_DUES_POLICY, maxMonthsPerPayment: 3 });
  const terms = (memberId: string, branchId: string, extra: Partial<DuesAssessment>): DuesAssessment => ({
    relief: null,
    id: randomUUID(),
    memberId,
    branchId,
    year: 2026,
    effectiveFrom: '2026-01',
    baseFen: 500_000,
    category: 'normal',
    channel: 'this_branch',
    reducedFen: null,
    ...extra,
  });
  const assessments = {
    m1: terms(fx.members.m1.id, fx.branch1.id, { baseFen: 500_000 }),
    m2: terms(fx.members.m2.id, fx.branch1.id, { baseFen: 500_001 }),
    m3: terms(fx.members.m3.id, fx.branch1.id, { baseFen: 180_000, category: 'fixed' }),
    m4: terms(fx.members.m4.id, fx.branch2.id, { baseFen: 620_000, channel: 'original_unit' }),
  };
  await addDuesAssessments(db, Object.values(assessments));
  return assessments;
}

export async function countRows(db: Db, table: 'visits' | 'consents' | 'health_notes' | 'dues_payments' | 'change_log' | 'sync_mutations'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
