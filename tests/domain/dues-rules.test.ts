import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DUES_POLICY, describeRule, divideRounded, formatYuan, monthlyDuesFen } from '../../src/domain';
import type { DuesAssessmentTerms } from '../../src/domain';

const normal = (baseFen: number): DuesAssessmentTerms => ({ baseFen, category: 'normal', channel: 'this_branch', reducedFen: null });

describe('monthly dues (docs/DOMAIN.md §3)', () => {
  it.each([
    [300_000, 1_500], // 3,000 元 → 15.00
    [500_000, 2_500], // 5,000.00 → 25.00
    [500_001, 5_000], // 5,000.01 → 50.0001 → 50.00
    [620_000, 6_200], // 6,200 → 62.00
    [0, 0],
    [123_457, 617], // 1,234.57 × 0.5 % = 6.17285 → 6.17
    [123_500, 618], // 1,235.00 × 0.5 % = 6.175 → 6.18 half up
    [999_950, 10_000], // 9,999.50 × 1 % = 99.995 → 100.00
  ])('base %i fen owes %i fen a month', (base, owed) => {
    expect(monthlyDuesFen(normal(base), DEFAULT_DUES_POLICY)).toBe(owed);
  });

  it('charges the fixed amount, nothing for exempt, the decided amount when reduced, and null for the old unit’s channel', () => {
    expect(monthlyDuesFen({ ...normal(900_000), category: 'fixed' }, DEFAULT_DUES_POLICY)).toBe(20);
    expect(monthlyDuesFen({ ...normal(900_000), category: 'exempt' }, DEFAULT_DUES_POLICY)).toBe(0);
    expect(monthlyDuesFen({ ...normal(900_000), category: 'reduced', reducedFen: 500 }, DEFAULT_DUES_POLICY)).toBe(500);
    expect(monthlyDuesFen({ ...normal(900_000), channel: 'original_unit' }, DEFAULT_DUES_POLICY)).toBeNull();
  });

  it('follows the branch’s rounding setting', () => {
    expect(divideRounded(61_750_000, 10_000, 'half_up')).toBe(6_175);
    expect(divideRounded(25, 10, 'half_up')).toBe(3);
    expect(divideRounded(25, 10, 'half_even')).toBe(2);
    expect(divideRounded(35, 10, 'half_even')).toBe(4);
    expect(divideRounded(21, 10, 'up')).toBe(3);
    expect(divideRounded(29, 10, 'down')).toBe(2);
  });

  it('never owes less on a higher base within a band, and always a whole number of fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 1000 }), (base, extra) => {
        const a = monthlyDuesFen(normal(base), DEFAULT_DUES_POLICY)!;
        const b = monthlyDuesFen(normal(base + extra), DEFAULT_DUES_POLICY)!;
        expect(Number.isInteger(a)).toBe(true);
        expect(b).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  it('states the rule next to the number', () => {
    expect(describeRule(normal(500_001), DEFAULT_DUES_POLICY)).toBe('月基数 5,000.01 元 × 1% = 50.00 元（四舍五入到分）');
    expect(describeRule(normal(500_000), DEFAULT_DUES_POLICY)).toBe('月基数 5,000.00 元 × 0.5% = 25.00 元（四舍五入到分）');
    expect(formatYuan(-1_234_505)).toBe('-12,345.05');
    expect(formatYuan(12_345_678_901)).toBe('123,456,789.01');
    expect(formatYuan(99_999)).toBe('999.99');
    expect(formatYuan(100_000)).toBe('1,000.00');
    expect(formatYuan(5)).toBe('0.05');
  });
});
