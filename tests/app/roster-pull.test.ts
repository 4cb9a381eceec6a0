import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { listMembers, listPairingsOf } from '../../src/app/repositories/member-repository';
import { getPullPosition } from '../../src/app/repositories/meta-repository';
import { giveConsent, recordHealthNote } from '../../src/app/repositories/health-repository';
import { saveDraft, submitVisit } from '../../src/app/repositories/visit-repository';
import { useSessionStore } from '../../src/app/stores/session-store';
import { useSyncStore } from '../../src/app/stores/sync-store';
import { SyncEngine, type PullProgress } from '../../src/app/sync/sync-engine';
import { resetDevice } from './support/app-harness';
import { FakeClock } from './support/fake-clock';
import { json, noContent, notHandled, pullPosition, quietSync, stubFetch, type StubRequest } from './support/fetch-stub';
import {
  LI_JIANGUO,
  ROSTER,
  WALKING_ORDER,
  ZHANG_XIAOMING,
  loginResponse,
  makeMember,
  makeUser,
  pairingFor,
  pullPages,
  uuid,
} from './support/fixtures';
import { makeConsent, makeHealthNote, makePayment, makeVisit } from './support/records';
import { rosterChanges, seedRoster, seedSession } from './support/seed';

const USER = makeUser();
const TOKEN = loginResponse(USER).token;

function engine(onProgress?: (progress: PullProgress) => void) {
  return new SyncEngine({ getToken: () => TOKEN, clock: new FakeClock(), random: () => 0.5, locks: null, onProgress });
}

/** Serves the change log in pages by cursor, like the server; `answer` may replace a page's answer. */
function servePull(pages: ReturnType<typeof pullPages>, answer: (cursor: number) => Response | 'offline' | null = () => null) {
  return stubFetch((request: StubRequest) => {
    if (request.url.pathname !== '/api/sync/pull') return quietSync(request) ?? notHandled(request);
    const cursor = Number(request.url.searchParams.get('cursor'));
    const replaced = answer(cursor);
    if (replaced !== null) return replaced;
    const page = pages.get(cursor);
    return page ? json(200, page) : notHandled(request);
  });
}

const pullCalls = (calls: StubRequest[]) => calls.filter((c) => c.url.pathname === '/api/sync/pull');
const names = async () => (await listMembers()).map((m) => m.name);

beforeEach(resetDevice);
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the roster comes through the pull', () => {
  it('a first sync pulls every page from 0 with the token, reports progress and stores the whole scope in walking order', async () => {
    const pairings = [pairingFor(ZHANG_XIAOMING, USER.id), pairingFor(LI_JIANGUO, USER.id, 'backup')];
    const calls = servePull(pullPages(rosterChanges(ROSTER, pairings), 4));
    const progress: PullProgress[] = [];

    expect(await engine((p) => progress.push({ ...p })).runNow()).toBe('synced');

    // Received and total are the same count (changes written, of all in scope): 7 members and 2 pairings.
    expect(progress).toEqual([
      { received: 0, total: 0 },
      { received: 4, total: 9 },
      { received: 8, total: 9 },
      { received: 9, total: 9 },
    ]);
    expect(pullCalls(calls).map(pullPosition)).toEqual([
      '?cursor=0&limit=1000',
      '?cursor=4&limit=1000&scope=scope-1',
      '?cursor=8&limit=1000&scope=scope-1',
    ]);
    expect(calls.every((c) => c.headers.get('Authorization') === `Bearer ${TOKEN}`)).toBe(true);
    expect(await names()).toEqual(WALKING_ORDER);
    expect(await listPairingsOf(LI_JIANGUO.id)).toEqual([pairings[1]]);
    expect(await getPullPosition()).toEqual({ cursor: 9, scope: 'scope-1' });
  });

  it('indexes only the id and the branch; everything else of the row is sealed (seal-middleware.ts)', async () => {
    servePull(pullPages(rosterChanges([ZHANG_XIAOMING]), 10));
    await engine().runNow();

    const indexed = db.members.schema.indexes.map((index) => index.name).sort();
    expect([db.members.schema.primKey.name, ...indexed]).toEqual(['id', 'branchId']);
    const row = await db.members.get(ZHANG_XIAOMING.id);
    expect(Object.keys(row ?? {}).sort()).toEqual(['at', 'branchId', 'id', 'payload', 'rejection', 'status', 'syncState', 'updatedAt']);
    expect(row).toMatchObject({ at: ZHANG_XIAOMING.updatedAt, syncState: 'confirmed', rejection: null, payload: ZHANG_XIAOMING });
    expect(JSON.stringify({ ...row, payload: null })).not.toContain(ZHANG_XIAOMING.name);
  });

  it('a member edited on the server reaches the device on its next pull', async () => {
    await seedRoster(ROSTER);
    const moved = makeMember({ ...LI_JIANGUO, phone: '13911112222', status: 'away', away: { place: '北京', from: null, expectedReturn: null, phone: null }, updatedAt: '2026-03-01T00:00:00.000Z' });
    const { cursor } = await getPullPosition();
    servePull(new Map([[cursor, { changes: [{ version: cursor + 1, entity: 'member', id: moved.id, op: 'upsert', data: moved }], cursor: cursor + 1, hasMore: false, remaining: 0, reset: false, scope: 'seeded' }]]));

    expect(await engine().runNow()).toBe('synced');

    expect(await db.members.get(LI_JIANGUO.id)).toMatchObject({ status: 'away', updatedAt: moved.updatedAt, payload: moved });
    expect(await names()).toEqual(WALKING_ORDER);
  });

  it('a pairing ended: the reset replay removes the member and everything of theirs, except what waits in the outbox', async () => {
    const stays = ZHANG_XIAOMING;
    const leaves = LI_JIANGUO;
    await seedRoster([stays, leaves], [pairingFor(stays, USER.id), pairingFor(leaves, USER.id)]);
    const consent = makeConsent(1, leaves.id);
    const pulled: Change[] = [
      { version: 100, entity: 'visit', id: makeVisit(1, { memberId: leaves.id }).id, op: 'upsert', data: makeVisit(1, { memberId: leaves.id }) },
      { version: 101, entity: 'dues_payment', id: makePayment(1, { memberId: leaves.id }).id, op: 'upsert', data: makePayment(1, { memberId: leaves.id }) },
      { version: 102, entity: 'consent', id: consent.id, op: 'upsert', data: consent },
      { version: 103, entity: 'health_note', id: makeHealthNote(1, consent).id, op: 'upsert', data: makeHealthNote(1, consent) },
      { version: 104, entity: 'visit', id: makeVisit(2).id, op: 'upsert', data: makeVisit(2) },
    ];
    const seeded = await getPullPosition();
    servePull(new Map([[seeded.cursor, { changes: pulled, cursor: 104, hasMore: false, remaining: 0, reset: false, scope: 'seeded' }]]));
    expect(await engine().runNow()).toBe('synced');
    // Made here and not sent: a visit, and a health note under a consent given here.
    const unsentVisit = makeVisit(3, { memberId: leaves.id });
    await submitVisit(unsentVisit);
    const localConsent = makeConsent(2, leaves.id);
    await giveConsent(localConsent);
    await recordHealthNote(makeHealthNote(2, localConsent));
    // Refused, they wait in the outbox for the worker to fix or discard them (a push does not settle them).
    await db.outbox.toCollection().modify({ state: 'rejected' });
    await saveDraft(leaves.id, { templateId: 'regular' });
    await saveDraft(stays.id, { templateId: 'regular' });
    expect(await db.visits.count()).toBe(3);

    // The server's replay of the new scope: only the member still paired, and their records.
    const replay = [...rosterChanges([stays], [pairingFor(stays, USER.id)]), { version: 3, entity: 'visit' as const, id: makeVisit(2).id, op: 'upsert' as const, data: makeVisit(2) }];
    const { cursor } = await getPullPosition();
    const calls = servePull(new Map([[cursor, { changes: replay, cursor: 3, hasMore: false, remaining: 0, reset: true, scope: 'scope-2' }]]));
    expect(await engine().runNow()).toBe('synced');

    expect(pullPosition(pullCalls(calls)[0]!)).toBe(`?cursor=${cursor}&limit=1000&scope=seeded`);
    expect(await names()).toEqual([stays.name]);
    expect(await db.pairings.toArray()).toEqual([expect.objectContaining({ memberId: stays.id })]);
    // Of the member who left, only what this device still has to send stays, with its outbox entries.
    expect((await db.visits.toArray()).map((row) => row.id).sort()).toEqual([makeVisit(2).id, unsentVisit.id].sort());
    expect(await db.duesPayments.count()).toBe(0);
    expect((await db.consents.toArray()).map((row) => row.id)).toEqual([localConsent.id]);
    expect((await db.healthNotes.toArray()).map((row) => row.id)).toEqual([makeHealthNote(2, localConsent).id]);
    expect(await db.outbox.count()).toBe(3);
    // The half-typed visit of the member who left goes; the other member's stays.
    expect((await db.visitDrafts.toArray()).map((row) => row.memberId)).toEqual([stays.id]);
    expect(await getPullPosition()).toEqual({ cursor: 3, scope: 'scope-2' });
  });

  it('nothing half-written: the network dropping between pages keeps the pages written with their cursor, and the next run goes on from there', async () => {
    let down = true;
    const progress: PullProgress[] = [];
    const calls = servePull(pullPages(rosterChanges(ROSTER), 3), (cursor) => (cursor === 6 && down ? 'offline' : null));

    expect(await engine((p) => progress.push({ ...p })).runNow()).toBe('retrying');
    expect(progress).toEqual([
      { received: 0, total: 0 },
      { received: 3, total: 7 },
      { received: 6, total: 7 },
    ]);
    // Whole pages only, each with the cursor it brought the device to.
    expect(await db.members.count()).toBe(6);
    expect(await getPullPosition()).toEqual({ cursor: 6, scope: 'scope-1' });
    expect(await db.meta.get('lastSyncAt')).toBeUndefined();

    down = false;
    progress.length = 0;
    expect(await engine((p) => progress.push({ ...p })).runNow()).toBe('synced');
    expect(pullCalls(calls).map((c) => Number(c.url.searchParams.get('cursor')))).toEqual([0, 3, 6, 6]);
    expect(progress.at(-1)).toEqual({ received: 1, total: 1 });
    expect(await names()).toEqual(WALKING_ORDER);
  });

  it('a page that does not match the shared schema is refused whole, and the roster on the device stays', async () => {
    await seedRoster([LI_JIANGUO]);
    const before = await getPullPosition();
    stubFetch((request) =>
      request.url.pathname === '/api/sync/pull'
        ? json(200, { changes: [{ version: 1, entity: 'member', id: 'not-a-uuid', op: 'upsert', data: {} }], cursor: 1, hasMore: false, remaining: 0, reset: true, scope: 's' })
        : (quietSync(request) ?? notHandled(request)),
    );
    expect(await engine().runNow()).toBe('retrying');
    expect(await names()).toEqual(['李建国']);
    expect(await getPullPosition()).toEqual(before);
  });

  it('a member whose data does not match is skipped, the rest of the page is stored', async () => {
    const good = makeMember({ id: uuid(900), name: '周老' });
    servePull(pullPages([{ version: 1, entity: 'member', id: uuid(901), op: 'upsert', data: { id: uuid(901), name: '' } }, ...rosterChanges([good], [], 1)], 10));
    expect(await engine().runNow()).toBe('synced');
    expect(await names()).toEqual(['周老']);
  });

  it('an empty scope is an empty roster', async () => {
    const progress: PullProgress[] = [];
    servePull(pullPages([], 10));
    expect(await engine((p) => progress.push({ ...p })).runNow()).toBe('synced');
    expect(progress).toEqual([
      { received: 0, total: 0 },
      { received: 0, total: 0 },
    ]);
    expect(await listMembers()).toEqual([]);
  });
});

describe('logout while the first sync is under way', () => {
  it('writes nothing more once logged out: a page still in flight does not bring members back', async () => {
    await seedSession(USER);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pages = pullPages(rosterChanges(ROSTER), 3);
    stubFetch(async (request) => {
      if (request.url.pathname === '/api/auth/logout') return noContent();
      if (request.url.pathname !== '/api/sync/pull') return quietSync(request) ?? notHandled(request);
      const cursor = Number(request.url.searchParams.get('cursor'));
      if (cursor > 0) await gate;
      return json(200, pages.get(cursor));
    });
    setActivePinia(createPinia());
    const session = useSessionStore();
    await session.restore();
    const sync = useSyncStore();
    sync.configure({ clock: new FakeClock(), random: () => 0.5, locks: null });
    const run = sync.syncNow();
    await vi.waitFor(() => expect(sync.progress).toEqual({ received: 3, total: 7 }));
    expect(await db.members.count()).toBe(3);

    expect(await session.logout()).toBe('logged_out');
    expect(sync.progress).toBeNull();
    release();
    await run;

    expect(await db.members.count()).toBe(0);
    expect(await db.meta.count()).toBe(0);
    expect(await db.session.count()).toBe(0);
  });
});
