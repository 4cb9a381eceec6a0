import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DuesPayment,
  DuesPolicy,
  arrearsFlagFrom,
  arrearsLevelOf,
  branchPolicy,
  buildReversal,
  checkDuesPayment,
  checkHandoverPayments,
  checkReversal,
  collectionMonth,
  consecutiveMonths,
  paidByMonth,
  quoteDuesPayment,
  refusalError,
  reversedPaymentIds,
  unhandedCashPayments,
  type DuesAssessment,
  type DuesPaymentContext,
} from '../../src/domain';
import { BRANCH, MEMBER, WORKER, WORKER2, assessment, newId, payment, policy, relief } from './ledger-fixtures';

const AT = '2026-03-05T02:00:00.000Z'; // collected in 2026-03

function context(assessments: DuesAssessment[], overrides: Partial<DuesPaymentContext> = {}): DuesPaymentContext {
  return { assessments, policy: policy({ maxMonthsPerPayment: 3 }), paidSoFarByMonth: new Map(), ...overrides };
}

const base300 = assessment({ effectiveFrom: '2026-01', baseFen: 300_000 }); // 15.00 元 a month

describe('a dues payment’s checks (one function for the tablet’s quote and the server’s dues.record)', () => {
  it('accepts each month at its dues', () => {
    expect(checkDuesPayment(payment(AT, { '2026-02': 1_500, '2026-03': 1_500 }), context([base300]))).toEqual({ ok: true });
  });

  it('refuses repeated months, more than the cap, and paying ahead where the branch does not allow it', () => {
    const repeated = { ...payment(AT, { '2026-02': 1_500 }), months: ['2026-02', '2026-02'] };
    expect(checkDuesPayment(repeated, context([base300]))).toMatchObject({ ok: false, code: 'DUES_TOO_MANY_MONTHS', reason: 'repeated_month', message: '同一笔交纳中月份重复' });
    const four = payment(AT, { '2026-01': 1_500, '2026-02': 1_500, '2026-03': 1_500, '2026-04': 1_500 });
    expect(checkDuesPayment(four, context([base300]))).toMatchObject({
      code: 'DUES_TOO_MANY_MONTHS',
      reason: 'over_cap',
      message: '本支部一次最多交纳 3 个月，本笔为 4 个月',
    });
    const ahead = payment(AT, { '2026-03': 1_500, '2026-04': 1_500 });
    expect(checkDuesPayment(ahead, context([base300], { policy: policy({ quarterlyAllowed: false }) }))).toMatchObject({
      code: 'DUES_AHEAD_NOT_ALLOWED',
      reason: 'ahead_not_allowed',
      message: '本支部未同意按季度或提前交纳（预交）：2026-03 收取的党费不能交纳 2026-04',
    });
  });

  it('refuses a month no 核定 covers, and a member paying at the 原单位', () => {
    expect(checkDuesPayment(payment(AT, { '2025-12': 1_500 }), context([base300]))).toMatchObject({
      code: 'DUES_NOT_ASSESSED',
      reason: 'no_assessment',
      message: '该党员 2025-12 尚未核定党费基数',
    });
    const elsewhere = assessment({ effectiveFrom: '2026-01', baseFen: 300_000, channel: 'original_unit' });
    expect(checkDuesPayment(payment(AT, { '2026-02': 1_500 }), context([elsewhere]))).toMatchObject({ code: 'DUES_OTHER_CHANNEL', reason: 'original_unit' });
  });

  it('refuses a payment that names a payment it reverses, with the field in the details', () => {
    const named = { ...payment(AT, { '2026-02': 1_500 }), reverses: newId() };
    const verdict = checkDuesPayment(named, context([base300]));
    expect(verdict).toMatchObject({ code: 'VALIDATION_FAILED', message: '冲正对象：只有冲正记录才能填写', details: [{ path: 'record.reverses' }] });
    expect(refusalError(verdict as Extract<typeof verdict, { ok: false }>).toBody().error.details).toEqual([
      { path: 'record.reverses', message: '冲正对象：只有冲正记录才能填写' },
    ]);
  });

  it('names the amounts and the rule when a share is wrong; the relief window decides the month’s terms', () => {
    const reduced = assessment({ effectiveFrom: '2026-01', baseFen: 400_000, category: 'reduced', reducedFen: 500, relief: relief('2026-03', '2026-05') });
    expect(checkDuesPayment(payment(AT, { '2026-02': 2_000, '2026-03': 500 }), context([reduced]))).toEqual({ ok: true });
    expect(checkDuesPayment(payment(AT, { '2026-02': 500, '2026-03': 500 }), context([reduced]))).toMatchObject({
      code: 'DUES_AMOUNT_MISMATCH',
      reason: 'amount_mismatch',
      message:
        '交纳金额与核定应缴金额不符：2 个月应缴 25.00 元（月基数 4,000.00 元 × 0.5% = 20.00 元（四舍五入到分）；经批准减交 5.00 元/月）；2026-02 应缴 20.00 元，本笔 5.00 元',
    });
  });

  it('accepts a top-up of what an earlier, smaller payment left owing, or the whole month again (flagged later)', () => {
    const raised = assessment({ effectiveFrom: '2026-01', baseFen: 520_000 }); // 52.00 元
    const earlier = payment('2025-12-20T02:00:00.000Z', { '2026-02': 1_500, '2026-03': 1_500 });
    const ctx = context([raised], { paidSoFarByMonth: paidByMonth([earlier], ['2026-02', '2026-03']) });
    expect(checkDuesPayment(payment(AT, { '2026-02': 3_700, '2026-03': 5_200 }), ctx)).toEqual({ ok: true });
    expect(checkDuesPayment(payment(AT, { '2026-02': 3_000 }), ctx)).toMatchObject({ message: expect.stringContaining('2026-02 应缴 37.00 元，本笔 30.00 元') });
    expect(quoteDuesPayment({ memberId: MEMBER, months: ['2026-02', '2026-03'], collectedIn: '2026-03' }, ctx)).toMatchObject({
      ok: true,
      allocation: [
        { month: '2026-02', amountFen: 3_700 },
        { month: '2026-03', amountFen: 3_700 },
      ],
      totalFen: 7_400,
    });
  });

  it('counts each earlier payment once in what was paid so far, net of reversals', () => {
    const two = payment('2026-01-05T02:00:00.000Z', { '2026-01': 1_500, '2026-02': 1_500 });
    const undone = buildReversal(two, { id: newId(), collectedBy: WORKER, recordedAt: '2026-01-06T02:00:00.000Z' });
    const again = payment('2026-01-07T02:00:00.000Z', { '2026-02': 1_500 });
    expect(paidByMonth([two], ['2026-01', '2026-02'])).toEqual(new Map([['2026-01', 1_500], ['2026-02', 1_500]]));
    expect(paidByMonth([two, undone, again], ['2026-02'])).toEqual(new Map([['2026-02', 1_500]]));
    expect(paidByMonth([two, again])).toEqual(new Map([['2026-01', 1_500], ['2026-02', 3_000]]));
  });

  it('quotes exactly what the check accepts, and refuses exactly as the check does', () => {
    const monthArb = fc.integer({ min: 0, max: 23 }).map((i) => consecutiveMonths('2025-06', i + 1).at(-1)!);
    const assessmentArb = fc.record({
      effectiveFrom: fc.integer({ min: 0, max: 11 }).map((i) => consecutiveMonths('2025-07', i + 1).at(-1)!),
      baseFen: fc.integer({ min: 0, max: 1_200_000 }),
      category: fc.constantFrom('normal', 'fixed', 'reduced', 'exempt'),
      channel: fc.constantFrom('this_branch', 'this_branch', 'original_unit'),
      reducedFen: fc.integer({ min: 0, max: 3_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(assessmentArb, { maxLength: 3 }),
        fc.array(fc.tuple(monthArb, fc.integer({ min: -2_000, max: 6_000 })), { maxLength: 4 }),
        monthArb,
        fc.integer({ min: 1, max: 7 }),
        monthArb,
        fc.boolean(),
        (terms, paidPairs, from, count, collectedIn, quarterlyAllowed) => {
          const assessments = terms.map((t) =>
            assessment({ ...t, year: Number(t.effectiveFrom.slice(0, 4)), reducedFen: t.category === 'reduced' ? t.reducedFen : null, category: t.category as DuesAssessment['category'], channel: t.channel as DuesAssessment['channel'] }),
          );
          const ctx = context(assessments, { policy: policy({ maxMonthsPerPayment: 6, quarterlyAllowed }), paidSoFarByMonth: new Map(paidPairs) });
          const months = consecutiveMonths(from, count);
          const quote = quoteDuesPayment({ memberId: MEMBER, months, collectedIn }, ctx);
          // Collected at noon on the 10th of collectedIn, Beijing time.
          const recordedAt = `${collectedIn}-10T04:00:00.000Z`;
          expect(collectionMonth(recordedAt)).toBe(collectedIn);
          if (quote.ok) {
            const p = { memberId: MEMBER, reverses: null, months: quote.months, allocation: quote.allocation, recordedAt };
            expect(checkDuesPayment(p, ctx)).toEqual({ ok: true });
            expect(quote.totalFen).toBe(quote.allocation.reduce((s, a) => s + a.amountFen, 0));
          } else {
            // Any allocation of those months is refused, with the quote's very code and message.
            const p = { memberId: MEMBER, reverses: null, months, allocation: months.map((month) => ({ month, amountFen: 0 })), recordedAt };
            expect(checkDuesPayment(p, ctx)).toEqual(quote);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reversals (built on the tablet, checked on the server)', () => {
  const original = payment(AT, { '2026-02': 1_500, '2026-03': 1_500 }, { voluntaryFen: 1_000 });

  it('builds the whole payment negated, a valid record the check accepts once', () => {
    const reversal = DuesPayment.parse(buildReversal(original, { id: newId(), collectedBy: WORKER2, recordedAt: '2026-03-06T02:00:00.000Z' }));
    expect(reversal).toMatchObject({
      kind: 'reversal',
      reverses: original.id,
      months: original.months,
      allocation: [
        { month: '2026-02', amountFen: -1_500 },
        { month: '2026-03', amountFen: -1_500 },
      ],
      voluntaryFen: -1_000,
      amountFen: -4_000,
      collectedBy: WORKER2,
      method: original.method,
    });
    expect(Object.is(buildReversal(payment(AT, { '2026-02': 1_500 }), { id: newId(), collectedBy: WORKER, recordedAt: AT }).voluntaryFen, 0)).toBe(true);
    expect(checkReversal(reversal, original, false)).toEqual({ ok: true });
    expect(checkReversal(reversal, original, true)).toMatchObject({ code: 'DUES_BAD_REVERSAL', reason: 'already_reversed', message: '冲正记录无效：该笔交纳已冲正' });
    expect(reversedPaymentIds([original, reversal])).toEqual(new Set([original.id]));
  });

  it('refuses an unknown original, another member’s, a reversal of a reversal, and anything but the whole payment', () => {
    const reversal = buildReversal(original, { id: newId(), collectedBy: WORKER, recordedAt: AT });
    const missing = { code: 'DUES_BAD_REVERSAL', reason: 'no_original', message: '冲正记录无效：要冲正的交纳记录不存在' };
    expect(checkReversal(reversal, null, false)).toMatchObject(missing);
    expect(checkReversal(reversal, { ...original, memberId: newId() }, false)).toMatchObject(missing);
    expect(checkReversal(reversal, reversal, false)).toMatchObject(missing);
    expect(checkReversal({ ...reversal, reverses: null }, original, false)).toMatchObject({ code: 'DUES_BAD_REVERSAL', reason: 'no_original' });
    const wrong = { code: 'DUES_BAD_REVERSAL', reason: 'not_matching', message: '冲正记录无效：应冲正 -40.00 元及原交纳的全部月份' };
    expect(checkReversal({ ...reversal, amountFen: -3_000 }, original, false)).toMatchObject(wrong);
    expect(checkReversal({ ...reversal, voluntaryFen: 0, amountFen: -4_000 }, original, false)).toMatchObject(wrong);
    expect(checkReversal({ ...reversal, months: ['2026-02'], allocation: [{ month: '2026-02', amountFen: -1_500 }] }, original, false)).toMatchObject(wrong);
  });
});

describe('cash handover eligibility (offered on the tablet, checked on the server)', () => {
  const mine = payment('2026-03-05T02:00:00.000Z', { '2026-03': 1_500 });
  const lateInMonth = payment('2026-03-31T15:59:00.000Z', { '2026-03': 1_500 });
  const nextMonthInBeijing = payment('2026-03-31T16:00:00.000Z', { '2026-04': 1_500 });
  const transfer = payment('2026-03-06T02:00:00.000Z', { '2026-02': 1_500 }, { method: 'transfer' });
  const others = payment('2026-03-07T02:00:00.000Z', { '2026-01': 1_500 }, { collectedBy: WORKER2 });
  const undone = payment('2026-03-08T02:00:00.000Z', { '2025-12': 1_500 });
  const reversal = buildReversal(undone, { id: newId(), collectedBy: WORKER2, recordedAt: '2026-03-09T02:00:00.000Z' });
  const handed = payment('2026-03-10T02:00:00.000Z', { '2025-11': 1_500 });
  const all = [mine, lateInMonth, nextMonthInBeijing, transfer, others, undone, reversal, handed];
  const earlierHandover = { paymentIds: [handed.id] };

  it('offers the collector’s own cash of the collection month, not reversed, not handed over', () => {
    expect(unhandedCashPayments(all, [earlierHandover], WORKER, '2026-03').map((p) => p.id)).toEqual([mine.id, lateInMonth.id]);
    expect(unhandedCashPayments(all, [earlierHandover], WORKER, '2026-04').map((p) => p.id)).toEqual([nextMonthInBeijing.id]);
  });

  it('accepts what it offers, and names every problem of anything else in one refusal', () => {
    const known = { payments: all, reversedIds: reversedPaymentIds(all), handedIds: new Set([handed.id]) };
    const handover = (paymentIds: string[]) => ({ branchId: BRANCH, collectorId: WORKER, month: '2026-03', paymentIds });
    expect(checkHandoverPayments(handover([mine.id, lateInMonth.id]), known)).toEqual({ ok: true });
    expect(checkHandoverPayments(handover([mine.id, mine.id]), known)).toMatchObject({ code: 'CASH_BAD_HANDOVER', message: '现金交接无效：同一笔交纳列了两次' });
    expect(checkHandoverPayments(handover([newId(), reversal.id, transfer.id, others.id, nextMonthInBeijing.id, undone.id, handed.id]), known)).toMatchObject({
      code: 'CASH_BAD_HANDOVER',
      message: '现金交接无效：2 笔交纳记录在本支部不存在，1 笔不是现金交纳，2 笔不是该收款人收取的，1 笔不是 2026-03 收取的，1 笔已冲正，1 笔已在其他交接中',
    });
    expect(checkHandoverPayments({ ...handover([mine.id]), branchId: newId() }, known)).toMatchObject({ message: '现金交接无效：1 笔交纳记录在本支部不存在' });
  });
});

describe('branch settings', () => {
  it('reads a policy stored before the attendance threshold existed with the default of 6', () => {
    const { attendanceFlagMonths: _, ...older } = policy();
    expect(branchPolicy(BRANCH, older).attendanceFlagMonths).toBe(6);
    expect(branchPolicy(BRANCH, { ...older, attendanceFlagMonths: 4 }).attendanceFlagMonths).toBe(4);
    expect(branchPolicy(BRANCH, null)).toEqual(DuesPolicy.parse(policy()));
    expect(DuesPolicy.safeParse({ ...older, attendanceFlagMonths: 0 }).success).toBe(false);
  });

  it('flags arrears from the first warning month, or from removal when the branch warns at none', () => {
    expect(arrearsFlagFrom(policy())).toBe(3);
    expect(arrearsFlagFrom(policy({ arrearsWarningMonths: [5, 4] }))).toBe(4);
    expect(arrearsFlagFrom(policy({ arrearsWarningMonths: [] }))).toBe(6);
    expect(arrearsFlagFrom(policy({ arrearsWarningMonths: [8], arrearsRemovalMonths: 6 }))).toBe(6);
    const p = policy({ arrearsWarningMonths: [4, 5] });
    expect([2, 3, 4, 5, 6, 7].map((n) => arrearsLevelOf(n, p))).toEqual(['none', 'none', 'warning', 'warning', 'removal', 'removal']);
  });
});

describe('a deceased member', () => {
  it('pays no month after the month of death; months up to it may still be settled', () => {
    const memberId = '6f0c1d8e-3b7a-4c2e-9a51-0d2f4b6c8e10';
    const assessment = {
      id: '0b3f5a7c-9d1e-4f20-8a4b-6c8d0e2f4a61',
      memberId,
      branchId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      year: 2026,
      effectiveFrom: '2026-01',
      baseFen: 300_000,
      category: 'normal' as const,
      channel: 'this_branch' as const,
      reducedFen: null,
      relief: null,
    };
    const ctx = { assessments: [assessment], policy: branchPolicy(assessment.branchId, null), paidSoFarByMonth: new Map<string, number>(), diedOn: '2026-03-14' };
    expect(quoteDuesPayment({ memberId, months: ['2026-02', '2026-03'], collectedIn: '2026-04' }, ctx)).toMatchObject({ ok: true, totalFen: 3000 });
    const refused = quoteDuesPayment({ memberId, months: ['2026-03', '2026-04'], collectedIn: '2026-04' }, ctx);
    expect(refused).toMatchObject({ ok: false, code: 'MEMBER_DECEASED', reason: 'member_deceased' });
    const payment = { memberId, reverses: null, months: ['2026-04'], allocation: [{ month: '2026-04', amountFen: 1500 }], recordedAt: '2026-04-02T02:00:00.000Z' };
    expect(checkDuesPayment(payment, ctx)).toMatchObject({ ok: false, code: 'MEMBER_DECEASED' });
    expect(checkDuesPayment(payment, { ...ctx, diedOn: null })).toEqual({ ok: true });
  });
});
