import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminOrganisation, Member, MeResponse, Organisation } from '../../src/domain';
import { runCli } from '../../src/server/cli/run-cli';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { NOWHERE, call, memberInput } from './admin-support';
import { pullAll } from './sync-support';

/** The administrator's organisation (issue 11 §5): their street, community and branches with secretaries. */
describe.each(backends)('administrator: organisation, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const admin = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => call(app, tokens.admin1!, method, url, body);

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['secretary1', 'admin1', 'admin2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('shows the admin’s street, community and branches with their secretaries; another admin sees their own', async () => {
    const org = AdminOrganisation.parse((await admin('GET', '/api/admin/organisation')).body);
    expect(org.street).toEqual(fx.street);
    expect(org.community).toEqual(fx.community);
    expect(org.branches.map((b) => [b.branch.name, b.branch.branchType, b.secretaries.map((s) => s.username)])).toEqual([
      ['第一党支部', 'established', ['secretary1']],
      ['非建制党支部', 'non_established', []],
    ]);
    const theirs = AdminOrganisation.parse((await call(app, tokens.admin2!, 'GET', '/api/admin/organisation')).body);
    expect(theirs.community).toEqual(fx.otherCommunity);
    expect(theirs.branches.map((b) => b.branch.id)).toEqual([fx.otherBranch.id]);
  });

  it('adds a branch (建制 or 非建制) to the admin’s community; two branches never share a name', async () => {
    const created = await admin('POST', '/api/admin/branches', { name: '第二党支部', type: 'non_established' });
    expect(created.status).toBe(201);
    expect(Organisation.parse(created.body)).toMatchObject({ kind: 'branch', parentId: fx.community.id, branchType: 'non_established', name: '第二党支部' });
    const org = AdminOrganisation.parse((await admin('GET', '/api/admin/organisation')).body);
    expect(org.branches.map((b) => b.branch.name)).toContain('第二党支部');
    const twice = await admin('POST', '/api/admin/branches', { name: '第二党支部', type: 'established' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('本社区已有名为「第二党支部」的党支部');
    // Another community may have a branch of that name.
    expect((await call(app, tokens.admin2!, 'POST', '/api/admin/branches', { name: '第二党支部', type: 'established' })).status).toBe(201);
    const badType = await admin('POST', '/api/admin/branches', { name: '第三党支部', type: 'informal' });
    expect(badType.status).toBe(400);
    expect((await admin('POST', '/api/admin/branches', { name: '', type: 'established' })).status).toBe(400);
  });

  it('renames a branch or changes its type; the branch’s users see the new name with their session', async () => {
    const renamed = await admin('PUT', `/api/admin/branches/${fx.branch1.id}`, { name: '第一党支部（离退休）', type: 'non_established' });
    expect(renamed.status).toBe(200);
    expect(Organisation.parse(renamed.body)).toMatchObject({ id: fx.branch1.id, name: '第一党支部（离退休）', branchType: 'non_established' });
    const me = MeResponse.parse((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.secretary1!) })).json());
    expect(me.organisations.find((o) => o.id === fx.branch1.id)?.name).toBe('第一党支部（离退休）');
    const taken = await admin('PUT', `/api/admin/branches/${fx.branch1.id}`, { name: '非建制党支部', type: 'established' });
    expect(taken.status).toBe(409);
    // Keeping its own name is no conflict.
    expect((await admin('PUT', `/api/admin/branches/${fx.branch1.id}`, { name: '第一党支部（离退休）', type: 'established' })).status).toBe(200);
  });

  it('never renames another community’s branch, nor a street or community through the branch route', async () => {
    const across = await call(app, tokens.admin2!, 'PUT', `/api/admin/branches/${fx.branch2.id}`, { name: '被改名', type: 'established' });
    expect(across.status).toBe(404);
    expect(across.body).toEqual((await call(app, tokens.admin2!, 'PUT', `/api/admin/branches/${NOWHERE}`, { name: '被改名', type: 'established' })).body);
    expect((await admin('PUT', `/api/admin/branches/${fx.community.id}`, { name: '被改名', type: 'established' })).status).toBe(404);
    const names = await backend.storage.db.selectFrom('organisations').select('name').where('id', 'in', [fx.branch2.id, fx.community.id]).execute();
    expect(names.map((n) => n.name).sort()).toEqual(['光明社区', '非建制党支部'].sort());
  });
});

/**
 * A fresh installation (README "Real communities"): the operator makes the street, the community and the
 * first admin with the CLI; everything else is the admin's, in the app — a branch, a worker, a member, a pairing
 * — until the worker's first sync brings the member.
 */
describe.each(backends)('a new community from the first admin to the first sync, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;

  beforeAll(async () => {
    backend = await createBackend(kind);
    app = await buildTestApp(backend);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  async function cli(args: string[], password = 'first-admin-pass-1'): Promise<string> {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), readPassword: async () => password, env: backend.env });
    if (code !== 0) throw new Error(err);
    return /编号 id: ([0-9a-f-]{36})/.exec(out)?.[1] ?? '';
  }

  it('works from an empty database', async () => {
    const streetId = await cli(['create-street', '--name', '永清街道']);
    const communityId = await cli(['create-community', '--street', streetId, '--name', '永清社区']);
    await cli(['create-user', '--username', 'office', '--name', '社区办公室', '--role', 'admin', '--community', communityId]);
    const token = await loginAs(app, 'office', 'first-admin-pass-1');

    const org = AdminOrganisation.parse((await call(app, token, 'GET', '/api/admin/organisation')).body);
    expect([org.street.name, org.community.name, org.branches]).toEqual(['永清街道', '永清社区', []]);
    const branch = Organisation.parse((await call(app, token, 'POST', '/api/admin/branches', { name: '离退休党支部', type: 'established' })).body);
    const worker = await call(app, token, 'POST', '/api/admin/users', { username: 'liu', displayName: '刘专员', role: 'worker', branchId: null, password: 'worker-pass-12' });
    const member = Member.parse(
      (await call(app, token, 'POST', '/api/admin/members', memberInput({ isPartyMember: true, joinedPartyOn: '1972-03-01', branchId: branch.id }))).body,
    );
    const paired = await call(app, token, 'POST', '/api/admin/pairings', { workerId: worker.body.user.id, memberIds: [member.id], role: 'primary' });
    expect(paired.body).toMatchObject({ paired: 1 });

    const workerToken = await loginAs(app, 'liu', 'worker-pass-12');
    const firstSync = await pullAll(app, workerToken);
    expect(firstSync.filter((c) => c.entity === 'member').map((c) => c.id)).toEqual([member.id]);
  });
});
