import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppErrorCode } from '../api/api-error';
import { useLiveQuery } from '../composables/useLiveQuery';
import { getLastSyncAt } from '../repositories/meta-repository';
import { countUnsent, discardEntry, listRejected } from '../repositories/outbox-repository';
import type { PullProgress, SyncEngine, SyncEngineOptions, SyncPhase } from '../sync/sync-engine';
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

  let engine: Promise<SyncEngine> | null = null;
  /** The engine once made: stop() must act at once, not after a chunk has loaded. */
  let made: SyncEngine | null = null;
  let overrides: Partial<SyncEngineOptions> = {};

  /** Tests hand in a clock, a random source or a lock manager before the engine is made. */
  function configure(options: Partial<SyncEngineOptions>): void {
    overrides = options;
    engine = null;
    made = null;
  }

  /**
   * The engine and what it brings (the API client, zod and every record kind's schema) load after the first
   * screen, from their precached chunk: the roster shows from IndexedDB without them (issue 13's load budget).
   */
  function theEngine(): Promise<SyncEngine> {
    engine ??= import('../sync/sync-engine').then(({ SyncEngine }) => {
      made = makeEngine(SyncEngine);
      return made;
    });
    return engine;
  }

  function makeEngine(Engine: typeof SyncEngine): SyncEngine {
    const session = useSessionStore();
    const device = useDeviceStore();
    return new Engine({
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
      onWipe: (token) => session.wipe(token),
      onRequestOutcome: (error) => device.noteRequestOutcome(error),
      ...overrides,
    });
  }

  /** Counts stops: a run asked for before one, whose engine was still loading, does not start after it. */
  let stopped = 0;

  /** Runs now, or joins the run under way; an explicit trigger skips a backoff's wait. */
  function syncNow(): Promise<unknown> {
    const stops = stopped;
    return theEngine().then((e) => (stopped === stops ? e.runNow() : undefined));
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
    const stops = stopped;
    void theEngine().then((e) => {
      if (stopped === stops) e.tick();
    });
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
    stopped += 1;
    made?.stop();
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
