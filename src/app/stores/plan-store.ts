import { useNow } from '@vueuse/core';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { planTabs, type Member, type PlanItem, type PlanTabs } from '../../domain';
import { todayInShanghai } from '../format/dates';
import { PlanTracker } from './plan-tracker';
import { useSessionStore } from './session-store';
import { useSyncStore } from './sync-store';

/**
 * The worker's plan (docs/DOMAIN.md §4), computed on the device by the domain's computePlan from what IndexedDB
 * holds, and kept live: a visit, an event or a closed follow-up written here (or pulled, or in another tab)
 * changes the plan at once, offline. One store, so the plan page, the roster's counts and the member page share
 * one computation; PlanTracker reads only the rows that changed and recomputes only their members. Only a worker
 * has a plan; other roles read nothing here.
 */
export const usePlanStore = defineStore('plan', () => {
  const session = useSessionStore();
  const sync = useSyncStore();
  const isWorker = computed(() => session.user?.role === 'worker');

  // The day turns at midnight in Beijing while the app stays open: the plan follows.
  const now = useNow({ interval: 60_000 });
  const today = computed(() => todayInShanghai(now.value));

  /** Bumped by the tracker after each change: what the computed values below follow. */
  const version = shallowRef(0);
  const loaded = ref(false);
  const tracker = new PlanTracker(today.value, () => version.value++);

  watch(
    isWorker,
    (worker) => {
      loaded.value = false;
      if (!worker) return tracker.stop();
      void tracker.start().then(() => (loaded.value = isWorker.value));
    },
    { immediate: true },
  );
  watch(today, (day) => tracker.setToday(day));

  /**
   * A pull of many pages (a first sync, a replay) writes page after page, each a bulk write the tracker would read
   * in full: it waits for the pull's end instead. Until then the last plan stays on screen.
   */
  const bigPull = computed(() => sync.progress !== null && sync.progress.total > sync.progress.received);
  watch(bigPull, (big) => (big ? tracker.pause() : tracker.resume()), { immediate: true });

  const items = computed<PlanItem[]>(() => (version.value, tracker.items()));
  const members = computed<Member[]>(() => (version.value, tracker.memberList()));
  const membersById = computed(() => new Map(members.value.map((m) => [m.id, m])));
  const tabs = computed<PlanTabs>(() => planTabs(items.value, today.value, members.value));
  const counts = computed(() => ({ today: tabs.value.today.length, week: tabs.value.week.length, overdue: tabs.value.overdue.length }));

  /** Each member's items (open and recently settled), for the member page. */
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
    loaded: computed(() => loaded.value && isWorker.value),
    isWorker,
    today,
    items,
    tabs,
    counts,
    membersById,
    itemsOf: (memberId: string): PlanItem[] => byMember.value.get(memberId) ?? [],
  };
});
