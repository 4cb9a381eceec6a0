import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MutationEnvelope } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { useSessionStore } from '../../src/app/stores/session-store';
import { WRITE_DELAY_MS, useSyncStore } from '../../src/app/stores/sync-store';
import { resetDevice } from './support/app-harness';
import { FakeClock } from './support/fake-clock';
import { json, stubFetch, type StubRequest } from './support/fetch-stub';
import { makeVisit } from './support/records';
import { seedSession } from './support/seed';

let online = false;
function serve(): StubRequest[] {
  return stubFetch((request) => {
    if (!online) return 'offline';
    if (request.url.pathname === '/api/forms') return json(200, { templates: [] });
    if (request.url.pathname === '/api/sync/pull') return json(200, { changes: [], cursor: 0, hasMore: false, reset: false, scope: 's' });
    const body = request.body as { mutations: MutationEnvelope[] };
    return json(200, {
      results: body.mutations.map((m, index) => ({ mutationId: m.id, index, status: 'applied' })),
      lastSettledSeq: body.mutations.at(-1)!.seq,
    });
  });
}

const pushes = (calls: StubRequest[]) => calls.filter((c) => c.url.pathname === '/api/sync/push').length;

async function syncStore(clock: FakeClock) {
  setActivePinia(createPinia());
  await useSessionStore().restore();
  const sync = useSyncStore();
  sync.configure({ clock, random: () => 0.5, locks: null });
  return sync;
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  online = true;
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sync triggers', () => {
  it('sends a new record about two seconds after it was written', async () => {
    const calls = serve();
    const clock = new FakeClock();
    const sync = await syncStore(clock);
    await submitVisit(makeVisit(1));
    await sync.noteWrite();
    expect(sync.pendingCount).toBe(1);
    expect(clock.pending()).toEqual([WRITE_DELAY_MS]);
    expect(pushes(calls)).toBe(0);

    clock.advance(WRITE_DELAY_MS);
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0));
    expect(pushes(calls)).toBe(1);
  });

  it('tries again as soon as the link comes back, without waiting for the backoff', async () => {
    online = false;
    const calls = serve();
    const clock = new FakeClock();
    const sync = await syncStore(clock);
    await submitVisit(makeVisit(1));
    const stop = sync.start();
    await vi.waitFor(() => expect(sync.phase).toBe('waiting'));
    expect(sync.lastError).toBe('NETWORK');

    online = true;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0));
    expect(sync.phase).toBe('idle');
    expect(pushes(calls)).toBe(2);
    expect(await db.outbox.count()).toBe(0);
    stop();
  });

  it('syncs when the app comes back to the front', async () => {
    const calls = serve();
    const clock = new FakeClock();
    const sync = await syncStore(clock);
    const stop = sync.start();
    await vi.waitFor(() => expect(sync.phase).toBe('idle'));
    await vi.waitFor(() => expect(sync.lastSyncAt).not.toBeNull());
    await submitVisit(makeVisit(1));

    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(pushes(calls)).toBe(1));
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0));
    stop();
  });
});
