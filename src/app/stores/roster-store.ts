import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Member, MemberStatus, Pairing, RiskFlag } from '../../domain';
import { toAppErrorCode, type AppErrorCode } from '../api/api-error';
import { todayInShanghai } from '../format/dates';
import { getMember, getSyncState, listMembers, listPairingsOf } from '../repositories/member-repository';
import { downloadRoster, type DownloadProgress } from '../sync/roster-download';
import { applyFilter, byWalkingOrder, groupByBuilding, toEntry, type RosterEntry } from './roster-filter';
import { useDeviceStore } from './device-store';
import { useSessionStore } from './session-store';

export const useRosterStore = defineStore('roster', () => {
  /** Read from IndexedDB only; the network fills IndexedDB, never this list directly. */
  const entries = shallowRef<RosterEntry[]>([]);
  const loaded = ref(false);
  const syncedAt = ref<string | null>(null);

  const downloading = ref(false);
  const progress = ref<DownloadProgress>({ received: 0, total: 0 });
  const downloadError = ref<AppErrorCode | null>(null);

  const query = ref('');
  const riskFilter = ref<RiskFlag[]>([]);
  const statusFilter = ref<MemberStatus[]>([]);

  const visible = computed(() =>
    applyFilter(entries.value, { query: query.value, risks: riskFilter.value, statuses: statusFilter.value }),
  );
  const groups = computed(() => groupByBuilding(visible.value));
  const isFiltered = computed(
    () => query.value.trim() !== '' || riskFilter.value.length > 0 || statusFilter.value.length > 0,
  );
  /** The first download has nothing to show meanwhile, so it gets the full progress screen. */
  const isFirstDownload = computed(() => downloading.value && entries.value.length === 0);

  let loadSeq = 0;
  let download: Promise<void> | null = null;
  let cancel: AbortController | null = null;
  let refreshedThisLaunch = false;

  async function loadLocal(): Promise<void> {
    // Only the latest read may land: a slow read from before a download or a logout must not overwrite it.
    const seq = ++loadSeq;
    const [members, state] = await Promise.all([listMembers(), getSyncState()]);
    if (seq !== loadSeq) return;
    const today = todayInShanghai();
    entries.value = members.map((member) => toEntry(member, today)).sort(byWalkingOrder);
    syncedAt.value = state?.syncedAt ?? null;
    loaded.value = true;
  }

  /** Downloads the whole scope; concurrent callers share one download. */
  function refresh(): Promise<void> {
    if (download !== null) return download;
    const session = useSessionStore();
    const device = useDeviceStore();
    const token = session.token;
    const user = session.user;
    if (token === null || user === null) return Promise.resolve();

    const controller = new AbortController();
    cancel = controller;
    downloading.value = true;
    downloadError.value = null;
    progress.value = { received: 0, total: 0 };

    const running = (async () => {
      try {
        await downloadRoster({
          token,
          ownerUserId: user.id,
          signal: controller.signal,
          onProgress: (next) => {
            if (!controller.signal.aborted) progress.value = next;
          },
        });
        if (controller.signal.aborted) return;
        device.noteRequestOutcome();
        refreshedThisLaunch = true;
        await loadLocal();
      } catch (error) {
        if (controller.signal.aborted) return;
        device.noteRequestOutcome(error);
        if (!(await session.handleRejection(error))) downloadError.value = toAppErrorCode(error);
      } finally {
        // A reset may already have replaced this download with a newer one; leave that one alone.
        if (cancel === controller) {
          cancel = null;
          download = null;
          downloading.value = false;
        }
      }
    })();
    download = running;
    return running;
  }

  /** Shows what the device has at once, then updates in the background once per launch when there is a network. */
  async function open(online: boolean): Promise<void> {
    // Only downloads change the stored roster and they reload it themselves; coming back from a member's page
    // keeps the list (and its scroll position) as it was.
    if (!loaded.value) await loadLocal();
    if (online && !refreshedThisLaunch && !downloading.value) void refresh();
  }

  /** A new login deserves a fresh download even if this launch already did one for the previous session. */
  function markStale(): void {
    refreshedThisLaunch = false;
  }

  async function findMember(id: string): Promise<Member | null> {
    return entries.value.find((entry) => entry.member.id === id)?.member ?? (await getMember(id));
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

  /** Stops a running download before the device is cleared; see stagePage for why this is enough. */
  function reset(): void {
    cancel?.abort();
    cancel = null;
    download = null;
    downloading.value = false;
    loadSeq += 1;
    entries.value = [];
    loaded.value = false;
    syncedAt.value = null;
    downloadError.value = null;
    progress.value = { received: 0, total: 0 };
    refreshedThisLaunch = false;
    clearFilters();
  }

  return {
    entries,
    loaded,
    syncedAt,
    downloading,
    progress,
    downloadError,
    query,
    riskFilter,
    statusFilter,
    visible,
    groups,
    isFiltered,
    isFirstDownload,
    loadLocal,
    refresh,
    open,
    markStale,
    findMember,
    pairingsOf,
    toggleRisk,
    toggleStatus,
    clearFilters,
    reset,
  };
});

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
