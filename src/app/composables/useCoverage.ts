import { computed, ref, shallowRef } from 'vue';
import { addMonths, isYearMonth, type Coverage, type CoverageDevice, type CoverageHistory, type NotVisitedList } from '../../domain';
import { getCoverage, getCoverageHistory, getNotVisited } from '../api/coverage-api';
import { currentMonthInShanghai } from '../format/dates';
import { useAdminRequest } from './useAdminRequest';
import { STALE_SYNC_DAYS } from './useAdminUsers';

/** The chart's length: the month shown and the eleven before it. */
export const HISTORY_MONTHS = 12;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * 月探访率 (docs/DOMAIN.md §9): members due and visited in person ÷ members due. The server counts `dueVisited` so
 * that a member visited without being due cannot lift the rate past 100 %. null when nobody was due.
 */
export function coverageRate(counts: { due: number; dueVisited: number }): number | null {
  return counts.due === 0 ? null : counts.dueVisited / counts.due;
}

/** 85 %, rounded down so that 99.6 % never shows as a 100 % not reached. */
export function percentText(rate: number | null, none: string): string {
  return rate === null ? none : `${Math.floor(rate * 100)}%`;
}

/** A device whose figures may be stale: never synced, or not for STALE_SYNC_DAYS (the users screen's rule too). */
export function deviceStale(device: Pick<CoverageDevice, 'lastSyncAt'>, now: number): boolean {
  return device.lastSyncAt === null || now - Date.parse(device.lastSyncAt) >= STALE_SYNC_DAYS * DAY_MS;
}

/**
 * The coverage of a month for the administrator's community or the secretary's branch (the server decides from
 * the session): the month's figures, the chart's twelve months and who was due and not visited. Online only: the
 * freshness of each worker's figure is what their devices told the server.
 */
export function useCoverage() {
  const request = useAdminRequest();
  const month = ref(currentMonthInShanghai());
  const coverage = shallowRef<Coverage | null>(null);
  const history = shallowRef<CoverageHistory | null>(null);
  const notVisited = shallowRef<NotVisitedList | null>(null);

  const canNext = computed(() => month.value < currentMonthInShanghai());
  const maxMonth = computed(() => currentMonthInShanghai());

  async function load(): Promise<boolean> {
    const asked = month.value;
    const result = await request.call((token) =>
      Promise.all([getCoverage(token, asked), getCoverageHistory(token, asked, HISTORY_MONTHS), getNotVisited(token, asked)]),
    );
    // A later month asked while this one was on its way wins.
    if (!result.ok || asked !== month.value) return false;
    [coverage.value, history.value, notVisited.value] = result.value;
    return true;
  }

  function setMonth(next: string): Promise<boolean> {
    if (!isYearMonth(next) || next > currentMonthInShanghai()) return Promise.resolve(false);
    month.value = next;
    return load();
  }

  function step(direction: 1 | -1): Promise<boolean> {
    return setMonth(addMonths(month.value, direction));
  }

  const workerName = (id: string | null) => (id === null ? null : (coverage.value?.workers.find((w) => w.workerId === id)?.name ?? null));
  const branchName = (id: string | null) => (id === null ? null : (coverage.value?.branches.find((b) => b.branchId === id)?.name ?? null));

  return { ...request, month, maxMonth, canNext, coverage, history, notVisited, load, setMonth, step, workerName, branchName };
}
