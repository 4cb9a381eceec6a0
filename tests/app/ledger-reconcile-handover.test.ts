import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CashHandover } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { LI_JIANGUO, ROSTER, ZHANG_XIAOMING } from './support/fixtures';
import { BRANCH_POLICY, SECRETARY, WORKER_ID, assessmentOf, confirmationOf, freezeMarch2026, handoverOf, paymentOf, seedPulledLedger } from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';

/**
 * The secretary's side of a cash handover on 对账 (issue 13, wrong screens 10 and 11): a collector's line gives
 * one month's figures, a handover names whose money it holds, and confirming it asks first, with the total.
 * March 2026: the worker collected 25.00 from 张晓明 and 50.00 from 李建国 in cash; in February 20.00 from 张晓明,
 * handed over and confirmed then.
 */
const ZHANG_CASH = paymentOf(ZHANG_XIAOMING.id, 1, ['2026-03'], 2500, { recordedAt: '2026-03-03T02:00:00.000Z' });
const LI_CASH = paymentOf(LI_JIANGUO.id, 2, ['2026-03'], 5000, { recordedAt: '2026-03-04T02:00:00.000Z' });
const FEB_CASH = paymentOf(ZHANG_XIAOMING.id, 3, ['2026-02'], 2000, { recordedAt: '2026-02-03T02:00:00.000Z' });
const FEB_HANDOVER = CashHandover.parse({ ...handoverOf(2, [FEB_CASH.id], 2000, WORKER_ID), month: '2026-02', handedAt: '2026-02-26T06:00:00.000Z' });

const text = (app: MountedApp, id: string) => app.wrapper.find(`[data-testid="${id}"]`).text();

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

async function openMarch(handovers: CashHandover[]): Promise<MountedApp> {
  await seedPulledLedger({
    policy: BRANCH_POLICY,
    assessments: [assessmentOf(ZHANG_XIAOMING.id, 1, 500_000), assessmentOf(LI_JIANGUO.id, 2, 500_001)],
    payments: [FEB_CASH, ZHANG_CASH, LI_CASH],
    handovers: [FEB_HANDOVER, ...handovers],
    confirmations: [confirmationOf(1, FEB_HANDOVER.id, SECRETARY.id)],
  });
  const app = await mountAt('/ledger/reconcile/2026-03');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="reconcile-collector"]').exists()).toBe(true));
  return app;
}

describe('a collector on 对账', () => {
  it('shows the month’s cash beside the month’s handovers, and what is in hand at the month’s end apart', async () => {
    const app = await openMarch([]);
    const line = text(app, 'reconcile-collector');
    // February's 20.00 handed over is not March's: nothing of March's 75.00 is handed over yet.
    expect(line).toContain('本月现金 75.00');
    expect(line).toContain('本月已交接 0.00');
    expect(line).not.toContain('20.00');
    expect(line).toContain('月底手中 75.00');
  });
});

describe('a handover on 对账', () => {
  it('names whose money each handover holds, and confirms only after the secretary agrees to the total', async () => {
    const handover = handoverOf(1, [ZHANG_CASH.id, LI_CASH.id], 7000, WORKER_ID);
    const app = await openMarch([handover]);
    const march = () => app.wrapper.findAll('[data-testid="reconcile-handover"]').find((node) => node.text().includes('70.00'))!;
    await vi.waitFor(() => expect(march()).toBeDefined());
    expect(march().find('[data-testid="handover-members"]').text()).toBe('张晓明 25.00 元 · 李建国 50.00 元');

    // The dialog gives the count, the counted total and the members; cancelling records nothing.
    await march().find('[data-testid="reconcile-confirm-handover"]').trigger('click');
    await answerDialog('实点 70.00 元', 'cancel');
    expect(await db.handoverConfirmations.count()).toBe(1);
    expect(march().attributes('data-confirmed')).toBe('false');

    await march().find('[data-testid="reconcile-confirm-handover"]').trigger('click');
    await answerDialog('张晓明 25.00 元 · 李建国 50.00 元', 'confirm');
    await vi.waitFor(() => expect(march().attributes('data-confirmed')).toBe('true'));
    const confirmations = (await db.handoverConfirmations.toArray()).map((row) => row.payload);
    expect(confirmations.find((c) => c.handoverId === handover.id)).toMatchObject({ confirmedBy: SECRETARY.id });
    expect((await db.outbox.toArray()).map((e) => e.type)).toEqual(['cash.confirm']);
    // 70.00 counted for 75.00 of payments: the 5.00 short shows.
    expect(Number(app.wrapper.find('[data-testid="reconcile-difference"]').attributes('data-fen'))).toBe(500);
    await flushPromises();
  });
});
