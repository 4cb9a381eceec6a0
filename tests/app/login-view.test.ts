import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { apiError, json, notHandled, quietSync, stubFetch, type StubAnswer } from './support/fetch-stub';
import { loginResponse, meResponse } from './support/fixtures';

async function submitLogin(app: MountedApp, username: string, password: string): Promise<void> {
  await app.wrapper.find('[data-testid="login-username"] input').setValue(username);
  await app.wrapper.find('[data-testid="login-password"] input').setValue(password);
  await app.wrapper.find('form').trigger('submit');
  await flushPromises();
}

function answerLogin(answer: () => StubAnswer) {
  return stubFetch((request) => {
    if (request.url.pathname === '/api/auth/login') return answer();
    if (request.url.pathname === '/api/me') return json(200, meResponse());
    return quietSync(request) ?? notHandled(request);
  });
}

async function errorShown(app: MountedApp): Promise<string> {
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="login-error"]').exists()).toBe(true));
  return app.wrapper.find('[data-testid="login-error"]').text();
}

beforeEach(resetDevice);
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('LoginView', () => {
  it('opens at the login form when no session is stored', async () => {
    stubFetch(() => 'offline');
    const app = await mountAt('/roster');
    expect(app.router.currentRoute.value.name).toBe('login');
    expect(app.wrapper.find('[data-testid="login-username"] input').exists()).toBe(true);
    expect(app.wrapper.find('[data-testid="login-password"] input').attributes('type')).toBe('password');
    expect(app.wrapper.find('[data-testid="login-submit"]').text()).toBe('登录');
  });

  it('shows the zh-CN text for a wrong password', async () => {
    const calls = answerLogin(() => apiError('INVALID_CREDENTIALS'));
    const app = await mountAt('/login');
    await submitLogin(app, 'worker1', 'nope');

    expect(await errorShown(app)).toBe('用户名或密码错误');
    // With the device's client id: a successful login would give this device its secret (issue 14).
    expect(calls[0]?.body).toEqual({ username: 'worker1', password: 'nope', clientId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(app.router.currentRoute.value.name).toBe('login');
  });

  it('shows the zh-CN text when rate limited', async () => {
    answerLogin(() => apiError('RATE_LIMITED'));
    const app = await mountAt('/login');
    await submitLogin(app, 'worker1', 'nope');
    expect(await errorShown(app)).toBe('尝试次数过多，请稍后再试');
  });

  it('explains that the first login needs a network', async () => {
    answerLogin(() => 'offline');
    const app = await mountAt('/login');
    await submitLogin(app, 'worker1', 'doorstep2026');
    expect(await errorShown(app)).toBe('当前无网络，首次登录需要联网');
  });

  it('shows the English text after switching language', async () => {
    answerLogin(() => apiError('INVALID_CREDENTIALS'));
    const app = await mountAt('/login');
    await app.wrapper.find('[data-testid="locale-switch"]').trigger('click');
    await submitLogin(app, 'worker1', 'nope');
    expect(await errorShown(app)).toBe('Wrong username or password');
    expect(app.wrapper.find('[data-testid="login-submit"]').text()).toBe('Log in');
    expect(localStorage.getItem('doorstep.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('asks for both fields before calling the server', async () => {
    const calls = answerLogin(() => apiError('INVALID_CREDENTIALS'));
    const app = await mountAt('/login');
    await submitLogin(app, '', '');
    await vi.waitFor(() => expect(app.wrapper.text()).toContain('请输入用户名'));
    expect(app.wrapper.text()).toContain('请输入密码');
    expect(calls).toHaveLength(0);
  });

  it('asks for a PIN after a successful login, refusing an easy one or two that differ, then opens the roster', async () => {
    answerLogin(() => json(200, loginResponse()));
    const app = await mountAt('/login');
    await submitLogin(app, 'worker1', 'doorstep2026');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('pin-setup'), { timeout: 5_000 });
    const choose = async (first: string, second: string) => {
      await vi.waitFor(() => expect(app.wrapper.find('[data-testid="pin-first"] input').exists()).toBe(true));
      await app.wrapper.find('[data-testid="pin-first"] input').setValue(first);
      await app.wrapper.find('[data-testid="pin-second"] input').setValue(second);
      await app.wrapper.find('form').trigger('submit');
      await flushPromises();
    };
    await choose('123456', '123456');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="pin-problem"]').text()).toBe('这个 PIN 太容易被猜到，请换一个'));
    await choose('480713', '480731');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="pin-problem"]').text()).toBe('两次输入不一致'));
    await choose('480713', '480713');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('roster'), { timeout: 5_000 });
    const roster = useRosterStore(app.pinia);
    await vi.waitFor(() => expect(roster.syncedAt).not.toBeNull());
    expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('共 0 人');
  });
});
