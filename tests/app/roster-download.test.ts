import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../src/app/api/api-error';
import { db } from '../../src/app/db/database';
import { getSyncState, listMembers, listPairingsOf } from '../../src/app/repositories/member-repository';
import { downloadRoster, type DownloadProgress } from '../../src/app/sync/roster-download';
import { json, notHandled, stubFetch } from './support/fetch-stub';
import {
  LI_JIANGUO,
  ROSTER,
  WALKING_ORDER,
  ZHANG_XIAOMING,
  loginResponse,
  makeMember,
  makeUser,
  pairingFor,
  rosterPages,
  uuid,
} from './support/fixtures';
import { resetDevice } from './support/app-harness';
import { seedRoster } from './support/seed';

const USER = makeUser();
const TOKEN = loginResponse(USER).token;

/** Serves the roster in pages by cursor, like the server; `fail` makes one cursor's request find no network. */
function serveRoster(pages: ReturnType<typeof rosterPages>, fail?: string | null) {
  return stubFetch((request) => {
    if (request.url.pathname !== '/api/roster') return notHandled(request);
    const cursor = request.url.searchParams.get('cursor');
    if (fail !== undefined && cursor === fail) return 'offline';
    const page = pages.get(cursor);
    return page ? json(200, page) : notHandled(request);
  });
}

beforeEach(resetDevice);
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('downloadRoster', () => {
  it('fetches every page with the token, reports progress and stores the whole scope in walking order', async () => {
    const pairings = [pairingFor(ZHANG_XIAOMING, USER.id), pairingFor(LI_JIANGUO, USER.id, 'backup')];
    const calls = serveRoster(rosterPages(ROSTER, 3, pairings));
    const progress: DownloadProgress[] = [];

    const result = await downloadRoster({
      token: TOKEN,
      ownerUserId: USER.id,
      pageSize: 3,
      onProgress: (p) => progress.push({ ...p }),
    });

    expect(progress).toEqual([
      { received: 3, total: 7 },
      { received: 6, total: 7 },
      { received: 7, total: 7 },
    ]);
    expect(calls.map((c) => c.url.search)).toEqual([
      '?limit=3',
      `?limit=3&cursor=${uuid(3)}`,
      `?limit=3&cursor=${uuid(6)}`,
    ]);
    expect(calls.every((c) => c.headers.get('Authorization') === `Bearer ${TOKEN}`)).toBe(true);

    expect((await listMembers()).map((m) => m.name)).toEqual(WALKING_ORDER);
    expect(await listPairingsOf(LI_JIANGUO.id)).toEqual([pairings[1]]);
    expect(result.total).toBe(7);
    expect(await getSyncState()).toEqual({ ownerUserId: USER.id, syncedAt: result.syncedAt, total: 7 });
    expect(await db.stagedMembers.count()).toBe(0);
  });

  it('indexes only ids, dates, status and walking order; personal fields stay inside the payload', async () => {
    serveRoster(rosterPages([ZHANG_XIAOMING], 10));
    await downloadRoster({ token: TOKEN, ownerUserId: USER.id });

    const indexed = db.members.schema.indexes.map((index) => index.name).sort();
    expect([db.members.schema.primKey.name, ...indexed]).toEqual(['id', 'branchId', 'status', 'walkKey']);
    const row = await db.members.get(ZHANG_XIAOMING.id);
    expect(Object.keys(row ?? {}).sort()).toEqual(['birthDate', 'branchId', 'id', 'payload', 'status', 'updatedAt', 'walkKey']);
    expect(row?.payload).toEqual(ZHANG_XIAOMING);
  });

  it('replaces the previous roster entirely', async () => {
    const gone = makeMember({ id: uuid(900), name: '周已调走' });
    const renamed = makeMember({ id: LI_JIANGUO.id, name: '李旧名' });
    await seedRoster([gone, renamed]);
    serveRoster(rosterPages(ROSTER, 4));

    await downloadRoster({ token: TOKEN, ownerUserId: USER.id, pageSize: 4 });

    const names = (await listMembers()).map((m) => m.name);
    expect(names).toEqual(WALKING_ORDER);
    expect(names).not.toContain('周已调走');
    expect(names).not.toContain('李旧名');
  });

  it('leaves the previous roster untouched when the network drops halfway', async () => {
    const previous = [makeMember({ id: uuid(900), name: '周老' }), makeMember({ id: uuid(901), name: '吴老' })];
    await seedRoster(previous);
    const before = await getSyncState();
    const progress: DownloadProgress[] = [];
    serveRoster(rosterPages(ROSTER, 3), uuid(3));

    await expect(
      downloadRoster({ token: TOKEN, ownerUserId: USER.id, pageSize: 3, onProgress: (p) => progress.push(p) }),
    ).rejects.toBeInstanceOf(NetworkError);

    expect(progress).toEqual([{ received: 3, total: 7 }]);
    expect((await listMembers()).map((m) => m.name).sort()).toEqual(['吴老', '周老']);
    expect(await getSyncState()).toEqual(before);

    // The next attempt starts over and does not keep the half download's pages around.
    serveRoster(rosterPages(ROSTER.slice(0, 2), 3));
    await downloadRoster({ token: TOKEN, ownerUserId: USER.id, pageSize: 3 });
    expect((await listMembers()).map((m) => m.name)).toEqual(['李建国', '张晓明']);
  });

  it('writes nothing once aborted, so a logout cannot be undone by a download still in flight', async () => {
    await seedRoster([LI_JIANGUO]);
    const controller = new AbortController();
    serveRoster(rosterPages(ROSTER, 3));

    await expect(
      downloadRoster({
        token: TOKEN,
        ownerUserId: USER.id,
        pageSize: 3,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).rejects.toThrow();

    expect((await listMembers()).map((m) => m.name)).toEqual(['李建国']);
  });

  it('stores an empty scope as an empty roster', async () => {
    await seedRoster([LI_JIANGUO]);
    serveRoster(rosterPages([], 10));
    const progress: DownloadProgress[] = [];
    await downloadRoster({ token: TOKEN, ownerUserId: USER.id, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ received: 0, total: 0 }]);
    expect(await listMembers()).toEqual([]);
    expect((await getSyncState())?.total).toBe(0);
  });

  it('rejects a page that does not match the shared schema and keeps the old roster', async () => {
    await seedRoster([LI_JIANGUO]);
    stubFetch(() => json(200, { members: [{ id: 'not-a-uuid' }], pairings: [], total: 1, nextCursor: null }));
    await expect(downloadRoster({ token: TOKEN, ownerUserId: USER.id })).rejects.toThrow(/Unexpected response/);
    expect((await listMembers()).map((m) => m.name)).toEqual(['李建国']);
  });
});
