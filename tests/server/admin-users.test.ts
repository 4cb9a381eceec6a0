import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUserList, AdminUserRow } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { NOWHERE, call } from './admin-support';
import { outbox, pull, push, visit } from './sync-support';

/** The administrator's users (issue 11 §3): create, reset a password, disable; last login and each device's last sync. */
describe.each(backends)('administrator: users, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const admin = (method: 'GET' | 'POST', url: string, body?: unknown) => call(app, tokens.admin1!, method, url, body);
  const rowOf = async (userId: string) => AdminUserList.parse((await admin('GET', '/api/admin/users')).body).find((r) => r.user.id === userId);

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'admin1', 'admin2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('lists the community’s users, disabled ones too, with how many members each worker looks after — none of another community', async () => {
    const rows = AdminUserList.parse((await admin('GET', '/api/admin/users')).body);
    expect(rows.map((r) => r.user.username).sort()).toEqual(['admin1', 'retired1', 'secretary1', 'worker1', 'worker2']);
    const by = new Map(rows.map((r) => [r.user.username, r]));
    expect(by.get('retired1')?.disabled).toBe(true);
    expect(by.get('worker1')?.pairedMembers).toBe(3);
    expect(by.get('worker2')?.pairedMembers).toBe(4);
    expect(by.get('secretary1')).toMatchObject({ pairedMembers: 0, user: { branchId: fx.branch1.id } });
    const theirs = AdminUserList.parse((await call(app, tokens.admin2!, 'GET', '/api/admin/users')).body);
    expect(theirs.map((r) => r.user.username).sort()).toEqual(['admin2', 'worker3']);
  });

  it('shows each user’s last login, set by every successful login', async () => {
    expect((await rowOf(fx.users.worker2.id))?.lastLoginAt).toBeNull();
    const before = new Date().toISOString();
    await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    const first = (await rowOf(fx.users.worker2.id))?.lastLoginAt;
    expect(first !== null && first !== undefined && first >= before).toBe(true);
    const refused = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker2', password: 'wrong-password-1' } });
    expect(refused.statusCode).toBe(401);
    expect((await rowOf(fx.users.worker2.id))?.lastLoginAt).toBe(first);
  });

  it('shows each device: the last successful push or completed pull, and the unsent count the device reported', async () => {
    const phone = outbox();
    await push(app, tokens.worker1!, phone.clientId, [phone.add('visit.submit', visit(fx.members.m1.id, fx.users.worker1.id))]);
    const afterPush = (await rowOf(fx.users.worker1.id))?.devices;
    expect(afterPush).toEqual([{ clientId: phone.clientId, lastSyncAt: expect.any(String), unsent: null }]);

    // An older app's pull says nothing about the device: nothing recorded.
    await pull(app, tokens.worker1!);
    expect((await rowOf(fx.users.worker1.id))?.devices).toEqual(afterPush);

    // A pull that has more to come is not a finished sync; the last page is.
    const partial = await pull(app, tokens.worker1!, { limit: 1, clientId: phone.clientId, unsent: 7 });
    expect(partial.hasMore).toBe(true);
    expect((await rowOf(fx.users.worker1.id))?.devices).toEqual(afterPush);
    await pull(app, tokens.worker1!, { clientId: phone.clientId, unsent: 3 });
    const [device] = (await rowOf(fx.users.worker1.id))?.devices ?? [];
    expect(device).toMatchObject({ clientId: phone.clientId, unsent: 3 });
    expect(device!.lastSyncAt! >= afterPush![0]!.lastSyncAt!).toBe(true);

    // A second phone that has only pulled is listed too; a pull naming another user's client changes nothing.
    const tablet = randomUUID();
    await pull(app, tokens.worker1!, { clientId: tablet, unsent: 0 });
    const devices = (await rowOf(fx.users.worker1.id))?.devices ?? [];
    expect(devices.map((d) => d.clientId).sort()).toEqual([phone.clientId, tablet].sort());
    const intruder = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    await pull(app, intruder, { clientId: phone.clientId, unsent: 99 });
    expect((await rowOf(fx.users.worker1.id))?.devices.find((d) => d.clientId === phone.clientId)?.unsent).toBe(3);
    expect((await rowOf(fx.users.worker2.id))?.devices).toEqual([]);
    // A bad count is the client's mistake: 400, like any malformed query.
    const bad = await app.inject({ method: 'GET', url: `/api/sync/pull?clientId=${tablet}&unsent=-1`, headers: bearer(tokens.worker1!) });
    expect(bad.statusCode).toBe(400);
  });

  it('creates workers, secretaries (with a branch of this community) and admins, who can then log in', async () => {
    const worker = await admin('POST', '/api/admin/users', { username: 'Zhang.Wei', displayName: '张伟', role: 'worker', branchId: null, password: 'first-pass-12' });
    expect(worker.status, JSON.stringify(worker.body)).toBe(201);
    expect(AdminUserRow.parse(worker.body)).toMatchObject({ user: { username: 'zhang.wei', role: 'worker', communityId: fx.community.id }, disabled: false, lastLoginAt: null, devices: [], pairedMembers: 0 });
    await loginAs(app, 'zhang.wei', 'first-pass-12');
    const secretary = await admin('POST', '/api/admin/users', { username: 'sec2', displayName: '刘书记', role: 'secretary', branchId: fx.branch2.id, password: 'first-pass-12' });
    expect(secretary.status).toBe(201);
    expect(secretary.body.user.branchId).toBe(fx.branch2.id);
    const another = await admin('POST', '/api/admin/users', { username: 'admin3', displayName: '第二位管理员', role: 'admin', branchId: null, password: 'first-pass-12' });
    expect(another.body.user).toMatchObject({ role: 'admin', communityId: fx.community.id });
  });

  it('refuses in Chinese: a secretary without a branch, a worker with one, a username taken, a short password; another community’s branch is 404', async () => {
    const noBranch = await admin('POST', '/api/admin/users', { username: 'sec3', displayName: '书记', role: 'secretary', branchId: null, password: 'first-pass-12' });
    expect(noBranch.status).toBe(400);
    expect(JSON.stringify(noBranch.body)).toContain('支部书记必须属于一个党支部');
    const workerBranch = await admin('POST', '/api/admin/users', { username: 'wrk9', displayName: '专员', role: 'worker', branchId: fx.branch1.id, password: 'first-pass-12' });
    expect(workerBranch.status).toBe(400);
    expect(JSON.stringify(workerBranch.body)).toContain('只有支部书记需要指定党支部');
    const taken = await admin('POST', '/api/admin/users', { username: 'worker3', displayName: '重名', role: 'worker', branchId: null, password: 'first-pass-12' });
    expect(taken.status).toBe(400);
    expect(taken.body.error.message).toContain('已被使用');
    const short = await admin('POST', '/api/admin/users', { username: 'wrk10', displayName: '专员', role: 'worker', branchId: null, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('PASSWORD_TOO_SHORT');
    expect(JSON.stringify(short.body)).toContain('密码至少 10 个字符');
    const theirs = await admin('POST', '/api/admin/users', { username: 'sec4', displayName: '书记', role: 'secretary', branchId: fx.otherBranch.id, password: 'first-pass-12' });
    const none = await admin('POST', '/api/admin/users', { username: 'sec4', displayName: '书记', role: 'secretary', branchId: NOWHERE, password: 'first-pass-12' });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(none.body);
    const made = await backend.storage.db.selectFrom('users').select('username').where('username', 'in', ['sec3', 'wrk9', 'wrk10', 'sec4']).execute();
    expect(made).toEqual([]);
  });

  it('resets a password: the user’s sessions end and the new password works; another community’s admin gets 404', async () => {
    const session = await loginAs(app, 'secretary1', FIXTURE_PASSWORD);
    const reset = await admin('POST', `/api/admin/users/${fx.users.secretary1.id}/password`, { password: 'brand-new-pass-3' });
    expect(reset.status).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(session) })).statusCode).toBe(401);
    await expect(loginAs(app, 'secretary1', FIXTURE_PASSWORD)).rejects.toThrow();
    await loginAs(app, 'secretary1', 'brand-new-pass-3');

    const across = await call(app, tokens.admin2!, 'POST', `/api/admin/users/${fx.users.secretary1.id}/password`, { password: 'hijacked-pass-4' });
    expect(across.status).toBe(404);
    expect(across.body).toEqual((await call(app, tokens.admin2!, 'POST', `/api/admin/users/${NOWHERE}/password`, { password: 'hijacked-pass-4' })).body);
    await loginAs(app, 'secretary1', 'brand-new-pass-3');
    expect((await admin('POST', `/api/admin/users/${fx.users.secretary1.id}/password`, { password: 'short' })).status).toBe(400);
  });

  it('disables (sessions end, login refused) and enables; an admin cannot disable themself; another community’s admin gets 404', async () => {
    const session = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    const disabled = await admin('POST', `/api/admin/users/${fx.users.worker2.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(AdminUserRow.parse(disabled.body).disabled).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(session) })).statusCode).toBe(401);
    const refused = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker2', password: FIXTURE_PASSWORD } });
    expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');

    const enabled = await admin('POST', `/api/admin/users/${fx.users.worker2.id}/enable`);
    expect(AdminUserRow.parse(enabled.body).disabled).toBe(false);
    await loginAs(app, 'worker2', FIXTURE_PASSWORD);

    const self = await admin('POST', `/api/admin/users/${fx.users.admin1.id}/disable`);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('不能停用自己的账号');
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.admin1!) })).statusCode).toBe(200);

    for (const action of ['disable', 'enable']) {
      const across = await call(app, tokens.admin2!, 'POST', `/api/admin/users/${fx.users.worker1.id}/${action}`);
      expect(across.status).toBe(404);
      expect(across.body).toEqual((await call(app, tokens.admin2!, 'POST', `/api/admin/users/${NOWHERE}/${action}`)).body);
    }
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.worker1!) })).statusCode).toBe(200);
  });
});
