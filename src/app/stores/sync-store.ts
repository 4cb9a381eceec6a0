import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppErrorCode } from '../api/api-error';
import type { OutboxRow } from '../db/database';
import { getLastSyncAt } from '../repositories/meta-repository';
import { countUnsent, discardEntry, listRejected } from '../repositories/outbox-repository';
import { SyncEngine, type SyncEngineOptions, type SyncPhase } from '../sync/sync-engine';
import { useDeviceStore } from './device-store';
import { useSessionStore } from './session-store';

/** A burst of taps (visit, then a payment) goes out together shortly after the last one. */
export const WRITE_DELAY_MS = 2_000;
export const PERIODIC_MS = 60_000;

export const useSyncStore = defineStore('sync', () => {
  const phase = ref<SyncPhase>('idle');
  const lastError = ref<AppErrorCode | null>(null);
  const pendingCount = ref(0);
  const rejected = shallowRef<OutboxRow[]>([]);
  const lastSyncAt = ref<string | null>(null);
  /** Bumped after every write or sync, so pages showing records know to read them again. */
  const revision = ref(0);

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
      onSettled: () => void refresh(),
      onSessionRejected: (error) => session.handleRejection(error),
      onRequestOutcome: (error) => device.noteRequestOutcome(error),
      ...overrides,
    });
    return engine;
  }

  async function refresh(): Promise<void> {
    const [count, list, at] = await Promise.all([countUnsent(), listRejected(), getLastSyncAt()]);
    pendingCount.value = count;
    rejected.value = list;
    lastSyncAt.value = at;
    revision.value += 1;
  }

  function syncNow(): Promise<unknown> {
    return theEngine().runNow();
  }

  /** Called by the stores after each record they write. */
  async function noteWrite(): Promise<void> {
    await refresh();
    theEngine().schedule(WRITE_DELAY_MS);
  }

  async function discard(seq: number): Promise<void> {
    await discardEntry(seq);
    await refresh();
  }

  /**
   * Triggers: now, the link coming back, the app coming to the front, and every minute. Returns the way to
   * remove them again.
   */
  function start(): () => void {
    const onOnline = () => void syncNow();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void syncNow();
    };
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisible);
    const periodic = setInterval(() => theEngine().tick(), PERIODIC_MS);
    void refresh();
    void syncNow();
    return () => {
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(periodic);
    };
  }

  /** Logout: the running sync is abandoned so nothing lands on the device after it is cleared. */
  function stop(): void {
    engine?.stop();
    pendingCount.value = 0;
    rejected.value = [];
    lastSyncAt.value = null;
  }

  return { phase, lastError, pendingCount, rejected, lastSyncAt, revision, configure, refresh, syncNow, noteWrite, discard, start, stop };
});
