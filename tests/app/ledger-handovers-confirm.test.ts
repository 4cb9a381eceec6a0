import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, ZHANG_XIAOMING, pairingFor } from './support/fixtures';
import { SECRETARY, WORKER_ID, freezeMarch2026, handoverOf, paymentOf, seedPulledLedger } from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';

/**
 * The worker's side of a handover the secretary recorded (issue 13, wrong screen 11): the line names whose money
 * it holds, and confirming asks first with the count and the total. Vant's dialog serves one test per file, so this
 * is apart from ledger-handovers.test.ts.
 */
const ZHANG_CASH = paymentOf(ZHANG_XIAOMING.id, 1, ['2026-03'], 2500, { recordedAt: '2026-03-03T02:00:00.000Z' });
const LI_CASH = paymentOf(LI_JIANGUO.id, 2, ['2026-03'], 5000, { recordedAt: '2026-03-04T02:00:00.000Z' });

beforeEach(async () => {
  freezeMarch2026();
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER, [pairingFor(ZHANG_XIAOMING, WORKER_ID), pairingFor(LI_JIANGUO, WORKER_ID)]);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function openHandovers(): Promise<MountedApp> {
  const app = await mountAt('/handovers');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="handover-month"]').exists()).toBe(true));
  return app;
}

describe('a handover awaiting the worker', () => {
  it('names the members whose cash it holds and is confirmed only after the worker agrees to the total', async () => {
    const handover = handoverOf(1, [ZHANG_CASH.id], 2500, SECRETARY.id);
    await seedPulledLedger({ payments: [ZHANG_CASH, LI_CASH], handovers: [handover] });
    const app = await openHandovers();
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="handover-awaiting"] [data-testid="handover-members"]').text()).toBe('张晓明 25.00 元'));
    // The cash still to hand over is named too.
    const offered = app.wrapper.findAll('[data-testid="handover-pick-payment"]').map((node) => node.text());
    expect(offered).toHaveLength(1);
    expect(offered[0]).toContain('李建国');

    await app.wrapper.find('[data-testid="handover-confirm"]').trigger('click');
    await answerDialog('1 笔 · 实点 25.00 元', 'cancel');
    expect(await db.handoverConfirmations.count()).toBe(0);
    expect(app.wrapper.findAll('[data-testid="handover-awaiting"]')).toHaveLength(1);

    await app.wrapper.find('[data-testid="handover-confirm"]').trigger('click');
    await answerDialog('张晓明 25.00 元', 'confirm');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="handover-awaiting"]')).toHaveLength(0));
    expect(app.wrapper.find('[data-testid="handover-history"]').attributes('data-confirmed')).toBe('true');
    expect(app.wrapper.find('[data-testid="handover-history"] [data-testid="handover-members"]').text()).toBe('张晓明 25.00 元');

    const [row] = await db.handoverConfirmations.toArray();
    expect(row!.payload).toMatchObject({ handoverId: handover.id, branchId: BRANCH_ID, confirmedBy: WORKER_ID });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'cash.confirm', recordId: row!.id, memberId: BRANCH_ID });
    // Only the cash not handed over yet is offered for a new handover.
    expect(app.wrapper.findAll('[data-testid="handover-pick-payment"]').map((node) => node.attributes('data-payment-id'))).toEqual([LI_CASH.id]);
  });
});
