import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BranchLedger, MonthReconciliation } from '../../src/domain';
import { backends, bearer } from './harness';
import { adjustment, confirmation, handover, ledgerWorld, remittance, type LedgerWorld } from './ledger-support';
import { payment } from './sync-support';

/**
 * The read API over a small case worked by hand. Fixture terms (sync-support seedFixtureDues): m1 25.00 元/月
 * (base 5,000.00 × 0.5 %), m2 50.00 元/月 (5,000.01 × 1 %), m3 fixed 0.20 元/月. Everything below is collected
 * on 5 March 2026 (collection month 2026-03):
 *   m1: Jan–Mar 75.00 (worker1, cash) and April 25.00 in advance (worker1, cash)
 *   m2: Jan 50.00 (worker2, cash); the secretary's cash adjustment puts 50.00 into February
 *   m3: nothing
 */
describe.each(backends)('ledger read API on %s', (kind) => {
  let w: LedgerWorld;
  const firstQuarter = { id: '', other: '' };

  beforeAll(async () => {
    w = await ledgerWorld(kind);
    const { branch1: b1, members, users } = w.fx;
    const q1 = payment(members.m1.id, b1.id, users.worker1.id, ['2026-01', '2026-02', '2026-03'], 7500);
    const april = payment(members.m1.id, b1.id, users.worker1.id, ['2026-04'], 2500);
    firstQuarter.id = q1.id;
    firstQuarter.other = april.id;
    expect(await w.send('worker1', 'dues.record', q1)).toBe('applied');
    expect(await w.send('worker1', 'dues.record', april)).toBe('applied');
    expect(await w.send('worker2', 'dues.record', payment(members.m2.id, b1.id, users.worker2.id, ['2026-01'], 5000))).toBe('applied');
    expect(await w.send('secretary1', 'dues.adjust', adjustment(members.m2.id, b1.id, users.secretary1.id, '2026-02', 5000))).toBe('applied');
  });
  afterAll(async () => {
    await w?.close();
  });

  const get = (username: string, url: string) => w.app.inject({ method: 'GET', url, headers: bearer(w.token(username)) });

  it('the ledger: expected, paid, states, arrears and rate as worked by hand', async () => {
    const { branch1: b1, members } = w.fx;
    const response = await get('secretary1', `/api/branches/${b1.id}/ledger?from=2026-01&to=2026-04&asOf=2026-03`);
    expect(response.statusCode, response.body).toBe(200);
    const ledger: BranchLedger = response.json();
    expect(ledger).toMatchObject({ branchId: b1.id, from: '2026-01', to: '2026-04', asOf: '2026-03' });
    expect(ledger.expectedTotalFen).toBe(10_000 + 20_000 + 80);
    expect(ledger.paidTotalFen).toBe(10_000 + 10_000 + 0);
    // Up to March: 75.00 + 100.00 + 0 collected of 75.00 + 150.00 + 0.60 expected.
    expect(ledger.collectionRate).toBeCloseTo(17_500 / 22_560, 10);
    expect(ledger.membersInArrears).toBe(1);
    expect(ledger.membersAtWarning).toBe(0);
    expect(ledger.duplicates).toEqual([]);

    const row = (id: string) => {
      const m = ledger.members.find((x) => x.memberId === id);
      if (!m) throw new Error('member missing');
      return m;
    };
    const m1 = row(members.m1.id);
    expect(m1.cells.map((c) => [c.state, c.expectedFen, c.paidFen])).toEqual([
      ['paid', 2500, 2500],
      ['paid', 2500, 2500],
      ['paid', 2500, 2500],
      ['prepaid', 2500, 2500],
    ]);
    expect(m1).toMatchObject({ monthlyFen: 2500, baseFen: 500_000, prepaidMonths: 1, arrearsStreak: 0 });
    expect(m1.cells[0]?.entryIds).toEqual([firstQuarter.id]);
    expect(m1.cells[3]?.entryIds).toEqual([firstQuarter.other]);

    const m2 = row(members.m2.id);
    expect(m2.cells.map((c) => [c.state, c.paidFen, c.balanceFen])).toEqual([
      ['paid', 5000, 0],
      ['paid', 5000, 0],
      ['due', 0, -5000],
      ['future', 0, -5000],
    ]);
    const m3 = row(members.m3.id);
    expect(m3.cells.map((c) => c.state)).toEqual(['arrears', 'arrears', 'due', 'future']);
    expect(m3).toMatchObject({ monthlyFen: 20, expectedTotalFen: 80, paidTotalFen: 0, arrearsStreak: 2, arrearsLevel: 'none' });
    // m4 (B2) is not in B1's books.
    expect(ledger.members.map((m) => m.memberId).sort()).toEqual([members.m1.id, members.m2.id, members.m3.id].sort());
  });

  it('the reconciliation of March: where the money is, and a short handover shows as a difference', async () => {
    const { branch1: b1, members, users } = w.fx;
    const url = `/api/branches/${b1.id}/reconciliation?month=2026-03`;
    const handed = handover(b1.id, users.worker1.id, users.worker1.id, '2026-03', [firstQuarter.id, firstQuarter.other], 10_000);
    expect(await w.send('worker1', 'cash.handover', handed)).toBe('applied');
    expect(await w.send('secretary1', 'cash.confirm', confirmation(handed.id, b1.id, users.secretary1.id))).toBe('applied');
    expect(await w.send('secretary1', 'cash.remit', remittance(b1.id, users.secretary1.id, ['2026-03'], 10_000, '2026-03-20'))).toBe('applied');

    const before: MonthReconciliation = (await get('secretary1', url)).json();
    expect(before).toMatchObject({
      month: '2026-03',
      expectedFen: 2500 + 5000 + 20,
      collectedFen: 10_000 + 5000 + 5000,
      varianceFen: 20_000 - 7520,
      cashWithCollectorsFen: 5000,
      // 100.00 handed over + 50.00 adjustment in cash − 100.00 remitted
      cashWithSecretaryFen: 5000,
      remittedFen: 10_000,
      differenceFen: 0,
      locked: false,
    });
    const worker1 = before.byCollector.find((c) => c.collectorId === users.worker1.id);
    expect(worker1).toMatchObject({ cashFen: 10_000, handedOverFen: 10_000, withCollectorFen: 0, handoverDifferenceFen: 0 });
    expect(before.byMember.find((m) => m.memberId === members.m3.id)).toMatchObject({ expectedFen: 20, collectedFen: 0, varianceFen: -20 });

    // worker2 hands over 49.00 for the 50.00 collected; recorded by the secretary, confirmed by worker2.
    const m2Payment = await w.backend.storage.db.selectFrom('dues_payments').select('id').where('member_id', '=', members.m2.id).executeTakeFirstOrThrow();
    const short = handover(b1.id, users.worker2.id, users.secretary1.id, '2026-03', [m2Payment.id], 4900);
    expect(await w.send('secretary1', 'cash.handover', short)).toBe('applied');
    expect(await w.send('worker2', 'cash.confirm', confirmation(short.id, b1.id, users.worker2.id))).toBe('applied');
    const after: MonthReconciliation = (await get('secretary1', url)).json();
    expect(after).toMatchObject({ cashWithCollectorsFen: 0, cashWithSecretaryFen: 9900, remittedFen: 10_000, differenceFen: 100 });
    expect(after.byCollector.find((c) => c.collectorId === users.worker2.id)).toMatchObject({ handoverDifferenceFen: -100 });

    expect(await w.send('secretary1', 'month.close', { id: randomUUID(), branchId: b1.id, month: '2026-03', action: 'lock', reason: '', by: users.secretary1.id, at: '2026-04-02T01:00:00.000Z' })).toBe('applied');
    const locked: MonthReconciliation = (await get('admin1', url)).json();
    expect(locked.locked).toBe(true);
    expect(locked.closes.map((c) => c.action)).toEqual(['lock']);
  });

  it('only the branch secretary and the community admin read the books; queries are checked with clear messages', async () => {
    const b1 = w.fx.branch1.id;
    const ledgerUrl = `/api/branches/${b1}/ledger?from=2026-01&to=2026-12`;
    expect((await get('admin1', ledgerUrl)).statusCode).toBe(200);
    for (const username of ['worker1', 'secretary2', 'admin2']) expect((await get(username, ledgerUrl)).statusCode).toBe(404);
    expect((await get('secretary1', `/api/branches/${randomUUID()}/ledger?from=2026-01&to=2026-12`)).statusCode).toBe(404);
    expect((await w.app.inject({ method: 'GET', url: ledgerUrl })).statusCode).toBe(401);

    const bad = async (url: string) => {
      const response = await get('secretary1', url);
      expect(response.statusCode).toBe(400);
      const body: { error: { code: string; message: string } } = response.json();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      return body.error.message;
    };
    expect(await bad(`/api/branches/${b1}/ledger?from=2026-13&to=2026-12`)).toContain('起始月份：月份格式应为 YYYY-MM');
    expect(await bad(`/api/branches/${b1}/ledger?from=2026-05&to=2026-04`)).toContain('截止月份：截止月份不能早于起始月份');
    expect(await bad(`/api/branches/${b1}/ledger?from=2023-01&to=2026-12`)).toContain('一次最多查询 36 个月');
    expect(await bad(`/api/branches/${b1}/reconciliation`)).toContain('月份：');
    expect(await bad(`/api/branches/not-a-branch/reconciliation?month=2026-03`)).toContain('党支部：');
  });
});
