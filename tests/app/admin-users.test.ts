import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminCreateUser, AdminUserRow } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog, byTestId } from './support/dom';
import { json, noContent, stubFetch } from './support/fetch-stub';
import { BRANCH_ID, makeUser, uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, admin, adminNetwork, callsTo, expectAllControlsNamed, LIU_FANG, on, ORGANISATION, SECRETARY_WANG, userRow, WANG_FANG } from './admin-support';

const NOW = Date.parse('2026-03-20T04:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

/** The accounts' server: its list changes as accounts are created, disabled and enabled. */
function server(rows: AdminUserRow[]) {
  return adminNetwork(
    on('GET', admin('organisation'), () => json(200, ORGANISATION)),
    on('GET', admin('users'), () => json(200, rows)),
    on('POST', admin('users'), (request) => {
      const input = request.body as AdminCreateUser;
      if (rows.some((row) => row.user.username === input.username)) {
        return json(409, { error: { code: 'CONFLICT', message: `用户名 ${input.username} 已被使用`, details: [{ path: 'username', message: '用户名已被使用' }] } });
      }
      const row = userRow(makeUser({ id: uuid(0x1100 + rows.length), username: input.username, displayName: input.displayName, role: input.role, branchId: input.branchId }));
      rows.push(row);
      return json(201, row);
    }),
    on('POST', admin('users/:id/password'), () => noContent()),
    on('POST', admin('users/:id/:action'), (_request, [id, action]) => {
      const index = rows.findIndex((row) => row.user.id === id);
      rows[index] = { ...rows[index]!, disabled: action === 'disable' };
      return json(200, rows[index]);
    }),
  );
}

function rows(): AdminUserRow[] {
  return [
    userRow(ADMIN, { lastLoginAt: new Date(NOW - 5 * 60_000).toISOString() }),
    userRow(SECRETARY_WANG, { lastLoginAt: new Date(NOW - 3 * DAY).toISOString() }),
    userRow(LIU_FANG, {
      lastLoginAt: new Date(NOW - 2 * DAY).toISOString(),
      devices: [{ clientId: 'phone-1', lastSyncAt: new Date(NOW - 3 * DAY).toISOString(), unsent: 2 }],
      pairedMembers: 12,
    }),
    userRow(WANG_FANG, { devices: [{ clientId: 'phone-2', lastSyncAt: new Date(NOW - 2 * 60 * 60_000).toISOString(), unsent: 0 }] }),
  ];
}

async function openUsers(): Promise<MountedApp> {
  const app = await mountAt('/admin/users');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="user-row"]').length).toBeGreaterThan(0));
  return app;
}

const row = (app: MountedApp, user: { id: string }) => app.wrapper.find(`[data-testid="user-row"][data-user-id="${user.id}"]`);
const field = (id: string) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"] input, select[data-testid="${id}"]`)!;
async function type(id: string, value: string): Promise<void> {
  const element = field(id);
  element.value = value;
  element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input'));
  await flushPromises();
}
const problems = (id: string) => [...document.querySelectorAll(`[data-testid="${id}"] li`)].map((li) => li.textContent);

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('accounts', () => {
  it('lists each account with role, branch, last login, and each device’s last sync and unsent records in Beijing time', async () => {
    stubFetch(server(rows()));
    const app = await openUsers();
    expect(app.wrapper.findAll('[data-testid="user-row"]').map((r) => r.find('strong').text())).toEqual(['周敏', '王书记', '刘芳', '王芳']);
    const secretary = row(app, SECRETARY_WANG);
    expect(secretary.text()).toContain('支部书记');
    expect(secretary.text()).toContain('光明社区离退休干部第一党支部');
    expect(secretary.find('[data-testid="admin-time"]').text()).toBe('3 天前');

    const liu = row(app, LIU_FANG);
    expect(liu.text()).toContain('结对 12 人');
    const device = liu.find('[data-testid="user-device"]');
    expect(device.attributes('data-attention')).toBe('true');
    expect(device.find('[data-testid="device-unsent"]').text()).toBe('2 条未发送');
    const synced = device.find('[data-testid="admin-time"]');
    expect(synced.text()).toBe('3 天前');
    expect(synced.attributes('title')).toBe('2026-03-17 12:00');
    await synced.trigger('click');
    expect(synced.text()).toBe('2026-03-17 12:00');
    expect(row(app, WANG_FANG).find('[data-testid="user-device"]').attributes('data-attention')).toBe('false');
    // One cannot disable oneself.
    expect(app.wrapper.find('[data-testid="user-toggle-admin1"]').exists()).toBe(false);
    expectAllControlsNamed();
  });

  it('creates accounts, and says in Chinese what is wrong: the domain’s rules first, then the server’s refusal', async () => {
    const list = rows();
    const calls = stubFetch(server(list));
    const app = await openUsers();
    await app.wrapper.find('[data-testid="user-create"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="user-form"]')).not.toBeNull());
    expectAllControlsNamed();

    await type('user-display-name', '赵静');
    await type('user-username', 'z!');
    await type('user-password', 'short');
    await type('user-repeat', 'shorter');
    (document.querySelector('[data-testid="user-role-secretary"]') as HTMLElement).click();
    await flushPromises();
    byTestId('user-save').click();
    await flushPromises();
    expect(problems('user-problems')).toEqual([
      '两次输入的密码不一致',
      '支部书记必须选择所属党支部',
      '用户名：用户名至少 3 个字符',
      '用户名：用户名只能包含字母、数字、下划线、点和连字符',
      '密码：密码至少 10 个字符',
    ]);
    expect(callsTo(calls, 'POST', admin('users'))).toHaveLength(0);

    // Valid by the domain, refused by the server: the name is taken.
    await type('user-username', 'worker1');
    await type('user-password', 'doorstep2026');
    await type('user-repeat', 'doorstep2026');
    await type('user-branch', BRANCH_ID);
    byTestId('user-save').click();
    await vi.waitFor(() => expect(problems('user-problems')).toEqual(['用户名 worker1 已被使用']));
    expect(callsTo(calls, 'POST', admin('users'))[0]!.body).toEqual({
      username: 'worker1',
      displayName: '赵静',
      role: 'secretary',
      branchId: BRANCH_ID,
      password: 'doorstep2026',
    });

    // A worker has no branch, whatever was chosen before.
    (document.querySelector('[data-testid="user-role-worker"]') as HTMLElement).click();
    await type('user-username', 'worker3');
    byTestId('user-save').click();
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="user-row"]')).toHaveLength(5));
    expect(callsTo(calls, 'POST', admin('users'))[1]!.body).toMatchObject({ username: 'worker3', role: 'worker', branchId: null });
    expect(app.wrapper.text()).toContain('赵静');
  });

  it('sets a new password typed twice', async () => {
    const calls = stubFetch(server(rows()));
    const app = await openUsers();
    await app.wrapper.find('[data-testid="user-password-worker1"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="password-form"]')).not.toBeNull());
    expect(byTestId('password-form').textContent).toContain('为 刘芳 重设密码');
    await type('password-new', 'newpass2026');
    await type('password-repeat', 'newpass2025');
    byTestId('password-save').click();
    await flushPromises();
    expect(problems('password-problems')).toEqual(['两次输入的密码不一致']);
    await type('password-new', 'short');
    await type('password-repeat', 'short');
    byTestId('password-save').click();
    await flushPromises();
    expect(problems('password-problems')).toEqual(['密码至少 10 个字符']);
    expect(callsTo(calls, 'POST', admin(`users/${LIU_FANG.id}/password`))).toHaveLength(0);

    await type('password-new', 'newpass2026');
    await type('password-repeat', 'newpass2026');
    byTestId('password-save').click();
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin(`users/${LIU_FANG.id}/password`))).toHaveLength(1));
    expect(callsTo(calls, 'POST', admin(`users/${LIU_FANG.id}/password`))[0]!.body).toEqual({ password: 'newpass2026' });
  });

  it('disables and enables an account after a confirm', async () => {
    const calls = stubFetch(server(rows()));
    const app = await openUsers();
    await app.wrapper.find('[data-testid="user-toggle-worker1"]').trigger('click');
    await answerDialog('停用后 刘芳 将不能登录和同步', 'cancel');
    expect(callsTo(calls, 'POST', admin(`users/${LIU_FANG.id}/disable`))).toHaveLength(0);

    await app.wrapper.find('[data-testid="user-toggle-worker1"]').trigger('click');
    await answerDialog('停用后 刘芳 将不能登录和同步', 'confirm');
    await vi.waitFor(() => expect(row(app, LIU_FANG).attributes('data-disabled')).toBe('true'));
    expect(row(app, LIU_FANG).find('[data-testid="user-disabled"]').text()).toBe('已停用');
    expect(app.wrapper.find('[data-testid="user-toggle-worker1"]').text()).toBe('启用');

    await app.wrapper.find('[data-testid="user-toggle-worker1"]').trigger('click');
    await answerDialog('启用后 刘芳 可以重新登录', 'confirm');
    await vi.waitFor(() => expect(row(app, LIU_FANG).attributes('data-disabled')).toBe('false'));
    expect(callsTo(calls, 'POST', admin(`users/${LIU_FANG.id}/enable`))).toHaveLength(1);
  });
});
