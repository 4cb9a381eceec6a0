import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppErrorCode } from '../api/api-error';
import { useLiveQuery } from '../composables/useLiveQuery';
import { getLastSyncAt } from '../repositories/meta-repository';
import { countUnsent, discardEntry, listRejected } from '../repositories/outbox-repository';
import { SyncEngine, type PullProgress, type SyncEngineOptions, type SyncPhase } from '../sync/sync-engine';
import { useDeviceStore } from './device-store';
import { useSessionEvents } from './session-events';
import { useSessionStore } from './session-store';

/**
 * The sync engine and what it reports. When it runs is decided elsewhere (composables/useSyncSchedule.ts);
 * what the outbox holds is read live from IndexedDB, so every count on screen follows the device.
 */
export const useSyncStore = defineStore('sync', () => {
  const phase = ref<SyncPhase>('idle');
  const lastError = ref<AppErrorCode | null>(null);
  /** The pull of the run under way, once it has begun: changes written so far of how many; null otherwise. */
  const progress = shallowRef<PullProgress | null>(null);

  const outbox = useLiveQuery(async () => {
    const [unsent, rejected, lastSyncAt] = await Promise.all([countUnsent(), listRejected(), getLastSyncAt()]);
    return { unsent, rejected, lastSyncAt };
  });
  /** Every outbox entry, rejected ones included. */
  const pendingCount = computed(() => outbox.value?.unsent ?? 0);
  const rejected = computed(() => outbox.value?.rejected ?? []);
  const lastSyncAt = computed(() => outbox.value?.lastSyncAt ?? null);
  /** Known to have never finished a sync: this user's first pull is the whole scope. False until read. */
  const neverSynced = computed(() => outbox.value !== undefined && outbox.value.lastSyncAt === null);

  /** Bumped by every record written on this device: the schedule sends it shortly after. */
  const writes = ref(0);

  let engine: SyncEngine | null = null;
  let overrides: Partial<SyncEngineOptions> = {};

  /** Tests hand in a clock, a random source or a lock manager before the engine is made. */
  function configure(options: Partial<SyncEngineOptions>): void {
    overrides = options;
    engine = null;
  }

  function theEngine(): SyncEngine {
    if (engine !== null) return engine;
    const session = useSessionStore();
    const device = useDeviceStore();
    engine = new SyncEngine({
      getToken: () => session.token,
      onStatus: (status) => {
        phase.value = status.phase;
        lastError.value = status.lastError;
      },
      onProgress: (next) => {
        progress.value = next;
      },
      onSettled: () => {
        progress.value = null;
      },
      onSessionRejected: (error) => session.handleRejection(error),
      onRequestOutcome: (error) => device.noteRequestOutcome(error),
      ...overrides,
    });
    return engine;
  }

  /** Runs now, or joins the run under way; an explicit trigger skips a backoff's wait. */
  function syncNow(): Promise<unknown> {
    return theEngine().runNow();
  }

  /**
   * After a write: now, or once the run under way is over (it may have read the outbox before the write); never
   * sooner than a backoff in force — a new record does not make a dead server come back.
   */
  function syncSoon(): void {
    if (phase.value === 'waiting' || phase.value === 'outdated') return;
    if (phase.value === 'running') void syncNow().then(syncSoon);
    else void syncNow();
  }

  /** The periodic trigger: a no-op while a run or a retry is under way anyway. */
  function tick(): void {
    theEngine().tick();
  }

  /** Called by the stores after each record they write. */
  async function noteWrite(): Promise<void> {
    writes.value += 1;
  }

  /** Every page reading the record or its entry live follows without being told. */
  function discard(seq: number): Promise<void> {
    return discardEntry(seq);
  }

  /** Read now, not live: the logout asks just before it decides. */
  function unsentCount(): Promise<number> {
    return countUnsent();
  }

  /** Logout or app closed: the running sync is abandoned so nothing lands on the device after it is cleared. */
  function stop(): void {
    engine?.stop();
    progress.value = null;
  }

  useSessionEvents().onSessionEnd(() => stop());

  return {
    phase,
    lastError,
    progress,
    pendingCount,
    rejected,
    lastSyncAt,
    neverSynced,
    writes,
    configure,
    syncNow,
    syncSoon,
    tick,
    noteWrite,
    discard,
    unsentCount,
    stop,
  };
});
