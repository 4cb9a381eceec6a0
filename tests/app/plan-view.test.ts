import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { CHEN_ZHIQIANG, LI_JIANGUO, ROSTER, WANG_XIUYING, ZHANG_XIAOMING, ZHAO_DESHENG, makeUser, pairingFor } from './support/fixtures';
import { PLAN_NOW, click, has, planRows, seedPulled, submitVisit } from './support/plan-seed';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

/**
 * The worker's plan page (issue 12), offline on Tuesday 2026-03-10: 李建国 was visited on 1 March; the others
 * never were. 张晓明 (87, living alone) and 王秀英 (bedridden) are high risk, 陈志强 (living alone) a key member,
 * 赵德胜 is away (phoned instead), 肖明远 deceased and 张建华 transferred (nothing open for them).
 */
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: PLAN_NOW });
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER, ROSTER.map((m) => pairingFor(m, makeUser().id)));
  await seedPulled([{ entity: 'visit', data: makeVisit(1, { memberId: LI_JIANGUO.id, occurredAt: '2026-03-01T02:00:00.000Z', recordedAt: '2026-03-01T03:00:00.000Z' }) }]);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the plan page', () => {
  it('lists today’s members with their reasons, the most urgent first and then in walking order; counts on the tabs', async () => {
    const app = await mountAt('/plan');
    await vi.waitFor(() => expect(has(app, 'plan-list')).toBe(true));
    expect(planRows(app)).toEqual([
      { name: '张晓明', reason: '定期走访（高风险）', state: 'open' },
      { name: '王秀英', reason: '定期走访（高风险）', state: 'open' },
      { name: '陈志强', reason: '定期走访（重点）', state: 'open' },
      { name: '赵德胜', reason: '电话联系', state: 'open' },
    ]);
    expect(app.wrapper.find('[data-testid="plan-tab-today"]').attributes('data-count')).toBe('4');
    expect(app.wrapper.find('[data-testid="plan-tab-overdue"]').attributes('data-count')).toBe('0');
    expect(app.wrapper.find('[data-testid="plan-item-window"]').text()).toBe('今天到期');
  });

  it('a visit recorded from the plan takes the item off 今天 at once and shows it as done under 已处理', async () => {
    const app = await mountAt('/plan');
    await vi.waitFor(() => expect(planRows(app)).toHaveLength(4));
    const row = app.wrapper.find(`[data-testid="plan-item"][data-member-id="${ZHANG_XIAOMING.id}"]`);
    await row.find('[data-testid="plan-item-record"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe(`/members/${ZHANG_XIAOMING.id}/visit?type=regular`));
    // Opened on the type the item asks for.
    await vi.waitFor(() => expect(has(app, 'visit-field-outcome')).toBe(true));
    await submitVisit(app, 'met');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    expect(await db.outbox.count()).toBe(1);

    await app.router.push('/plan');
    await vi.waitFor(() => expect(planRows(app).map((r) => r.name)).toEqual(['王秀英', '陈志强', '赵德胜']));
    expect(planRows(app, '[data-testid="plan-settled"]')).toContainEqual({ name: '张晓明', reason: '定期走访（高风险）', state: 'done' });
    expect(app.wrapper.find('[data-testid="plan-settled"]').text()).toContain('已完成');
  });

  it('a 住院 outcome on a call adds the sick visit; the call is not the visit in person the cadence asks for', async () => {
    const app = await mountAt(`/members/${CHEN_ZHIQIANG.id}/visit?type=phone`);
    await vi.waitFor(() => expect(has(app, 'visit-field-outcome')).toBe(true));
    await submitVisit(app, 'in_hospital');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));

    await app.router.push('/plan');
    await vi.waitFor(() => expect(planRows(app)).toContainEqual({ name: '陈志强', reason: '住院探望', state: 'open' }));
    // A call is not a visit in person: the cadence item stays.
    expect(planRows(app)).toContainEqual({ name: '陈志强', reason: '定期走访（重点）', state: 'open' });
  });

  it('the roster shows the plan’s counts and the worker’s tab bar leads to the plan', async () => {
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(has(app, 'plan-counts')).toBe(true));
    const counts = app.wrapper.find('[data-testid="plan-counts"]');
    expect(counts.attributes('data-today')).toBe('4');
    expect(counts.text()).toContain('今天 4 · 本周 4 · 逾期 0');
    await click(app, 'worker-nav-plan');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('plan'));
  });

  it('the member page lists what is due for the member; an away member is to be phoned', async () => {
    const app = await mountAt(`/members/${ZHAO_DESHENG.id}`);
    await vi.waitFor(() => expect(has(app, 'member-plan')).toBe(true));
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="member-plan"] [data-testid="plan-item-reason"]').map((n) => n.text())).toEqual(['电话联系']));
    const other = await mountAt(`/members/${WANG_XIUYING.id}`);
    await vi.waitFor(() => expect(other.wrapper.find('[data-testid="member-plan"] [data-testid="plan-item-reason"]').exists()).toBe(true));
    expect(other.wrapper.find('[data-testid="member-plan"] [data-testid="plan-item-reason"]').text()).toBe('定期走访（高风险）');
  });

  it('is a worker’s: a secretary opening it lands on the roster', async () => {
    await seedSession(makeUser({ role: 'secretary', username: 'secretary1', branchId: ZHANG_XIAOMING.branchId }));
    const app = await mountAt('/plan');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('roster'));
    expect(has(app, 'plan-counts')).toBe(false);
  });
});
