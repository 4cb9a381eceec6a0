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
