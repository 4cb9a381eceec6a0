import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { getPullPosition } from '../../src/app/repositories/meta-repository';
import { SyncEngine } from '../../src/app/sync/sync-engine';
import { resetDevice } from './support/app-harness';
import { FakeClock } from './support/fake-clock';
import { apiError, json, notHandled, stubFetch, type StubAnswer, type StubRequest } from './support/fetch-stub';
import { loginResponse } from './support/fixtures';
import { makeConsent, makeVisit } from './support/records';

const TOKEN = loginResponse().token;
const PAGES = 8;

function engine() {
  return new SyncEngine({ getToken: () => TOKEN, clock: new FakeClock(), random: () => 0.5, locks: null });
}

/** Page k is asked from cursor k and brings visit k (version k + 1); `fail` answers a page instead of the server. */
function pagedServer(fail: (cursor: number) => StubAnswer | null = () => null) {
  const storedAtRequest: { asked: number; stored: number }[] = [];
  const calls = stubFetch(async (request: StubRequest) => {
    if (request.url.pathname === '/api/forms') return json(200, { templates: [] });
    if (request.url.pathname !== '/api/sync/pull') return notHandled(request);
    const cursor = Number(request.url.searchParams.get('cursor'));
    storedAtRequest.push({ asked: cursor, stored: (await getPullPosition()).cursor });
    const failure = fail(cursor);
    if (failure) return failure;
    const visit = makeVisit(cursor);
    return json(200, {
      changes: [{ version: cursor + 1, entity: 'visit', id: visit.id, op: 'upsert', data: visit }],
      cursor: cursor + 1,
      hasMore: cursor + 1 < PAGES,
      remaining: PAGES - cursor - 1,
      reset: false,
      scope: 'scope-1',
    });
  });
  const pulls = () => calls.filter((c) => c.url.pathname === '/api/sync/pull').map((c) => Number(c.url.searchParams.get('cursor')));
  return { calls, pulls, storedAtRequest };
}

beforeEach(async () => {
  await resetDevice();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sync engine: pages fetched ahead of the write', () => {
  it('asks for the next page before the previous one is written, at most three pages in hand, and writes them in order', async () => {
    const server = pagedServer();
    expect(await engine().runNow()).toBe('synced');
    expect(server.pulls()).toEqual([...Array(PAGES).keys()]);
    expect(await getPullPosition()).toEqual({ cursor: PAGES, scope: 'scope-1' });
    expect(await db.visits.count()).toBe(PAGES);
    // Page k may be asked for while k - 1 and k - 2 still wait to be written, never earlier.
    for (const { asked, stored } of server.storedAtRequest) expect(stored).toBeGreaterThanOrEqual(Math.max(0, asked - 2));
    expect(server.storedAtRequest.some(({ asked, stored }) => stored < asked)).toBe(true);
  });

  it('a page that fails ends the run after the pages before it are written, and the next run goes on from there', async () => {
    let down = true;
    const server = pagedServer((cursor) => (cursor === 5 && down ? apiError('INTERNAL') : null));
    expect(await engine().runNow()).toBe('retrying');
    // Nothing is asked after the failed page; everything before it is stored with its cursor.
    expect(server.pulls()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await getPullPosition()).toEqual({ cursor: 5, scope: 'scope-1' });
    expect(await db.visits.count()).toBe(5);

    down = false;
    expect(await engine().runNow()).toBe('synced');
    expect(server.pulls().slice(6)).toEqual([5, 6, 7]);
    expect(await db.visits.count()).toBe(PAGES);
  });

  it('a refused session on a later page stops the engine; the pages before it stay written', async () => {
    const server = pagedServer((cursor) => (cursor === 3 ? apiError('SESSION_EXPIRED') : null));
    expect(await engine().runNow()).toBe('login_required');
    expect(server.pulls()).toEqual([0, 1, 2, 3]);
    expect(server.calls.some((c) => c.url.pathname === '/api/forms')).toBe(false);
    expect(await getPullPosition()).toEqual({ cursor: 3, scope: 'scope-1' });
  });

  it('a page whose writes span several tables is written whole or not at all: one failing write leaves none of it', async () => {
    const consent = makeConsent(1);
    const page = (cursor: number) => ({
      changes: [
        { version: cursor + 1, entity: 'visit', id: makeVisit(cursor).id, op: 'upsert', data: makeVisit(cursor) },
        { version: cursor + 2, entity: 'consent', id: consent.id, op: 'upsert', data: consent },
      ],
      cursor: cursor + 2,
      hasMore: false,
      remaining: 0,
      reset: false,
      scope: 'scope-1',
    });
    stubFetch(async (request: StubRequest) => {
      if (request.url.pathname === '/api/forms') return json(200, { templates: [] });
      if (request.url.pathname !== '/api/sync/pull') return notHandled(request);
      return json(200, page(Number(request.url.searchParams.get('cursor'))));
    });
    // The consents' write fails after the visits' has been sent in the same transaction.
    const failing = vi.spyOn(db.consents, 'bulkPut').mockRejectedValueOnce(new Error('disk full'));
    expect(await engine().runNow()).toBe('retrying');
    expect(await db.visits.count()).toBe(0);
    expect(await getPullPosition()).toEqual({ cursor: 0, scope: null });

    failing.mockRestore();
    expect(await engine().runNow()).toBe('synced');
    expect(await db.visits.count()).toBe(1);
    expect(await db.consents.count()).toBe(1);
    expect(await getPullPosition()).toEqual({ cursor: 2, scope: 'scope-1' });
  });
});
