import { describe, expect, it } from 'vitest';
import { computeBranchLedger, toLedgerEntries, type ArrearsExcuse, type DuesAssessment, type DuesPolicy, type LedgerEntry, type MonthState } from '../../src/domain';
import {
  BRANCH,
  adjustment,
  assessment,
  excuse,
  member,
  payment,
  policy,
  relief,
  resolution,
  reversal,
} from './ledger-fixtures';

/**
 * Hand-worked dues cases (docs/DOMAIN.md §3). Every figure below was worked out by hand from the rule — base × rate on
 * the whole base (≤ 5,000.00 元 → 0.5 %, above → 1 %), rounded to the fen as the policy says — and is written
 * out, never computed by the code under test.
 */

type Cell = [expectedFen: number | null, paidFen: number, state: MonthState];

interface Case {
  name: string;
  assessments: DuesAssessment[];
  entries?: LedgerEntry[];
  excuses?: ArrearsExcuse[];
  policy?: Partial<DuesPolicy>;
  diedOn?: string;
  asOf?: string;
  from?: string;
  /** Only the months the case is about. */
  months: Record<string, Cell>;
  expectedTotalFen?: number;
  paidTotalFen?: number;
  voluntaryFen?: number;
  arrearsStreak?: number;
  arrearsLevel?: 'none' | 'warning' | 'removal';
  prepaidMonths?: number;
  /** [month, surplusFen] of the member's duplicates (settled ones have 0), and the open ones at branch level. */
  duplicates?: [string, number][];
  openDuplicates?: [string, number][];
  duplicateMonths?: string[];
  monthlyFen?: number | null;
  entryIds?: (entries: LedgerEntry[]) => Record<string, string[]>;
}

const jan = (base: number, extra: Partial<DuesAssessment> = {}) => assessment({ effectiveFrom: '2026-01', baseFen: base, ...extra });
const at = (day: string) => `${day}T02:00:00.000Z`;

// Shared entries for cases that refer to the payment they resolve or reverse.
const dupA = payment(at('2026-02-03'), { '2026-02': 1_500 });
const dupB = payment(at('2026-02-04'), { '2026-02': 1_500 });
const reversed = payment(at('2026-01-05'), { '2026-01': 1_500 });
const prepaidOld = payment(at('2026-01-05'), { '2026-01': 2_400, '2026-02': 2_400, '2026-03': 2_400, '2026-04': 2_400, '2026-05': 2_400, '2026-06': 2_400 });

const cases: Case[] = [
  {
    name: '4,999.99 元 × 0.5 % = 24.99995 → 25.00 元 (half up)',
    assessments: [jan(499_999)],
    entries: [payment(at('2026-01-05'), { '2026-01': 2_500 })],
    months: { '2026-01': [2_500, 2_500, 'paid'] },
    monthlyFen: 2_500,
    expectedTotalFen: 30_000,
  },
  {
    name: '5,000.00 元 is still 0.5 %: 25.00 元',
    assessments: [jan(500_000)],
    months: { '2026-01': [2_500, 0, 'arrears'] },
    expectedTotalFen: 30_000,
  },
  {
    name: '5,000.01 元 crosses the cliff: 1 % of the whole base = 50.0001 → 50.00 元',
    assessments: [jan(500_001)],
    months: { '2026-03': [5_000, 0, 'arrears'] },
    expectedTotalFen: 60_000,
  },
  {
    name: '3,000 元 → 15.00 元',
    assessments: [jan(300_000)],
    entries: [payment(at('2026-06-01'), { '2026-06': 1_500 })],
    months: { '2026-06': [1_500, 1_500, 'paid'] },
    expectedTotalFen: 18_000,
  },
  {
    name: '6,200 元 → 62.00 元',
    assessments: [jan(620_000)],
    months: { '2026-06': [6_200, 0, 'due'] },
    expectedTotalFen: 74_400,
  },
  {
    name: '1,235.00 元 × 0.5 % = 6.175 → 6.18 元 half up',
    assessments: [jan(123_500)],
    months: { '2026-07': [618, 0, 'future'] },
  },
  {
    name: '1,233.00 元 × 0.5 % = 6.165 → 6.16 元 half even (a branch setting)',
    policy: { rounding: 'half_even' },
    assessments: [jan(123_300)],
    months: { '2026-07': [616, 0, 'future'] },
  },
  {
    name: '4,999.99 元 rounded down → 24.99 元',
    policy: { rounding: 'down' },
    assessments: [jan(499_999)],
    months: { '2026-01': [2_499, 0, 'arrears'] },
  },
  {
    name: 'fixed 0.20 元 a month (低保), 2.40 元 a year',
    assessments: [jan(250_000, { category: 'fixed' })],
    entries: [payment(at('2026-01-05'), { '2026-01': 20, '2026-02': 20, '2026-03': 20 })],
    months: { '2026-01': [20, 20, 'paid'], '2026-04': [20, 0, 'arrears'] },
    expectedTotalFen: 240,
    paidTotalFen: 60,
  },
  {
    name: 'reduced to 5.00 元 inside the relief window 03…08, the normal 20.00 元 on 4,000 元 outside it',
    assessments: [jan(400_000, { category: 'reduced', reducedFen: 500, relief: relief('2026-03', '2026-08') })],
    months: { '2026-02': [2_000, 0, 'arrears'], '2026-03': [500, 0, 'arrears'], '2026-08': [500, 0, 'future'], '2026-09': [2_000, 0, 'future'] },
    // 2 × 20.00 + 6 × 5.00 + 4 × 20.00 = 150.00 元
    expectedTotalFen: 15_000,
  },
  {
    name: 'exempt in the relief window 04…06 only; 15.00 元 on 3,000 元 otherwise',
    assessments: [jan(300_000, { category: 'exempt', relief: relief('2026-04', '2026-06') })],
    asOf: '2026-08',
    months: { '2026-03': [1_500, 0, 'arrears'], '2026-04': [0, 0, 'exempt'], '2026-06': [0, 0, 'exempt'], '2026-07': [1_500, 0, 'arrears'] },
    // 9 × 15.00 = 135.00 元
    expectedTotalFen: 13_500,
    // 07 arrears, 06…04 skipped, 03, 02, 01 arrears
    arrearsStreak: 4,
    arrearsLevel: 'warning',
  },
  {
    name: 'exempt with no relief trail: the whole assessment is exempt',
    assessments: [jan(300_000, { category: 'exempt' })],
    months: { '2026-01': [0, 0, 'exempt'], '2026-12': [0, 0, 'exempt'] },
    expectedTotalFen: 0,
    arrearsStreak: 0,
  },
  {
    name: 'dues paid at the 原单位 are not expected here',
    assessments: [jan(800_000, { channel: 'original_unit' })],
    months: { '2026-01': [null, 0, 'other_channel'] },
    expectedTotalFen: 0,
    monthlyFen: null,
    arrearsStreak: 0,
  },
  {
    name: 'not assessed before April: nothing expected, the streak stops there',
    assessments: [assessment({ effectiveFrom: '2026-04', baseFen: 300_000 })],
    months: { '2026-03': [null, 0, 'not_assessed'], '2026-04': [1_500, 0, 'arrears'], '2026-05': [1_500, 0, 'arrears'], '2026-06': [1_500, 0, 'due'] },
    expectedTotalFen: 13_500,
    arrearsStreak: 2,
    arrearsLevel: 'none',
  },
  {
    name: 'a mid-year base change applies from its month: 4,800 → 24.00 元, from July 5,200 → 52.00 元',
    assessments: [jan(480_000), assessment({ effectiveFrom: '2026-07', baseFen: 520_000 })],
    months: { '2026-06': [2_400, 0, 'due'], '2026-07': [5_200, 0, 'future'] },
    // 6 × 24.00 + 6 × 52.00 = 456.00 元
    expectedTotalFen: 45_600,
    monthlyFen: 5_200,
  },
  {
    name: 'prepaid 01…06 at 24.00 元, then the base rises to 5,200 from April: 28.00 元 a month still owed',
    assessments: [jan(480_000), assessment({ effectiveFrom: '2026-04', baseFen: 520_000 })],
    entries: [prepaidOld],
    months: { '2026-03': [2_400, 2_400, 'paid'], '2026-04': [5_200, 2_400, 'partly'], '2026-06': [5_200, 2_400, 'partly'] },
    paidTotalFen: 14_400,
    arrearsStreak: 0,
  },
  {
    name: 'the 28.00 元 difference topped up for April settles it without a duplicate flag',
    assessments: [jan(480_000), assessment({ effectiveFrom: '2026-04', baseFen: 520_000 })],
    entries: [prepaidOld, payment(at('2026-05-06'), { '2026-04': 2_800 })],
    months: { '2026-04': [5_200, 5_200, 'paid'], '2026-05': [5_200, 2_400, 'partly'] },
    duplicates: [],
  },
  {
    name: 'one payment for 01…03 (补交/预交 within the cap) settles each month',
    assessments: [jan(300_000)],
    asOf: '2026-05',
    entries: [payment(at('2026-01-08'), { '2026-01': 1_500, '2026-02': 1_500, '2026-03': 1_500 })],
    months: { '2026-03': [1_500, 1_500, 'paid'], '2026-04': [1_500, 0, 'arrears'], '2026-05': [1_500, 0, 'due'] },
    paidTotalFen: 4_500,
    arrearsStreak: 1,
    arrearsLevel: 'none',
  },
  {
    name: 'a reversed payment leaves the month unpaid and both entries on it',
    assessments: [jan(300_000)],
    asOf: '2026-03',
    entries: [reversed, reversal(reversed, at('2026-01-06'))],
    months: { '2026-01': [1_500, 0, 'arrears'], '2026-02': [1_500, 0, 'arrears'] },
    arrearsStreak: 2,
    entryIds: (entries) => ({ '2026-01': [entries[0]!.id, entries[1]!.id] }),
  },
  {
    name: 'paid again after a reversal: one payment in force, no duplicate',
    assessments: [jan(300_000)],
    asOf: '2026-03',
    entries: [reversed, reversal(reversed, at('2026-01-06')), payment(at('2026-01-07'), { '2026-01': 1_500 })],
    months: { '2026-01': [1_500, 1_500, 'paid'] },
    duplicates: [],
  },
  {
    name: 'a partial payment of 10.00 元 leaves a past month partly paid, and breaks the streak',
    assessments: [jan(300_000)],
    asOf: '2026-04',
    entries: [payment(at('2026-02-02'), { '2026-02': 1_000 })],
    months: { '2026-02': [1_500, 1_000, 'partly'], '2026-03': [1_500, 0, 'arrears'] },
    arrearsStreak: 1,
  },
  {
    name: 'a 5.00 元 top-up completes it; two payments summing to the expected amount are no duplicate',
    assessments: [jan(300_000)],
    asOf: '2026-04',
    entries: [payment(at('2026-02-02'), { '2026-02': 1_000 }), payment(at('2026-03-02'), { '2026-02': 500 })],
    months: { '2026-02': [1_500, 1_500, 'paid'] },
    duplicates: [],
  },
  {
    name: 'a voluntary 5.00 元 on top settles no month and is summed apart',
    assessments: [jan(300_000)],
    entries: [payment(at('2026-01-05'), { '2026-01': 1_500 }, { voluntaryFen: 500 })],
    months: { '2026-01': [1_500, 1_500, 'paid'] },
    voluntaryFen: 500,
    paidTotalFen: 1_500,
  },
  {
    name: 'voluntary money collected just after midnight Beijing time on 1 January belongs to the new year',
    assessments: [jan(300_000)],
    // 2025-12-31 16:30 UTC = 2026-01-01 00:30 in Shanghai; the other one is 23:59 on 31 December in Shanghai.
    entries: [
      payment('2025-12-31T16:30:00.000Z', { '2026-01': 1_500 }, { voluntaryFen: 10_000 }),
      payment('2025-12-31T15:59:00.000Z', { '2025-12': 1_500 }, { voluntaryFen: 7_000 }),
    ],
    months: { '2026-01': [1_500, 1_500, 'paid'] },
    voluntaryFen: 10_000,
  },
  {
    name: 'February paid twice on two offline devices: flagged with 15.00 元 surplus',
    assessments: [jan(300_000)],
    entries: [dupA, dupB],
    months: { '2026-02': [1_500, 3_000, 'paid'] },
    duplicateMonths: ['2026-02'],
    duplicates: [['2026-02', 1_500]],
    openDuplicates: [['2026-02', 1_500]],
  },
  {
    name: 'the duplicate refunded: month back to 15.00 元, flag settled',
    assessments: [jan(300_000)],
    entries: [dupA, dupB, resolution(dupB, '2026-02', 1_500, at('2026-03-01'))],
    months: { '2026-02': [1_500, 1_500, 'paid'] },
    duplicateMonths: [],
    duplicates: [['2026-02', 0]],
    openDuplicates: [],
  },
  {
    name: 'the duplicate credited to March: March paid, February settled',
    assessments: [jan(300_000)],
    entries: [dupA, dupB, resolution(dupB, '2026-02', 1_500, at('2026-03-01'), '2026-03')],
    months: { '2026-02': [1_500, 1_500, 'paid'], '2026-03': [1_500, 1_500, 'paid'], '2026-04': [1_500, 0, 'arrears'] },
    duplicates: [['2026-02', 0]],
    openDuplicates: [],
    paidTotalFen: 3_000,
  },
  {
    name: 'half of the surplus refunded: 7.50 元 still open',
    assessments: [jan(300_000)],
    entries: [dupA, dupB, resolution(dupB, '2026-02', 750, at('2026-03-01'))],
    months: { '2026-02': [1_500, 2_250, 'paid'] },
    duplicateMonths: ['2026-02'],
    openDuplicates: [['2026-02', 750]],
  },
  {
    name: 'an adjustment (cash found at the count) pays March; a negative one makes April partly paid',
    assessments: [jan(300_000)],
    entries: [
      adjustment('2026-03', 1_500, at('2026-03-20'), true),
      payment(at('2026-04-02'), { '2026-04': 1_500 }),
      adjustment('2026-04', -500, at('2026-04-20')),
    ],
    months: { '2026-03': [1_500, 1_500, 'paid'], '2026-04': [1_500, 1_000, 'partly'] },
    paidTotalFen: 2_500,
  },
  {
    name: 'three months in arrears: the first warning',
    assessments: [jan(300_000)],
    asOf: '2026-07',
    entries: [payment(at('2026-01-05'), { '2026-01': 1_500, '2026-02': 1_500, '2026-03': 1_500 })],
    months: { '2026-04': [1_500, 0, 'arrears'], '2026-06': [1_500, 0, 'arrears'], '2026-07': [1_500, 0, 'due'] },
    arrearsStreak: 3,
    arrearsLevel: 'warning',
  },
  {
    name: 'five months in arrears: still a warning',
    assessments: [jan(300_000)],
    asOf: '2026-07',
    entries: [payment(at('2026-01-05'), { '2026-01': 1_500 })],
    months: { '2026-02': [1_500, 0, 'arrears'] },
    arrearsStreak: 5,
    arrearsLevel: 'warning',
  },
  {
    name: 'six months in arrears: the removal level (自行脱党)',
    assessments: [jan(300_000)],
    asOf: '2026-07',
    months: { '2026-01': [1_500, 0, 'arrears'] },
    arrearsStreak: 6,
    arrearsLevel: 'removal',
  },
  {
    name: 'months excused (in hospital) neither count nor break the streak',
    assessments: [jan(300_000)],
    asOf: '2026-07',
    excuses: [excuse('2026-03', '2026-04')],
    months: { '2026-03': [1_500, 0, 'excused'], '2026-04': [1_500, 0, 'excused'], '2026-05': [1_500, 0, 'arrears'] },
    // 06, 05, (04, 03 skipped), 02, 01
    arrearsStreak: 4,
    arrearsLevel: 'warning',
  },
  {
    name: 'a branch warning only from 4 months does not warn at 3',
    policy: { arrearsWarningMonths: [4, 5] },
    assessments: [jan(300_000)],
    asOf: '2026-04',
    months: { '2026-03': [1_500, 0, 'arrears'] },
    arrearsStreak: 3,
    arrearsLevel: 'none',
  },
  {
    name: 'death on 10 May closes dues from June; history kept',
    assessments: [jan(300_000)],
    diedOn: '2026-05-10',
    asOf: '2026-08',
    entries: [payment(at('2026-01-05'), { '2026-01': 1_500, '2026-02': 1_500, '2026-03': 1_500, '2026-04': 1_500, '2026-05': 1_500 })],
    months: { '2026-05': [1_500, 1_500, 'paid'], '2026-06': [null, 0, 'closed'], '2026-12': [null, 0, 'closed'] },
    // 5 × 15.00 = 75.00 元
    expectedTotalFen: 7_500,
    arrearsStreak: 0,
    monthlyFen: 1_500,
  },
  {
    name: 'arrears carried over from last year count toward the streak',
    assessments: [assessment({ effectiveFrom: '2025-01', baseFen: 300_000 })],
    asOf: '2026-02',
    entries: [payment(at('2025-08-05'), { '2025-08': 1_500 })],
    months: { '2026-01': [1_500, 0, 'arrears'], '2026-02': [1_500, 0, 'due'] },
    // 2026-01, 2025-12, -11, -10, -09
    arrearsStreak: 5,
    arrearsLevel: 'warning',
  },
  {
    name: 'six months prepaid in June (预交): July…December prepaid',
    assessments: [jan(300_000)],
    entries: [
      payment(at('2026-06-03'), { '2026-06': 1_500 }),
      payment(at('2026-06-03'), { '2026-07': 1_500, '2026-08': 1_500, '2026-09': 1_500, '2026-10': 1_500, '2026-11': 1_500, '2026-12': 1_500 }),
    ],
    asOf: '2026-06',
    months: { '2026-06': [1_500, 1_500, 'paid'], '2026-07': [1_500, 1_500, 'prepaid'], '2026-12': [1_500, 1_500, 'prepaid'] },
    prepaidMonths: 6,
  },
  {
    name: 'the current month partly paid is partly, not due',
    assessments: [jan(620_000)],
    entries: [payment(at('2026-06-03'), { '2026-06': 3_000 })],
    months: { '2026-06': [6_200, 3_000, 'partly'], '2026-07': [6_200, 0, 'future'] },
  },
  {
    name: 'moving from the 原单位 to this branch in July: 6 × 15.00 元 expected',
    assessments: [jan(300_000, { channel: 'original_unit' }), assessment({ effectiveFrom: '2026-07', baseFen: 300_000 })],
    asOf: '2026-12',
    entries: [payment(at('2026-07-03'), { '2026-07': 1_500 })],
    months: { '2026-06': [null, 0, 'other_channel'], '2026-07': [1_500, 1_500, 'paid'], '2026-08': [1_500, 0, 'arrears'] },
    expectedTotalFen: 9_000,
    // 11 … 08 in arrears, July paid
    arrearsStreak: 4,
  },
  {
    name: 'two assessments from the same month: the later one made wins',
    assessments: [jan(300_000), jan(620_000)],
    months: { '2026-01': [6_200, 0, 'arrears'] },
  },
];

describe('dues ledger — hand-worked cases', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', (c) => {
    const entries = c.entries ?? [];
    const ledger = computeBranchLedger({
      branchId: BRANCH,
      policy: policy(c.policy),
      from: c.from ?? '2026-01',
      to: '2026-12',
      asOf: c.asOf ?? '2026-06',
      members: [member({ diedOn: c.diedOn ?? null })],
      assessments: c.assessments,
      entries,
      excuses: c.excuses ?? [],
    });
    const m = ledger.members[0]!;
    for (const [month, [expectedFen, paidFen, state]] of Object.entries(c.months)) {
      const cell = m.cells.find((x) => x.month === month)!;
      expect({ month, expectedFen: cell.expectedFen, paidFen: cell.paidFen, state: cell.state }).toEqual({ month, expectedFen, paidFen, state });
      expect(cell.balanceFen).toBe(paidFen - (expectedFen ?? 0));
    }
    if (c.expectedTotalFen !== undefined) expect(m.expectedTotalFen).toBe(c.expectedTotalFen);
    if (c.paidTotalFen !== undefined) expect(m.paidTotalFen).toBe(c.paidTotalFen);
    if (c.voluntaryFen !== undefined) expect(m.voluntaryFen).toBe(c.voluntaryFen);
    if (c.arrearsStreak !== undefined) expect(m.arrearsStreak).toBe(c.arrearsStreak);
    if (c.arrearsLevel !== undefined) expect(m.arrearsLevel).toBe(c.arrearsLevel);
    if (c.prepaidMonths !== undefined) expect(m.prepaidMonths).toBe(c.prepaidMonths);
    if (c.monthlyFen !== undefined) expect(m.monthlyFen).toBe(c.monthlyFen);
    if (c.duplicates !== undefined) expect(m.duplicates.map((d) => [d.month, d.surplusFen])).toEqual(c.duplicates);
    if (c.openDuplicates !== undefined) expect(ledger.duplicates.map((d) => [d.month, d.surplusFen])).toEqual(c.openDuplicates);
    if (c.duplicateMonths !== undefined) expect(m.cells.filter((x) => x.duplicate).map((x) => x.month)).toEqual(c.duplicateMonths);
    if (c.entryIds !== undefined) {
      for (const [month, ids] of Object.entries(c.entryIds(entries))) expect(m.cells.find((x) => x.month === month)!.entryIds).toEqual(ids);
    }
  });
});

describe('ledger entries', () => {
  it('tags payments, adjustments and resolutions with their kind', () => {
    const paid = payment(at('2026-01-05'), { '2026-01': 1_500 });
    const { entry: _p, ...plainPayment } = paid;
    const adj = adjustment('2026-01', 100, at('2026-01-06'));
    const { entry: _a, ...plainAdjustment } = adj;
    const res = resolution(paid, '2026-01', 100, at('2026-01-07'));
    const { entry: _r, ...plainResolution } = res;
    const entries = toLedgerEntries({ payments: [plainPayment], adjustments: [plainAdjustment], resolutions: [plainResolution] });
    expect(entries.map((e) => [e.entry, e.id])).toEqual([
      ['payment', paid.id],
      ['adjustment', adj.id],
      ['resolution', res.id],
    ]);
    expect(toLedgerEntries({})).toEqual([]);
  });
});

describe('branch totals', () => {
  it('sums members, caps each month at what it expects for the collection rate, and counts arrears and warnings', () => {
    const other = '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1';
    const ledger = computeBranchLedger({
      branchId: BRANCH,
      policy: policy(),
      from: '2026-01',
      to: '2026-03',
      asOf: '2026-03',
      members: [member(), member({ id: other, name: '李秀英' })],
      assessments: [jan(300_000), assessment({ effectiveFrom: '2026-01', baseFen: 300_000, memberId: other })],
      entries: [
        // The first member pays January twice over (30.00 元); the second pays nothing.
        payment(at('2026-01-05'), { '2026-01': 1_500 }),
        payment(at('2026-01-06'), { '2026-01': 1_500 }),
      ],
      excuses: [],
    });
    // 2 members × 3 months × 15.00 = 90.00 元 expected; 30.00 元 paid.
    expect(ledger.expectedTotalFen).toBe(9_000);
    expect(ledger.paidTotalFen).toBe(3_000);
    // Only January's 15.00 元 counts toward the rate: 1,500 / 9,000.
    expect(ledger.collectionRate).toBeCloseTo(1_500 / 9_000, 10);
    // Both have February in arrears; the second also January: streaks 1 and 2, neither at the warning.
    expect(ledger.membersInArrears).toBe(2);
    expect(ledger.membersAtWarning).toBe(0);
    expect(ledger.duplicates).toHaveLength(1);
  });

  it('ignores another branch’s entries and reports no rate when nothing is expected', () => {
    const foreign = { ...payment(at('2026-01-05'), { '2026-01': 1_500 }), branchId: '7081a2b3-c4d5-4e6f-8a9b-0c1d2e3f4a5b' };
    const ledger = computeBranchLedger({
      branchId: BRANCH,
      policy: policy(),
      from: '2026-01',
      to: '2026-12',
      asOf: '2026-06',
      members: [member()],
      assessments: [jan(300_000, { channel: 'original_unit' })],
      entries: [foreign],
      excuses: [],
    });
    expect(ledger.members[0]!.paidTotalFen).toBe(0);
    expect(ledger.collectionRate).toBeNull();
  });
});
