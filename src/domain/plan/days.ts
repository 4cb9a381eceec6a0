import { dayInShanghai } from '../months';

/**
 * Calendar-day arithmetic on YYYY-MM-DD text for the plan and coverage rules (docs/DOMAIN.md §4). Days carry no
 * time zone; an instant becomes a day in Asia/Shanghai (UTC+8 all year), like every "today" in the project.
 */

/** Digits of YYYY-MM-DD read without allocating: the plan does this for every window of every member. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function dayNumber(day: string): number {
  const m = digits(day, 5, 7);
  const d = digits(day, 8, 10);
  const y = digits(day, 0, 4) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const PAD = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09'];

/** The inverse of dayNumber (civil_from_days). */
function fromDayNumber(n: number): string {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? PAD[m] : m}-${d < 10 ? PAD[d] : d}`;
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

/**
 * The month asked last and its bounds: coverage asks the same month several times for each of a district's
 * members (docs/DOMAIN.md §9). Frozen, since every caller shares it.
 */
let lastBounds: { month: string; bounds: Readonly<{ first: string; last: string }> } | null = null;

/** The first and last day of a YYYY-MM month. */
export function monthBounds(month: string): Readonly<{ first: string; last: string }> {
  if (lastBounds !== null && lastBounds.month === month) return lastBounds.bounds;
  const bounds = Object.freeze(computeMonthBounds(month));
  lastBounds = { month, bounds };
  return bounds;
}

function computeMonthBounds(month: string): { first: string; last: string } {
  const year = digits(month, 0, 4);
  const m = digits(month, 5, 7);
  const next = m === 12 ? `${String(year + 1).padStart(4, '0')}-01-01` : `${month.slice(0, 4)}-${m + 1 < 10 ? PAD[m + 1] : m + 1}-01`;
  return { first: `${month}-01`, last: fromDayNumber(dayNumber(next) - 1) };
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
  if (instant.length >= 20 && instant.charCodeAt(10) === 84 /* T */ && instant.charCodeAt(instant.length - 1) === 90 /* Z */) {
    const hour = (instant.charCodeAt(11) - 48) * 10 + (instant.charCodeAt(12) - 48);
    if (hour >= 0 && hour < 16) return instant.slice(0, 10);
    if (hour >= 16 && hour < 24) return addDays(instant.slice(0, 10), 1);
  }
  return dayInShanghai(instant);
}
