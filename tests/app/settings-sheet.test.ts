import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { mountAt, resetDevice, type MountedApp } from './support/app-harness';
import { json, noContent, notHandled, stubFetch } from './support/fetch-stub';
import { ROSTER, loginResponse, meResponse, rosterPages } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';

async function openSheet(): Promise<MountedApp> {
  const app = await mountAt('/roster');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="roster-row"]')).toHaveLength(ROSTER.length));
  await vi.waitFor(() => expect(useRosterStore(app.pinia).downloading).toBe(false));
  await app.wrapper.find('[data-testid="settings-open"]').trigger('click');
  await vi.waitFor(() => expect(document.querySelector('[data-testid="logout"]')).not.toBeNull());
  return app;
}

function byTestId(id: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`No element with data-testid=${id}`);
  return element;
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('settings sheet', () => {
  it('shows the account and whether the browser granted persistent storage', async () => {
    stubFetch(() => 'offline');
    await openSheet();
    expect(byTestId('settings-user').textContent).toContain('刘芳（worker1）');
    // happy-dom has no StorageManager: treated as not granted, and said so.
    expect(byTestId('storage-status').dataset.granted).toBe('false');
    expect(byTestId('storage-status').textContent).toContain('未获准持久存储，浏览器可能在空间不足时清除数据');
  });

  it('switches the whole interface to English and remembers it', async () => {
    stubFetch(() => 'offline');
    const app = await openSheet();
    byTestId('locale-switch').click();
    await vi.waitFor(() => expect(byTestId('logout').textContent?.trim()).toBe('Log out'));
    expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('7 people');
    expect(localStorage.getItem('doorstep.locale')).toBe('en');
  });

  it('logs out online: tells the server, clears the device and returns to the login form', async () => {
    const calls = stubFetch((request) => {
      if (request.url.pathname === '/api/me') return json(200, meResponse());
      if (request.url.pathname === '/api/roster') return json(200, rosterPages(ROSTER, 200).get(null));
      if (request.url.pathname === '/api/auth/logout') return noContent();
      return notHandled(request);
    });
    const app = await openSheet();

    byTestId('logout').click();

    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'));
    const logout = calls.find((call) => call.url.pathname === '/api/auth/logout');
    expect(logout?.headers.get('Authorization')).toBe(`Bearer ${loginResponse().token}`);
    expect(await db.session.count()).toBe(0);
    expect(await db.members.count()).toBe(0);
    expect(app.router.currentRoute.value.query.username).toBeUndefined();
  });
});
