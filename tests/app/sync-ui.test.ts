import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MutationEnvelope } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { settleRejected } from '../../src/app/repositories/outbox-repository';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { apiError, json, noContent, notHandled, stubFetch, type StubAnswer, type StubRequest } from './support/fetch-stub';
import { ROSTER, meResponse } from './support/fixtures';
import { makeVisit } from './support/records';
import { answerDialog, byTestId } from './support/dom';
import { seedRoster, seedSession } from './support/seed';

/** The server for a logged-in worker; `sync` answers the sync endpoints. */
function serve(sync: (request: StubRequest) => StubAnswer) {
  return stubFetch((request) => {
    const path = request.url.pathname;
    if (path === '/api/me') return json(200, meResponse());
    if (path === '/api/auth/logout') return noContent();
    if (path.startsWith('/api/sync/') || path === '/api/forms') return sync(request);
    return notHandled(request);
  });
}

function accept(request: StubRequest): StubAnswer {
  if (request.url.pathname === '/api/forms') return json(200, { templates: [] });
  if (request.url.pathname === '/api/sync/pull') return json(200, { changes: [], cursor: 0, hasMore: false, remaining: 0, reset: false, scope: 's' });
  const body = request.body as { mutations: MutationEnvelope[] };
  return json(200, {
    results: body.mutations.map((m, index) => ({ mutationId: m.id, index, status: 'applied' })),
    lastSettledSeq: body.mutations.at(-1)!.seq,
  });
}

async function openRoster(): Promise<MountedApp> {
  const app = await mountAt('/roster');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="roster-row"]')).toHaveLength(ROSTER.length));
  await vi.waitFor(() => expect(useRosterStore(app.pinia).downloading).toBe(false));
  return app;
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('sync bar', () => {
  it('shows what waits offline, then sends it on 立即同步 and shows the time of the sync', async () => {
    await submitVisit(makeVisit(1));
    let online = false;
    const calls = serve((request) => (online ? accept(request) : 'offline'));
    await openRoster();
    await vi.waitFor(() => expect(byTestId('sync-bar').dataset.pending).toBe('1'));
    expect(byTestId('sync-pending').textContent).toContain('1 条待发送');
    // The roster was seeded by a past sync: its time stands until a new one succeeds.
    expect(byTestId('sync-last').textContent).toContain('上次同步 2026-01-06 09:15');
    // No network is said calmly with what waits, not as a failure (issue 13).
    await vi.waitFor(() => expect(byTestId('sync-pending').textContent).toBe('离线 · 1 条待发送，联网后自动发送'));
    expect(document.querySelector('[data-testid="sync-error"]')).toBeNull();

    online = true;
    byTestId('sync-now').click();
    await vi.waitFor(() => expect(byTestId('sync-bar').dataset.pending).toBe('0'));
    await vi.waitFor(() => expect(byTestId('sync-pending').textContent).toContain('全部已发送'));
    await vi.waitFor(() => expect(byTestId('sync-last').textContent).not.toContain('2026-01-06 09:15'));
    expect(byTestId('sync-last').textContent).toMatch(/上次同步 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(calls.some((c) => c.url.pathname === '/api/sync/push')).toBe(true);
    expect((await db.visits.toArray())[0]?.syncState).toBe('confirmed');
  });

  it('lists a rejected entry with its reason and discards it only after confirmation', async () => {
    await submitVisit(makeVisit(1));
    const [entry] = await db.outbox.toArray();
    await settleRejected(entry!, { code: 'VALIDATION_FAILED', message: '走访人不在结对名单中' });
    serve(accept);
    await openRoster();
    await vi.waitFor(() => expect(byTestId('sync-rejected').textContent).toContain('1 条被拒绝，点此处理'));
    expect(byTestId('sync-bar').dataset).toMatchObject({ pending: '0', rejected: '1' });
    byTestId('sync-rejected').click();
    await vi.waitFor(() => expect(byTestId('rejected-list').textContent).toContain('走访人不在结对名单中'));
    expect(byTestId('rejected-list').textContent).toContain('走访记录');

    byTestId('rejected-discard').click();
    await answerDialog('不会再发送', 'cancel');
    expect(await db.outbox.count()).toBe(1);

    byTestId('rejected-discard').click();
    await answerDialog('不会再发送', 'confirm');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="sync-rejected"]')).toBeNull());
    expect(await db.outbox.count()).toBe(0);
    expect(await db.visits.count()).toBe(0);
  });

  it('on 401 keeps the outbox and sends the same user back to the login form', async () => {
    await submitVisit(makeVisit(1));
    serve(() => apiError('SESSION_EXPIRED'));
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'));
    expect(app.router.currentRoute.value.query.username).toBe('worker1');
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(['pending']);
    expect(await db.visits.count()).toBe(1);
  });

  it('on 426 stops and asks for the app to be updated, keeping the outbox', async () => {
    await submitVisit(makeVisit(1));
    serve(() => json(426, { error: { code: 'CLIENT_OUTDATED', message: '请更新应用' } }));
    await openRoster();
    await vi.waitFor(() => expect(byTestId('sync-error').textContent).toBe('请更新应用'));
    expect(byTestId('sync-now').hasAttribute('disabled')).toBe(true);
    expect(await db.outbox.count()).toBe(1);
  });
});
