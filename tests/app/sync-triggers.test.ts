import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, type EffectScope } from 'vue';
import { PERIODIC_MS, PROBE_MS, WRITE_DELAY_MS, useSyncSchedule, type SyncScheduleOptions } from '../../src/app/composables/useSyncSchedule';
import { db } from '../../src/app/db/database';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { useDeviceStore } from '../../src/app/stores/device-store';
import { useSessionStore } from '../../src/app/stores/session-store';
import { useSyncStore } from '../../src/app/stores/sync-store';
import { resetDevice } from './support/app-harness';
import { FakeClock } from './support/fake-clock';
import { json, notHandled, quietSync, stubFetch, type StubRequest } from './support/fetch-stub';
import { meResponse } from './support/fixtures';
import { makeVisit } from './support/records';
import { seedSession } from './support/seed';

let online = false;
function serve(): StubRequest[] {
  return stubFetch((request) => {
    if (!online) return 'offline';
    if (request.url.pathname === '/api/me') return json(200, meResponse());
    return quietSync(request) ?? notHandled(request);
  });
}

const count = (calls: StubRequest[], path: string) => calls.filter((c) => c.url.pathname === path).length;
const pushes = (calls: StubRequest[]) => count(calls, '/api/sync/push');
const pulls = (calls: StubRequest[]) => count(calls, '/api/sync/pull');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let scope: EffectScope | null = null;
let clock: FakeClock;

/** The app's stores and the schedule, as App.vue starts them, with short delays where the test waits for them. */
async function startSchedule(options: SyncScheduleOptions = {}) {
  setActivePinia(createPinia());
  clock = new FakeClock();
  const sync = useSyncStore();
  sync.configure({ clock, random: () => 0.5, locks: null });
  await useSessionStore().restore();
  scope = effectScope();
  scope.run(() => useSyncSchedule({ writeDelayMs: 150, periodicMs: 60_000, probeMs: 60_000, ...options }));
  return sync;
}

/** A record written by a store: saved with its outbox entry, then the sync store told. */
async function write(n: number): Promise<void> {
  await submitVisit(makeVisit(n));
  await useSyncStore().noteWrite();
}

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  online = true;
});
afterEach(async () => {
  // A run still under way holds the one-tab sync lock: the next test's first run would find it busy.
  if (scope) await vi.waitFor(() => expect(useSyncStore().phase).not.toBe('running'));
  scope?.stop();
  scope = null;
  Reflect.deleteProperty(document, 'visibilityState');
  vi.unstubAllGlobals();
});

describe('when sync runs (useSyncSchedule)', () => {
  it('has the app’s delays: two seconds after a write, every minute, a probe every 15 s', () => {
    expect([WRITE_DELAY_MS, PERIODIC_MS, PROBE_MS]).toEqual([2_000, 60_000, 15_000]);
  });

  it('runs at start for a logged-in user, and sends a new record shortly after it was written, not at once', async () => {
    const calls = serve();
    const sync = await startSchedule();
    await vi.waitFor(() => expect(sync.lastSyncAt).not.toBeNull());
    expect(pulls(calls)).toBe(1);

    await write(1);
    await sleep(50);
    expect(pushes(calls)).toBe(0);
    await vi.waitFor(() => expect(pushes(calls)).toBe(1));
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0));
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends a burst of records together, after the last one', async () => {
    const calls = serve();
    const sync = await startSchedule({ writeDelayMs: 200 });
    await vi.waitFor(() => expect(sync.lastSyncAt).not.toBeNull());
    await write(1);
    await sleep(100);
    await write(2);
    await sleep(120);
    expect(pushes(calls)).toBe(0);
    await vi.waitFor(() => expect(pushes(calls)).toBe(1));
    const [push] = calls.filter((c) => c.url.pathname === '/api/sync/push');
    expect((push!.body as { mutations: unknown[] }).mutations).toHaveLength(2);
  });

  it('does not cut a backoff short for a new record: the retry keeps its time', async () => {
    online = false;
    const calls = serve();
    const sync = await startSchedule();
    await vi.waitFor(() => expect(sync.phase).toBe('waiting'));
    const attempts = calls.length;
    const retry = clock.pending();
    expect(retry).toHaveLength(1);

    await write(1);
    await sleep(300);
    expect(calls.length).toBe(attempts);
    expect(clock.pending()).toEqual(retry);
  });

  it('tries again as soon as the link comes back, without waiting for the backoff', async () => {
    online = false;
    const calls = serve();
    await submitVisit(makeVisit(1));
    const sync = await startSchedule();
    await vi.waitFor(() => expect(sync.phase).toBe('waiting'));
    expect(sync.lastError).toBe('NETWORK');
    expect(clock.pending()).toHaveLength(1);

    online = true;
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0));
    await vi.waitFor(() => expect(sync.phase).toBe('idle'));
    expect(pushes(calls)).toBe(2);
    // The session is checked too: it tells whether the server answers.
    expect(count(calls, '/api/me')).toBeGreaterThanOrEqual(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('syncs when the app comes back to the front', async () => {
    const calls = serve();
    const sync = await startSchedule({ writeDelayMs: 60_000 });
    await vi.waitFor(() => expect(sync.lastSyncAt).not.toBeNull());
    await write(1);

    setVisibility('hidden');
    await sleep(20);
    expect(pushes(calls)).toBe(0);
    setVisibility('visible');
    await vi.waitFor(() => expect(pushes(calls)).toBe(1));
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0));
  });

  it('looks for the server’s news every so often', async () => {
    const calls = serve();
    const sync = await startSchedule({ periodicMs: 100 });
    await vi.waitFor(() => expect(sync.lastSyncAt).not.toBeNull());
    await vi.waitFor(() => expect(pulls(calls)).toBeGreaterThanOrEqual(3));
  });

  it('while the server is out of reach, checks the session now and then, and syncs at once when it answers again', async () => {
    online = false;
    const calls = serve();
    const sync = await startSchedule({ probeMs: 100 });
    await write(1);
    await vi.waitFor(() => expect(sync.phase).toBe('waiting'));
    expect(useDeviceStore().online).toBe(false);

    online = true;
    await vi.waitFor(() => expect(count(calls, '/api/me')).toBeGreaterThanOrEqual(1));
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0));
    expect(useDeviceStore().online).toBe(true);
    // The engine's own retry (the fake clock) never fired: the probe's answer brought the sync forward.
    expect(clock.pending()).toEqual([]);
  });

  it('syncs when the user logs in again after an expiry, and stops with the app', async () => {
    const calls = serve();
    const sync = await startSchedule();
    await vi.waitFor(() => expect(sync.lastSyncAt).not.toBeNull());
    const session = useSessionStore();
    const stored = session.session!;
    session.session = { ...stored, token: null };
    await write(1);
    await sleep(300);
    expect(pushes(calls)).toBe(0);

    session.session = stored;
    await vi.waitFor(() => expect(pushes(calls)).toBe(1));

    scope!.stop();
    await write(2);
    await sleep(300);
    expect(pushes(calls)).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });
});
