import { describe, expect, it } from 'vitest';
import { computeBranchLedger, memberDuesStanding, type DuesAssessment, type LedgerEntry } from '../../src/domain';
import { BRANCH, assessment, excuse, member, payment, policy } from './ledger-fixtures';

/**
 * A member's dues standing for the worker's member page and the dues form (docs/DOMAIN.md §3.9): the ledger's
 * own streak and level, the months in arrears and the first month still owing. 4,000.00 元 a month at 0.5 %
 * is 20.00 元 (2,000 fen) a month, worked out by hand.
 */
const BASE = 400_000;
const MONTHLY = 2_000;

function standing(entries: LedgerEntry[], assessments: DuesAssessment[] = [assessment({ effectiveFrom: '2026-01', baseFen: BASE })], asOf = '2026-07') {
  return memberDuesStanding({ branchId: BRANCH, policy: policy(), member: member(), asOf, assessments, entries });
}

describe('memberDuesStanding', () => {
  it('four past months unpaid: 欠缴 4 个月·预警, the form opens on the first of them', () => {
    const paid = [payment('2026-01-10T02:00:00Z', { '2026-01': MONTHLY }), payment('2026-02-10T02:00:00Z', { '2026-02': MONTHLY })];
    expect(standing(paid)).toEqual({
      arrearsStreak: 4,
      arrearsLevel: 'warning',
      arrearsMonths: ['2026-03', '2026-04', '2026-05', '2026-06'],
      firstUnpaidMonth: '2026-03',
    });
  });

  it('paid up to this month: nothing owed, the next unpaid month is the next one', () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'];
    const paid = [payment('2026-07-01T02:00:00Z', Object.fromEntries(months.map((m) => [m, MONTHLY])))];
    expect(standing(paid)).toEqual({ arrearsStreak: 0, arrearsLevel: 'none', arrearsMonths: [], firstUnpaidMonth: '2026-08' });
  });

  it('a partly paid month ends the streak but is still the first month owing', () => {
    const paid = [
      payment('2026-01-10T02:00:00Z', { '2026-01': MONTHLY }),
      payment('2026-02-10T02:00:00Z', { '2026-02': MONTHLY }),
      payment('2026-03-10T02:00:00Z', { '2026-03': 1_000 }),
    ];
    const result = standing(paid);
    expect(result.arrearsStreak).toBe(3);
    expect(result.firstUnpaidMonth).toBe('2026-03');
  });

  it('six months unpaid reaches the removal ground; no 核定 means nothing is owed', () => {
    expect(standing([])).toMatchObject({ arrearsStreak: 6, arrearsLevel: 'removal', firstUnpaidMonth: '2026-01' });
    expect(standing([], [])).toEqual({ arrearsStreak: 0, arrearsLevel: 'none', arrearsMonths: [], firstUnpaidMonth: null });
  });

  it('excused months leave the streak as the ledger leaves them', () => {
    const result = memberDuesStanding({
      branchId: BRANCH,
      policy: policy(),
      member: member(),
      asOf: '2026-07',
      assessments: [assessment({ effectiveFrom: '2026-01', baseFen: BASE })],
      entries: [payment('2026-03-10T02:00:00Z', { '2026-01': MONTHLY, '2026-02': MONTHLY, '2026-03': MONTHLY })],
      excuses: [excuse('2026-04', '2026-05')],
    });
    expect(result.arrearsStreak).toBe(1);
    expect(result.arrearsMonths).toEqual(['2026-06']);
    expect(result.firstUnpaidMonth).toBe('2026-04');
  });

  it('agrees with the secretary’s whole-branch ledger for the same member', () => {
    const assessments = [assessment({ effectiveFrom: '2025-06', baseFen: BASE })];
    const entries = [payment('2025-09-10T02:00:00Z', { '2025-06': MONTHLY, '2025-07': MONTHLY }), payment('2026-02-01T02:00:00Z', { '2026-01': MONTHLY })];
    const branch = computeBranchLedger({
      branchId: BRANCH,
      policy: policy(),
      from: '2026-01',
      to: '2026-12',
      asOf: '2026-07',
      members: [member()],
      assessments,
      entries,
      excuses: [],
    });
    const own = standing(entries, assessments);
    expect(own.arrearsStreak).toBe(branch.members[0]!.arrearsStreak);
    expect(own.arrearsLevel).toBe(branch.members[0]!.arrearsLevel);
    expect(own.firstUnpaidMonth).toBe('2025-08');
  });
});
