import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addMonths, Coverage, CoverageHistory, NotVisitedList, type CoverageTotals } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { json, stubFetch, type StubRequest } from './support/fetch-stub';
import { BRANCH_ID, uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, adminNetwork, callsTo, expectAllControlsNamed, LIU_FANG, on, SECOND_BRANCH, SECRETARY_WANG, WANG_FANG } from './admin-support';
import { chooseMonth } from './support/month-picker';

vi.setConfig({ testTimeout: 20_000 });

// 11:00 on 2026-03-20 in Beijing.
const NOW = Date.parse('2026-03-20T03:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const totals = (over: Partial<CoverageTotals> = {}): CoverageTotals => ({
  members: 60,
  visited: 42,
  phoned: 6,
  due: 50,
  overdue: 5,
  dueVisited: 40,
  highRisk: { members: 4, visited: 3 },
  ...over,
});

function coverageOf(month: string): Coverage {
  return Coverage.parse({
    month,
    asOf: month === '2026-03' ? '2026-03-20' : `${month}-28`,
    workers: [
      {
        workerId: LIU_FANG.id,
        name: LIU_FANG.displayName,
        members: 30,
        visited: 25,
        phoned: 2,
        due: 25,
        overdue: 0,
        dueVisited: 25,
        devices: [{ lastSyncAt: ago(HOUR), pending: 3, oldestPendingAt: ago(2 * DAY + HOUR), appVersion: '1.4.0' }],
      },
      {
        workerId: WANG_FANG.id,
        name: WANG_FANG.displayName,
        members: 30,
        visited: 17,
        phoned: 4,
        due: 25,
        overdue: 5,
        dueVisited: 15,
        devices: [
          { lastSyncAt: ago(9 * DAY), pending: 0, oldestPendingAt: null, appVersion: '1.3.2' },
          { lastSyncAt: null, pending: null, oldestPendingAt: null, appVersion: null },
        ],
      },
    ],
    branches: [
      { branchId: BRANCH_ID, name: '光明社区离退休干部第一党支部', members: 40, visited: 30, phoned: 4, due: 35, overdue: 2, dueVisited: 29 },
      { branchId: SECOND_BRANCH.id, name: SECOND_BRANCH.name, members: 20, visited: 12, phoned: 2, due: 15, overdue: 3, dueVisited: 11 },
    ],
    community: totals(month === '2026-03' ? {} : { dueVisited: 50, visited: 50, highRisk: { members: 4, visited: 4 } }),
  });
}

function historyOf(month: string, months: number): CoverageHistory {
  return CoverageHistory.parse({
    months: Array.from({ length: months }, (_, i) => {
      const m = addMonths(month, i - months + 1);
      // The first month had nobody due; the others climb to this month's figures.
      return { ...totals(i === 0 ? { due: 0, dueVisited: 0, highRisk: { members: 0, visited: 0 } } : { dueVisited: 30 + i }), month: m, asOf: `${m}-28` };
    }),
  });
}

const NOT_VISITED = NotVisitedList.parse({
  month: '2026-03',
  asOf: '2026-03-20',
  members: [
    { memberId: uuid(0x9001), name: '赵德胜', branchId: BRANCH_ID, tier: 'high', workerId: WANG_FANG.id, lastInPersonOn: '2026-01-05', phoned: false, overdue: true, away: false },
    { memberId: uuid(0x9002), name: '王秀英', branchId: SECOND_BRANCH.id, tier: 'key', workerId: null, lastInPersonOn: null, phoned: true, overdue: false, away: false },
  ],
});

function coverageRoutes() {
  return [
    on('GET', '/api/coverage', (request: StubRequest) => json(200, coverageOf(request.url.searchParams.get('month')!))),
    on('GET', '/api/coverage/history', (request: StubRequest) =>
      json(200, historyOf(request.url.searchParams.get('month')!, Number(request.url.searchParams.get('months')))),
    ),
    on('GET', '/api/coverage/not-visited', (request: StubRequest) => json(200, { ...NOT_VISITED, month: request.url.searchParams.get('month')! })),
  ];
}

const find = (app: MountedApp, testId: string) => app.wrapper.find(`[data-testid="${testId}"]`);

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  await resetDevice();
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('探访率 for the administrator', () => {
  async function open(): Promise<{ app: MountedApp; calls: StubRequest[] }> {
    await seedSession(ADMIN);
    const calls = stubFetch(adminNetwork(...coverageRoutes()));
    const app = await mountAt('/admin/coverage');
    await vi.waitFor(() => expect(find(app, 'coverage-summary').exists()).toBe(true));
    return { app, calls };
  }

  it('shows the month’s rate with phone contacts apart and the high-risk line against its 100 % target', async () => {
    const { app, calls } = await open();
    expect(callsTo(calls, 'GET', '/api/coverage')[0]!.url.searchParams.get('month')).toBe('2026-03');
    expect(find(app, 'coverage-rate').text()).toBe('80%');
    expect(find(app, 'coverage-summary').text()).toContain('入户探访 40 / 应探访 50 人');
    expect(find(app, 'coverage-phoned').text()).toBe('另有 6 人电话或视频联系（不计入探访率）');
    expect(find(app, 'coverage-high-risk').text()).toContain('高风险老人 3 / 4 人');
    expect(find(app, 'coverage-high-risk').text()).toContain('75%');
    expect(find(app, 'coverage-high-risk-state').text()).toBe('还差 1 人');
    expect(find(app, 'coverage-high-risk').find('[role="meter"]').attributes('aria-valuenow')).toBe('75');
    expect(find(app, 'coverage-overdue').text()).toBe('5');
  });

  it('draws the last twelve months, described for screen readers', async () => {
    const { app, calls } = await open();
    expect(callsTo(calls, 'GET', '/api/coverage/history')[0]!.url.searchParams.get('months')).toBe('12');
    const months = app.wrapper.findAll('[data-testid="coverage-chart-month"]');
    expect(months.map((m) => m.attributes('data-month'))).toEqual(Array.from({ length: 12 }, (_, i) => addMonths('2026-03', i - 11)));
    // Nobody due in the first month: no rate, not 0 %.
    expect(months[0]!.attributes('data-rate')).toBe('');
    expect(months[11]!.attributes('data-rate')).toBe(String(41 / 50));
    const svg = find(app, 'coverage-chart').find('svg');
    expect(svg.attributes('role')).toBe('img');
    const described = svg.attributes('aria-labelledby')!.split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described[0]).toBe('近 12 个月探访率');
    expect(described[1]).toContain('2025-04：全部 —，高风险 —。');
    expect(described[1]).toContain('2026-03：全部 82%，高风险 75%。');
  });

  it('lists branches and workers, each worker with every device’s last sync in Beijing time, what waits and for how long, and the app version', async () => {
    const { app } = await open();
    const branches = find(app, 'coverage-branches').findAll('[data-testid="coverage-line"]');
    expect(branches.map((b) => [b.find('th').text(), b.find('[data-testid="line-rate"]').text()])).toEqual([
      ['光明社区离退休干部第一党支部', '82% 29/35'],
      [SECOND_BRANCH.name, '73% 11/15'],
    ]);

    const workers = find(app, 'coverage-workers').findAll('[data-testid="coverage-line"]');
    const liu = workers[0]!;
    expect(liu.find('th').text()).toBe('刘芳');
    expect(liu.find('[data-testid="line-rate"]').text()).toBe('100% 25/25');
    expect(liu.find('[data-testid="freshness-last-sync"]').text()).toBe('最后同步 2026-03-20 10:00（1 小时前）');
    expect(liu.find('[data-testid="freshness-pending"]').text()).toBe('待上传 3 条，最早一条已等待 2 天');
    expect(liu.find('[data-testid="freshness-version"]').text()).toBe('版本 1.4.0');
    expect(liu.find('[data-testid="freshness-device"]').attributes('data-stale')).toBe('false');

    const wang = workers[1]!;
    expect(wang.find('[data-testid="line-overdue"]').text()).toBe('5');
    const devices = wang.findAll('[data-testid="freshness-device"]');
    expect(devices.map((d) => d.attributes('data-stale'))).toEqual(['true', 'true']);
    expect(devices[0]!.text()).toContain('设备 1');
    expect(devices[0]!.text()).toContain('最后同步 2026-03-11 11:00（9 天前）');
    expect(devices[0]!.text()).toContain('超过 7 天未同步，数字可能偏低');
    expect(devices[1]!.text()).toContain('从未同步');
    expect(devices[1]!.find('[data-testid="freshness-pending"]').exists()).toBe(false);
  });

  it('lists who has not been visited, with their branch, worker and last visit in person', async () => {
    const { app } = await open();
    const members = app.wrapper.findAll('[data-testid="not-visited-member"]');
    expect(members).toHaveLength(2);
    expect(members[0]!.text()).toContain('赵德胜');
    expect(members[0]!.text()).toContain('高风险');
    expect(members[0]!.text()).toContain('光明社区离退休干部第一党支部 · 王芳');
    expect(members[0]!.text()).toContain('上次入户 2026-01-05');
    expect(members[0]!.find('[data-testid="not-visited-overdue"]').exists()).toBe(true);
    expect(members[1]!.text()).toContain(`${SECOND_BRANCH.name} · 未结对服务专员`);
    expect(members[1]!.text()).toContain('从未入户探访');
    expect(members[1]!.find('[data-testid="not-visited-phoned"]').text()).toBe('已电话/视频联系');
  });

  it('steps through months — never past the current one — and names every control', async () => {
    const { app, calls } = await open();
    expectAllControlsNamed(app.wrapper.element);
    expect(find(app, 'coverage-next').attributes('disabled')).toBeDefined();
    expect(find(app, 'coverage-prev').attributes('aria-label')).toBe('上个月');

    await find(app, 'coverage-prev').trigger('click');
    await vi.waitFor(() => expect(find(app, 'coverage-report').attributes('data-month')).toBe('2026-02'));
    await vi.waitFor(() => expect(find(app, 'coverage-rate').text()).toBe('100%'));
    expect(callsTo(calls, 'GET', '/api/coverage').map((c) => c.url.searchParams.get('month'))).toEqual(['2026-03', '2026-02']);
    expect(callsTo(calls, 'GET', '/api/coverage/not-visited').at(-1)!.url.searchParams.get('month')).toBe('2026-02');
    expect(find(app, 'coverage-high-risk-state').text()).toBe('已达标');
    expect(find(app, 'coverage-next').attributes('disabled')).toBeUndefined();

    await chooseMonth('coverage-month', '2025-11');
    await vi.waitFor(() => expect(callsTo(calls, 'GET', '/api/coverage').at(-1)!.url.searchParams.get('month')).toBe('2025-11'));
    // A month not yet begun cannot be chosen, so it is not asked for.
    await expect(chooseMonth('coverage-month', '2026-05')).rejects.toThrow('offers no 2026-05');
    expect(callsTo(calls, 'GET', '/api/coverage').map((c) => c.url.searchParams.get('month'))).not.toContain('2026-05');
  });

  it('leads to the 走访台账 and says plainly that coverage needs the network', async () => {
    await seedSession(ADMIN);
    stubFetch(() => 'offline');
    const app = await mountAt('/admin/coverage');
    await vi.waitFor(() => expect(find(app, 'coverage-error').text()).toBe('探访率由服务器统计，需要联网后查看'));
    await find(app, 'coverage-to-ledger').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('admin-visit-ledger'));
    expect(find(app, 'admin-nav').text()).toContain('探访率');
  });
});

describe('探访率 on the secretary’s tablet', () => {
  it('shows the branch’s figures — the server limits them — without the per-branch table, under the secretary’s own tab bar', async () => {
    await seedSession(SECRETARY_WANG);
    const calls = stubFetch(adminNetwork(...coverageRoutes()));
    const app = await mountAt('/coverage');
    await vi.waitFor(() => expect(find(app, 'coverage-summary').exists()).toBe(true));
    expect(callsTo(calls, 'GET', '/api/coverage')[0]!.headers.get('Authorization')).toContain('secretary1');
    expect(find(app, 'coverage-branches').exists()).toBe(false);
    expect(find(app, 'coverage-workers').findAll('[data-testid="coverage-line"]')).toHaveLength(2);
    expect(find(app, 'secretary-nav').text()).toContain('探访率');
    expect(find(app, 'admin-nav').exists()).toBe(false);
    expectAllControlsNamed(app.wrapper.element);
    await find(app, 'coverage-to-ledger').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('visit-ledger'));
  });

  it('is not a worker’s page', async () => {
    await seedSession(LIU_FANG);
    stubFetch(adminNetwork());
    const app = await mountAt('/coverage');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('roster'));
  });
});
