/**
 * Month arithmetic, and the one reading of an instant as a month, for the tablet and the server alike: the
 * dues ledger (docs/DOMAIN.md §3), the attendance register (§5) and the screens that step through months all
 * call these. Months are YYYY-MM text; instants are ISO-8601 UTC text. No time-zone library: China has had no
 * daylight-saving time since 1991, so Asia/Shanghai is always UTC+8.
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A well-formed YYYY-MM (month 01…12). */
export function isYearMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The month an instant falls in, read in Asia/Shanghai, e.g. 2026-01-31T16:30Z → 2026-02. */
export function monthInShanghai(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`不是有效的时间：${isoInstant}`);
  const shanghai = new Date(ms + SHANGHAI_OFFSET_MS);
  return formatMonth(shanghai.getUTCFullYear(), shanghai.getUTCMonth() + 1);
}

/** The calendar day an instant falls on, read in Asia/Shanghai, e.g. 2026-01-31T16:30Z → 2026-02-01. */
export function dayInShanghai(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`不是有效的时间：${isoInstant}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The dues month a record belongs to (its collection month, docs/DOMAIN.md §3): its recordedAt read in
 * Asia/Shanghai, e.g. 2026-01-31T16:30Z → 2026-02.
 */
export function collectionMonth(isoInstant: string): string {
  return monthInShanghai(isoInstant);
}

/**
 * Orders two UTC instants. Stored instants may carry milliseconds or not, and as text '…00Z' sorts after
 * '…00.500Z'; strings of the same length share one layout and compare correctly as text, which spares the
 * parse in the usual case (every device writes toISOString()).
 */
export function compareInstants(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

/** Months counted from year 0, so two months subtract to their distance. */
export function monthIndex(month: string): number {
  if (!MONTH.test(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  return Number(month.slice(0, 4)) * 12 + (Number(month.slice(5, 7)) - 1);
}

/** The month of a monthIndex. */
export function monthFromIndex(index: number): string {
  return formatMonth(Math.floor(index / 12), (index % 12) + 1);
}

function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month n months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  return monthFromIndex(monthIndex(month) + n);
}

/** How many months `to` is after `from` (negative when before). */
export function monthsApart(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from);
}

/** Every month from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const start = monthIndex(from);
  const end = monthIndex(to);
  const months: string[] = [];
  for (let i = start; i <= end; i++) months.push(monthFromIndex(i));
  return months;
}

/** `count` consecutive months starting at `from`. */
export function consecutiveMonths(from: string, count: number): string[] {
  const start = monthIndex(from);
  return Array.from({ length: Math.max(0, count) }, (_, i) => monthFromIndex(start + i));
}
