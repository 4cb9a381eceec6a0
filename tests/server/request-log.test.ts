import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { outbox, pushRaw, visit } from './sync-support';

/** The server's log: one line per answered request, naming the user, never carrying a record. */
describe.each(backends)('request log, on %s', (kind) => {
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
    app = await buildTestApp(backend, { logger: { level: 'info', stream } });
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('writes one line per request with method, path, status, time and user, and no query or record', async () => {
    const token = await loginAs(app, 'worker1', FIXTURE_PASSWORD);
    const device = outbox();
    const record = { ...visit(fx.members.m1.id, fx.users.worker1.id), notes: '老人独居，近来血压偏高' };
    expect((await pushRaw(app, token, { clientId: device.clientId, mutations: [device.add('visit.submit', record)] })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/sync/pull?cursor=0&limit=5', headers: bearer(token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer('not-a-session') })).statusCode).toBe(401);

    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests.map((l) => [l.method, l.path, l.status, l.user])).toEqual([
      ['POST', '/api/auth/login', 200, null],
      ['POST', '/api/sync/push', 200, fx.users.worker1.id],
      ['GET', '/api/sync/pull', 200, fx.users.worker1.id],
      ['GET', '/api/me', 401, null],
    ]);
    for (const line of requests) expect(typeof line.ms).toBe('number');
    const all = JSON.stringify(lines);
    expect(all).not.toContain('血压');
    expect(all).not.toContain('cursor=0');
    expect(all).not.toContain(FIXTURE_PASSWORD);
  });
});
