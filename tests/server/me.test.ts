import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeResponse } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

describe.each(backends)('GET /api/me on %s', (kind) => {
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

  async function me(username: string) {
    const token = await loginAs(app, username, FIXTURE_PASSWORD);
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    return MeResponse.parse(response.json());
  }

  it('a worker gets themself, their street, community and all its branches', async () => {
    const body = await me('worker1');
    expect(body.user).toEqual(fx.users.worker1);
    expect(body.organisations.map((o) => o.id).sort()).toEqual(
      [fx.street.id, fx.community.id, fx.branch1.id, fx.branch2.id].sort(),
    );
  });

  it('an admin gets the same organisations of their community and none of another', async () => {
    const body = await me('admin1');
    expect(body.user.role).toBe('admin');
    const ids = body.organisations.map((o) => o.id);
    expect(ids.sort()).toEqual([fx.street.id, fx.community.id, fx.branch1.id, fx.branch2.id].sort());
    expect(ids).not.toContain(fx.otherCommunity.id);
    expect(ids).not.toContain(fx.otherBranch.id);
  });

  it('a secretary gets only their own branch', async () => {
    const body = await me('secretary1');
    expect(body.user).toEqual(fx.users.secretary1);
    expect(body.user.branchId).toBe(fx.branch1.id);
    expect(body.organisations.map((o) => o.id).sort()).toEqual([fx.street.id, fx.community.id, fx.branch1.id].sort());
    const branch = body.organisations.find((o) => o.kind === 'branch');
    expect(branch).toEqual(fx.branch1);
  });

  it('names the colleagues of the community who may collect dues or confirm a handover: enabled workers and secretaries only', async () => {
    const body = await me('secretary1');
    expect(body.colleagues.map((c) => [c.id, c.displayName, c.role]).sort()).toEqual(
      [fx.users.worker1, fx.users.worker2].map((u) => [u.id, u.displayName, u.role]).sort(),
    );
    const ofWorker = await me('worker1');
    expect(ofWorker.colleagues.map((c) => c.id).sort()).toEqual([fx.users.worker2.id, fx.users.secretary1.id].sort());
    expect((await me('worker3')).colleagues).toEqual([]);
  });

  it('the other community sees its own tree', async () => {
    const body = await me('admin2');
    expect(body.organisations.map((o) => o.id).sort()).toEqual([fx.street.id, fx.otherCommunity.id, fx.otherBranch.id].sort());
  });

  it('never includes the password hash', async () => {
    const token = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(response.body).not.toMatch(/scrypt|password/i);
  });
});
