import type { IsoDate } from '../common';
import type { RosterCell } from './roster-types';
import { cellText, isBlankCell, isDateCell, rawText, withoutSpaces } from './roster-text';

/**
 * Dates as offices type them in the 花名册 (docs/DOMAIN.md §8): 1945.03, 1945.3, 1945-3-12, 1945/03/12,
 * 1945年3月, 1945年3月12日, 19450312, 194503, real Excel date cells and Excel serial numbers. A date written
 * only to the month stands for the 1st of that month, and the reading says so. Integer arithmetic only: no
 * time zone can move a birth date by a day.
 */

export interface DateParts {
  year: number;
  month: number;
  /** null: the text gave only the month. */
  day: number | null;
}

export type DateReading =
  | { ok: true; date: IsoDate; monthOnly: boolean; /** The month-only notice, or null. */ notice: string | null }
  | { ok: false; reason: string };

/** What a cell could be read as, before the calendar checks. */
type Parsed = { parts: DateParts } | { reason: string };

const DAY_MS = 86_400_000;
/** Excel's serial 1 is 1900-01-01; serials from 61 on count from 1899-12-30 because Excel has a 1900-02-29. */
const EXCEL_EPOCH_BEFORE_LEAP = Date.UTC(1899, 11, 31);
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** 9999-12-31, the last date Excel knows. */
const EXCEL_LAST_SERIAL = 2_958_465;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function datePartsOf(date: IsoDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = datePartsOf(date);
  const target = year + years;
  return isoDate(target, month, Math.min(day, daysInMonth(target, month)));
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

/** The calendar day an Excel date cell stands for. exceljs builds these at UTC midnight; rounding to the nearest
 * day also absorbs a reader that built them at local midnight, and float noise in the time of day. */
function partsOfDateCell(cell: Date): DateParts {
  const day = new Date(Math.round(cell.getTime() / DAY_MS) * DAY_MS);
  return { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
}

/** An Excel serial day number (16508 → 1945-03-12), with the 1900 leap-year bug; the time of day is dropped. */
export function excelSerialToDate(serial: number): IsoDate | null {
  const whole = Math.floor(serial);
  if (!Number.isFinite(serial) || whole < 1 || whole > EXCEL_LAST_SERIAL || whole === 60) return null;
  const ms = whole < 60 ? EXCEL_EPOCH_BEFORE_LEAP + whole * DAY_MS : EXCEL_EPOCH + whole * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

const WRITTEN = /^(\d{4})[.\-/年](\d{1,2})(?:(?:[.\-/月])(\d{1,2})[日号]?|月(?:份)?)?\.?$/;
const TIME_OF_DAY = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/;

function parseText(text: string, label: string, shown: string): Parsed {
  const compact = withoutSpaces(text.replace(TIME_OF_DAY, ''));
  const written = WRITTEN.exec(compact);
  if (written) {
    const day = written[3];
    return { parts: { year: Number(written[1]), month: Number(written[2]), day: day === undefined ? null : Number(day) } };
  }
  if (/^\d{8}$/.test(compact)) {
    return { parts: { year: Number(compact.slice(0, 4)), month: Number(compact.slice(4, 6)), day: Number(compact.slice(6)) } };
  }
  if (/^\d{6}$/.test(compact)) return { parts: { year: Number(compact.slice(0, 4)), month: Number(compact.slice(4)), day: null } };
  if (/^\d{4}年?$/.test(compact)) return { reason: `${label}「${shown}」只有年份，请至少写到月份（如 ${compact.slice(0, 4)}.03）` };
  // A date column saved to CSV without its format comes out as the bare serial number.
  if (/^\d{5}$/.test(compact)) return serialParts(Number(compact), label, shown);
  return { reason: `${label}「${shown}」无法识别为日期，请写成 1945-03-12、1945.03 或 1945年3月 这样的形式` };
}

function serialParts(serial: number, label: string, shown: string): Parsed {
  if (Math.floor(serial) === 60) return { reason: `${label}「${shown}」是 Excel 里不存在的日期 1900-02-29，请核对` };
  const date = excelSerialToDate(serial);
  if (date === null) return { reason: `${label}「${shown}」无法识别为日期，请写成 1945-03-12、1945.03 或 1945年3月 这样的形式` };
  const { year, month, day } = datePartsOf(date);
  return { parts: { year, month, day } };
}

/**
 * A number cell: typed 1945.03 in a General column is the number 1945.03, typed 19450312 is the integer
 * 19450312, and a date cell whose format was lost is its serial.
 */
function parseNumber(value: number, label: string): Parsed {
  const shown = String(value);
  if (Number.isInteger(value)) {
    if (value >= 1900 && value <= 2100) return { reason: `${label}「${shown}」只有年份，请至少写到月份（如 ${shown}.03）` };
    if (value >= 190001 && value <= 210012) return parseText(shown, label, shown);
    if (value >= 19000101 && value <= 21001231) return parseText(shown, label, shown);
    return serialParts(value, label, shown);
  }
  const yearMonth = /^(\d{4})\.(\d{1,2})$/.exec(shown);
  if (yearMonth && Number(yearMonth[1]) >= 1800 && Number(yearMonth[1]) <= 2200) {
    // 1945.10 typed into a number cell is stored as 1945.1: October and January look the same.
    if (yearMonth[2] === '1') {
      return {
        reason: `${label}「${shown}」被 Excel 存成了数字，分不清是 1 月还是 10 月；请把该列设为文本格式，写成 ${yearMonth[1]}.01 或 ${yearMonth[1]}.10`,
      };
    }
    return parseText(shown, label, shown);
  }
  if (value > 0) return serialParts(value, label, shown);
  return { reason: `${label}「${shown}」无法识别为日期，请写成 1945-03-12、1945.03 或 1945年3月 这样的形式` };
}

/** The calendar checks every date of the roster passes: a real day, from 1900, not after today. */
export function checkDateParts(parts: DateParts, label: string, shown: string, today: IsoDate): DateReading {
  const { year, month, day } = parts;
  if (month < 1 || month > 12) return { ok: false, reason: `${label}「${shown}」的月份 ${month} 不存在，请核对` };
  if (day !== null && (day < 1 || day > daysInMonth(year, month))) {
    return { ok: false, reason: `${label}「${shown}」不存在：${year} 年 ${month} 月只有 ${daysInMonth(year, month)} 天，请核对` };
  }
  if (year < 1900) return { ok: false, reason: `${label}「${shown}」早于 1900 年，请核对` };
  const date = isoDate(year, month, day ?? 1);
  if (date > today) return { ok: false, reason: `${label}「${shown}」晚于今天（${today}），请核对` };
  const notice = day === null ? `${label}只写到月份（${shown}），已按当月 1 日记为 ${date}` : null;
  return { ok: true, date, monthOnly: day === null, notice };
}

/** A date cell of the roster; null when the cell is empty. */
export function readDateCell(cell: RosterCell | undefined, label: string, today: IsoDate): DateReading | null {
  if (isBlankCell(cell)) return null;
  if (isDateCell(cell)) {
    if (Number.isNaN(cell.getTime())) return { ok: false, reason: `${label}不是有效的日期，请核对` };
    const parts = partsOfDateCell(cell);
    return checkDateParts(parts, label, isoDate(parts.year, parts.month, parts.day ?? 1), today);
  }
  if (typeof cell === 'number') {
    const parsed = parseNumber(cell, label);
    return 'reason' in parsed ? { ok: false, reason: parsed.reason } : checkDateParts(parsed.parts, label, String(cell), today);
  }
  return readDateText(cellText(cell), label, today, rawText(cell));
}

/** A date written as text (a cell, or a date inside a remark). */
export function readDateText(text: string, label: string, today: IsoDate, shown: string = text): DateReading {
  const parsed = parseText(text, label, shown);
  return 'reason' in parsed ? { ok: false, reason: parsed.reason } : checkDateParts(parsed.parts, label, shown, today);
}
