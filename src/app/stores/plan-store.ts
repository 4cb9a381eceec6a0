import { useNow } from '@vueuse/core';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { computePlan, planTabs, type Member, type PlanItem, type PlanTabs } from '../../domain';
import { useLiveQuery } from '../composables/useLiveQuery';
import { todayInShanghai } from '../format/dates';
import { planRecords, type PlanRecords } from '../repositories/plan-repository';
import { useSessionStore } from './session-store';
import { useSyncStore } from './sync-store';

const EMPTY_TABS: PlanTabs = { today: [], week: [], overdue: [], settled: [] };

/**
 * The worker's plan (docs/DOMAIN.md §4), computed on the device by the domain's computePlan from what IndexedDB
 * holds, and kept live: a visit, an event or a closed follow-up written here (or pulled) changes the plan at
 * once, offline. One store, so the plan page, the roster's counts and the member page share one computation.
 * Only a worker has a plan; other roles read nothing here.
 */
export const usePlanStore = defineStore('plan', () => {
  const session = useSessionStore();
  const isWorker = computed(() => session.user?.role === 'worker');

  const sync = useSyncStore();
  /**
   * A pull of many pages (a first sync, a replay) writes page after page: the plan waits for its end rather than
   * reading every store again after each page. Until then the last plan stays on screen.
   */
  const bigPull = computed(() => sync.progress !== null && sync.progress.total > sync.progress.received);

  const live = useLiveQuery(
    async (): Promise<{ worker: boolean; records: PlanRecords | null; waiting: boolean }> => {
      const worker = isWorker.value;
      if (worker && bigPull.value) return { worker, records: null, waiting: true };
      return { worker, records: worker ? await planRecords() : null, waiting: false };
    },
    () => [isWorker.value, bigPull.value],
  );
  let lastRecords: PlanRecords | null = null;
  const records = computed(() => {
    const answer = live.value;
    if (answer?.worker !== isWorker.value || !isWorker.value) return (lastRecords = null);
    if (answer.waiting) return lastRecords;
    return (lastRecords = answer.records);
  });

  // The day turns at midnight in Beijing while the app stays open: the plan follows.
  const now = useNow({ interval: 60_000 });
  const today = computed(() => todayInShanghai(now.value));

  const items = computed<PlanItem[]>(() => {
    const data = records.value;
    if (data === null) return [];
    return computePlan({ today: today.value, ...data });
  });

  const membersById = computed(() => new Map<string, Member>((records.value?.members ?? []).map((m) => [m.id, m])));
  const tabs = computed<PlanTabs>(() => (records.value === null ? EMPTY_TABS : planTabs(items.value, today.value, records.value.members)));
  const counts = computed(() => ({ today: tabs.value.today.length, week: tabs.value.week.length, overdue: tabs.value.overdue.length }));

  /** Each member's items (open and recently settled), for the member page and the roster rows. */
  const byMember = computed(() => {
    const map = new Map<string, PlanItem[]>();
    for (const item of items.value) {
      const list = map.get(item.memberId);
      if (list) list.push(item);
      else map.set(item.memberId, [item]);
    }
    return map;
  });

  return {
    loaded: computed(() => records.value !== null),
    isWorker,
    today,
    items,
    tabs,
    counts,
    membersById,
    itemsOf: (memberId: string): PlanItem[] => byMember.value.get(memberId) ?? [],
  };
});
