import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  collectionMonth,
  compareInstants,
  consecutiveMonths,
  isYearMonth,
  monthFromIndex,
  dayInShanghai,
  monthInShanghai,
  monthIndex,
  monthsApart,
  monthsBetween,
} from '../../src/domain';

const month = fc.record({ year: fc.integer({ min: 1990, max: 2100 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ year, m }) => `${year}-${String(m).padStart(2, '0')}`);

describe('month arithmetic (the domain’s one copy, for the tablet and the server)', () => {
  it('reads the collection month in Beijing time (UTC+8)', () => {
    expect(collectionMonth('2026-01-31T15:59:59.999Z')).toBe('2026-01');
    expect(collectionMonth('2026-01-31T16:00:00.000Z')).toBe('2026-02');
    expect(collectionMonth('2025-12-31T16:00:00.000Z')).toBe('2026-01');
    expect(collectionMonth('2026-07-01T00:00:00Z')).toBe('2026-07');
    expect(() => collectionMonth('yesterday')).toThrow(RangeError);
    expect(monthInShanghai('2026-02-28T16:00:00.000Z')).toBe('2026-03');
  });

  it('reads the day of an instant in Beijing: before 08:00 there it is still the day before in UTC', () => {
    expect(dayInShanghai('2026-10-04T23:30:00Z')).toBe('2026-10-05');
    expect(dayInShanghai('2026-10-04T15:59:59.999Z')).toBe('2026-10-04');
    expect(dayInShanghai('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    expect(() => dayInShanghai('yesterday')).toThrow(RangeError);
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
    expect(addMonths('2026-01', -11)).toBe('2025-02');
  });

  it('lists months inclusively, none when the range is reversed', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
    expect(consecutiveMonths('2026-11', 3)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(consecutiveMonths('2026-11', 0)).toEqual([]);
  });

  it('knows a month when it sees one', () => {
    expect(isYearMonth('2026-03')).toBe(true);
    for (const bad of ['2026-13', '2026-00', '2026-3', '26-03', '2026-03-01', '']) expect(isYearMonth(bad)).toBe(false);
    expect(() => monthIndex('2026-13')).toThrow(RangeError);
  });

  it('adds and subtracts consistently: addMonths, monthsApart, monthsBetween and the index agree', () => {
    fc.assert(
      fc.property(month, fc.integer({ min: -400, max: 400 }), (m, n) => {
        const later = addMonths(m, n);
        expect(isYearMonth(later)).toBe(true);
        expect(monthsApart(m, later)).toBe(n);
        expect(addMonths(later, -n)).toBe(m);
        expect(monthFromIndex(monthIndex(m))).toBe(m);
        // Text order is month order.
        expect(Math.sign(later.localeCompare(m))).toBe(Math.sign(n));
        if (n >= 0) {
          const run = monthsBetween(m, later);
          expect(run).toHaveLength(n + 1);
          expect(run).toEqual(consecutiveMonths(m, n + 1));
        }
      }),
    );
  });

  it('reads an instant’s month as Beijing reads the calendar (the same as the device’s time-zone formatting)', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
        expect(collectionMonth(date.toISOString())).toBe(`${parts.year}-${parts.month}`);
      }),
    );
  });
});
