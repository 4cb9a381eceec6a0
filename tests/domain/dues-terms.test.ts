import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessmentForMonth, compareAssessments, expectedDuesFen, monthsAheadRefused, type DuesAssessment } from '../../src/domain';
import { MEMBER, assessment, policy, relief } from './ledger-fixtures';

const OTHER = '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1';

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

  it('of two starting the same month, takes the later-made (assessedAt), whatever order they come in', () => {
    const made = assessment({ effectiveFrom: '2026-07', baseFen: 520_000, assessedAt: '2026-07-03T02:00:00.000Z' });
    const redone = assessment({ effectiveFrom: '2026-07', baseFen: 530_000, assessedAt: '2026-07-10T02:00:00.000Z' });
    expect(assessmentForMonth([jan, made, redone], MEMBER, '2026-09')).toBe(redone);
    expect(assessmentForMonth([jan, redone, made], MEMBER, '2026-09')).toBe(redone);
    expect(assessmentForMonth([redone, made, jan], MEMBER, '2026-06')).toBe(jan);
  });

  it('compares assessedAt as instants, with or without milliseconds', () => {
    const at = (assessedAt: string, baseFen: number) => assessment({ effectiveFrom: '2026-07', baseFen, assessedAt });
    const whole = at('2026-07-03T02:00:01Z', 520_000);
    const fraction = at('2026-07-03T02:00:00.500Z', 530_000);
    expect(assessmentForMonth([whole, fraction], MEMBER, '2026-07')).toBe(whole);
    expect(assessmentForMonth([fraction, whole], MEMBER, '2026-07')).toBe(whole);
  });

  it('counts one without assessedAt (stored before the field) as made before one with it, and two without by id', () => {
    const stamped = assessment({ effectiveFrom: '2026-07', baseFen: 540_000, assessedAt: '2026-07-01T00:00:00.000Z' });
    expect(assessmentForMonth([stamped, jul], MEMBER, '2026-07')).toBe(stamped);
    expect(assessmentForMonth([jul, stamped], MEMBER, '2026-07')).toBe(stamped);
    const byId = jul.id > julRedo.id ? jul : julRedo;
    expect(assessmentForMonth([jul, julRedo], MEMBER, '2026-07')).toBe(byId);
    expect(assessmentForMonth([julRedo, jul], MEMBER, '2026-07')).toBe(byId);
  });

  it('is a total order: any order of the same assessments gives the same one in force for every month', () => {
    const pool: DuesAssessment[] = [
      jan,
      jul,
      julRedo,
      assessment({ effectiveFrom: '2026-07', baseFen: 550_000, assessedAt: '2026-07-02T00:00:00Z' }),
      assessment({ effectiveFrom: '2026-07', baseFen: 560_000, assessedAt: '2026-07-02T00:00:00.000Z' }),
      assessment({ effectiveFrom: '2026-03', baseFen: 570_000, assessedAt: '2026-01-02T00:00:00.000Z' }),
    ];
    const sorted = [...pool].sort(compareAssessments);
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: pool.length }), fc.constantFrom('2026-01', '2026-03', '2026-06', '2026-07', '2026-12'), (shuffled, month) => {
        const expected = sorted.filter((a) => a.effectiveFrom <= month).at(-1) ?? null;
        expect(assessmentForMonth(shuffled, MEMBER, month)).toBe(expected);
        expect([...shuffled].sort(compareAssessments)).toEqual(sorted);
      }),
    );
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
