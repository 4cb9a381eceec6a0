import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { recordPolicy } from '../../src/app/repositories/ledger-repository';
import { discardEntry, settleRejected } from '../../src/app/repositories/outbox-repository';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, ZHANG_XIAOMING } from './support/fixtures';
import { BRANCH_POLICY, SECRETARY, assessmentOf, freezeMarch2026, paymentOf, seedPulledLedger } from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';

beforeEach(async () => {
  freezeMarch2026();
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster(ROSTER, [], SECRETARY.id);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function openSettings(): Promise<MountedApp> {
  const app = await mountAt('/ledger/settings');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="assessment-row"]').length).toBeGreaterThan(0));
  return app;
}

const input = (app: MountedApp, id: string) => app.wrapper.find(`[data-testid="${id}"] input`);

describe('dues settings', () => {
  it('starts from the default policy and saves the branch’s own as dues.set_policy', async () => {
    const app = await openSettings();
    expect((input(app, 'policy-max-months').element as HTMLInputElement).value).toBe('6');
    expect((input(app, 'policy-band-upto-0').element as HTMLInputElement).value).toBe('5000.00');
    expect((input(app, 'policy-band-rate-0').element as HTMLInputElement).value).toBe('0.5');
    expect((input(app, 'policy-attendance').element as HTMLInputElement).value).toBe('6');
    await input(app, 'policy-max-months').setValue('3');
    await input(app, 'policy-warning').setValue('3，4');
    await input(app, 'policy-attendance').setValue('9');
    await app.wrapper.find('[data-testid="policy-save"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="policy-message"]').text()).toContain('已保存'));

    const [row] = await db.duesPolicies.toArray();
    expect(row).toMatchObject({ id: BRANCH_ID, branchId: BRANCH_ID });
    expect(row!.payload).toMatchObject({ maxMonthsPerPayment: 3, arrearsWarningMonths: [3, 4], attendanceFlagMonths: 9, bands: BRANCH_POLICY.bands, rounding: 'half_up' });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'dues.set_policy', recordId: BRANCH_ID, memberId: BRANCH_ID });
  });

  it('keeps an edit in progress when the branch’s data changes, and fills the form again only when the policy itself changes', async () => {
    await seedPulledLedger({ policy: BRANCH_POLICY });
    const app = await openSettings();
    await input(app, 'policy-max-months').setValue('3');
    // A pull brings a 核定 (the branch's data changes, the policy does not): what is being typed stays.
    await seedPulledLedger({ assessments: [assessmentOf(LI_JIANGUO.id, 1, 500_000)] });
    await vi.waitFor(() =>
      expect(app.wrapper.find(`[data-testid="assessment-row"][data-member-id="${LI_JIANGUO.id}"]`).text()).toContain('月基数 5,000.00 元 × 0.5% = 25.00 元'),
    );
    expect((input(app, 'policy-max-months').element as HTMLInputElement).value).toBe('3');
    // A pull brings another policy: the form shows it.
    await seedPulledLedger({ policy: { ...BRANCH_POLICY, maxMonthsPerPayment: 4 } });
    await vi.waitFor(() => expect((input(app, 'policy-max-months').element as HTMLInputElement).value).toBe('4'));
  });

  it('refuses a policy whose last band has a ceiling, writing nothing', async () => {
    const app = await openSettings();
    await input(app, 'policy-band-upto-1').setValue('9000');
    await app.wrapper.find('[data-testid="policy-save"]').trigger('click');
    await flushPromises();
    expect(app.wrapper.find('[data-testid="policy-message"]').text()).toContain('最后一档不设上限');
    expect(await db.duesPolicies.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('records a new 核定 from the current month with the rule shown, as dues.assess; earlier months keep the old terms', async () => {
    await seedPulledLedger({
      policy: BRANCH_POLICY,
      assessments: [assessmentOf(LI_JIANGUO.id, 1, 500_000)],
      payments: [paymentOf(LI_JIANGUO.id, 1, ['2026-01'], 2500)],
    });
    const app = await openSettings();
    const row = app.wrapper.find(`[data-testid="assessment-row"][data-member-id="${LI_JIANGUO.id}"]`);
    expect(row.text()).toContain('月基数 5,000.00 元 × 0.5% = 25.00 元');
    await row.trigger('click');
    await vi.waitFor(() => expect(input(app, 'assess-base').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="assess-from"]').attributes('data-month')).toBe('2026-03');
    await input(app, 'assess-base').setValue('6200');
    await flushPromises();
    expect(app.wrapper.find('[data-testid="assess-rule"]').text()).toContain('月基数 6,200.00 元 × 1% = 62.00 元');
    await app.wrapper.find('[data-testid="assess-save"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find(`[data-testid="assessment-row"][data-member-id="${LI_JIANGUO.id}"]`).text()).toContain('62.00 元'));

    const made = (await db.duesAssessments.toArray()).find((a) => a.payload.baseFen === 620_000);
    expect(made?.payload).toMatchObject({ memberId: LI_JIANGUO.id, branchId: BRANCH_ID, year: 2026, effectiveFrom: '2026-03', category: 'normal', channel: 'this_branch' });
    const [entry] = await db.outbox.toArray();
    // Stamped with when it was made: of two 核定 from the same month the later-made is in force.
    expect(made?.payload.assessedAt).toBe(entry!.createdAt);
    expect(made?.payload.assessedAt?.startsWith('2026-03-20T04:00')).toBe(true);
    expect(entry).toMatchObject({ type: 'dues.assess', recordId: made!.id, memberId: LI_JIANGUO.id });
    expect(await db.duesAssessments.count()).toBe(2);
  });

  it('offers the roster’s proposed base for confirmation; nothing is owed until the secretary saves the 核定', async () => {
    const proposed = { ...ZHANG_XIAOMING, proposedBaseFen: 320_050, duesChannel: 'this_branch' as const, updatedAt: '2026-03-02T00:00:00.000Z' };
    await seedRoster([proposed], [], SECRETARY.id);
    await seedPulledLedger({ policy: BRANCH_POLICY });
    const app = await openSettings();
    const rowOf = () => app.wrapper.find(`[data-testid="assessment-row"][data-member-id="${ZHANG_XIAOMING.id}"]`);
    await vi.waitFor(() => expect(rowOf().find('[data-testid="assessment-proposed"]').text()).toContain('3,200.50'));
    // Proposed is not assessed: the rule line still says so.
    expect(rowOf().text()).toContain('未核定');
    expect(await db.duesAssessments.count()).toBe(0);

    await rowOf().trigger('click');
    await vi.waitFor(() => expect(input(app, 'assess-base').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="assess-from-roster"]').exists()).toBe(true);
    expect((input(app, 'assess-base').element as HTMLInputElement).value).toBe('3200.50');
    await app.wrapper.find('[data-testid="assess-save"]').trigger('click');
    await vi.waitFor(() => expect(rowOf().find('[data-testid="assessment-proposed"]').exists()).toBe(false));
    const [made] = await db.duesAssessments.toArray();
    expect(made!.payload).toMatchObject({ memberId: ZHANG_XIAOMING.id, baseFen: 320_050, channel: 'this_branch' });
  });

  it('shows the later-made of several 核定 from the same month in force, whatever their ids or the order they are read in', async () => {
    const sameMonth = (n: number, baseFen: number, assessedAt: string) => assessmentOf(LI_JIANGUO.id, n, baseFen, { effectiveFrom: '2026-03', assessedAt });
    // Ids in the order 1 < 2 < 3; the one made last is the middle id. As text '…01:00:00Z' sorts after
    // '…01:00:00.500Z'; as times it is half a second earlier.
    await seedPulledLedger({
      policy: BRANCH_POLICY,
      assessments: [
        assessmentOf(LI_JIANGUO.id, 9, 500_000),
        sameMonth(1, 300_000, '2026-03-02T01:00:00.000Z'),
        sameMonth(2, 700_000, '2026-03-09T01:00:00.500Z'),
        sameMonth(3, 620_000, '2026-03-09T01:00:00Z'),
      ],
    });
    const app = await openSettings();
    const row = app.wrapper.find(`[data-testid="assessment-row"][data-member-id="${LI_JIANGUO.id}"]`);
    expect(row.text()).toContain('月基数 7,000.00 元 × 1% = 70.00 元');
  });

  it('requires the approval trail for an exemption', async () => {
    await seedPulledLedger({ policy: BRANCH_POLICY, assessments: [assessmentOf(ZHANG_XIAOMING.id, 1, 300_000)] });
    const app = await openSettings();
    await app.wrapper.find(`[data-testid="assessment-row"][data-member-id="${ZHANG_XIAOMING.id}"]`).trigger('click');
    await vi.waitFor(() => expect(input(app, 'assess-base').exists()).toBe(true));
    await app.wrapper.find('[data-testid="assess-category-exempt"]').trigger('click');
    await flushPromises();
    await app.wrapper.find('[data-testid="assess-save"]').trigger('click');
    await flushPromises();
    expect(app.wrapper.find('[data-testid="assess-message"]').text()).toContain('审批记录');
    expect(await db.outbox.count()).toBe(0);

    await input(app, 'relief-applied').setValue('2026-02-01');
    await input(app, 'relief-decision-on').setValue('2026-02-10');
    await input(app, 'relief-decision-ref').setValue('支委〔2026〕2号');
    await app.wrapper.find('[data-testid="assess-save"]').trigger('click');
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(1));
    const made = (await db.duesAssessments.toArray()).find((a) => a.payload.category === 'exempt');
    expect(made?.payload.relief).toMatchObject({ branchDecisionRef: '支委〔2026〕2号', effectiveFrom: '2026-03', effectiveTo: null, upperApprovalOn: null });
  });

  it('falls back to the policy the server confirmed when a policy set here is refused and discarded', async () => {
    await seedPulledLedger({ policy: { ...BRANCH_POLICY, maxMonthsPerPayment: 6 } });
    await recordPolicy({ ...BRANCH_POLICY, maxMonthsPerPayment: 3 }, '2026-03-20T04:00:00.000Z');
    await recordPolicy({ ...BRANCH_POLICY, maxMonthsPerPayment: 2 }, '2026-03-20T04:01:00.000Z');
    expect((await db.duesPolicies.get(BRANCH_ID))?.payload.maxMonthsPerPayment).toBe(2);
    for (const entry of await db.outbox.orderBy('seq').toArray()) {
      await settleRejected(entry, { code: 'SECRETARY_ONLY', message: '只有本支部书记可以执行此操作' });
      await discardEntry(entry.seq!);
    }
    const row = await db.duesPolicies.get(BRANCH_ID);
    expect(row?.payload.maxMonthsPerPayment).toBe(6);
    expect(await db.outbox.count()).toBe(0);
  });
});
