import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VISIT_SETTINGS } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { call, memberInput } from './admin-support';

/**
 * Every /api/admin route: 401 without a session, 403 in the project's error shape for a worker or a secretary,
 * before anything about the request is read — and nothing written.
 */
describe.each(backends)('administrator routes are for admins only, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'secretary1', 'admin1']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const routes = (): [method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown][] => [
    ['GET', '/api/admin/members'],
    ['GET', `/api/admin/members/${fx.members.m1.id}`],
    ['POST', '/api/admin/members', memberInput()],
    ['PUT', `/api/admin/members/${fx.members.m1.id}`, memberInput()],
    ['POST', `/api/admin/members/${fx.members.m1.id}/status`, { status: 'deceased', on: '2026-01-02' }],
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users', { username: 'sneaky', displayName: '偷偷', role: 'admin', branchId: null, password: 'sneaky-pass-1' }],
    ['POST', `/api/admin/users/${fx.users.worker2.id}/password`, { password: 'taken-over-1' }],
    ['POST', `/api/admin/users/${fx.users.worker2.id}/disable`],
    ['POST', `/api/admin/users/${fx.users.retired1.id}/enable`],
    ['GET', '/api/admin/pairings'],
    ['POST', '/api/admin/pairings', { workerId: fx.users.worker1.id, memberIds: [fx.members.m7.id], role: 'primary' }],
    ['POST', '/api/admin/pairings/move', { fromWorkerId: fx.users.worker2.id, toWorkerId: fx.users.worker1.id }],
    ['DELETE', `/api/admin/pairings/${fx.members.m1.id}`],
    ['GET', '/api/admin/organisation'],
    ['POST', '/api/admin/branches', { name: '第三党支部', type: 'established' }],
    ['PUT', `/api/admin/branches/${fx.branch1.id}`, { name: '改名', type: 'established' }],
    ['GET', '/api/admin/visit-settings'],
    ['PUT', '/api/admin/visit-settings', { community: DEFAULT_VISIT_SETTINGS, overrides: [] }],
    ['GET', '/api/admin/campaigns'],
    [
      'POST',
      '/api/admin/campaigns',
      { kind: 'other', name: '慰问', startsOn: '2026-12-01', endsOn: '2026-12-31', cohort: { type: 'everyone' }, delivery: { kind: 'gift', description: '米面油', amountFen: null } },
    ],
    ['POST', `/api/admin/campaigns/${fx.members.m1.id}/cancel`],
  ];

  it('refuses a worker and a secretary with 403 FORBIDDEN, and writes nothing', async () => {
    const versions = async () => (await backend.storage.db.selectFrom('sync_counter').select('value').executeTakeFirstOrThrow()).value;
    const before = await versions();
    for (const username of ['worker1', 'secretary1']) {
      for (const [method, url, body] of routes()) {
        const answer = await call(app, tokens[username]!, method, url, body);
        expect(answer.status, `${username} ${method} ${url}`).toBe(403);
        expect(answer.body).toEqual({ error: { code: 'FORBIDDEN', message: '没有权限执行此操作' } });
      }
    }
    expect(await versions()).toEqual(before);
    // The worker's password still works, retired1 is still disabled: nothing was changed.
    await expect(loginAs(app, 'worker2', FIXTURE_PASSWORD)).resolves.toBeTruthy();
    await expect(loginAs(app, 'retired1', FIXTURE_PASSWORD)).rejects.toThrow();
  });

  it('asks for a session first (401), before reading the request', async () => {
    for (const [method, url] of routes()) {
      const answer = await call(app, null, method, url, { nonsense: true });
      expect(answer.status, `${method} ${url}`).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lets the admin in', async () => {
    expect((await call(app, tokens.admin1!, 'GET', '/api/admin/members')).status).toBe(200);
    expect((await call(app, tokens.admin1!, 'GET', '/api/admin/organisation')).status).toBe(200);
  });
});
