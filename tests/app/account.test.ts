import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { json, noContent, notHandled, quietSync, stubFetch } from './support/fetch-stub';
import { ROSTER, loginResponse, meResponse } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';

async function openRoster(): Promise<MountedApp> {
  const app = await mountAt('/roster');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="roster-row"]')).toHaveLength(ROSTER.length));
  await vi.waitFor(() => expect(useRosterStore(app.pinia).downloading).toBe(false));
  return app;
}

async function openSheet(app: MountedApp): Promise<void> {
  await app.wrapper.find('[data-testid="settings-open"]').trigger('click');
  await vi.waitFor(() => expect(document.querySelector('[data-testid="settings-user"]')).not.toBeNull());
}

function byTestId(id: string): HTMLElement {
  const elements = document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`);
  // Browser tests address these ids one element at a time.
  if (elements.length !== 1) throw new Error(`${elements.length} elements with data-testid=${id}`);
  return elements[0]!;
}

/** The server for a logged-in worker: profile, sync with nothing new, and logout. */
function serveOnline() {
  return stubFetch((request) => {
    if (request.url.pathname === '/api/me') return json(200, meResponse());
    if (request.url.pathname === '/api/auth/logout') return noContent();
    return quietSync(request) ?? notHandled(request);
  });
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('account and device status', () => {
  it('shows on the roster page whether the browser granted persistent storage', async () => {
    stubFetch(() => 'offline');
    await openRoster();
    // happy-dom has no StorageManager: treated as not granted, and said so.
    expect(byTestId('storage-status').dataset.granted).toBe('false');
    expect(byTestId('storage-status').textContent).toContain('未获准持久存储');
    expect(byTestId('storage-status').title).toBe('未获准持久存储，浏览器可能在空间不足时清除数据');
    // navigator.onLine says yes, but no request got through: offline is what the worker needs to see.
    expect(navigator.onLine).toBe(true);
    expect(byTestId('network-status').dataset.online).toBe('false');
  });

  it('shows the account, the full storage explanation and the language switch in the sheet', async () => {
    stubFetch(() => 'offline');
    const app = await openRoster();
    await openSheet(app);
    expect(byTestId('settings-user').textContent).toContain('刘芳（worker1）');
    expect(byTestId('settings-sheet').textContent).toContain('未获准持久存储，浏览器可能在空间不足时清除数据');
    expect(byTestId('storage-status')).toBeTruthy();
  });

  it('switches the whole interface to English and remembers it', async () => {
    stubFetch(() => 'offline');
    const app = await openRoster();
    await openSheet(app);
    byTestId('locale-switch').click();
    await vi.waitFor(() => expect(byTestId('logout').textContent?.trim()).toBe('Log out'));
    expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('7 people');
    expect(localStorage.getItem('doorstep.locale')).toBe('en');
  });

  it('logs out online: tells the server, clears the device and returns to the login form', async () => {
    const calls = serveOnline();
    const app = await openRoster();
    expect(byTestId('account-user').textContent).toContain('刘芳（worker1）');

    byTestId('logout').click();

    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'));
    const logout = calls.find((call) => call.url.pathname === '/api/auth/logout');
    expect(logout?.headers.get('Authorization')).toBe(`Bearer ${loginResponse().token}`);
    expect(await db.session.count()).toBe(0);
    expect(await db.members.count()).toBe(0);
    expect(app.router.currentRoute.value.query.username).toBeUndefined();
  });

  it('asks before logging out offline, and keeps everything when the worker cancels', async () => {
    stubFetch(() => 'offline');
    const app = await openRoster();
    // The roster's background refresh found no network: the app now counts itself offline.
    expect(byTestId('network-status').dataset.online).toBe('false');

    byTestId('logout').click();
    await vi.waitFor(() => expect(document.querySelector('.van-dialog__cancel')).not.toBeNull());
    expect(document.querySelector('.van-dialog')?.textContent).toContain('退出后本机花名册将被清除');
    document.querySelector<HTMLElement>('.van-dialog__cancel')!.click();
    await flushPromises();
    expect(app.router.currentRoute.value.name).toBe('roster');
    expect(await db.members.count()).toBe(ROSTER.length);

    byTestId('logout').click();
    await vi.waitFor(() => expect(document.querySelector('.van-dialog__confirm')).not.toBeNull());
    document.querySelector<HTMLElement>('.van-dialog__confirm')!.click();
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'));
    expect(await db.members.count()).toBe(0);
  });
});
