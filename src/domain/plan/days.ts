import { dayInShanghai } from '../months';

/**
 * Calendar-day arithmetic on YYYY-MM-DD text for the plan and coverage rules (docs/DOMAIN.md §4). Days carry no
 * time zone; an instant becomes a day in Asia/Shanghai (UTC+8 all year), like every "today" in the project.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The day n days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return n === 0 ? day : fromDayNumber(dayNumber(day) + n);
}

/** How many days `to` is after `from` (negative when before). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The Monday of the week (Monday to Sunday, as calendars in China print it) that holds `day`. */
export function weekStart(day: string): string {
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: day number 0 is weekday 3 counted from Monday = 0.
  const weekday = (((n + 3) % 7) + 7) % 7;
  return fromDayNumber(n - weekday);
}

/** The first and last day of a YYYY-MM month. */
export function monthBounds(month: string): { first: string; last: string } {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}

/**
 * The day an anniversary of `date` falls on in `year`. A 29 February falls on 1 March in other years, the day
 * ageOn (risk.ts) counts the year as passed.
 */
export function anniversaryIn(date: string, year: number): string {
  const monthDay = date.slice(5);
  const yyyy = String(year).padStart(4, '0');
  if (monthDay === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return `${yyyy}-03-01`;
  return `${yyyy}-${monthDay}`;
}

/**
 * The Shanghai day of an instant. Devices write toISOString() (…THH:MM:SS.sssZ), read here without a Date: the
 * plan reads every visit of a community, and this keeps it cheap (docs/DOMAIN.md §7). Other layouts go through
 * dayInShanghai.
 */
export function shanghaiDay(instant: string): string {
  if (instant.length >= 20 && instant.charCodeAt(10) === 84 /* T */ && instant.endsWith('Z')) {
    const hour = (instant.charCodeAt(11) - 48) * 10 + (instant.charCodeAt(12) - 48);
    if (hour >= 0 && hour < 16) return instant.slice(0, 10);
    if (hour >= 16 && hour < 24) return addDays(instant.slice(0, 10), 1);
  }
  return dayInShanghai(instant);
}
