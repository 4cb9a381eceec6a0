import { tryOnScopeDispose, useDocumentVisibility, useIntervalFn, useOnline, useTimeoutFn } from '@vueuse/core';
import { watch } from 'vue';
import { useDeviceStore } from '../stores/device-store';
import { useSessionStore } from '../stores/session-store';
import { useSyncStore } from '../stores/sync-store';

/** A burst of taps (a visit, then a payment) goes out together, shortly after the last one. */
export const WRITE_DELAY_MS = 2_000;
/** Nothing else happening: look for the server's news this often. */
export const PERIODIC_MS = 60_000;
/** While the server is out of reach but the device has a link, look again this often. */
export const PROBE_MS = 15_000;

export interface SyncScheduleOptions {
  writeDelayMs?: number;
  periodicMs?: number;
  probeMs?: number;
}

/**
 * When the app talks to the server — the one place that decides it (App.vue calls this once):
 * - at start and whenever a user becomes logged in (a login, or the same user again after an expiry);
 * - when the link comes back (and the session is checked, which also tells whether the server answers);
 * - when the app comes back to the front;
 * - when the server answers again after a failure, instead of waiting out the backoff;
 * - shortly after a record is written on this device (never sooner than a backoff in force);
 * - every minute (a no-op while a run or a retry is under way);
 * - every 15 s while the server is out of reach but the link is up: a session check, to notice it is back.
 * Everything stops with the component that called it; so does a sync run under way.
 */
export function useSyncSchedule(options: SyncScheduleOptions = {}): void {
  const session = useSessionStore();
  const sync = useSyncStore();
  const device = useDeviceStore();
  const linked = useOnline();
  const visibility = useDocumentVisibility();

  const run = (): void => {
    if (session.isAuthenticated) void sync.syncNow();
  };

  // The app's start: once the stored session is read (no network needed), sync and check it with the server.
  watch(
    () => session.restored,
    (restored) => {
      if (!restored || !session.isAuthenticated) return;
      run();
      if (device.online) void session.revalidate();
    },
    { immediate: true },
  );
  // Logged in, or logged in again after an expiry: what waited in the outbox goes now.
  watch(
    () => session.isAuthenticated,
    (authenticated) => {
      if (authenticated) run();
    },
  );

  watch(linked, (up) => {
    if (!up || !session.isAuthenticated) return;
    void session.revalidate();
    run();
  });

  watch(visibility, (state) => {
    if (state === 'visible') run();
  });

  // The probe or another request found the server again: the retry need not wait out its backoff.
  watch(
    () => device.online,
    (online) => {
      if (online && sync.phase === 'waiting') run();
    },
  );

  // Each write starts the delay again: the last of a burst decides.
  const afterWrite = useTimeoutFn(() => sync.syncSoon(), options.writeDelayMs ?? WRITE_DELAY_MS, { immediate: false });
  watch(
    () => sync.writes,
    () => afterWrite.start(),
  );

  useIntervalFn(() => {
    if (session.isAuthenticated) sync.tick();
  }, options.periodicMs ?? PERIODIC_MS);

  useIntervalFn(() => {
    if (session.isAuthenticated && device.browserOnline && !device.serverReachable) void session.revalidate();
  }, options.probeMs ?? PROBE_MS);

  tryOnScopeDispose(() => sync.stop());
}
