import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse, LoginResponse, Member, Pairing, PROTOCOL_HEADER, PullResponse, SYNC_PROTOCOL_VERSION } from '../../src/domain';
import { DEFAULT_CONFIG, loadConfig } from '../../src/server/config';
import { DEMO_LOGINS } from '../../src/server/demo';
import { startServer } from '../../src/server/start';
import { backends, buildTestApp, createBackend, type TestBackend } from './harness';

const INDEX = '<!doctype html><html lang="zh-CN"><body><div id="app"></div></body></html>';

/** A stand-in for Vite's dist/: the page, the service worker, the manifest and a hashed asset. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"银龄上门"}');
  writeFileSync(join(dir, 'assets', 'index-3f9a1c.js'), 'console.info("app");');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe.each(backends)('serving the built app on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let dist: string;

  beforeAll(async () => {
    backend = await createBackend(kind);
    dist = fakeDist();
    app = await buildTestApp(backend, { staticDir: dist });
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, accept = 'text/html,application/xhtml+xml') => app.inject({ method: 'GET', url, headers: { accept } });

  it('serves index.html at / without caching, with the CSP', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('sends sw.js and the manifest with no-cache, hashed assets as immutable', async () => {
    expect((await get('/sw.js', '*/*')).headers['cache-control']).toBe('no-cache');
    expect((await get('/manifest.webmanifest', '*/*')).headers['cache-control']).toBe('no-cache');
    const asset = await get('/assets/index-3f9a1c.js', '*/*');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/favicon.svg', '*/*')).headers['cache-control']).toBe('public, max-age=0');
  });

  it('falls back to index.html for app routes that ask for HTML', async () => {
    for (const url of ['/members/42', '/login', '/visits/new?member=1']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('does not answer missing files or API paths with the page', async () => {
    const missingAsset = await get('/assets/gone-123.js', '*/*');
    expect(missingAsset.statusCode).toBe(404);
    expect(missingAsset.json().error.code).toBe('ROUTE_NOT_FOUND');
    const api = await get('/api/unknown');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('ROUTE_NOT_FOUND');
    const health = await get('/api/health', 'application/json');
    expect(HealthResponse.parse(health.json()).database).toBe(kind);
  });
});

describe.each(backends)('startServer on %s', (kind) => {
  let backend: TestBackend;
  let dist: string;

  beforeAll(async () => {
    backend = await createBackend(kind);
    dist = fakeDist();
  });
  afterAll(async () => {
    await backend?.destroy();
    rmSync(dist, { recursive: true, force: true });
  });

  it('listens on a free port, seeds the demo once, serves API and app, and shares its database', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1', ...backend.location, staticDir: dist, seedDemo: true });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.seeded).toBe(true);
      const health = HealthResponse.parse(await (await fetch(`${server.url}/api/health`)).json());
      expect(health.database).toBe(kind);
      const page = await fetch(`${server.url}/members/1`, { headers: { accept: 'text/html' } });
      expect(await page.text()).toBe(INDEX);

      // The passwords this start gave the demo logins (DEMO_PASSWORD, or generated), for main.ts to print.
      expect([...server.demoPasswords.keys()].sort()).toEqual(DEMO_LOGINS.map((l) => l.username).sort());
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'worker1', password: server.demoPasswords.get('worker1') }),
      });
      const { token } = LoginResponse.parse(await login.json());
      const headers = { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) };
      const first = PullResponse.parse(await (await fetch(`${server.url}/api/sync/pull?cursor=0&limit=1000`, { headers })).json());
      const members = first.changes.filter((c) => c.entity === 'member').map((c) => Member.parse(c.data));
      const pairings = first.changes.filter((c) => c.entity === 'pairing').map((c) => Pairing.parse(c.data));
      expect(members.map((m) => m.name)).toContain('张晓明');
      // The handle the e2e tests use reads the same database.
      const sessions = await server.db.selectFrom('sessions').select('user_id').execute();
      expect(sessions.map((s) => s.user_id)).toContain(pairings[0]?.workerId);
    } finally {
      await server.close();
    }

    const again = await startServer({ port: 0, host: '127.0.0.1', ...backend.location, staticDir: null, seedDemo: true });
    try {
      expect(again.seeded).toBe(false);
      // Only hashes were stored: a later start has no password to show.
      expect(again.demoPasswords.size).toBe(0);
      const members = await again.db.selectFrom('members').select('id').execute();
      expect(members).toHaveLength(60);
    } finally {
      await again.close();
    }
  });

  it('reports 127.0.0.1 as the URL when listening on all interfaces', async () => {
    const server = await startServer({ port: 0, host: '0.0.0.0', ...backend.location, staticDir: null });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('configuration from the environment', () => {
  it('has the documented defaults, and treats empty variables as unset', () => {
    expect(loadConfig({})).toEqual(DEFAULT_CONFIG);
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' })).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: './data',
      databaseUrl: null,
      sessionTtlHours: 336,
      sessionIdleMinutes: 30,
      staticDir: './dist',
      loginRateLimit: { max: 10, windowMs: 300_000 },
      loginAccountLimit: 5,
      trustProxy: false,
      lateRecordGraceDays: 30,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '9000',
        HOST: '127.0.0.1',
        DATA_DIR: '/srv/doorstep',
        DATABASE_URL: 'postgres://u@db/doorstep',
        SESSION_TTL_HOURS: '72',
        SESSION_IDLE_MINUTES: '20',
        STATIC_DIR: '/srv/www',
        LOGIN_RATE_LIMIT: '5',
        LOGIN_RATE_WINDOW_MINUTES: '15',
        LOGIN_ACCOUNT_LIMIT: '3',
        TRUST_PROXY: '1',
        LATE_RECORD_GRACE_DAYS: '7',
        AUDIT_RETENTION_DAYS: '730',
      }),
    ).toEqual({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/srv/doorstep',
      databaseUrl: 'postgres://u@db/doorstep',
      sessionTtlHours: 72,
      sessionIdleMinutes: 20,
      staticDir: '/srv/www',
      loginRateLimit: { max: 5, windowMs: 900_000 },
      loginAccountLimit: 3,
      trustProxy: true,
      lateRecordGraceDays: 7,
      deviceLeaseDays: 14,
      auditRetentionDays: 730,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ SESSION_TTL_HOURS: '-1' })).toThrow(/SESSION_TTL_HOURS/);
    expect(() => loadConfig({ LOGIN_ACCOUNT_LIMIT: '0' })).toThrow(/LOGIN_ACCOUNT_LIMIT/);
    // 0: no idle limit for secretaries and administrators.
    expect(loadConfig({ SESSION_IDLE_MINUTES: '0' }).sessionIdleMinutes).toBeNull();
    expect(() => loadConfig({ LATE_RECORD_GRACE_DAYS: 'a month' })).toThrow(/LATE_RECORD_GRACE_DAYS/);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});
