import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadNameSearch } from '../../src/app/composables/useNameSearch';
import { db } from '../../src/app/db/database';
import { mountAt, type MountedApp, resetDevice, texts, unmountAll } from './support/app-harness';
import { json, notHandled, quietSync, stubFetch } from './support/fetch-stub';
import {
  CHEN_ZHIQIANG,
  LI_JIANGUO,
  ROSTER,
  WALKING_ORDER,
  WANG_XIUYING,
  ZHANG_XIAOMING,
  ZHAO_DESHENG,
  makeUser,
  meResponse,
  pairingFor,
  pullPages,
} from './support/fixtures';
import { rosterChanges, seedRoster, seedSession } from './support/seed';

async function openRosterOffline(): Promise<MountedApp> {
  await seedSession();
  await seedRoster(ROSTER);
  // No signal in the stairwell: every request fails, so whatever shows comes from IndexedDB.
  stubFetch(() => 'offline');
  const app = await mountAt('/roster');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="roster-row"]')).toHaveLength(ROSTER.length));
  // The background sync has found no network and says so calmly (issue 13), and the list is still there.
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="sync-bar"]').attributes('data-offline')).toBe('true'));
  expect(app.wrapper.find('[data-testid="sync-pending"]').text()).toBe('离线 · 无待同步');
  expect(app.wrapper.findAll('[data-testid="roster-row"]')).toHaveLength(ROSTER.length);
  return app;
}

function names(app: MountedApp): string[] {
  return texts(app.wrapper, '[data-testid="roster-row-name"]');
}

async function search(app: MountedApp, query: string): Promise<string[]> {
  await app.wrapper.find('[data-testid="roster-search"] input').setValue(query);
  // The first keystroke loads the pinyin search (its own chunk in the built app): wait for it like the user does.
  await loadNameSearch();
  await flushPromises();
  return names(app);
}

beforeEach(resetDevice);
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('RosterView', () => {
  it('lists the roster stored on the device in walking order, with no network', async () => {
    const app = await openRosterOffline();

    expect(names(app)).toEqual(WALKING_ORDER);
    expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('共 7 人');
    const first = app.wrapper.find('[data-testid="roster-row"]');
    expect(first.attributes('data-member-id')).toBe(LI_JIANGUO.id);
    expect(first.attributes('href')).toBe(`/members/${LI_JIANGUO.id}`);
    expect(texts(app.wrapper, '.roster-group__header')).toEqual([
      '光明小区 3栋',
      '光明小区 10栋',
      '幸福小区 1栋',
      '幸福小区 2栋',
    ]);
  });

  it('shows address, age, status and risk tags on each row', async () => {
    const app = await openRosterOffline();
    const row = app.wrapper.find(`[data-member-id="${ZHANG_XIAOMING.id}"]`);

    expect(row.text()).toContain('光明小区 3栋2单元502室');
    expect(row.find('[data-testid="status-tag"]').text()).toBe('在册');
    expect(texts(row, '[data-testid="risk-tag"]')).toEqual(['独居', '高龄']);
    expect(row.text()).toMatch(/8\d岁/);

    const away = app.wrapper.find(`[data-member-id="${ZHAO_DESHENG.id}"]`);
    expect(away.find('[data-testid="status-tag"]').text()).toBe('外出');
    expect(away.findAll('[data-testid="risk-tag"]')).toHaveLength(0);
  });

  it.each(['zxm', 'zhangxiaoming', '张晓', 'ZhangXiaoMing', 'zhang xiao ming'])(
    'finds 张晓明 and nobody else for "%s"',
    async (query) => {
      const app = await openRosterOffline();
      expect(await search(app, query)).toEqual(['张晓明']);
      expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('1 / 7 人');
    },
  );

  it('matches the inside of a name and every person that fits', async () => {
    const app = await openRosterOffline();
    expect(await search(app, 'zhang')).toEqual(['张晓明', '张建华']);
    expect(await search(app, 'ming')).toEqual(['张晓明', '肖明远']);
    expect(await search(app, 'qqq')).toEqual([]);
    expect(app.wrapper.text()).toContain('没有符合条件的人员');
    expect(await search(app, '')).toEqual(WALKING_ORDER);
  });

  it('filters by risk flags, requiring every selected flag', async () => {
    const app = await openRosterOffline();

    await app.wrapper.find('[data-testid="filter-risk-livingAlone"]').trigger('click');
    expect(names(app)).toEqual(['张晓明', '陈志强']);
    expect(app.wrapper.find('[data-testid="filter-risk-livingAlone"]').attributes('aria-pressed')).toBe('true');

    await app.wrapper.find('[data-testid="filter-risk-advancedAge"]').trigger('click');
    expect(names(app)).toEqual(['张晓明']);

    await app.wrapper.find('[data-testid="filter-risk-livingAlone"]').trigger('click');
    expect(names(app)).toEqual(['张晓明', '王秀英', '张建华']);

    await app.wrapper.find('[data-testid="filter-risk-advancedAge"]').trigger('click');
    await app.wrapper.find('[data-testid="filter-risk-bedridden"]').trigger('click');
    expect(names(app)).toEqual([WANG_XIUYING.name]);
  });

  it('filters by status, any selected status matching', async () => {
    const app = await openRosterOffline();

    await app.wrapper.find('[data-testid="filter-status-away"]').trigger('click');
    expect(names(app)).toEqual(['赵德胜']);

    await app.wrapper.find('[data-testid="filter-status-deceased"]').trigger('click');
    expect(names(app)).toEqual(['赵德胜', '肖明远']);
    expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('2 / 7 人');

    await app.wrapper.find('[data-testid="filter-clear"]').trigger('click');
    expect(names(app)).toEqual(WALKING_ORDER);
  });

  it('combines search, risk and status filters', async () => {
    const app = await openRosterOffline();
    await app.wrapper.find('[data-testid="filter-status-active"]').trigger('click');
    await app.wrapper.find('[data-testid="filter-risk-livingAlone"]').trigger('click');
    expect(names(app)).toEqual(['张晓明', '陈志强']);
    expect(await search(app, 'czq')).toEqual([CHEN_ZHIQIANG.name]);
  });

  it('shows the network state and when the roster was last downloaded, in Beijing time', async () => {
    const app = await openRosterOffline();
    // Seeded at 01:15 UTC.
    expect(app.wrapper.find('[data-testid="last-updated"]').text()).toBe('更新于 2026-01-06 09:15');
    // The failed refresh, not navigator.onLine, decides: the worker sees that nothing gets through.
    expect(app.wrapper.find('[data-testid="network-status"]').attributes('data-online')).toBe('false');
    expect(app.wrapper.find('[data-testid="network-status"]').text()).toBe('离线');
  });

  it('before the first page has arrived, says it is connecting rather than "0 / 0"', async () => {
    await seedSession();
    let release: () => void = () => {};
    const firstPage = new Promise<void>((resolve) => {
      release = resolve;
    });
    stubFetch(async (request) => {
      if (request.url.pathname === '/api/me') return json(200, meResponse());
      if (request.url.pathname !== '/api/sync/pull') return quietSync(request) ?? notHandled(request);
      await firstPage;
      return json(200, pullPages(rosterChanges(ROSTER), 50).get(0));
    });
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="download-count"]').exists()).toBe(true));
    const count = app.wrapper.find('[data-testid="download-count"]').text();
    expect(count).toBe('正在连接服务器，准备下载…');
    expect(count).not.toContain('0 / 0');
    release();
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="roster-row"]')).toHaveLength(ROSTER.length));
  });

  it('downloads the roster on first use, showing progress, then lists it', async () => {
    await seedSession();
    // Seven members and two pairings: nine changes in pages of three.
    const pages = pullPages(rosterChanges(ROSTER, [pairingFor(LI_JIANGUO, makeUser().id), pairingFor(ZHANG_XIAOMING, makeUser().id)]), 3);
    let release: () => void = () => {};
    const laterPages = new Promise<void>((resolve) => {
      release = resolve;
    });
    stubFetch(async (request) => {
      if (request.url.pathname === '/api/me') return json(200, meResponse());
      if (request.url.pathname !== '/api/sync/pull') return quietSync(request) ?? notHandled(request);
      const cursor = Number(request.url.searchParams.get('cursor'));
      if (cursor > 0) await laterPages;
      return json(200, pages.get(cursor));
    });

    const app = await mountAt('/roster');
    await vi.waitFor(() =>
      expect(app.wrapper.find('[data-testid="download-progress"]').attributes('data-received')).toBe('3'),
    );
    // The bar, the count and the attributes say the same: 3 of 9 changes written (33 %).
    const progress = app.wrapper.find('[data-testid="download-progress"]');
    expect(progress.attributes('data-total')).toBe('9');
    expect(progress.find('[data-testid="download-count"]').text()).toBe('已接收 3 / 9 条');
    expect(progress.attributes('data-percentage')).toBe('33');
    expect(progress.find('.van-progress__portion').attributes('style')).toContain('width: 33%');
    expect(progress.text()).toContain('正在下载花名册和记录');
    // The list is not shown yet, and no count of it contradicts the progress.
    expect(app.wrapper.findAll('[data-testid="roster-row"]')).toHaveLength(0);
    expect(app.wrapper.find('[data-testid="roster-count"]').exists()).toBe(false);

    release();
    await vi.waitFor(() => expect(names(app)).toEqual(WALKING_ORDER));
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="download-progress"]').exists()).toBe(false));
    expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('共 7 人');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="last-updated"]').text()).toMatch(/^更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/));
    expect(await db.members.count()).toBe(7);
    expect(await db.pairings.count()).toBe(2);
  });

  it('shows what a later pull brings, keeping the local list on screen meanwhile', async () => {
    await seedSession();
    await seedRoster([LI_JIANGUO]);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    stubFetch(async (request) => {
      if (request.url.pathname === '/api/me') return json(200, meResponse());
      if (request.url.pathname !== '/api/sync/pull') return quietSync(request) ?? notHandled(request);
      await gate;
      const cursor = Number(request.url.searchParams.get('cursor'));
      return json(200, { changes: rosterChanges([ZHANG_XIAOMING], [], cursor), cursor: cursor + 1, hasMore: false, remaining: 0, reset: false, scope: 'seeded' });
    });

    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(names(app)).toEqual(['李建国']));
    expect(app.wrapper.find('[data-testid="download-progress"]').exists()).toBe(false);
    release();
    await vi.waitFor(() => expect(names(app)).toEqual(['李建国', '张晓明']));
    expect(app.wrapper.find('[data-testid="network-status"]').attributes('data-online')).toBe('true');
  });

  it('a member whose pairing ended leaves the list on screen with the next pull', async () => {
    await seedSession();
    await seedRoster([LI_JIANGUO, ZHANG_XIAOMING]);
    let scopeChanged = false;
    stubFetch((request) => {
      if (request.url.pathname === '/api/me') return json(200, meResponse());
      if (request.url.pathname !== '/api/sync/pull') return quietSync(request) ?? notHandled(request);
      if (!scopeChanged) return quietSync(request)!;
      return json(200, { changes: rosterChanges([ZHANG_XIAOMING]), cursor: 1, hasMore: false, remaining: 0, reset: true, scope: 'scope-2' });
    });
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(names(app)).toEqual(['李建国', '张晓明']));
    // The sync at start is over (it found nothing new) before the scope changes on the server.
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="sync-last"]').text()).not.toContain('2026-01-06 09:15'));
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="sync-bar"]').attributes('data-phase')).toBe('idle'));

    scopeChanged = true;
    await app.wrapper.find('[data-testid="sync-now"]').trigger('click');
    await vi.waitFor(() => expect(names(app)).toEqual(['张晓明']));
    expect(app.wrapper.find('[data-testid="roster-count"]').text()).toBe('共 1 人');
  });

  it('sends the user to log in again, username filled in, when the server rejects the session', async () => {
    await seedSession(makeUser({ username: 'worker3' }));
    await seedRoster(ROSTER);
    stubFetch(() => json(401, { error: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' } }));

    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'));
    await flushPromises();

    expect(app.router.currentRoute.value.query.username).toBe('worker3');
    expect((app.wrapper.find('[data-testid="login-username"] input').element as HTMLInputElement).value).toBe('worker3');
    expect(app.wrapper.find('[data-testid="login-notice"]').text()).toBe('登录已过期，请重新登录');
    // The token is gone, the roster is kept for when the same worker logs in again.
    expect((await db.session.get('current'))?.token).toBeNull();
    expect(await db.members.count()).toBe(ROSTER.length);
  });
});
