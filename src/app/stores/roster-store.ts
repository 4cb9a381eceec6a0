import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Member, MemberStatus, Pairing, RiskFlag } from '../../domain';
import { useLiveQuery } from '../composables/useLiveQuery';
import { loadNameSearch, useNameSearch } from '../composables/useNameSearch';
import { todayInShanghai } from '../format/dates';
import { getMember, listMembers, listPairingsOf } from '../repositories/member-repository';
import { applyFilter, byWalkingOrder, groupByBuilding, toEntry, warmNameKeys, type RosterEntry } from './roster-filter';
import { useSessionEvents } from './session-events';
import { useSyncStore } from './sync-store';

/**
 * The roster as the device holds it, and the worker's search and filters over it. Members arrive through the
 * sync's pull like every record; the list follows IndexedDB live, so a pull, a reset or a logout shows at once.
 * Kept in the store rather than the page, so that coming back from a member keeps the list and its scroll.
 */
export const useRosterStore = defineStore('roster', () => {
  const sync = useSyncStore();
  const members = useLiveQuery(() => listMembers());

  const loaded = computed(() => members.value !== undefined);
  const entries = computed<RosterEntry[]>(() => {
    const today = todayInShanghai();
    return (members.value ?? []).map((member) => toEntry(member, today)).sort(byWalkingOrder);
  });

  const query = ref('');
  const riskFilter = ref<RiskFlag[]>([]);
  const statusFilter = ref<MemberStatus[]>([]);
  const nameSearch = useNameSearch(query);

  const visible = computed(() =>
    applyFilter(entries.value, { query: query.value, risks: riskFilter.value, statuses: statusFilter.value }, nameSearch.value),
  );
  const groups = computed(() => groupByBuilding(visible.value));
  const isFiltered = computed(
    () => query.value.trim() !== '' || riskFilter.value.length > 0 || statusFilter.value.length > 0,
  );

  /** A sync is bringing the roster (and everything else) up to date. */
  const downloading = computed(() => sync.phase === 'running');
  /** When the device last finished a sync: the roster is as current as that. */
  const syncedAt = computed(() => sync.lastSyncAt);
  /**
   * This user's first sync: the device has nothing yet and the pull is the whole scope, so its progress gets
   * the whole screen. Later pulls bring changes only, while the list stays on screen.
   */
  const isFirstDownload = computed(() => downloading.value && sync.neverSynced);
  /** The pull's progress, changes written of how many: {0, 0} until the first page is in. */
  const progress = computed(() => sync.progress ?? { received: 0, total: 0 });
  /** A pull of more than one page is under way (a first sync, a replay after the scope changed). */
  const bigPull = computed(() => sync.progress !== null && sync.progress.total > sync.progress.received);

  /**
   * The search box got focus: the pinyin search loads and every name's keys are worked out before the first
   * keystroke, a hundred names at a time so the page stays responsive — with a thousand members on a slow phone
   * the first keystroke would otherwise take longer than a frame (docs/DOMAIN.md §6, issue 14 §7).
   */
  async function prepareSearch(): Promise<void> {
    const search = await loadNameSearch();
    const names = entries.value.map((entry) => entry.member.name);
    for (let i = 0; i < names.length; i += 100) {
      warmNameKeys(names.slice(i, i + 100), search);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  }

  /** The roster comes with the sync: one path for members and records alike. */
  function refresh(): Promise<unknown> {
    return sync.syncNow();
  }

  async function findMember(id: string): Promise<Member | null> {
    return members.value?.find((member) => member.id === id) ?? (await getMember(id));
  }

  /** Read through Dexie only: fit for a live query. */
  function memberById(id: string): Promise<Member | null> {
    return getMember(id);
  }

  function pairingsOf(memberId: string): Promise<Pairing[]> {
    return listPairingsOf(memberId);
  }

  function toggleRisk(flag: RiskFlag): void {
    riskFilter.value = toggle(riskFilter.value, flag);
  }

  function toggleStatus(status: MemberStatus): void {
    statusFilter.value = toggle(statusFilter.value, status);
  }

  function clearFilters(): void {
    query.value = '';
    riskFilter.value = [];
    statusFilter.value = [];
  }

  // The next user of the device starts with a plain list (the members themselves leave with the device's data).
  useSessionEvents().onSessionEnd(() => clearFilters());

  return {
    entries,
    loaded,
    syncedAt,
    downloading,
    isFirstDownload,
    progress,
    bigPull,
    query,
    prepareSearch,
    riskFilter,
    statusFilter,
    visible,
    groups,
    isFiltered,
    refresh,
    findMember,
    memberById,
    pairingsOf,
    toggleRisk,
    toggleStatus,
    clearFilters,
  };
});

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
