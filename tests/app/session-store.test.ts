import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { getPullPosition } from '../../src/app/repositories/meta-repository';
import { useSessionStore } from '../../src/app/stores/session-store';
import { choosePin, lock, unlockWithPin } from '../../src/app/vault/vault';
import { resetDevice } from './support/app-harness';
import { apiError, json, noContent, notHandled, stubFetch, type StubRequest } from './support/fetch-stub';
import { LI_JIANGUO, ORGANISATIONS, ROSTER, loginResponse, makeUser, meResponse, pairingFor } from './support/fixtures';
import { seedRoster } from './support/seed';

const WORKER = makeUser();

/** A server that knows one password and one token per user. */
function serveAuth(user = WORKER): StubRequest[] {
  const login = loginResponse(user);
  return stubFetch((request) => {
    const { pathname } = request.url;
    if (pathname === '/api/auth/login') {
      const body = request.body as { username: string; password: string };
      return body.username === user.username && body.password === 'doorstep2026'
        ? json(200, login)
        : apiError('INVALID_CREDENTIALS');
    }
    const authorised = request.headers.get('Authorization') === `Bearer ${login.token}`;
    if (!authorised) return apiError('UNAUTHENTICATED');
    if (pathname === '/api/me') return json(200, meResponse(user));
    if (pathname === '/api/auth/logout') return noContent();
    return notHandled(request);
  });
}

/** A fresh app start: new stores reading the same IndexedDB. */
function relaunch() {
  setActivePinia(createPinia());
  return useSessionStore();
}

beforeEach(async () => {
  await resetDevice();
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('session store', () => {
  it('persists the session to IndexedDB at login and restores it at the next launch without the network', async () => {
    serveAuth();
    const result = await useSessionStore().login('worker1', 'doorstep2026');
    expect(result).toEqual({ ok: true });

    const row = await db.session.get('current');
    expect(row?.token).toBe(loginResponse().token);
    expect(row?.user).toEqual(WORKER);
    expect(row?.organisations).toEqual(ORGANISATIONS);

    stubFetch(() => 'offline');
    const session = relaunch();
    expect(session.isAuthenticated).toBe(false);
    await session.restore();
    expect(session.isAuthenticated).toBe(true);
    expect(session.user).toEqual(WORKER);
    expect(session.branchName(ORGANISATIONS[2]!.id)).toBe('光明社区离退休干部第一党支部');
  });

  it('returns the error code for a wrong password and stores nothing', async () => {
    serveAuth();
    const result = await useSessionStore().login('worker1', 'wrong-password');
    expect(result).toEqual({ ok: false, error: 'INVALID_CREDENTIALS' });
    expect(await db.session.count()).toBe(0);
  });

  it('returns NETWORK when there is no signal at login', async () => {
    stubFetch(() => 'offline');
    expect(await useSessionStore().login('worker1', 'doorstep2026')).toEqual({ ok: false, error: 'NETWORK' });
  });

  it('keeps the roster when the same user logs in again, and clears it for another user', async () => {
    await seedRoster(ROSTER, [pairingFor(LI_JIANGUO, WORKER.id)], WORKER.id);
    serveAuth();
    await useSessionStore().login('worker1', 'doorstep2026');
    expect(await db.members.count()).toBe(ROSTER.length);
    await useSessionStore().login('worker1', 'doorstep2026');
    expect(await db.members.count()).toBe(ROSTER.length);
    expect(await getPullPosition()).toEqual({ cursor: ROSTER.length + 1, scope: 'seeded' });

    const other = makeUser({ id: '00000000-0000-4000-8000-000000002002', username: 'worker2', displayName: '陈静' });
    serveAuth(other);
    const firstClientId = (await db.meta.get('clientId'))?.value;
    await relaunch().login('worker2', 'doorstep2026');
    expect(await db.members.count()).toBe(0);
    expect(await db.pairings.count()).toBe(0);
    // The new user's first sync starts from nothing: no cursor, no scope, no sync time, a new client id.
    expect(await getPullPosition()).toEqual({ cursor: 0, scope: null });
    expect((await db.meta.toArray()).map((row) => row.key)).toEqual(['clientId']);
    expect((await db.meta.get('clientId'))?.value).not.toBe(firstClientId);
    // And a new data key: the keyring is the new user's.
    expect((await db.keyring.get('current'))?.userId).toBe(other.id);
  });

  it('revalidates online and refreshes the profile', async () => {
    serveAuth();
    const session = useSessionStore();
    await session.login('worker1', 'doorstep2026');
    const renamed = { ...WORKER, displayName: '刘芳芳' };
    serveAuth(renamed);
    await session.revalidate();
    expect(session.user?.displayName).toBe('刘芳芳');
    expect((await db.session.get('current'))?.user.displayName).toBe('刘芳芳');
  });

  it('stays logged in when revalidation finds no network', async () => {
    serveAuth();
    const session = useSessionStore();
    await session.login('worker1', 'doorstep2026');
    stubFetch(() => 'offline');
    await session.revalidate();
    expect(session.isAuthenticated).toBe(true);
  });

  it.each(['SESSION_EXPIRED', 'UNAUTHENTICATED'] as const)(
    'on %s drops the token and the PIN’s hold on the data, but keeps the username and the roster (sealed)',
    async (code) => {
      serveAuth();
      const session = useSessionStore();
      await session.login('worker1', 'doorstep2026');
      await choosePin('480713');
      await seedRoster(ROSTER, [], WORKER.id);

      stubFetch(() => apiError(code));
      await session.revalidate();

      expect(session.isAuthenticated).toBe(false);
      expect(session.expired).toBe(true);
      expect(session.lastUsername).toBe('worker1');
      expect(await db.members.count()).toBe(ROSTER.length);

      const next = relaunch();
      await next.restore();
      expect(next.isAuthenticated).toBe(false);
      expect(next.lastUsername).toBe('worker1');
      // From the next lock on, only an online login opens the data: the PIN no longer does (issue 14 §3).
      lock();
      expect(await unlockWithPin('480713')).toEqual({ outcome: 'login_required', reason: 'no_pin' });
    },
  );

  it('logs out on the server, then deletes the session and the roster from the device', async () => {
    const calls = serveAuth();
    const session = useSessionStore();
    await session.login('worker1', 'doorstep2026');
    await seedRoster([LI_JIANGUO], [], WORKER.id);

    await session.logout();

    const logout = calls.find((c) => c.url.pathname === '/api/auth/logout');
    expect(logout?.method).toBe('POST');
    expect(logout?.headers.get('Authorization')).toBe(`Bearer ${loginResponse().token}`);
    expect(session.isAuthenticated).toBe(false);
    expect(session.lastUsername).toBe('');
    expect(await db.session.count()).toBe(0);
    expect(await db.members.count()).toBe(0);
    expect(await db.pairings.count()).toBe(0);
  });

  it('still clears the device when logging out without a network', async () => {
    serveAuth();
    const session = useSessionStore();
    await session.login('worker1', 'doorstep2026');
    await seedRoster([LI_JIANGUO], [], WORKER.id);
    stubFetch(() => 'offline');

    await session.logout();

    expect(await db.session.count()).toBe(0);
    expect(await db.members.count()).toBe(0);
  });
});
