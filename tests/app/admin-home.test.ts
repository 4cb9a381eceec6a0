import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { json, stubFetch } from './support/fetch-stub';
import { CHEN_ZHIQIANG, LI_JIANGUO, loginResponse, ROSTER, WANG_XIUYING, XIAO_MINGYUAN, ZHANG_JIANHUA, ZHANG_XIAOMING, ZHAO_DESHENG } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, admin, adminNetwork, expectAllControlsNamed, LIU_FANG, memberRow, on, ORGANISATION, SECRETARY_WANG, userRow, WANG_FANG } from './admin-support';

const NOW = Date.parse('2026-03-20T04:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const MEMBERS = [
  memberRow(ZHANG_XIAOMING, LIU_FANG.id),
  memberRow(LI_JIANGUO, LIU_FANG.id, WANG_FANG.id),
  // Active and away without a primary worker: both count as unpaired; the deceased and transferred do not.
  memberRow(WANG_XIUYING),
  memberRow(ZHAO_DESHENG, null, WANG_FANG.id),
  memberRow(CHEN_ZHIQIANG, WANG_FANG.id),
  memberRow(XIAO_MINGYUAN),
  memberRow(ZHANG_JIANHUA),
];

const USERS = [
  userRow(ADMIN, { lastLoginAt: ago(60_000) }),
  userRow(LIU_FANG, { devices: [{ clientId: 'phone-a', lastSyncAt: ago(DAY), unsent: 0 }], pairedMembers: 2 }),
  // One device silent for eight days, another synced an hour ago with three records still unsent.
  userRow(WANG_FANG, {
    devices: [
      { clientId: 'phone-b', lastSyncAt: ago(8 * DAY), unsent: 0 },
      { clientId: 'phone-c', lastSyncAt: ago(60 * 60 * 1000), unsent: 3 },
    ],
    pairedMembers: 3,
  }),
  userRow(SECRETARY_WANG),
];

function network() {
  return adminNetwork(
    on('GET', admin('members'), () => json(200, MEMBERS)),
    on('GET', admin('users'), () => json(200, USERS)),
    on('GET', admin('organisation'), () => json(200, ORGANISATION)),
  );
}

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  await resetDevice();
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the administrator’s home', () => {
  it('is where an administrator lands after logging in, with the admin’s section bar', async () => {
    stubFetch(adminNetwork(on('POST', '/api/auth/login', () => json(200, loginResponse(ADMIN))), network()));
    const app = await mountAt('/login');
    await app.wrapper.find('[data-testid="login-username"] input').setValue('admin1');
    await app.wrapper.find('[data-testid="login-password"] input').setValue('doorstep2026');
    await app.wrapper.find('form').trigger('submit');
    // The PIN comes first after every login (issue 14), then the admin's own home.
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="pin-first"] input').exists()).toBe(true), { timeout: 5_000 });
    await app.wrapper.find('[data-testid="pin-first"] input').setValue('480713');
    await app.wrapper.find('[data-testid="pin-second"] input').setValue('480713');
    await app.wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('admin-home'), { timeout: 5_000 });
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="home-members"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="admin-nav"]').text()).toContain('花名册导入');
    expect(app.wrapper.find('[data-testid="admin-nav"]').text()).toContain('结对');
  });

  it('counts members by status, the unpaired, workers and the devices to check, each linked to its screen', async () => {
    await seedSession(ADMIN);
    stubFetch(network());
    const app = await mountAt('/admin');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="home-members"]').exists()).toBe(true));

    expect(app.wrapper.find('[data-testid="home-members"] h2').text()).toBe(`人员共 ${ROSTER.length} 人`);
    const count = (status: string) => app.wrapper.find(`[data-testid="home-status-${status}"]`).attributes('data-count');
    expect([count('active'), count('away'), count('deceased'), count('transferred')]).toEqual(['4', '1', '1', '1']);
    expect(app.wrapper.find('[data-testid="home-unpaired"]').attributes('data-count')).toBe('2');
    expect(app.wrapper.find('[data-testid="home-unpaired"]').text()).toContain('在岗服务专员 2 人');

    const devices = app.wrapper.findAll('[data-testid="home-device"]');
    expect(devices.map((d) => d.text().replace(/\s+/g, ''))).toEqual(['王芳上次同步8天前', '王芳上次同步1小时前3条未发送']);
    // The exact time is one tap away, in Beijing time.
    const time = devices[0]!.find('[data-testid="admin-time"]');
    expect(time.attributes('title')).toBe('2026-03-12 12:00');
    await time.trigger('click');
    expect(time.text()).toBe('2026-03-12 12:00');

    const links = app.wrapper.findAll('a').map((a) => a.attributes('href'));
    for (const path of ['/admin/members', '/admin/pairings', '/admin/users']) expect(links).toContain(path);
    expectAllControlsNamed();
  });

  it('says plainly that administration needs the network when there is none', async () => {
    await seedSession(ADMIN);
    stubFetch(() => 'offline');
    const app = await mountAt('/admin');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="home-error"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="home-error"]').text()).toBe('管理功能需要联网，请检查网络后重试');
    await flushPromises();
    expect(app.wrapper.find('[data-testid="admin-offline"]').text()).toContain('管理功能需要联网');
  });

  it('is the administrator’s own: a worker who types its address lands on the roster', async () => {
    await seedSession(LIU_FANG);
    stubFetch(() => 'offline');
    for (const path of ['/admin', '/admin/import', '/admin/members', '/admin/users', '/admin/pairings', '/admin/organisation']) {
      const app = await mountAt(path);
      expect(app.router.currentRoute.value.name, path).toBe('roster');
      unmountAll();
    }
  });

  it('opens at the administrator’s home from the app’s front door, and the roster still offers the way back', async () => {
    await seedSession(ADMIN);
    stubFetch(network());
    const app = await mountAt('/');
    expect(app.router.currentRoute.value.name).toBe('admin-home');
    await app.router.push('/roster');
    await flushPromises();
    expect(app.wrapper.find('[data-testid="admin-nav"]').exists()).toBe(true);
  });
});
