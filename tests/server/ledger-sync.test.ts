import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, backends } from './harness';
import {
  adjustment,
  attendance,
  confirmation,
  evaluation,
  excuse,
  handover,
  ledgerWorld,
  meeting,
  monthClose,
  remittance,
  resolution,
  type LedgerWorld,
} from './ledger-support';
import { outbox, payment, pullAll, push, reversalOf, statuses } from './sync-support';

describe.each(backends)('ledger mutations on %s', (kind) => {
  let w: LedgerWorld;
  beforeAll(async () => {
    w = await ledgerWorld(kind);
  });
  afterAll(async () => {
    await w?.close();
  });

  const ids = () => ({
    b1: w.fx.branch1.id,
    b2: w.fx.branch2.id,
    m1: w.fx.members.m1.id,
    m2: w.fx.members.m2.id,
    m3: w.fx.members.m3.id,
    m5: w.fx.members.m5.id,
    w1: w.fx.users.worker1.id,
    w2: w.fx.users.worker2.id,
    s1: w.fx.users.secretary1.id,
    s2: w.secretary2.id,
  });

  it('a locked month refuses a late payment with a message naming it, accepts an adjustment, and after a reasoned unlock takes the payment', async () => {
    const { b1, m1, w1, s1 } = ids();
    // 2026-09-30T17:00Z is 1 October in Asia/Shanghai: the payment belongs to collection month 2026-10.
    const late = payment(m1, b1, w1, ['2026-10'], 2500, { recordedAt: '2026-09-30T17:00:00.000Z' });
    const september = payment(m1, b1, w1, ['2026-09'], 2500, { recordedAt: '2026-09-30T15:59:00.000Z' });
    expect(await w.send('secretary1', 'month.close', monthClose(b1, s1, '2026-10', 'lock'))).toBe('applied');

    const refused = await w.sendFull('worker1', 'dues.record', late);
    expect(refused).toMatchObject({ status: 'rejected:MONTH_LOCKED' });
    expect(refused.message).toBe('2026-10 已结账，不能再录入交纳；如需更正请由书记录入调整记录');
    // The minute before midnight in Shanghai is September's, which is open.
    expect(await w.send('worker1', 'dues.record', september)).toBe('applied');
    // A reversal collected in the locked month is refused too.
    const reversal = { ...reversalOf(september, w1), recordedAt: '2026-10-02T02:00:00.000Z' };
    expect((await w.sendFull('worker1', 'dues.record', reversal)).message).toContain('2026-10 已结账，不能再录入冲正');

    const fix = adjustment(m1, b1, s1, '2026-10', 2500, { recordedAt: '2026-10-03T02:00:00.000Z' });
    expect(await w.send('secretary1', 'dues.adjust', fix)).toBe('applied');

    // Locking again is refused: the trail holds one record per change of state.
    expect(await w.send('secretary1', 'month.close', monthClose(b1, s1, '2026-10', 'lock', '', '2026-11-01T00:00:00.000Z'))).toBe('rejected:VALIDATION_FAILED');
    const noReason = await w.sendFull('secretary1', 'month.close', monthClose(b1, s1, '2026-10', 'unlock', '', '2026-11-01T00:00:00.000Z'));
    expect(noReason.status).toBe('rejected:VALIDATION_FAILED');
    expect(await w.send('worker1', 'dues.record', late)).toBe('rejected:MONTH_LOCKED');

    // An unlock dated before the lock (a tablet's wrong clock) would change nothing: refused, saying why.
    const backdated = await w.sendFull('secretary1', 'month.close', monthClose(b1, s1, '2026-10', 'unlock', '补录', '2026-03-01T00:00:00.000Z'));
    expect(backdated.status).toBe('rejected:VALIDATION_FAILED');
    expect(backdated.message).toContain('早于 2026-10 上一次结账或解锁的时间');
    const unlock = monthClose(b1, s1, '2026-10', 'unlock', '补录10月漏交的党费', '2026-11-01T00:00:00.000Z');
    expect(await w.send('secretary1', 'month.close', unlock)).toBe('applied');
    expect(await w.send('worker1', 'dues.record', late)).toBe('applied');
    const trail = await w.backend.storage.db.selectFrom('month_closes').select(['action', 'data']).where('branch_id', '=', b1).where('month', '=', '2026-10').orderBy('at').execute();
    expect(trail.map((r) => r.action)).toEqual(['lock', 'unlock']);
    expect(JSON.parse(trail[1]?.data ?? '{}')).toMatchObject({ reason: '补录10月漏交的党费', by: s1 });
  });

  it('a worker cannot close months, adjust or keep the books; an admin neither', async () => {
    const { b1, m1, w1, s1 } = ids();
    expect(await w.send('worker1', 'month.close', monthClose(b1, w1, '2026-08', 'lock'))).toBe('rejected:SECRETARY_ONLY');
    expect(await w.send('worker1', 'dues.adjust', adjustment(m1, b1, w1, '2026-08', 100))).toBe('rejected:SECRETARY_ONLY');
    expect(await w.send('worker1', 'dues.excuse', excuse(m1, b1, w1, '2026-01', '2026-03'))).toBe('rejected:SECRETARY_ONLY');
    expect(await w.send('worker1', 'meeting.record', meeting(b1, w1, '2026-03-01'))).toBe('rejected:SECRETARY_ONLY');
    expect(await w.send('worker1', 'cash.remit', remittance(b1, w1, ['2026-03'], 100, '2026-03-20'))).toBe('rejected:SECRETARY_ONLY');
    const admin = w.fx.users.admin1.id;
    expect(await w.send('admin1', 'month.close', monthClose(b1, admin, '2026-08', 'lock'))).toBe('rejected:SECRETARY_ONLY');
    // The secretary may, but only in their own name.
    expect(await w.send('secretary1', 'dues.adjust', adjustment(m1, b1, w1, '2026-08', 100))).toBe('rejected:ACTOR_MISMATCH');
    expect(await w.send('secretary1', 'dues.excuse', excuse(m1, b1, s1, '2026-01', '2026-03'))).toBe('applied');
  });

  it('a secretary cannot write into another branch, nor read it (REST 404, pull never carries its records)', async () => {
    const { b1, b2, m1, m5, s1, s2 } = ids();
    expect(await w.send('secretary2', 'dues.adjust', adjustment(m1, b1, s2, '2026-03', 100))).toBe('rejected:NOT_FOUND');
    expect(await w.send('secretary2', 'month.close', monthClose(b1, s2, '2026-03', 'lock'))).toBe('rejected:NOT_FOUND');
    expect(await w.send('secretary1', 'meeting.record', meeting(b2, s1, '2026-03-01'))).toBe('rejected:NOT_FOUND');
    expect(await w.send('secretary1', 'evaluation.record', evaluation(m5, b2, s1, 'qualified'))).toBe('rejected:NOT_FOUND');
    // A record naming the secretary's own branch for another branch's member is not let through either.
    expect(await w.send('secretary1', 'evaluation.record', evaluation(m5, b1, s1, 'qualified'))).toBe('rejected:NOT_FOUND');

    const theirs = meeting(b2, s2, '2026-03-02');
    const theirAttendance = attendance(theirs.id, m5, b2, s2, 'leave');
    const theirClose = monthClose(b2, s2, '2026-02', 'lock');
    expect(await w.send('secretary2', 'meeting.record', theirs)).toBe('applied');
    expect(await w.send('secretary2', 'attendance.record', theirAttendance)).toBe('applied');
    expect(await w.send('secretary2', 'month.close', theirClose)).toBe('applied');
    // Attendance at a meeting of another branch is refused as not found.
    expect(await w.send('secretary1', 'attendance.record', attendance(theirs.id, m1, b1, s1))).toBe('rejected:NOT_FOUND');

    const secretary1 = await pullAll(w.app, w.token('secretary1'));
    const theirIds = [theirs.id, theirAttendance.id, theirClose.id];
    expect(secretary1.filter((c) => theirIds.includes(c.id))).toEqual([]);
    const secretary2 = await pullAll(w.app, w.token('secretary2'));
    expect(secretary2.filter((c) => theirIds.includes(c.id)).map((c) => c.entity).sort()).toEqual(['attendance', 'meeting', 'month_close']);

    for (const path of [`/api/branches/${b1}/ledger?from=2026-01&to=2026-12`, `/api/branches/${b1}/reconciliation?month=2026-03`]) {
      const other = await w.app.inject({ method: 'GET', url: path, headers: bearer(w.token('secretary2')) });
      expect(other.statusCode).toBe(404);
      const own = await w.app.inject({ method: 'GET', url: path, headers: bearer(w.token('secretary1')) });
      expect(own.statusCode, own.body).toBe(200);
    }
  });

  it('health notes and consents never reach a secretary or an admin; workers get closes and handovers but not the books', async () => {
    const { b1, m1, w1, s1 } = ids();
    const device = outbox();
    const given = { id: randomUUID(), memberId: m1, scope: 'health_notes', givenBy: { kind: 'self' }, recordedBy: w1, givenAt: '2026-03-05T02:00:00.000Z', withdrawnAt: null };
    const note = {
      id: randomUUID(),
      memberId: m1,
      consentId: given.id,
      recordedBy: w1,
      recordedAt: '2026-03-05T02:00:00.000Z',
      overall: 'fair',
      mobility: 'independent',
      mood: 'normal',
      recentHospitalOrFall: { happened: false, on: null },
      familyDoctorSigned: true,
      lastCheckupOn: '2025-10-01',
      bloodPressure: null,
      note: '',
    };
    const response = await push(w.app, w.token('worker1'), device.clientId, [device.add('consent.give', given), device.add('health_note.record', note)]);
    expect(statuses(response)).toEqual(['applied', 'applied']);
    const met = meeting(b1, s1, '2026-04-01');
    expect(await w.send('secretary1', 'meeting.record', met)).toBe('applied');
    expect(await w.send('secretary1', 'attendance.record', attendance(met.id, m1, b1, s1, 'delivered'))).toBe('applied');
    expect(await w.send('secretary1', 'evaluation.record', evaluation(m1, b1, s1, 'excellent'))).toBe('applied');

    const secretary = new Set((await pullAll(w.app, w.token('secretary1'))).map((c) => c.entity));
    for (const entity of ['meeting', 'attendance', 'evaluation', 'month_close', 'dues_adjustment', 'arrears_excuse'] as const) expect(secretary).toContain(entity);
    expect(secretary.has('health_note') || secretary.has('consent')).toBe(false);
    const admin = new Set((await pullAll(w.app, w.token('admin1'))).map((c) => c.entity));
    expect([...admin].filter((e) => ['health_note', 'consent', 'attendance', 'meeting', 'dues_adjustment'].includes(e))).toEqual([]);
    const worker = new Set((await pullAll(w.app, w.token('worker1'))).map((c) => c.entity));
    expect(worker).toContain('health_note');
    expect(worker).toContain('month_close');
    for (const entity of ['dues_adjustment', 'meeting', 'attendance', 'evaluation', 'remittance'] as const) expect(worker.has(entity)).toBe(false);
  });

  it('cash handover: only the collector’s own cash, once each, confirmed by the other party', async () => {
    const { b1, m1, m2, w1, w2, s1 } = ids();
    const at = '2026-05-10T02:00:00.000Z';
    const p1 = payment(m1, b1, w1, ['2026-05'], 2500, { recordedAt: at });
    const p2 = payment(m1, b1, w1, ['2026-06'], 2500, { recordedAt: at });
    const p3 = payment(m2, b1, w2, ['2026-05'], 5000, { recordedAt: at });
    const transfer = payment(m1, b1, w1, ['2026-07'], 2500, { recordedAt: at, method: 'transfer' });
    const april = payment(m1, b1, w1, ['2026-04'], 2500, { recordedAt: '2026-04-10T02:00:00.000Z' });
    for (const [user, p] of [['worker1', p1], ['worker1', p2], ['worker2', p3], ['worker1', transfer], ['worker1', april]] as const) {
      expect(await w.send(user, 'dues.record', p)).toBe('applied');
    }

    const first = handover(b1, w1, w1, '2026-05', [p1.id], 2500);
    expect(await w.send('worker1', 'cash.handover', first)).toBe('applied');
    const twice = await w.sendFull('worker1', 'cash.handover', handover(b1, w1, w1, '2026-05', [p1.id, p2.id], 5000));
    expect(twice.status).toBe('rejected:CASH_BAD_HANDOVER');
    expect(twice.message).toContain('已在其他交接中');
    expect((await w.sendFull('worker1', 'cash.handover', handover(b1, w1, w1, '2026-05', [p3.id], 5000))).message).toContain('不是该收款人收取的');
    expect((await w.sendFull('worker1', 'cash.handover', handover(b1, w1, w1, '2026-05', [transfer.id], 2500))).message).toContain('不是现金交纳');
    expect((await w.sendFull('worker1', 'cash.handover', handover(b1, w1, w1, '2026-05', [april.id], 2500))).message).toContain('不是 2026-05 收取的');
    expect(await w.send('worker1', 'cash.handover', handover(b1, w1, w1, '2026-05', [randomUUID()], 0))).toBe('rejected:CASH_BAD_HANDOVER');
    // worker1 cannot hand over worker2's cash in worker2's name.
    expect(await w.send('worker1', 'cash.handover', handover(b1, w2, w1, '2026-05', [p3.id], 5000))).toBe('rejected:SECRETARY_ONLY');

    // Recorded by the collector → the secretary confirms; the collector cannot confirm their own.
    expect(await w.send('worker1', 'cash.confirm', confirmation(first.id, b1, w1))).toBe('rejected:FORBIDDEN');
    expect(await w.send('secretary1', 'cash.confirm', confirmation(first.id, b1, s1))).toBe('applied');
    expect(await w.send('secretary1', 'cash.confirm', confirmation(first.id, b1, s1))).toBe('rejected:CASH_BAD_HANDOVER');

    // Recorded by the secretary → the collector confirms.
    const bySecretary = handover(b1, w2, s1, '2026-05', [p3.id], 5000);
    expect(await w.send('secretary1', 'cash.handover', bySecretary)).toBe('applied');
    expect(await w.send('secretary1', 'cash.confirm', confirmation(bySecretary.id, b1, s1))).toBe('rejected:FORBIDDEN');
    expect(await w.send('worker1', 'cash.confirm', confirmation(bySecretary.id, b1, w1))).toBe('rejected:FORBIDDEN');
    expect(await w.send('worker2', 'cash.confirm', confirmation(bySecretary.id, b1, w2))).toBe('applied');
    // A reversed payment cannot be handed over.
    expect(await w.send('worker1', 'dues.record', reversalOf(p2, w1))).toBe('applied');
    expect((await w.sendFull('worker1', 'cash.handover', handover(b1, w1, w1, '2026-05', [p2.id], 2500))).message).toContain('已冲正');

    const handed = await w.backend.storage.db.selectFrom('cash_handover_payments').select(['payment_id', 'handover_id']).orderBy('payment_id').execute();
    expect(handed).toEqual(
      [
        { payment_id: p1.id, handover_id: first.id },
        { payment_id: p3.id, handover_id: bySecretary.id },
      ].sort((a, b) => (a.payment_id < b.payment_id ? -1 : 1)),
    );
    // The worker's phone receives the handovers of their own cash and their confirmations, never a colleague's.
    const worker = await pullAll(w.app, w.token('worker1'));
    expect(worker.some((c) => c.entity === 'cash_handover' && c.id === first.id)).toBe(true);
    expect(worker.some((c) => c.entity === 'handover_confirmation')).toBe(true);
    expect(worker.some((c) => c.id === bySecretary.id)).toBe(false);
    const other = await pullAll(w.app, w.token('worker2'));
    expect(other.some((c) => c.entity === 'cash_handover' && c.id === bySecretary.id)).toBe(true);
    expect(other.some((c) => c.id === first.id)).toBe(false);
  });

  it('a duplicate resolution needs a month really paid twice, within the payment’s share and the surplus', async () => {
    const { b1, m2, w2, s1 } = ids();
    const at = '2026-06-03T02:00:00.000Z';
    const once = payment(m2, b1, w2, ['2026-06'], 5000, { recordedAt: at });
    const a = payment(m2, b1, w2, ['2026-07'], 5000, { recordedAt: at });
    const b = payment(m2, b1, s1, ['2026-07', '2026-08'], 10000, { recordedAt: at });
    for (const p of [once, a]) expect(await w.send('worker2', 'dues.record', p)).toBe('applied');
    // Collected by the secretary, who is the one to push it (the collector is whoever pushes).
    expect(await w.send('secretary1', 'dues.record', b)).toBe('applied');

    expect((await w.sendFull('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-06', once.id, 5000))).message).toContain('没有待处理的重复交纳');
    expect((await w.sendFull('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-08', b.id, 5000))).message).toContain('没有待处理的重复交纳');
    expect((await w.sendFull('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-07', once.id, 5000))).message).toContain('该笔交纳不含 2026-07');
    expect((await w.sendFull('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-07', a.id, 5001))).message).toContain('超过该笔交纳在 2026-07 的 50.00 元');
    expect(await w.send('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-07', randomUUID(), 100))).toBe('rejected:DUES_BAD_RESOLUTION');
    expect(await w.send('worker2', 'dues.resolve_duplicate', resolution(m2, b1, w2, '2026-07', a.id, 5000))).toBe('rejected:SECRETARY_ONLY');

    // Part refunded, the rest credited to September: then nothing is left to resolve.
    expect(await w.send('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-07', a.id, 2000))).toBe('applied');
    expect((await w.sendFull('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-07', b.id, 3001))).message).toContain('超过 2026-07 多交的 30.00 元');
    const credit = resolution(m2, b1, s1, '2026-07', b.id, 3000, { action: 'credit', creditMonth: '2026-09' });
    expect(await w.send('secretary1', 'dues.resolve_duplicate', credit)).toBe('applied');
    expect(await w.send('secretary1', 'dues.resolve_duplicate', resolution(m2, b1, s1, '2026-07', a.id, 1))).toBe('rejected:DUES_BAD_RESOLUTION');

    const response = await w.app.inject({ method: 'GET', url: `/api/branches/${b1}/ledger?from=2026-07&to=2026-09&asOf=2026-06`, headers: bearer(w.token('secretary1')) });
    const ledger: { duplicates: unknown[]; members: { memberId: string; cells: { month: string; paidFen: number }[] }[] } = response.json();
    expect(ledger.duplicates.filter((d) => (d as { memberId: string }).memberId === m2)).toEqual([]);
    const cells = ledger.members.find((m) => m.memberId === m2)?.cells.map((c) => [c.month, c.paidFen]);
    // July: 50 + 50 − 20 refunded − 30 moved = 50; August 50; September the 30 credited.
    expect(cells).toEqual([
      ['2026-07', 5000],
      ['2026-08', 5000],
      ['2026-09', 3000],
    ]);
  });

  it('核定 from the tablet: the secretary only; a 减免 applies inside its approved window, the normal rate outside it', async () => {
    const { b1, m3, w2 } = ids();
    const reduced = {
      id: randomUUID(),
      memberId: m3,
      branchId: b1,
      year: 2026,
      effectiveFrom: '2026-11',
      baseFen: 300_000,
      category: 'reduced',
      channel: 'this_branch',
      reducedFen: 1000,
      relief: { appliedOn: '2026-10-01', branchDecisionOn: '2026-10-10', branchDecisionRef: '支委会决定〔2026〕3号', upperApprovalOn: null, upperApprovalRef: '', effectiveFrom: '2026-11', effectiveTo: '2026-11' },
    };
    expect(await w.send('worker2', 'dues.assess', reduced)).toBe('rejected:SECRETARY_ONLY');
    expect(await w.send('secretary1', 'dues.assess', reduced)).toBe('applied');
    expect(await w.send('secretary1', 'dues.assess', reduced)).toBe('duplicate');
    expect(await w.send('worker2', 'dues.record', payment(m3, b1, w2, ['2026-11'], 1000))).toBe('applied');
    // December is outside the relief: 3,000.00 元 × 0.5 % = 15.00 元.
    const december = await w.sendFull('worker2', 'dues.record', payment(m3, b1, w2, ['2026-12'], 1000));
    expect(december.status).toBe('rejected:DUES_AMOUNT_MISMATCH');
    expect(december.message).toContain('2026-12 应缴 15.00 元');
    expect(await w.send('worker2', 'dues.record', payment(m3, b1, w2, ['2026-12'], 1500))).toBe('applied');
  });

  it('replays are duplicates: by mutation id, and by record id from another device; other content is a conflict', async () => {
    const { b1, m3, s1 } = ids();
    const device = outbox();
    const met = meeting(b1, s1, '2026-02-10', { type: 'group' });
    const batch = [
      device.add('meeting.record', met),
      device.add('attendance.record', attendance(met.id, m3, b1, s1, 'absent')),
      device.add('dues.adjust', adjustment(m3, b1, s1, '2026-02', 20)),
      device.add('evaluation.record', evaluation(m3, b1, s1, 'qualified')),
      device.add('cash.remit', remittance(b1, s1, ['2026-02'], 5000, '2026-03-01')),
      device.add('dues.set_policy', { branchId: b1, bands: [{ upToFen: 500_000, rateBasisPoints: 50 }, { upToFen: null, rateBasisPoints: 100 }], rounding: 'half_up', fixedCategoryFen: 20, maxMonthsPerPayment: 3, quarterlyAllowed: true, arrearsWarningMonths: [3, 4, 5], arrearsRemovalMonths: 6 }),
    ];
    const first = await push(w.app, w.token('secretary1'), device.clientId, batch);
    // The policy is the fixtures' own already: setting it again changes nothing.
    expect(statuses(first)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'duplicate']);
    const changesBefore = await w.backend.storage.db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const replay = await push(w.app, w.token('secretary1'), device.clientId, batch);
    expect(statuses(replay)).toEqual(batch.map(() => 'duplicate'));

    const again = outbox();
    const reinstalled = await push(w.app, w.token('secretary1'), again.clientId, batch.map((m) => again.add(m.type, m.record)));
    expect(statuses(reinstalled)).toEqual(batch.map(() => 'duplicate'));
    const changesAfter = await w.backend.storage.db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(changesAfter.n)).toBe(Number(changesBefore.n));

    expect(await w.send('secretary1', 'meeting.record', { ...met, topic: '另一个主题' })).toBe('rejected:CONFLICT');
    expect(await w.send('secretary1', 'dues.set_policy', { branchId: b1, bands: [{ upToFen: null, rateBasisPoints: 100 }], rounding: 'down', fixedCategoryFen: 20, maxMonthsPerPayment: 6, quarterlyAllowed: false, arrearsWarningMonths: [3], arrearsRemovalMonths: 6 })).toBe('applied');
  });
});
