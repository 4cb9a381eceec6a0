import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDeath } from '../../src/server/services/member-lifecycle';
import { bearer, backends } from './harness';
import { adjustment, confirmation, handover, ledgerWorld, meeting, type LedgerWorld } from './ledger-support';
import { consent, healthNote, payment, pullAll, visit } from './sync-support';

/**
 * Pushes a signed-in but hostile (or buggy) device could make: records naming someone else as the one who
 * acted, lists and amounts without bound, kinds of another role. Each is refused as a whole and leaves no trace;
 * and a worker's pull carries only the cash handovers of their own cash. Written against the registry's
 * checks (src/domain/registry.ts, actors.ts) and the schemas' bounds; every case uses only the push and pull
 * API, so the file runs unchanged against older servers.
 */

interface CollectorPosition {
  collectorId: string;
  cashFen: number;
  withCollectorFen: number;
}
interface Reconciliation {
  collectedFen: number;
  byCollector: CollectorPosition[];
  cashWithCollectorsFen: number;
}

const MAX_SAFE_FEN = 9_007_199_254_740_991;

describe.each(backends)('hostile pushes on %s', (kind) => {
  let w: LedgerWorld;
  beforeAll(async () => {
    w = await ledgerWorld(kind);
  });
  afterAll(async () => {
    await w?.close();
  });

  const db = () => w.backend.storage.db;
  const ids = () => ({
    b1: w.fx.branch1.id,
    m1: w.fx.members.m1.id,
    m2: w.fx.members.m2.id,
    w1: w.fx.users.worker1.id,
    w2: w.fx.users.worker2.id,
    w3: w.fx.users.worker3.id,
    s1: w.fx.users.secretary1.id,
    a1: w.fx.users.admin1.id,
    retired: w.fx.users.retired1.id,
  });

  async function lastVersion(): Promise<number> {
    const row = await db()
      .selectFrom('change_log')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirstOrThrow();
    return Number(row.v ?? 0);
  }

  async function stored(table: 'visits' | 'dues_payments' | 'health_notes' | 'dues_adjustments', id: string): Promise<number> {
    return (await db().selectFrom(table).select('id').where('id', '=', id).execute()).length;
  }

  /** Pushes one record and expects it refused with `code`, with no row and no change-log entry left behind. */
  async function refusedWithoutTrace(username: string, type: string, record: { id: string }, table: Parameters<typeof stored>[0], code: string) {
    const before = await lastVersion();
    const result = await w.sendFull(username, type, record);
    expect(result.status, result.message).toBe(`rejected:${code}`);
    expect(await stored(table, record.id)).toBe(0);
    expect(await lastVersion()).toBe(before);
    return result;
  }

  async function reconciliation(month: string): Promise<Reconciliation> {
    const response = await w.app.inject({ method: 'GET', url: `/api/branches/${ids().b1}/reconciliation?month=${month}`, headers: bearer(w.token('secretary1')) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it('dues.record naming another worker as the collector is refused (ACTOR_MISMATCH): nothing stored, nobody holds that cash', async () => {
    const { b1, m1, w2 } = ids();
    // February is this file's only month with anything collected by worker2 before it: the books must stay empty.
    const before = await reconciliation('2026-02');
    // worker1 and worker2 both look after m1: worker1 records cash "collected by" worker2.
    const forged = payment(m1, b1, w2, ['2026-02'], 2500, { recordedAt: '2026-02-10T02:00:00.000Z' });
    await refusedWithoutTrace('worker1', 'dues.record', forged, 'dues_payments', 'ACTOR_MISMATCH');

    const after = await reconciliation('2026-02');
    expect(after).toEqual(before);
    expect(after.byCollector.find((p) => p.collectorId === w2)?.withCollectorFen ?? 0).toBe(0);
    expect(after.cashWithCollectorsFen).toBe(0);
    expect(after.collectedFen).toBe(0);
  });

  it('health_note.record naming another user as its recorder is refused (ACTOR_MISMATCH)', async () => {
    const { m1, w1, w2 } = ids();
    const given = consent(m1, w1);
    expect(await w.send('worker1', 'consent.give', given)).toBe('applied');
    await refusedWithoutTrace('worker1', 'health_note.record', healthNote(m1, given.id, w2), 'health_notes', 'ACTOR_MISMATCH');
    // In the pusher's own name it goes through.
    expect(await w.send('worker1', 'health_note.record', healthNote(m1, given.id, w1))).toBe('applied');
  });

  it('visit.submit whose visitors leave out the pusher is refused (ACTOR_MISMATCH)', async () => {
    const { m1, w2 } = ids();
    await refusedWithoutTrace('worker1', 'visit.submit', visit(m1, w2), 'visits', 'ACTOR_MISMATCH');
  });

  it('visit.submit must match its form: the template’s visit type, no answers to fields that do not apply, not dated in the future', async () => {
    const { m1, w1 } = ids();
    await refusedWithoutTrace('worker1', 'visit.submit', visit(m1, w1, { type: 'festival' }), 'visits', 'VALIDATION_FAILED');
    // Not at home: nothing about the living situation or the home could have been seen.
    await refusedWithoutTrace('worker1', 'visit.submit', visit(m1, w1, { outcome: 'not_home' }), 'visits', 'VALIDATION_FAILED');
    const nextWeek = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    await refusedWithoutTrace('worker1', 'visit.submit', visit(m1, w1, { occurredAt: nextWeek }), 'visits', 'VALIDATION_FAILED');
    const answered = visit(m1, w1, { outcome: 'not_home', livingSituation: '', homeSafety: null, needs: [] });
    expect(await w.send('worker1', 'visit.submit', answered)).toBe('applied');
  });

  it('visit.submit naming a co-visitor of another community, a disabled user or an unknown id is refused (UNKNOWN_USER); a colleague is accepted', async () => {
    const { m1, w1, w2, w3, retired } = ids();
    for (const stranger of [w3, retired, randomUUID()]) {
      await refusedWithoutTrace('worker1', 'visit.submit', visit(m1, w1, { visitorIds: [w1, stranger] }), 'visits', 'UNKNOWN_USER');
    }
    // worker2: an enabled worker of the same community.
    const together = visit(m1, w1, { visitorIds: [w1, w2] });
    expect(await w.send('worker1', 'visit.submit', together)).toBe('applied');
    expect(await stored('visits', together.id)).toBe(1);
  });

  it('visit.submit with 15,000 random co-visitor ids is refused by the schema (VALIDATION_FAILED)', async () => {
    const { m1, w1 } = ids();
    const crowd = visit(m1, w1, { visitorIds: [w1, ...Array.from({ length: 15_000 }, () => randomUUID())] });
    await refusedWithoutTrace('worker1', 'visit.submit', crowd, 'visits', 'VALIDATION_FAILED');
  });

  it('dues.record of 9,007,199,254,740,991 fen is refused by the schema (VALIDATION_FAILED, amount ceiling)', async () => {
    const { b1, m1, w1 } = ids();
    // The month's dues are right (25.00 元); the rest is "voluntary", up to the largest safe integer.
    const huge = payment(m1, b1, w1, ['2026-03'], 2500, { voluntaryFen: MAX_SAFE_FEN - 2500, amountFen: MAX_SAFE_FEN });
    await refusedWithoutTrace('worker1', 'dues.record', huge, 'dues_payments', 'VALIDATION_FAILED');
  });

  it('visit.submit with 40,000 needs is refused by the schema (VALIDATION_FAILED, bounded list)', async () => {
    const { m1, w1 } = ids();
    const needy = visit(m1, w1, { needs: Array.from({ length: 40_000 }, () => 'daily_care' as const) });
    await refusedWithoutTrace('worker1', 'visit.submit', needy, 'visits', 'VALIDATION_FAILED');
  });

  it('over-long texts are refused by the schema (VALIDATION_FAILED)', async () => {
    const { b1, m1, w1, s1 } = ids();
    await refusedWithoutTrace('worker1', 'visit.submit', visit(m1, w1, { notes: '记'.repeat(1001) }), 'visits', 'VALIDATION_FAILED');
    await refusedWithoutTrace('worker1', 'visit.submit', visit(m1, w1, { livingSituation: '住'.repeat(100_000) }), 'visits', 'VALIDATION_FAILED');
    const given = consent(m1, w1);
    expect(await w.send('worker1', 'consent.give', given)).toBe('applied');
    await refusedWithoutTrace('worker1', 'health_note.record', healthNote(m1, given.id, w1, { note: '病'.repeat(301) }), 'health_notes', 'VALIDATION_FAILED');
    await refusedWithoutTrace('secretary1', 'dues.adjust', adjustment(m1, b1, s1, '2026-03', 100, { reason: '因'.repeat(201) }), 'dues_adjustments', 'VALIDATION_FAILED');
    const before = await lastVersion();
    expect(await w.send('secretary1', 'meeting.record', meeting(b1, s1, '2026-03-01', { topic: '题'.repeat(101) }))).toBe('rejected:VALIDATION_FAILED');
    expect(await lastVersion()).toBe(before);
  });

  it('a worker’s pull carries only the cash handovers of their own cash and their confirmations', async () => {
    const { b1, m1, m2, w1, w2, s1 } = ids();
    const at = '2026-06-10T02:00:00.000Z';
    // Both workers collect cash in B1 (worker1 from m1, worker2 from m2) and hand it over; the secretary confirms both.
    const cashA = payment(m1, b1, w1, ['2026-06'], 2500, { recordedAt: at });
    const cashB = payment(m2, b1, w2, ['2026-06'], 5000, { recordedAt: at });
    expect(await w.send('worker1', 'dues.record', cashA)).toBe('applied');
    expect(await w.send('worker2', 'dues.record', cashB)).toBe('applied');
    const handoverA = handover(b1, w1, w1, '2026-06', [cashA.id], 2500);
    const handoverB = handover(b1, w2, w2, '2026-06', [cashB.id], 5000);
    expect(await w.send('worker1', 'cash.handover', handoverA)).toBe('applied');
    expect(await w.send('worker2', 'cash.handover', handoverB)).toBe('applied');
    const confirmA = confirmation(handoverA.id, b1, s1);
    const confirmB = confirmation(handoverB.id, b1, s1);
    expect(await w.send('secretary1', 'cash.confirm', confirmA)).toBe('applied');
    expect(await w.send('secretary1', 'cash.confirm', confirmB)).toBe('applied');

    const cashChanges = async (username: string) => {
      const changes = await pullAll(w.app, w.token(username));
      const idsOf = (entity: string) => [...new Set(changes.filter((c) => c.entity === entity).map((c) => c.id))].sort();
      return { handovers: idsOf('cash_handover'), confirmations: idsOf('handover_confirmation') };
    };
    expect(await cashChanges('worker1')).toEqual({ handovers: [handoverA.id], confirmations: [confirmA.id] });
    expect(await cashChanges('worker2')).toEqual({ handovers: [handoverB.id], confirmations: [confirmB.id] });
    // The secretary keeps the branch's books: both.
    expect(await cashChanges('secretary1')).toEqual({ handovers: [handoverA.id, handoverB.id].sort(), confirmations: [confirmA.id, confirmB.id].sort() });
  });

  it('a secretary or an admin pushing visit.submit is refused (FORBIDDEN)', async () => {
    const { m1, s1, a1 } = ids();
    // m1 is in both their scopes; each names themselves as the visitor.
    await refusedWithoutTrace('secretary1', 'visit.submit', visit(m1, s1), 'visits', 'FORBIDDEN');
    await refusedWithoutTrace('admin1', 'visit.submit', visit(m1, a1), 'visits', 'FORBIDDEN');
  });

  it('a worker pushing dues.adjust is refused (SECRETARY_ONLY)', async () => {
    const { b1, m1, w1 } = ids();
    await refusedWithoutTrace('worker1', 'dues.adjust', adjustment(m1, b1, w1, '2026-03', 100), 'dues_adjustments', 'SECRETARY_ONLY');
  });

  // Last: the member stays dead for whatever would follow.
  it('dues.record for a month after the member died is refused (MEMBER_DECEASED); the months up to the death are not', async () => {
    const { m1, b1, w1 } = ids();
    await recordDeath(w.backend.storage.db, { memberId: m1, diedOn: '2026-02-10' });
    const after = payment(m1, b1, w1, ['2026-03'], 2500, { recordedAt: '2026-03-05T02:00:00.000Z' });
    const refused = await w.sendFull('worker1', 'dues.record', after);
    expect(refused.status).toBe('rejected:MEMBER_DECEASED');
    expect(refused.message).toContain('2026-03 起不再交纳党费');
    expect(await stored('dues_payments', after.id)).toBe(0);
    const settled = payment(m1, b1, w1, ['2026-02'], 2500, { recordedAt: '2026-03-05T02:00:00.000Z' });
    expect(await w.send('worker1', 'dues.record', settled)).toBe('applied');
  });
});
