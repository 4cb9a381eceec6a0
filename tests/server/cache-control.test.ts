import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { listenOnLoopback, rawRequest } from './raw-http';

/** A built app with the files whose caching static-files.ts decides. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>银龄上门</title>');
  writeFileSync(join(dir, 'sw.js'), '');
  writeFileSync(join(dir, 'assets', 'index-3f9a1c.js'), '');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

/** API answers carry names, phones, health notes and money: no browser, proxy or disk cache may keep them. */
describe.each(backends)('Cache-Control on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let token: string;
  let dist: string;
  let port: number;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    dist = fakeDist();
    app = await buildTestApp(backend, { staticDir: dist });
    // A conditional answer, as a route that validates an ETag would give.
    app.get('/api/test-not-modified', async (_request, reply) => reply.code(304).send());
    port = await listenOnLoopback(app);
    token = await loginAs(app, 'worker1', FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
    rmSync(dist, { recursive: true, force: true });
  });

  const apiAnswers = (): [string, InjectOptions, number][] => [
    ['login', { method: 'POST', url: '/api/auth/login', payload: { username: 'worker1', password: FIXTURE_PASSWORD } }, 200],
    ['me', { method: 'GET', url: '/api/me', headers: bearer(token) }, 200],
    ['a member', { method: 'GET', url: `/api/members/${fx.members.m1.id}`, headers: bearer(token) }, 200],
    ['pull', { method: 'GET', url: '/api/sync/pull', headers: bearer(token) }, 200],
    ['forms', { method: 'GET', url: '/api/forms', headers: bearer(token) }, 200],
    ['health', { method: 'GET', url: '/api/health' }, 200],
    ['HEAD of health', { method: 'HEAD', url: '/api/health' }, 200],
    ['a route reached by an encoded path', { method: 'GET', url: '/%61pi/me', headers: bearer(token) }, 200],
    ['not signed in', { method: 'GET', url: '/api/me' }, 401],
    ['a member out of scope', { method: 'GET', url: `/api/members/${fx.members.x1.id}`, headers: bearer(token) }, 404],
    ['malformed JSON', { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{' }, 400],
    ['an unknown API path asking for HTML', { method: 'GET', url: '/api/nothing', headers: { accept: 'text/html' } }, 404],
    ['a 304', { method: 'GET', url: '/api/test-not-modified' }, 304],
    ['logout', { method: 'POST', url: '/api/auth/logout', headers: bearer(token) }, 204],
  ];

  it('every API answer, success or error, says no-store', async () => {
    for (const [name, request, status] of apiAnswers()) {
      const response = await app.inject(request);
      expect(response.statusCode, name).toBe(status);
      expect(response.headers['cache-control'], name).toBe('no-store');
    }
  });

  it('so do refusals before routing, which no hook sees', async () => {
    const bad = await rawRequest(port, 'GET /api/members/%u0041 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(bad.status).toBe(400);
    expect(bad.headers['cache-control']).toBe('no-store');
    const big = await rawRequest(port, `GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expect(big.headers['cache-control']).toBe('no-store');
  });

  it('the app files keep their own caching', async () => {
    const file = (url: string, accept = '*/*') => app.inject({ method: 'GET', url, headers: { accept } });
    expect((await file('/', 'text/html')).headers['cache-control']).toBe('no-cache');
    expect((await file('/members/42', 'text/html')).headers['cache-control']).toBe('no-cache');
    expect((await file('/sw.js')).headers['cache-control']).toBe('no-cache');
    expect((await file('/assets/index-3f9a1c.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await file('/favicon.svg')).headers['cache-control']).toBe('public, max-age=0');
  });
});
