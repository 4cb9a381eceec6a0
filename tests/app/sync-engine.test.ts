import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { PROTOCOL_HEADER, PUSH_BATCH_MAX, SYNC_PROTOCOL_VERSION, VISIT_TEMPLATES, type Change, type MutationEnvelope } from '../../src/domain';
import { ApiError } from '../../src/app/api/api-error';
import { db } from '../../src/app/db/database';
import { getLastSyncAt, getPullPosition } from '../../src/app/repositories/meta-repository';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { BACKOFF_CAP_MS } from '../../src/app/sync/backoff';
import { SyncEngine, type SyncEngineOptions } from '../../src/app/sync/sync-engine';
import { resetDevice } from './support/app-harness';
import { FakeClock } from './support/fake-clock';
import { apiError, json, notHandled, pullPosition, stubFetch, type StubRequest } from './support/fetch-stub';
import { loginResponse } from './support/fixtures';
import { makeConsent, makeVisit } from './support/records';

const TOKEN = loginResponse().token;

function engine(clock = new FakeClock(), extra: Partial<SyncEngineOptions> = {}) {
  return new SyncEngine({ getToken: () => TOKEN, clock, random: () => 0.5, locks: null, ...extra });
}

type PushAnswer = (mutation: MutationEnvelope) => 'applied' | 'duplicate' | 'rejected';

/** A server that answers every push per mutation and has nothing to pull. */
function server(answer: PushAnswer = () => 'applied', changes: Change[] = []) {
  return stubFetch((request) => {
    if (request.url.pathname === '/api/sync/push') {
      const body = request.body as { mutations: MutationEnvelope[] };
      const results = body.mutations.map((m, index) => {
        const status = answer(m);
        return status === 'rejected'
          ? { mutationId: m.id, index, status, code: 'VALIDATION_FAILED', message: '走访记录不完整' }
          : { mutationId: m.id, index, status };
      });
      return json(200, { results, lastSettledSeq: body.mutations.at(-1)!.seq });
    }
    if (request.url.pathname === '/api/forms') return json(200, { templates: [] });
    if (request.url.pathname === '/api/sync/pull') {
      const cursor = Number(request.url.searchParams.get('cursor'));
      return json(200, { changes: cursor === 0 ? changes : [], cursor: cursor === 0 ? changes.length : cursor, hasMore: false, remaining: 0, reset: false, scope: 'scope-1' });
    }
    return notHandled(request);
  });
}

const pushes = (calls: StubRequest[]) => calls.filter((c) => c.url.pathname === '/api/sync/push');

beforeEach(async () => {
  await resetDevice();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sync engine: push', () => {
  it('pushes in seq order with the protocol header and settles applied and duplicate entries', async () => {
    const visits = [makeVisit(1), makeVisit(2)];
    for (const visit of visits) await submitVisit(visit);
    const calls = server((m) => (m.seq % 2 === 0 ? 'duplicate' : 'applied'));

    expect(await engine().runNow()).toBe('synced');

    const [push] = pushes(calls);
    expect(push?.headers.get(PROTOCOL_HEADER)).toBe(String(SYNC_PROTOCOL_VERSION));
    expect(push?.headers.get('Authorization')).toBe(`Bearer ${TOKEN}`);
    const body = push?.body as { clientId: string; mutations: MutationEnvelope[] };
    expect(body.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.mutations.map((m) => (m.record as { id: string }).id)).toEqual(visits.map((v) => v.id));
    expect(body.mutations[0]!.seq).toBeLessThan(body.mutations[1]!.seq);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.visits.toArray()).map((row) => row.syncState)).toEqual(['confirmed', 'confirmed']);
    expect(await getLastSyncAt()).toBe('2026-03-02T02:00:00.000Z');
  });

  it('sets a rejected entry aside without holding back the ones behind it', async () => {
    const [bad, good] = [makeVisit(1), makeVisit(2)];
    await submitVisit(bad);
    await submitVisit(good);
    const calls = server((m) => ((m.record as { id: string }).id === bad.id ? 'rejected' : 'applied'));

    await engine().runNow();
    expect((await db.visits.get(good.id))?.syncState).toBe('confirmed');
    const rejected = await db.visits.get(bad.id);
    expect(rejected?.syncState).toBe('rejected');
    expect(rejected?.rejection).toEqual({ code: 'VALIDATION_FAILED', message: '走访记录不完整' });
    expect((await db.outbox.toArray()).map((e) => [e.recordId, e.state])).toEqual([[bad.id, 'rejected']]);

    // The next run does not send it again: it waits for the worker.
    await submitVisit(makeVisit(3));
    await engine().runNow();
    const second = pushes(calls)[1]?.body as { mutations: MutationEnvelope[] };
    expect(second.mutations.map((m) => (m.record as { id: string }).id)).toEqual([makeVisit(3).id]);
  });

  it('reports with its pull the client id it pushes with and what its outbox still holds', async () => {
    const [bad, good] = [makeVisit(1), makeVisit(2)];
    await submitVisit(bad);
    await submitVisit(good);
    const calls = server((m) => ((m.record as { id: string }).id === bad.id ? 'rejected' : 'applied'));

    await engine().runNow();
    const clientId = (pushes(calls)[0]?.body as { clientId: string }).clientId;
    const pull = calls.find((c) => c.url.pathname === '/api/sync/pull');
    // The rejected visit waits in the outbox for the worker: one record not on the server.
    expect(pull?.url.searchParams.get('clientId')).toBe(clientId);
    expect(pull?.url.searchParams.get('unsent')).toBe('1');
    // …made when its outbox entry was, and the app's version as the build put it in (package.json's).
    const waiting = await db.outbox.toArray();
    expect(pull?.url.searchParams.get('oldestPendingAt')).toBe(waiting[0]?.createdAt);
    expect(pull?.url.searchParams.get('appVersion')).toBe(packageJson.version);
  });

  it('sends at most PUSH_BATCH_MAX entries per request', async () => {
    for (let n = 1; n <= PUSH_BATCH_MAX + 5; n += 1) await submitVisit(makeVisit(n));
    const calls = server();
    await engine().runNow();
    expect(pushes(calls).map((c) => (c.body as { mutations: unknown[] }).mutations.length)).toEqual([PUSH_BATCH_MAX, 5]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('halves the batch when the server finds it too large', async () => {
    for (let n = 1; n <= 6; n += 1) await submitVisit(makeVisit(n));
    const calls = stubFetch((request) => {
      const body = request.body as { mutations?: unknown[] } | undefined;
      if (request.url.pathname === '/api/sync/push' && body!.mutations!.length > 3) return apiError('PAYLOAD_TOO_LARGE');
      return fetchFromServer(request);
    });
    expect(await engine().runNow()).toBe('synced');
    expect(pushes(calls).map((c) => (c.body as { mutations: unknown[] }).mutations.length)).toEqual([6, 3, 3]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('backs off with jitter on no signal and on 503, retries by itself and keeps the entry meanwhile', async () => {
    await submitVisit(makeVisit(1));
    const clock = new FakeClock();
    const failures: ('offline' | Response)[] = ['offline', apiError('INTERNAL'), new Response('busy', { status: 503 })];
    const calls = stubFetch((request) => failures.shift() ?? fetchFromServer(request));
    const sync = engine(clock, { random: () => 1 });

    expect(await sync.runNow()).toBe('retrying');
    expect(sync.current).toMatchObject({ phase: 'waiting', lastError: 'NETWORK', attempt: 1 });
    expect(clock.pending()).toEqual([4_000]);
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(['pending']);
    expect((await db.visits.toArray())[0]?.syncState).toBe('pending');

    // A new record while waiting does not cut the backoff short.
    sync.schedule(2_000);
    expect(clock.pending()).toEqual([4_000]);

    clock.advance(4_000);
    await vi.waitFor(() => expect(sync.current.attempt).toBe(2));
    expect(sync.current.lastError).toBe('INTERNAL');
    expect(clock.pending()).toEqual([8_000]);

    clock.advance(8_000);
    await vi.waitFor(() => expect(sync.current.attempt).toBe(3));
    expect(clock.pending()).toEqual([16_000]);

    clock.advance(16_000);
    await vi.waitFor(() => expect(sync.current.phase).toBe('idle'));
    expect(await db.outbox.count()).toBe(0);
    expect(pushes(calls)).toHaveLength(4);
  });

  it('never waits longer than the cap, and uses the random source for the whole range', async () => {
    const { backoffDelay } = await import('../../src/app/sync/backoff');
    expect(backoffDelay(40, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffDelay(40, () => 0)).toBe(0);
    expect(backoffDelay(1, () => 0.5)).toBe(2_000);
  });

  it('on 401 keeps the outbox untouched, stops and asks for the session to be renewed', async () => {
    await submitVisit(makeVisit(1));
    stubFetch(() => apiError('SESSION_EXPIRED'));
    const rejected: ApiError[] = [];
    const clock = new FakeClock();
    const sync = engine(clock, { onSessionRejected: (error) => void rejected.push(error) });

    expect(await sync.runNow()).toBe('login_required');
    expect(rejected.map((e) => e.code)).toEqual(['SESSION_EXPIRED']);
    expect((await db.outbox.toArray()).map((e) => [e.state, e.type])).toEqual([['pending', 'visit.submit']]);
    expect(clock.pending()).toEqual([]);
    sync.tick();
    expect(sync.current.phase).toBe('login_required');
  });

  it('on 426 stops for good with the outbox kept, until the app is updated', async () => {
    await submitVisit(makeVisit(1));
    const calls = stubFetch(() => json(426, { error: { code: 'CLIENT_OUTDATED', message: '请更新应用' } }));
    const clock = new FakeClock();
    const sync = engine(clock);
    expect(await sync.runNow()).toBe('outdated');
    expect(sync.current.phase).toBe('outdated');
    expect(await sync.runNow()).toBe('outdated');
    expect(calls).toHaveLength(1);
    expect(clock.pending()).toEqual([]);
    expect(await db.outbox.count()).toBe(1);
  });
});

/** Lets one test swap failure answers in front of the normal server. */
let fetchFromServer: (request: StubRequest) => Response;
beforeEach(() => {
  fetchFromServer = (request) => {
    if (request.url.pathname === '/api/sync/push') {
      const body = request.body as { mutations: MutationEnvelope[] };
      return json(200, {
        results: body.mutations.map((m, index) => ({ mutationId: m.id, index, status: 'applied' })),
        lastSettledSeq: body.mutations.at(-1)!.seq,
      });
    }
    if (request.url.pathname === '/api/forms') return json(200, { templates: [] });
    return json(200, { changes: [], cursor: 0, hasMore: false, remaining: 0, reset: false, scope: 'scope-1' });
  };
});

describe('sync engine: pull', () => {
  it('applies upserts and tombstones page by page and stores cursor and scope', async () => {
    const pulledVisit = makeVisit(10);
    const consent = makeConsent(1);
    const pages: Record<number, object> = {
      0: {
        changes: [
          { version: 1, entity: 'visit', id: pulledVisit.id, op: 'upsert', data: pulledVisit },
          { version: 2, entity: 'consent', id: consent.id, op: 'upsert', data: consent },
        ],
        cursor: 2,
        hasMore: true,
        remaining: 1,
        reset: false,
        scope: 'scope-1',
      },
      2: {
        changes: [{ version: 3, entity: 'visit', id: pulledVisit.id, op: 'delete', data: null }],
        cursor: 3,
        hasMore: false,
        remaining: 0,
        reset: false,
        scope: 'scope-1',
      },
    };
    const calls = stubFetch((request) =>
      request.url.pathname === '/api/forms' ? fetchFromServer(request) : json(200, pages[Number(request.url.searchParams.get('cursor'))]),
    );
    await engine().runNow();
    expect(calls.filter((c) => c.url.pathname === '/api/sync/pull').map(pullPosition)).toEqual(['?cursor=0&limit=1000', '?cursor=2&limit=1000&scope=scope-1']);
    expect(await db.visits.count()).toBe(0);
    expect((await db.consents.get(consent.id))?.syncState).toBe('confirmed');
    expect(await getPullPosition()).toEqual({ cursor: 3, scope: 'scope-1' });
  });

  it('within one page, the last change of a record wins', async () => {
    const deletedThenBack = makeVisit(20);
    const upsertedThenDeleted = makeVisit(21);
    stubFetch((request) =>
      request.url.pathname === '/api/forms'
        ? fetchFromServer(request)
        : json(200, {
            changes: [
              { version: 1, entity: 'visit', id: deletedThenBack.id, op: 'delete', data: null },
              { version: 2, entity: 'visit', id: upsertedThenDeleted.id, op: 'upsert', data: upsertedThenDeleted },
              { version: 3, entity: 'visit', id: deletedThenBack.id, op: 'upsert', data: deletedThenBack },
              { version: 4, entity: 'visit', id: upsertedThenDeleted.id, op: 'delete', data: null },
            ],
            cursor: 4,
            hasMore: false,
            remaining: 0,
            reset: false,
            scope: 'scope-1',
          }),
    );
    await engine().runNow();
    expect((await db.visits.toArray()).map((row) => row.id)).toEqual([deletedThenBack.id]);
  });

  it('never overwrites or deletes a record that still has an unsent entry', async () => {
    const mine = makeVisit(1, { notes: '本机' });
    await submitVisit(mine);
    await db.outbox.toCollection().modify({ state: 'rejected' });
    stubFetch((request) =>
      request.url.pathname === '/api/forms'
        ? fetchFromServer(request)
        : request.url.pathname === '/api/sync/pull'
        ? json(200, {
            changes: [{ version: 1, entity: 'visit', id: mine.id, op: 'upsert', data: { ...mine, notes: '服务器' } }],
            cursor: 1,
            hasMore: false,
            remaining: 0,
            reset: false,
            scope: 's',
          })
        : notHandled(request),
    );
    await engine().runNow();
    expect((await db.visits.get(mine.id))?.payload.notes).toBe('本机');
  });

  it('on reset drops pulled records except unsent ones and replays from the answer', async () => {
    const old = makeVisit(1);
    const mine = makeVisit(2);
    const fresh = makeVisit(3);
    await db.visits.put({ id: old.id, memberId: old.memberId, at: old.occurredAt, syncState: 'confirmed', rejection: null, payload: old });
    await submitVisit(mine);
    await db.outbox.toCollection().modify({ state: 'rejected' });
    await db.meta.bulkPut([
      { key: 'pullCursor', value: 40 },
      { key: 'scope', value: 'old-scope' },
    ]);
    const calls = stubFetch((request) =>
      request.url.pathname === '/api/forms' ? fetchFromServer(request) : json(200, {
        changes: [{ version: 1, entity: 'visit', id: fresh.id, op: 'upsert', data: fresh }],
        cursor: 1,
        hasMore: false,
        remaining: 0,
        reset: true,
        scope: 'new-scope',
      }),
    );
    await engine().runNow();
    expect(pullPosition(calls[0]!)).toBe('?cursor=40&limit=1000&scope=old-scope');
    expect((await db.visits.toArray()).map((row) => row.id).sort()).toEqual([mine.id, fresh.id].sort());
    expect(await getPullPosition()).toEqual({ cursor: 1, scope: 'new-scope' });
  });
});

describe('sync engine: a run with little to do', () => {
  it('with an empty outbox sends no push; its pull names the device (so the admin sees a phone that has not recorded yet); forms and sync time are stored', async () => {
    const templates = [{ ...VISIT_TEMPLATES[0]!, version: 3 }];
    const calls = stubFetch((request) => {
      if (request.url.pathname === '/api/forms') return json(200, { templates });
      if (request.url.pathname === '/api/sync/pull') return json(200, { changes: [], cursor: 0, hasMore: false, remaining: 0, reset: false, scope: 'scope-1' });
      return notHandled(request);
    });
    expect(await engine().runNow()).toBe('synced');
    expect(calls.map((c) => c.url.pathname)).toEqual(['/api/sync/pull', '/api/forms']);
    const clientId = (await db.meta.get('clientId'))?.value;
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[0]?.url.searchParams.get('clientId')).toBe(clientId);
    expect(calls[0]?.url.searchParams.get('unsent')).toBe('0');
    expect(calls[0]?.url.searchParams.has('oldestPendingAt')).toBe(false);
    expect(await db.forms.get(['regular', 3])).toBeDefined();
    expect(await getLastSyncAt()).not.toBeNull();
  });

  it('a failed write of the last page stores neither the forms nor the sync time', async () => {
    const visit = makeVisit(30);
    stubFetch((request) => {
      if (request.url.pathname === '/api/forms') return json(200, { templates: [{ ...VISIT_TEMPLATES[0]!, version: 4 }] });
      return json(200, { changes: [{ version: 1, entity: 'visit', id: visit.id, op: 'upsert', data: visit }], cursor: 1, hasMore: false, remaining: 0, reset: false, scope: 's' });
    });
    const failing = vi.spyOn(db.visits, 'bulkPut').mockRejectedValueOnce(new Error('disk full'));
    try {
      expect(await engine().runNow()).toBe('retrying');
    } finally {
      failing.mockRestore();
    }
    expect(await db.forms.get(['regular', 4])).toBeUndefined();
    expect(await getLastSyncAt()).toBeNull();
    expect(await getPullPosition()).toEqual({ cursor: 0, scope: null });
  });

  it('skips a pulled record whose data does not match its schema and applies the rest of the page', async () => {
    const good = makeVisit(31);
    stubFetch((request) => {
      if (request.url.pathname === '/api/forms') return json(200, { templates: [] });
      return json(200, {
        changes: [
          { version: 1, entity: 'visit', id: '7d7c8a46-0c2b-4d7e-9d43-5b0b8f3f0a11', op: 'upsert', data: { id: 'not a visit' } },
          { version: 2, entity: 'visit', id: good.id, op: 'upsert', data: good },
        ],
        cursor: 2,
        hasMore: false,
        remaining: 0,
        reset: false,
        scope: 's',
      });
    });
    expect(await engine().runNow()).toBe('synced');
    expect((await db.visits.toArray()).map((row) => row.id)).toEqual([good.id]);
    expect(await getPullPosition()).toEqual({ cursor: 2, scope: 's' });
  });
});

describe('sync engine: one at a time', () => {
  it('two engines never push at the same time', async () => {
    await submitVisit(makeVisit(1));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inFlight = 0;
    let maxInFlight = 0;
    const calls = stubFetch(async (request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (request.url.pathname === '/api/sync/push') await held;
      inFlight -= 1;
      return fetchFromServer(request);
    });
    const first = engine().runNow();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(await engine().runNow()).toBe('busy');
    release();
    expect(await first).toBe('synced');
    expect(pushes(calls)).toHaveLength(1);
    expect(maxInFlight).toBe(1);
  });

  it('caches the visit forms the server serves, keeping the built-in ones until then', async () => {
    const { currentTemplates } = await import('../../src/app/repositories/form-repository');
    expect((await currentTemplates()).map((t) => t.id)).toContain('regular');
    const regularV2 = { ...VISIT_TEMPLATES[0]!, version: 2 };
    stubFetch((request) => (request.url.pathname === '/api/forms' ? json(200, { templates: [VISIT_TEMPLATES[0], regularV2] }) : fetchFromServer(request)));
    await engine().runNow();
    const templates = await currentTemplates();
    expect(templates.map((t) => [t.id, t.version])).toEqual([['regular', 2]]);
  });

  it('uses the Web Locks API when the browser has it', async () => {
    const requested: string[] = [];
    let held = false;
    const locks = {
      async request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
        requested.push(`${name}:${options.ifAvailable}`);
        if (held) return callback(null);
        held = true;
        try {
          return await callback({ name });
        } finally {
          held = false;
        }
      },
    };
    stubFetch((request) => fetchFromServer(request));
    expect(await engine(new FakeClock(), { locks }).runNow()).toBe('synced');
    expect(requested).toEqual(['doorstep-sync:true']);
    held = true;
    expect(await engine(new FakeClock(), { locks }).runNow()).toBe('busy');
  });
});
