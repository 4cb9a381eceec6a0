import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DUES_POLICY, DuesAssessment, type DuesPolicy } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { applyPulledPage } from '../../src/app/repositories/pull-repository';
import { quoteDues } from '../../src/app/stores/dues-quote';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { answerDialog } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, CHEN_ZHIQIANG, LI_JIANGUO, ROSTER, ZHANG_XIAOMING, makeUser, uuid } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';
import { chooseMonth } from './support/month-picker';

function assessment(memberId: string, baseFen: number, overrides: Partial<DuesAssessment> = {}): DuesAssessment {
  return DuesAssessment.parse({
    id: uuid(0x9000 + baseFen % 1000),
    memberId,
    branchId: BRANCH_ID,
    year: 2026,
    effectiveFrom: '2026-01',
    baseFen,
    category: 'normal',
    channel: 'this_branch',
    reducedFen: null,
    ...overrides,
  });
}

const POLICY: DuesPolicy = { branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY, maxMonthsPerPayment: 3 };

/** As a pull would have brought them. */
async function seedDues(assessments: DuesAssessment[], policy: DuesPolicy = POLICY): Promise<void> {
  await applyPulledPage({
    changes: [
      ...assessments.map((a, i) => ({ version: i + 1, entity: 'dues_assessment' as const, id: a.id, op: 'upsert' as const, data: a })),
      { version: 99, entity: 'dues_policy', id: uuid(0x9999), op: 'upsert', data: policy },
    ],
    cursor: 99,
    scope: 's',
    reset: false,
  });
}

function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

async function setField(app: MountedApp, testId: string, value: string): Promise<void> {
  await app.wrapper.find(`[data-testid="${testId}"] input`).setValue(value);
  await flushPromises();
}

async function openDues(memberId: string): Promise<MountedApp> {
  const app = await mountAt(`/members/${memberId}`);
  await vi.waitFor(() => expect(has(app, 'action-dues')).toBe(true));
  await app.wrapper.find('[data-testid="action-dues"]').trigger('click');
  await vi.waitFor(() => expect(has(app, 'dues-months')).toBe(true));
  await chooseMonth('dues-from', '2026-03');
  return app;
}

const amount = (app: MountedApp) => app.wrapper.find('[data-testid="dues-amount"]').text();

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('dues payment', () => {
  it('computes 25.00 a month for a base of 5,000.00 元 and shows the rule; three months cost three times that', async () => {
    await seedDues([assessment(ZHANG_XIAOMING.id, 500_000)]);
    const app = await openDues(ZHANG_XIAOMING.id);
    await vi.waitFor(() => expect(amount(app)).toBe('25.00'));
    expect(app.wrapper.find('[data-testid="dues-rule"]').text()).toContain('月基数 5,000.00 元 × 0.5% = 25.00 元');
    await setField(app, 'dues-months', '3');
    expect(amount(app)).toBe('75.00');
  });

  it('computes 50.00 a month for 5,000.01 元 (the whole base at 1 %)', async () => {
    await seedDues([assessment(LI_JIANGUO.id, 500_001)]);
    const app = await openDues(LI_JIANGUO.id);
    await vi.waitFor(() => expect(amount(app)).toBe('50.00'));
    await setField(app, 'dues-months', '3');
    expect(amount(app)).toBe('150.00');
  });

  it('refuses more months than the branch allows at once', async () => {
    await seedDues([assessment(ZHANG_XIAOMING.id, 500_000)]);
    const app = await openDues(ZHANG_XIAOMING.id);
    await setField(app, 'dues-months', '4');
    expect(app.wrapper.find('[data-testid="dues-problem"]').text()).toBe('每次最多缴纳 3 个月');
    expect(has(app, 'dues-amount')).toBe(false);
    expect(app.wrapper.find('[data-testid="dues-submit"]').attributes('disabled')).toBeDefined();
    await app.wrapper.find('[data-testid="dues-submit"]').trigger('click');
    await flushPromises();
    expect(await db.duesPayments.count()).toBe(0);
  });

  it('takes a voluntary extra on top of the dues: never allocated to a month, 1,000 元 or more flagged as 大额党费', async () => {
    await seedDues([assessment(ZHANG_XIAOMING.id, 500_000)]);
    const app = await openDues(ZHANG_XIAOMING.id);
    await vi.waitFor(() => expect(amount(app)).toBe('25.00'));
    await setField(app, 'dues-voluntary', '1.234');
    expect(app.wrapper.find('[data-testid="dues-problem"]').text()).toBe('自愿多交金额格式不正确（如 100 或 100.50）');
    expect(app.wrapper.find('[data-testid="dues-submit"]').attributes('disabled')).toBeDefined();

    await setField(app, 'dues-voluntary', '1000');
    expect(app.wrapper.find('[data-testid="dues-total"]').attributes('data-fen')).toBe(String(2_500 + 100_000));
    expect(has(app, 'dues-large')).toBe(true);
    await app.wrapper.find('[data-testid="dues-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    const [row] = await db.duesPayments.toArray();
    expect(row?.payload).toMatchObject({ allocation: [{ amountFen: 2_500 }], voluntaryFen: 100_000, amountFen: 102_500 });
  });

  it('records a payment made on the member’s behalf with its outbox entry', async () => {
    await seedDues([assessment(ZHANG_XIAOMING.id, 620_000)]);
    const app = await openDues(ZHANG_XIAOMING.id);
    await setField(app, 'dues-months', '2');
    await app.wrapper.find('[data-testid="dues-method-transfer"]').trigger('click');
    await setField(app, 'dues-receipt', 'DF-2026-031');
    await app.wrapper.find('[data-testid="dues-paidby-proxy"]').trigger('click');
    await flushPromises();
    await setField(app, 'dues-proxy-name', '张丽');
    await app.wrapper.find('[data-testid="dues-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    const [row] = await db.duesPayments.toArray();
    expect(row?.payload).toMatchObject({
      memberId: ZHANG_XIAOMING.id,
      branchId: BRANCH_ID,
      kind: 'payment',
      months: ['2026-03', '2026-04'],
      allocation: [{ month: '2026-03', amountFen: 6_200 }, { month: '2026-04', amountFen: 6_200 }],
      amountFen: 12_400,
      method: 'transfer',
      receiptRef: 'DF-2026-031',
      paidBy: { kind: 'proxy', name: '张丽' },
      collectedBy: makeUser().id,
    });
    expect((await db.outbox.toArray()).map((e) => [e.type, e.recordId])).toEqual([['dues.record', row?.id]]);
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="record-line"]').text()).toContain('党费 124.00 元'));
  });

  it('shows 在原单位交纳 and no form for members whose dues channel is the original unit', async () => {
    await seedDues([assessment(ZHANG_XIAOMING.id, 500_000, { channel: 'original_unit' })]);
    const app = await mountAt(`/members/${ZHANG_XIAOMING.id}`);
    await vi.waitFor(() => expect(has(app, 'dues-original-unit')).toBe(true));
    expect(app.wrapper.find('[data-testid="dues-original-unit"]').text()).toBe('在原单位交纳');
    expect(has(app, 'action-dues')).toBe(false);
  });

  it('reads the 核定 in force as the server does: of several from the same month, the later-made, whatever the ids', async () => {
    // The one made last (the middle id) moved the member to paying at the old unit; the others say this branch.
    const sameMonth = (n: number, channel: DuesAssessment['channel'], assessedAt: string) =>
      assessment(ZHANG_XIAOMING.id, 500_000 + n, { id: uuid(0x9500 + n), effectiveFrom: '2026-01', channel, assessedAt });
    await seedDues([sameMonth(1, 'this_branch', '2026-01-02T01:00:00.000Z'), sameMonth(2, 'original_unit', '2026-01-09T01:00:00.500Z'), sameMonth(3, 'this_branch', '2026-01-09T01:00:00Z')]);
    const app = await mountAt(`/members/${ZHANG_XIAOMING.id}`);
    await vi.waitFor(() => expect(has(app, 'dues-original-unit')).toBe(true));
    expect(has(app, 'action-dues')).toBe(false);
  });

  it('offers no dues to a cadre who is not a party member, nor to a member without an assessment', async () => {
    await seedDues([]);
    for (const member of [CHEN_ZHIQIANG, ZHANG_XIAOMING]) {
      const app = await mountAt(`/members/${member.id}`);
      await vi.waitFor(() => expect(has(app, 'action-visit')).toBe(true));
      expect(has(app, 'action-dues')).toBe(false);
      app.wrapper.unmount();
    }
  });

  it('prices each month by the assessment in force for it', () => {
    const january = assessment(ZHANG_XIAOMING.id, 300_000);
    const april = assessment(ZHANG_XIAOMING.id, 620_000, { id: uuid(0x9400), effectiveFrom: '2026-04' });
    const quote = quoteDues([january, april], POLICY, '2026-03', 2, '2026-03');
    expect(quote).toEqual({
      ok: true,
      months: ['2026-03', '2026-04'],
      allocation: [{ month: '2026-03', amountFen: 1_500 }, { month: '2026-04', amountFen: 6_200 }],
      totalFen: 1_500 + 6_200,
      rules: expect.any(Array),
    });
  });

  it('quotes what an earlier, smaller payment left owing as a top-up, as the server checks it', () => {
    const raised = assessment(ZHANG_XIAOMING.id, 520_000);
    const paidBeforeTheIncrease = new Map([['2026-03', 1_500]]);
    expect(quoteDues([raised], POLICY, '2026-03', 2, '2026-03', paidBeforeTheIncrease)).toMatchObject({
      ok: true,
      allocation: [{ month: '2026-03', amountFen: 5_200 - 1_500 }, { month: '2026-04', amountFen: 5_200 }],
      totalFen: 3_700 + 5_200,
    });
  });

  it('pays ahead of the month of collection only where the branch allows it (quarterly / 预交); back-payment always', () => {
    const terms = [assessment(ZHANG_XIAOMING.id, 300_000)];
    const monthly = { ...POLICY, quarterlyAllowed: false };
    expect(quoteDues(terms, monthly, '2026-03', 3, '2026-03')).toEqual({
      ok: false,
      reason: 'ahead_not_allowed',
      code: 'DUES_AHEAD_NOT_ALLOWED',
      message: '本支部未同意按季度或提前交纳（预交）：2026-03 收取的党费不能交纳 2026-04、2026-05',
    });
    expect(quoteDues(terms, monthly, '2026-01', 3, '2026-03')).toMatchObject({ ok: true, months: ['2026-01', '2026-02', '2026-03'] });
    expect(quoteDues(terms, POLICY, '2026-03', 3, '2026-03')).toMatchObject({ ok: true, totalFen: 3 * 1_500 });
  });
});

describe('dues reversal', () => {
  it('reverses a payment with a negative entry naming it, after confirmation', async () => {
    await seedDues([assessment(ZHANG_XIAOMING.id, 500_000)]);
    const app = await openDues(ZHANG_XIAOMING.id);
    await setField(app, 'dues-months', '2');
    await app.wrapper.find('[data-testid="dues-submit"]').trigger('click');
    await vi.waitFor(() => expect(has(app, 'record-reverse')).toBe(true));
    const [payment] = await db.duesPayments.toArray();

    await app.wrapper.find('[data-testid="record-reverse"]').trigger('click');
    await answerDialog('-50.00 元', 'cancel');
    expect(await db.duesPayments.count()).toBe(1);

    await app.wrapper.find('[data-testid="record-reverse"]').trigger('click');
    await answerDialog('-50.00 元', 'confirm');
    await vi.waitFor(async () => expect(await db.duesPayments.count()).toBe(2));
    const reversal = (await db.duesPayments.toArray()).find((row) => row.id !== payment!.id);
    expect(reversal?.payload).toMatchObject({
      kind: 'reversal',
      reverses: payment!.id,
      amountFen: -5_000,
      months: payment!.payload.months,
      allocation: payment!.payload.allocation.map((a) => ({ month: a.month, amountFen: -a.amountFen })),
    });
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.type)).toEqual(['dues.record', 'dues.record']);
    await vi.waitFor(() => expect(has(app, 'record-reverse')).toBe(false));
    expect(app.wrapper.text()).toContain('冲正 -50.00 元');
  });
});
