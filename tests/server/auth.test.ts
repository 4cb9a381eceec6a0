import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, LoginResponse, MeResponse } from '../../src/domain';
import { hashToken } from '../../src/server/services/sessions';
import { disableUser } from '../../src/server/services/users';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

describe.each(backends)('authentication on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('logs in with the right password and returns a token, its expiry and the user', async () => {
    const before = Date.now();
    const response = await login('worker1', FIXTURE_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = LoginResponse.parse(response.json());
    expect(body.user).toEqual(fx.users.worker1);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttlHours = (Date.parse(body.expiresAt) - before) / 3_600_000;
    expect(ttlHours).toBeGreaterThan(335.9);
    expect(ttlHours).toBeLessThan(336.1);
  });

  it('matches usernames regardless of case, as phone keyboards capitalise', async () => {
    const response = await login('  Worker1 ', FIXTURE_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(LoginResponse.parse(response.json()).user.username).toBe('worker1');
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await login('worker1', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(ApiErrorBody.parse(wrong.json())).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } });
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('refuses a disabled account with ACCOUNT_DISABLED, but only after the right password', async () => {
    const response = await login('retired1', FIXTURE_PASSWORD);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: { code: 'ACCOUNT_DISABLED', message: '该账号已停用，请联系管理员' } });
    const guessed = await login('retired1', 'a-wrong-guess');
    expect(guessed.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('stores password hashes (scrypt, salted), never the passwords', async () => {
    const rows = await backend.storage.db.selectFrom('users').select(['username', 'password_hash']).execute();
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row.password_hash).not.toContain(FIXTURE_PASSWORD);
      expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    }
    // Same password, different salts: equal passwords are not visible as equal hashes.
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(rows.length);
  });

  it('stores only a hash of the session token', async () => {
    const token = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    const rows = await backend.storage.db.selectFrom('sessions').selectAll().execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const row = rows.find((r) => r.token_hash === hashToken(token));
    expect(row?.user_id).toBe(fx.users.worker2.id);
  });

  it('rejects requests without a token or with an unknown one', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    const unknown = await app.inject({ method: 'GET', url: '/api/me', headers: bearer('x'.repeat(43)) });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('UNAUTHENTICATED');
    const basic = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Basic d29ya2VyMTp4' } });
    expect(basic.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('records last use at most once a minute', async () => {
    const token = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
    const db = backend.storage.db;
    const recent = new Date(Date.now() - 10_000).toISOString();
    await db.updateTable('sessions').set({ last_used_at: recent }).where('token_hash', '=', hashToken(token)).execute();
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    const row = await db.selectFrom('sessions').select('last_used_at').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(recent);
  });

  it('updates last_used_at when a session is used', async () => {
    const token = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
    const db = backend.storage.db;
    await db.updateTable('sessions').set({ last_used_at: '2000-01-01T00:00:00.000Z' }).where('token_hash', '=', hashToken(token)).execute();
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    const row = await db.selectFrom('sessions').select('last_used_at').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    expect(row.last_used_at > '2020').toBe(true);
  });

  it('logout deletes the session: the token stops working', async () => {
    const token = await loginAs(app, 'worker1', FIXTURE_PASSWORD);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    // Clients often send a JSON content type on a bare POST; that must not break logout.
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...bearer(token), 'content-type': 'application/json' },
    });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    const after = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
    const count = await backend.storage.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('logout without a token is 401', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('an expired session answers SESSION_EXPIRED', async () => {
    const token = await loginAs(app, 'secretary1', FIXTURE_PASSWORD);
    await backend.storage.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', hashToken(token))
      .execute();
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' } });
  });

  it('honours the configured session lifetime', async () => {
    const shortLived = await buildTestApp(backend, { sessionTtlHours: 1 });
    try {
      const response = await shortLived.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'worker2', password: FIXTURE_PASSWORD },
      });
      const hours = (Date.parse(LoginResponse.parse(response.json()).expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(0.9);
      expect(hours).toBeLessThanOrEqual(1);
    } finally {
      await shortLived.close();
    }
  });

  // Throttling of failed logins: login-throttle.test.ts.

  it('disabling a user ends their sessions', async () => {
    const token = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    await disableUser(backend.storage.db, 'worker2');
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    // Re-enable for the other tests of this file.
    await backend.storage.db.updateTable('users').set({ disabled: 0 }).where('username', '=', 'worker2').execute();
    const again = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    expect(MeResponse.parse((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(again) })).json()).user.username).toBe('worker2');
  });
});
