import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { ageOn, type IsoDate } from '../../domain';

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

/** The dues month it is now in Beijing, e.g. 2026-03. */
export function currentMonthInShanghai(now: Date = new Date()): string {
  return dayjs(now).tz(APP_TIME_ZONE).format('YYYY-MM');
}

/** A month n months after `month` (YYYY-MM). */
export function addMonths(month: string, n: number): string {
  return dayjs(`${month}-01`).add(n, 'month').format('YYYY-MM');
}
