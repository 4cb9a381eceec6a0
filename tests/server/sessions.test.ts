import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionList } from '../../src/domain';
import { hashToken } from '../../src/server/services/sessions';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

/** Sessions listed and ended by their user and their administrator; the idle limit; one's own password (issue 14 §6). */
describe.each(backends)('sessions and passwords, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend, { sessionIdleMinutes: 30 });
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const loginFrom = async (username: string, password: string, remoteAddress: string, userAgent: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'user-agent': userAgent }, payload: { username, password } });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { token: string }).token;
  };
  const call = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
  const me = (token: string) => app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
  const sessionsOf = async (token: string, url = '/api/me/sessions') => {
    const response = await call(token, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    return SessionList.parse(response.json()).sessions;
  };

  it('lists a user’s own sessions with when, which device and from where — the current one marked, no token', async () => {
    const phone = await loginFrom('worker1', FIXTURE_PASSWORD, '10.20.0.1', 'Mozilla/5.0 (Linux; Android 14) 银龄上门手机');
    const tablet = await loginFrom('worker1', FIXTURE_PASSWORD, '10.20.0.2', 'Mozilla/5.0 (iPad; CPU OS 17_0)');
    const response = await call(tablet, 'GET', '/api/me/sessions');
    const sessions = SessionList.parse(response.json()).sessions;
    expect(sessions.map((s) => [s.userAgent, s.address, s.current]).sort()).toEqual([
      ['Mozilla/5.0 (Linux; Android 14) 银龄上门手机', '10.20.0.1', false],
      ['Mozilla/5.0 (iPad; CPU OS 17_0)', '10.20.0.2', true],
    ]);
    for (const s of sessions) expect(s.createdAt <= s.lastUsedAt && s.lastUsedAt < s.expiresAt).toBe(true);
    expect(response.body).not.toContain(phone);
    expect(response.body).not.toContain(hashToken(phone));
    // Another user's sessions are not in the list.
    await loginFrom('worker2', FIXTURE_PASSWORD, '10.20.0.3', 'Other');
    expect(await sessionsOf(phone)).toHaveLength(2);
  });

  it('lets a user end any of their sessions, and only theirs', async () => {
    const lost = await loginFrom('worker2', FIXTURE_PASSWORD, '10.21.0.1', 'lost phone');
    const kept = await loginFrom('worker2', FIXTURE_PASSWORD, '10.21.0.2', 'kept phone');
    const lostId = (await sessionsOf(kept)).find((s) => s.userAgent === 'lost phone')!.id;
    const someoneElse = await loginFrom('worker1', FIXTURE_PASSWORD, '10.21.0.3', 'worker1 phone');
    const theirs = await call(someoneElse, 'DELETE', `/api/me/sessions/${lostId}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).toBe((await call(someoneElse, 'DELETE', `/api/me/sessions/${randomUUID()}`)).body);
    expect((await me(lost)).statusCode).toBe(200);

    expect((await call(kept, 'DELETE', `/api/me/sessions/${lostId}`)).statusCode).toBe(204);
    expect((await me(lost)).json().error.code).toBe('UNAUTHENTICATED');
    expect((await me(kept)).statusCode).toBe(200);
    expect((await call(kept, 'DELETE', '/api/me/sessions/not-an-id')).statusCode).toBe(400);
  });

  it('lets an administrator list and end the sessions of their community’s users, never another community’s', async () => {
    const admin1 = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
    const admin2 = await loginAs(app, 'admin2', FIXTURE_PASSWORD);
    const secretary = await loginFrom('secretary1', FIXTURE_PASSWORD, '10.22.0.1', 'secretary tablet');
    const url = `/api/admin/users/${fx.users.secretary1.id}/sessions`;
    const listed = await sessionsOf(admin1, url);
    expect(listed.map((s) => [s.userAgent, s.address, s.current])).toEqual([['secretary tablet', '10.22.0.1', false]]);

    const across = await call(admin2, 'GET', url);
    expect(across.statusCode).toBe(404);
    expect(across.body).toBe((await call(admin2, 'GET', `/api/admin/users/${randomUUID()}/sessions`)).body);
    expect((await call(admin2, 'DELETE', `${url}/${listed[0]!.id}`)).statusCode).toBe(404);
    expect((await call(secretary, 'GET', url)).statusCode).toBe(403);
    expect((await me(secretary)).statusCode).toBe(200);

    // A session id of another user of the community, named under this user, is not found either.
    const worker = await loginFrom('worker1', FIXTURE_PASSWORD, '10.22.0.2', 'worker phone');
    const workerSession = (await sessionsOf(worker)).find((s) => s.current)!.id;
    expect((await call(admin1, 'DELETE', `${url}/${workerSession}`)).statusCode).toBe(404);
    expect((await me(worker)).statusCode).toBe(200);

    expect((await call(admin1, 'DELETE', `${url}/${listed[0]!.id}`)).statusCode).toBe(204);
    expect((await me(secretary)).statusCode).toBe(401);
    // The admin's own list marks the session they are using.
    expect((await sessionsOf(admin1, `/api/admin/users/${fx.users.admin1.id}/sessions`)).filter((s) => s.current)).toHaveLength(1);
  });

  it('ends a secretary’s or administrator’s session left unused past the idle limit; a worker’s lives on', async () => {
    const db = backend.storage.db;
    const unusedFor = (token: string, minutes: number) =>
      db.updateTable('sessions').set({ last_used_at: new Date(Date.now() - minutes * 60_000).toISOString() }).where('token_hash', '=', hashToken(token)).execute();
    const secretary = await loginAs(app, 'secretary1', FIXTURE_PASSWORD);
    const admin = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
    const worker = await loginAs(app, 'worker1', FIXTURE_PASSWORD);
    await unusedFor(secretary, 20);
    expect((await me(secretary)).statusCode).toBe(200);
    await unusedFor(secretary, 40);
    await unusedFor(admin, 40);
    await unusedFor(worker, 3 * 24 * 60);
    for (const token of [secretary, admin]) {
      const refused = await me(token);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('SESSION_EXPIRED');
      // Gone for good: using it again (or its age being reset) does not bring it back.
      expect(await db.selectFrom('sessions').select('id').where('token_hash', '=', hashToken(token)).execute()).toEqual([]);
    }
    expect((await me(worker)).statusCode).toBe(200);

    // Without a limit set (SESSION_IDLE_MINUTES=0), an old session of an administrator still works.
    const unlimited = await buildTestApp(backend, { sessionIdleMinutes: null });
    try {
      const token = await loginAs(unlimited, 'admin1', FIXTURE_PASSWORD);
      await unusedFor(token, 40);
      expect((await unlimited.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    } finally {
      await unlimited.close();
    }
  });

  it('lets a user change their own password: the current one checked, the rules applied, their other sessions ended', async () => {
    const here = await loginFrom('worker2', FIXTURE_PASSWORD, '10.23.0.1', 'here');
    const elsewhere = await loginFrom('worker2', FIXTURE_PASSWORD, '10.23.0.2', 'elsewhere');
    const change = (currentPassword: string, newPassword: string) => call(here, 'POST', '/api/me/password', { currentPassword, newPassword });

    const wrong = await change('not-my-password', 'a-good-new-pass-7');
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json())).toContain('当前密码不正确');
    const refusals = await Promise.all([change(FIXTURE_PASSWORD, ' '.repeat(8)), change(FIXTURE_PASSWORD, 'short-1'), change(FIXTURE_PASSWORD, 'Qwertyuiop')]);
    expect(refusals.map((r) => [r.statusCode, r.json().error.code])).toEqual([
      [400, 'PASSWORD_BLANK'],
      [400, 'PASSWORD_TOO_SHORT'],
      [400, 'PASSWORD_COMMON'],
    ]);
    expect((await me(elsewhere)).statusCode).toBe(200);

    expect((await change(FIXTURE_PASSWORD, 'a-good-new-pass-7')).statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    await expect(loginAs(app, 'worker2', FIXTURE_PASSWORD)).rejects.toThrow();
    await loginAs(app, 'worker2', 'a-good-new-pass-7');
  });

  it('counts a wrong current password as a failed login: it cannot be guessed on the password page either', async () => {
    const strict = await buildTestApp(backend, { loginAccountLimit: 3 });
    try {
      const token = await loginAs(strict, 'worker3', FIXTURE_PASSWORD);
      const change = (currentPassword: string) =>
        strict.inject({ method: 'POST', url: '/api/me/password', headers: bearer(token), payload: { currentPassword, newPassword: 'worker3-new-pass' } });
      for (const guess of ['guess-one', 'guess-two', 'guess-three']) expect((await change(guess)).statusCode).toBe(400);
      const blocked = await change(FIXTURE_PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // The account waits at the login too, and the password is unchanged.
      expect((await strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker3', password: FIXTURE_PASSWORD } })).statusCode).toBe(429);
      await backend.storage.db.deleteFrom('login_throttle').where('key', '=', 'account:worker3').execute();
      await loginAs(strict, 'worker3', FIXTURE_PASSWORD);
    } finally {
      await strict.close();
    }
  });

  it('applies the password rules when an administrator sets one: eight spaces and common passwords are refused', async () => {
    const admin = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
    const set = (password: string) => call(admin, 'POST', `/api/admin/users/${fx.users.secretary1.id}/password`, { password });
    const answers = await Promise.all([set(' '.repeat(8)), set(' '.repeat(12)), set('123456789'), set('1234567890'), set('Password1234')]);
    expect(answers.map((a) => [a.statusCode, a.json().error.code])).toEqual([
      [400, 'PASSWORD_BLANK'],
      [400, 'PASSWORD_BLANK'],
      [400, 'PASSWORD_TOO_SHORT'],
      [400, 'PASSWORD_COMMON'],
      [400, 'PASSWORD_COMMON'],
    ]);
    expect(answers[4]!.json().error.message).toBe('这是常见密码，容易被猜中，请换一个');
    // None of them took: the old password still works.
    await loginAs(app, 'secretary1', FIXTURE_PASSWORD);
  });
});
