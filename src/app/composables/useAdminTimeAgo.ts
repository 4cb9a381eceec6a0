import { formatTimeAgo, useNow, type UseTimeAgoUnit, type UseTimeAgoUnitNamesDefault } from '@vueuse/core';
import { useI18n } from 'vue-i18n';
import { formatInstant } from '../format/dates';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Days up to two months ("45 天前" reads better than "6 周前" for most), then months and years. */
const UNITS: UseTimeAgoUnit<UseTimeAgoUnitNamesDefault>[] = [
  { max: MINUTE, value: SECOND, name: 'second' },
  { max: HOUR, value: MINUTE, name: 'minute' },
  { max: DAY, value: HOUR, name: 'hour' },
  { max: 60 * DAY, value: DAY, name: 'day' },
  { max: 365 * DAY, value: 30 * DAY, name: 'month' },
  { max: Number.POSITIVE_INFINITY, value: 365 * DAY, name: 'year' },
];

/**
 * "3 天前" for an instant the server stored in UTC, with the exact Beijing time beside it for a hover or a tap.
 * VueUse's formatTimeAgo does the arithmetic; the words are the app's (admin.ago.*), so they follow the language.
 */
export function useAdminTimeAgo() {
  const { t } = useI18n();
  // Once a minute is enough for "3 分钟前" to stay true while the page is open.
  const now = useNow({ interval: 60_000 });

  function relative(iso: string): string {
    return formatTimeAgo<UseTimeAgoUnitNamesDefault>(
      new Date(iso),
      {
        messages: {
          justNow: t('admin.ago.justNow'),
          past: (text: string) => t('admin.ago.past', { time: text }),
          future: (text: string) => t('admin.ago.future', { time: text }),
          invalid: '',
          second: (n: number) => t('admin.ago.second', { n }),
          minute: (n: number) => t('admin.ago.minute', { n }),
          hour: (n: number) => t('admin.ago.hour', { n }),
          day: (n: number) => t('admin.ago.day', { n }),
          week: (n: number) => t('admin.ago.week', { n }),
          month: (n: number) => t('admin.ago.month', { n }),
          year: (n: number) => t('admin.ago.year', { n }),
        },
        rounding: 'floor',
        units: UNITS,
      },
      now.value,
    );
  }

  return { relative, exact: formatInstant, now };
}
