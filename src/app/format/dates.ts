import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { ageOn, monthInShanghai, type IsoDate } from '../../domain';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Members, workers and the server are all in China: "today" and clock times are Beijing time, whatever the device says. */
export const APP_TIME_ZONE = 'Asia/Shanghai';

export function todayInShanghai(now: Date = new Date()): IsoDate {
  return dayjs(now).tz(APP_TIME_ZONE).format('YYYY-MM-DD');
}

export function formatInstant(iso: string): string {
  return dayjs.utc(iso).tz(APP_TIME_ZONE).format('YYYY-MM-DD HH:mm');
}

export function ageToday(birthDate: IsoDate, now: Date = new Date()): number {
  return ageOn(birthDate, todayInShanghai(now));
}

/**
 * The dues month it is now in Beijing, e.g. 2026-03: the domain's reading of an instant as a month (months.ts),
 * as the server reads it. Month arithmetic is the domain's too; this file only formats for display.
 */
export function currentMonthInShanghai(now: Date = new Date()): string {
  return monthInShanghai(now.toISOString());
}

/** An instant as a `datetime-local` input shows it in Beijing time: 2026-03-02T02:05Z → 2026-03-02T10:05. */
export function toShanghaiInput(iso: string): string {
  return dayjs.utc(iso).tz(APP_TIME_ZONE).format('YYYY-MM-DDTHH:mm');
}

/** A `datetime-local` value read as Beijing time, as a UTC instant; null when it is not a date and time. */
export function fromShanghaiInput(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const parsed = dayjs.tz(local, 'YYYY-MM-DDTHH:mm', APP_TIME_ZONE);
  return parsed.isValid() ? parsed.toISOString() : null;
}
