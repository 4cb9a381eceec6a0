import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog, byTestId } from './support/dom';
import { json, noContent, notHandled, quietSync, stubFetch, type StubRequest } from './support/fetch-stub';
import { makeUser, meResponse, uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { callsTo, expectAllControlsNamed } from './admin-support';

/** Every user's account screen (issue 14 §6): their sessions, ending one, and a new password; online only. */

const WORKER = makeUser();
const session = (n: number, overrides: Partial<SessionInfo> = {}): SessionInfo => ({
  id: uuid(0x5e00 + n),
  createdAt: '2026-03-01T01:00:00.000Z',
  lastUsedAt: '2026-03-02T02:00:00.000Z',
  expiresAt: '2026-03-15T01:00:00.000Z',
  userAgent: `Phone ${n}`,
  address: `10.0.0.${n}`,
  current: false,
  ...overrides,
});

/** The account's server: sessions (ending one removes it) and the password change, answered by `password`. */
function server(sessions: SessionInfo[], password: (request: StubRequest) => Response = () => noContent()) {
  return (request: StubRequest) => {
    const path = request.url.pathname;
    if (path === '/api/me') return json(200, meResponse());
    if (path === '/api/me/sessions' && request.method === 'GET') return json(200, { sessions });
    if (path.startsWith('/api/me/sessions/') && request.method === 'DELETE') {
      const id = path.split('/').pop()!;
      const at = sessions.findIndex((s) => s.id === id);
      if (at < 0) return json(404, { error: { code: 'NOT_FOUND', message: '未找到该登录会话' } });
      sessions.splice(at, 1);
      return noContent();
    }
    if (path === '/api/me/password' && request.method === 'POST') return password(request);
    return quietSync(request) ?? notHandled(request);
  };
}

async function openAccount(): Promise<MountedApp> {
  const app = await mountAt('/account');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="password-change"]').exists()).toBe(true));
  return app;
}

async function typeInto(app: MountedApp, id: string, value: string): Promise<void> {
  await app.wrapper.find(`[data-testid="${id}"] input`).setValue(value);
}
const problems = (app: MountedApp) => app.wrapper.findAll('[data-testid="password-change-problems"] li').map((li) => li.text());
async function save(app: MountedApp): Promise<void> {
  await app.wrapper.find('[data-testid="password-change"]').trigger('submit');
  await flushPromises();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession(WORKER);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('the account screen', () => {
  it('lists the user’s sessions with this device marked, and ends another after asking', async () => {
    const sessions = [session(1, { current: true, userAgent: '本机浏览器' }), session(2, { userAgent: 'Lost phone' })];
    const calls = stubFetch(server(sessions));
    const app = await openAccount();
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="session-row"]')).toHaveLength(2));
    const [mine, other] = app.wrapper.findAll('[data-testid="session-row"]');
    expect(mine!.text()).toContain('本机浏览器');
    expect(mine!.find('[data-testid="session-current"]').text()).toBe('本机');
    expect(mine!.find('[data-testid="session-end"]').exists()).toBe(false);
    expect(other!.text()).toContain('10.0.0.2');
    // Beijing time.
    expect(other!.text()).toContain('2026-03-01 09:00');
    expectAllControlsNamed();
    expect(other!.find('[data-testid="session-end"]').attributes('aria-label')).toBe('结束Lost phone的登录');

    await other!.find('[data-testid="session-end"]').trigger('click');
    await answerDialog('Lost phone将需要重新登录', 'confirm');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="session-row"]')).toHaveLength(1));
    expect(callsTo(calls, 'DELETE', `/api/me/sessions/${uuid(0x5e02)}`)).toHaveLength(1);
  });

  it('changes the password: the rules said in Chinese before sending, the server’s refusals after, then done', async () => {
    let answer: (request: StubRequest) => Response = () => json(400, { error: { code: 'VALIDATION_FAILED', message: '当前密码不正确', details: [{ path: 'currentPassword', message: '当前密码：当前密码不正确' }] } });
    const calls = stubFetch(server([session(1, { current: true })], (request) => answer(request)));
    const app = await openAccount();

    await save(app);
    expect(problems(app)).toEqual(['请输入当前密码', '请输入新密码']);
    await typeInto(app, 'password-next', 'short');
    await save(app);
    expect(problems(app)).toEqual(['请输入当前密码', '密码至少 10 个字符']);
    await typeInto(app, 'password-current', 'old-password-1');
    await typeInto(app, 'password-next', '          ');
    await save(app);
    expect(problems(app)).toEqual(['密码不能只有空格']);
    await typeInto(app, 'password-next', 'river-lantern-77');
    await typeInto(app, 'password-again', 'river-lantern-78');
    await save(app);
    expect(problems(app)).toEqual(['两次输入的新密码不一致']);
    expect(callsTo(calls, 'POST', '/api/me/password')).toHaveLength(0);

    await typeInto(app, 'password-again', 'river-lantern-77');
    await save(app);
    await vi.waitFor(() => expect(problems(app)).toEqual(['当前密码不正确']));

    answer = () => json(400, { error: { code: 'PASSWORD_COMMON', message: '这是常见密码，容易被猜中，请换一个', details: [{ path: 'newPassword', message: '密码：这是常见密码，容易被猜中，请换一个' }] } });
    await save(app);
    await vi.waitFor(() => expect(problems(app)).toEqual(['这是常见密码，容易被猜中，请换一个']));

    answer = () => noContent();
    await save(app);
    await vi.waitFor(() => expect(problems(app)).toEqual([]));
    const sent = callsTo(calls, 'POST', '/api/me/password');
    expect(sent.at(-1)!.body).toEqual({ currentPassword: 'old-password-1', newPassword: 'river-lantern-77' });
    expect((app.wrapper.find('[data-testid="password-next"] input').element as HTMLInputElement).value).toBe('');
  });

  it('says plainly that it needs the network when offline, and sends nothing', async () => {
    const calls = stubFetch(() => 'offline');
    const app = await openAccount();
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="account-offline"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="account-offline"]').text()).toContain('需要联网');
    expect(app.wrapper.find('[data-testid="password-change-save"]').attributes('disabled')).toBeDefined();
    expect(callsTo(calls, 'POST', '/api/me/password')).toHaveLength(0);
  });

  it('is reached from the account footer under the roster', async () => {
    stubFetch(server([session(1, { current: true })]));
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="to-account"]').exists()).toBe(true));
    expect(byTestId('to-account').textContent).toContain('账号与安全');
    await app.wrapper.find('[data-testid="to-account"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('account'));
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="session-row"]')).toHaveLength(1));
  });
});
