import { describe, expect, it } from 'vitest';
import { addMonths, assessmentForMonth, collectionMonth, compareInstants, expectedDuesFen, monthsAheadRefused, monthsBetween } from '../../src/domain';
import { MEMBER, assessment, policy, relief } from './ledger-fixtures';

const OTHER = '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1';

describe('month arithmetic', () => {
  it('reads the collection month in Beijing time (UTC+8)', () => {
    expect(collectionMonth('2026-01-31T15:59:59.999Z')).toBe('2026-01');
    expect(collectionMonth('2026-01-31T16:00:00.000Z')).toBe('2026-02');
    expect(collectionMonth('2025-12-31T16:00:00.000Z')).toBe('2026-01');
    expect(collectionMonth('2026-07-01T00:00:00Z')).toBe('2026-07');
    expect(() => collectionMonth('yesterday')).toThrow(RangeError);
  });

  it('orders instants as times whether or not they carry milliseconds', () => {
    expect(compareInstants('2026-01-05T02:00:00Z', '2026-01-05T02:00:00.500Z')).toBeLessThan(0);
    expect(compareInstants('2026-01-05T02:00:01Z', '2026-01-05T02:00:00.500Z')).toBeGreaterThan(0);
    expect(compareInstants('2026-01-05T02:00:00.000Z', '2026-01-05T02:00:00Z')).toBe(0);
    expect(compareInstants('2026-01-05T02:00:00.100Z', '2026-01-05T02:00:00.020Z')).toBeGreaterThan(0);
  });

  it('adds months across years, both ways', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-06', -18)).toBe('2024-12');
    expect(addMonths('2026-06', 0)).toBe('2026-06');
  });

  it('lists months inclusively, none when the range is reversed', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });
});

describe('assessment in force', () => {
  const jan = assessment({ effectiveFrom: '2026-01', baseFen: 300_000 });
  const jul = assessment({ effectiveFrom: '2026-07', baseFen: 520_000 });
  const julRedo = assessment({ effectiveFrom: '2026-07', baseFen: 530_000 });
  const others = assessment({ effectiveFrom: '2026-01', baseFen: 900_000, memberId: OTHER });

  it('is the latest effective on or before the month, for that member only', () => {
    expect(assessmentForMonth([jul, others, jan], MEMBER, '2026-06')).toBe(jan);
    expect(assessmentForMonth([jul, others, jan], MEMBER, '2026-07')).toBe(jul);
    expect(assessmentForMonth([jul, jan], MEMBER, '2025-12')).toBeNull();
    expect(assessmentForMonth([others], MEMBER, '2026-06')).toBeNull();
  });

  it('takes the later one in the input when two start the same month', () => {
    expect(assessmentForMonth([jan, jul, julRedo], MEMBER, '2026-09')).toBe(julRedo);
    expect(assessmentForMonth([jan, julRedo, jul], MEMBER, '2026-09')).toBe(jul);
  });
});

describe('expected dues for a month', () => {
  it('applies a reduction only inside its relief window, the normal rate outside', () => {
    // 4,000 元 × 0.5 % = 20.00 元 normally; 5.00 元 decided for 03…05
    const reduced = assessment({ effectiveFrom: '2026-01', baseFen: 400_000, category: 'reduced', reducedFen: 500, relief: relief('2026-03', '2026-05') });
    expect(expectedDuesFen(reduced, policy(), '2026-02')).toBe(2_000);
    expect(expectedDuesFen(reduced, policy(), '2026-03')).toBe(500);
    expect(expectedDuesFen(reduced, policy(), '2026-05')).toBe(500);
    expect(expectedDuesFen(reduced, policy(), '2026-06')).toBe(2_000);
  });

  it('keeps an open-ended relief until the next assessment, and the category throughout without a trail', () => {
    const open = assessment({ effectiveFrom: '2026-01', baseFen: 620_000, category: 'exempt', relief: relief('2026-04', null) });
    expect(expectedDuesFen(open, policy(), '2026-03')).toBe(6_200);
    expect(expectedDuesFen(open, policy(), '2026-12')).toBe(0);
    const untracked = assessment({ effectiveFrom: '2026-01', baseFen: 620_000, category: 'exempt' });
    expect(expectedDuesFen(untracked, policy(), '2026-01')).toBe(0);
  });

  it('expects nothing without a 核定 or from a member paying at the 原单位; fixed is 0.20 元', () => {
    expect(expectedDuesFen(null, policy(), '2026-01')).toBeNull();
    expect(expectedDuesFen(assessment({ effectiveFrom: '2026-01', baseFen: 620_000, channel: 'original_unit' }), policy(), '2026-01')).toBeNull();
    expect(expectedDuesFen(assessment({ effectiveFrom: '2026-01', baseFen: 620_000, category: 'fixed' }), policy(), '2026-01')).toBe(20);
  });
});

describe('paying ahead', () => {
  it('needs the branch to allow it (quarterly / 预交); back-payment and the month itself never do', () => {
    const months = ['2026-02', '2026-03', '2026-04', '2026-05'];
    expect(monthsAheadRefused({ quarterlyAllowed: false }, months, '2026-03')).toEqual(['2026-04', '2026-05']);
    expect(monthsAheadRefused({ quarterlyAllowed: false }, ['2025-12', '2026-01'], '2026-01')).toEqual([]);
    expect(monthsAheadRefused({ quarterlyAllowed: true }, months, '2026-03')).toEqual([]);
  });
});
