import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../src/domain';
import { setPasswordOf } from '../../src/server/services/users';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, type TestBackend } from './harness';

/** The server's own defaults (config.ts): 10 failures per address, 5 per account, a first wait of 5 minutes. */
const DEFAULTS = { loginRateLimit: { max: 10, windowMs: 5 * 60_000 }, loginAccountLimit: 5 };

describe.each(backends)('login throttling, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString().split('\n')) if (text.trim() !== '') lines.push(JSON.parse(text) as Record<string, unknown>);
        done();
      },
    });
    app = await buildTestApp(backend, { ...DEFAULTS, logger: { level: 'info', stream } });
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  // Each test uses addresses of its own: the counts live in the database, shared by the whole file.
  const attempt = (username: string, password: string, remoteAddress: string, on: FastifyInstance = app) =>
    on.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });
  const retryAfter = (response: { headers: Record<string, unknown> }) => Number(response.headers['retry-after']);
  /** As if the wait had passed: the next attempt is let through, and counted on from where the count stood. */
  const endWaits = () => backend.storage.db.updateTable('login_throttle').set({ blocked_until: new Date(Date.now() - 1000).toISOString() }).execute();

  it('stops password spraying: 40 usernames from one address meet 429 after the 10th failure', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 40; i++) statuses.push((await attempt(`spray${String(i).padStart(2, '0')}`, 'Summer2026!', '198.51.100.1')).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(30).fill(429));

    const blocked = await attempt('spray41', 'Summer2026!', '198.51.100.1');
    expect(blocked.headers['content-type']).toMatch(/application\/json/);
    expect(ApiErrorBody.parse(blocked.json())).toEqual({ error: { code: 'RATE_LIMITED', message: '尝试次数过多，请稍后再试' } });
    expect(retryAfter(blocked)).toBeGreaterThan(0);
    expect(retryAfter(blocked)).toBeLessThanOrEqual(300);
    // Even a real account with its right password waits while its address does; another address does not.
    expect((await attempt('worker1', FIXTURE_PASSWORD, '198.51.100.1')).statusCode).toBe(429);
    expect((await attempt('worker1', FIXTURE_PASSWORD, '198.51.100.2')).statusCode).toBe(200);
  });

  it('stops one account being tried from many addresses: the 6th attempt waits, the right password too', async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt('worker2', 'not-the-password', `192.0.2.${i}`)).statusCode).toBe(401);
    const sixth = await attempt('worker2', FIXTURE_PASSWORD, '192.0.2.6');
    expect(sixth.statusCode).toBe(429);
    expect(retryAfter(sixth)).toBeGreaterThan(0);
    // An administrator's new password lifts the wait: its owner may sign in at once with it.
    await setPasswordOf(backend.storage.db, fx.users.worker2.id, 'worker2-new-pass');
    expect((await attempt('worker2', 'worker2-new-pass', '192.0.2.7')).statusCode).toBe(200);
  });

  it('makes each further failure wait longer', async () => {
    const waits: number[] = [];
    for (let i = 1; i <= 5; i++) expect((await attempt('secretary1', 'not-the-password', `203.0.113.${i}`)).statusCode).toBe(401);
    waits.push(retryAfter(await attempt('secretary1', 'not-the-password', '203.0.113.50')));
    for (let round = 0; round < 3; round++) {
      await endWaits();
      expect((await attempt('secretary1', 'not-the-password', `203.0.113.${60 + round}`)).statusCode).toBe(401);
      waits.push(retryAfter(await attempt('secretary1', 'not-the-password', '203.0.113.70')));
    }
    // 5, 10, 20 and 40 minutes (each a little less, being counted down already).
    expect(waits.map((s) => Math.ceil(s / 60))).toEqual([5, 10, 20, 40]);
  });

  it('forgets an account’s failures when its user signs in', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push((await attempt('admin1', 'not-the-password', `10.9.0.${i}`)).statusCode);
    statuses.push((await attempt('admin1', FIXTURE_PASSWORD, '10.9.0.5')).statusCode);
    for (let i = 6; i <= 10; i++) statuses.push((await attempt('admin1', 'not-the-password', `10.9.0.${i}`)).statusCode);
    statuses.push((await attempt('admin1', FIXTURE_PASSWORD, '10.9.0.11')).statusCode);
    // Nine failures in all, never five since the last success until the end: only then the wait.
    expect(statuses).toEqual([401, 401, 401, 401, 200, 401, 401, 401, 401, 401, 429]);
  });

  it('does not count successful logins against an address: an office behind one address signs everyone in', async () => {
    for (let i = 0; i < 15; i++) expect((await attempt(i % 2 === 0 ? 'worker1' : 'worker3', FIXTURE_PASSWORD, '100.64.0.1')).statusCode).toBe(200);
  });

  it('counts a burst of parallel attempts: no more than the limit get their password checked', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(`burst${i}`, 'not-the-password', '100.64.9.9')));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('counts per forwarded client only when told it sits behind a trusted proxy', async () => {
    for (const trustProxy of [false, true]) {
      const proxied = await buildTestApp(backend, { loginRateLimit: { max: 2, windowMs: 60_000 }, loginAccountLimit: 1000, trustProxy });
      try {
        const behindProxy = (forwardedFor: string) =>
          proxied.inject({
            method: 'POST',
            url: '/api/auth/login',
            remoteAddress: trustProxy ? '127.0.0.2' : '127.0.0.3',
            headers: { 'x-forwarded-for': forwardedFor },
            payload: { username: `proxied-${String(trustProxy)}`, password: 'not-the-password' },
          });
        for (let i = 0; i < 2; i++) expect((await behindProxy('203.0.113.7')).statusCode).toBe(401);
        expect((await behindProxy('203.0.113.7')).statusCode).toBe(429);
        // Trusted: another phone behind the same proxy is its own client. Untrusted: the header is ignored.
        expect((await behindProxy('203.0.113.8')).statusCode).toBe(trustProxy ? 401 : 429);
      } finally {
        await proxied.close();
      }
    }
  });

  it('logs each failed login with the username tried and the address, never the password', async () => {
    lines.length = 0;
    await attempt('  Worker3 ', 'a-secret-guess-1', '172.16.5.5');
    await attempt('nobody.here', 'a-secret-guess-2', '172.16.5.5');
    const failed = lines.filter((l) => l.msg === 'login failed');
    expect(failed.map((l) => [l.username, l.address, l.code])).toEqual([
      ['worker3', '172.16.5.5', 'INVALID_CREDENTIALS'],
      ['nobody.here', '172.16.5.5', 'INVALID_CREDENTIALS'],
    ]);
    const all = JSON.stringify(lines);
    expect(all).not.toContain('a-secret-guess');
  });
});
