import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { recordDuesPayment } from '../../src/app/repositories/dues-repository';
import { settleRejected } from '../../src/app/repositories/outbox-repository';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, ZHANG_XIAOMING } from './support/fixtures';
import {
  BRANCH_POLICY,
  SECRETARY,
  WORKER_ID,
  assessmentOf,
  freezeMarch2026,
  paymentOf,
  seedPulledLedger,
} from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';

/** March 2026: the worker collected 25.00 and 50.00 in cash and 50.00 by transfer. */
const ZHANG_CASH = paymentOf(ZHANG_XIAOMING.id, 1, ['2026-03'], 2500, { recordedAt: '2026-03-03T02:00:00.000Z' });
const LI_CASH = paymentOf(LI_JIANGUO.id, 2, ['2026-03'], 5000, { recordedAt: '2026-03-04T02:00:00.000Z' });
const LI_TRANSFER = paymentOf(LI_JIANGUO.id, 3, ['2026-04'], 5000, { method: 'transfer', recordedAt: '2026-03-04T03:00:00.000Z' });

async function seedBranch(extra: Parameters<typeof seedPulledLedger>[0] = {}): Promise<void> {
  await seedPulledLedger({
    policy: BRANCH_POLICY,
    assessments: [assessmentOf(ZHANG_XIAOMING.id, 1, 500_000), assessmentOf(LI_JIANGUO.id, 2, 500_001)],
    payments: [ZHANG_CASH, LI_CASH, LI_TRANSFER],
    ...extra,
  });
}

const fen = (app: MountedApp, id: string) => Number(app.wrapper.find(`[data-testid="${id}"]`).attributes('data-fen'));
const text = (app: MountedApp, id: string) => app.wrapper.find(`[data-testid="${id}"]`).text();

async function openMarch(): Promise<MountedApp> {
  const app = await mountAt('/ledger/reconcile/2026-03');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="reconcile-collected"]').exists()).toBe(true));
  return app;
}

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

describe('reconciliation', () => {
  it('shows the month collected and where the cash is', async () => {
    await seedBranch();
    const app = await openMarch();
    expect(text(app, 'reconcile-collected')).toContain('125.00');
    // Cash 75.00 still with the worker; the transfer landed in the branch account, with the secretary.
    expect(text(app, 'reconcile-with-collectors')).toContain('75.00');
    expect(text(app, 'reconcile-with-secretary')).toContain('50.00');
    expect(fen(app, 'reconcile-difference')).toBe(0);
    expect(text(app, 'reconcile-difference')).toContain('账款相符');
    // The collector is named as /api/me named the community's workers, offline too.
    expect(text(app, 'reconcile-collector')).toContain('刘芳');
  });

  it('counts no cash the server refused: a refused payment is neither collected nor offered for a handover', async () => {
    await seedBranch();
    const app = await openMarch();
    // 张晓明's April, collected in March: pending, it counts (the server will have it).
    const refused = paymentOf(ZHANG_XIAOMING.id, 9, ['2026-04'], 2500, { recordedAt: '2026-03-10T02:00:00.000Z' });
    await recordDuesPayment(refused);
    await vi.waitFor(() => expect(text(app, 'reconcile-collected')).toContain('150.00'));
    expect(text(app, 'reconcile-with-collectors')).toContain('100.00');

    const [entry] = await db.outbox.toArray();
    await settleRejected(entry!, { code: 'DUES_AHEAD_NOT_ALLOWED', message: '本支部不允许预交' });
    await vi.waitFor(() => expect(text(app, 'reconcile-collected')).toContain('125.00'));
    expect(text(app, 'reconcile-with-collectors')).toContain('75.00');
    expect(fen(app, 'reconcile-difference')).toBe(0);
    await app.wrapper.find(`[data-testid="reconcile-pick-collector"][data-collector-id="${WORKER_ID}"]`).trigger('click');
    await flushPromises();
    const offered = app.wrapper.findAll('[data-testid="reconcile-pick-payment"]').map((node) => node.attributes('data-payment-id'));
    expect(offered.sort()).toEqual([ZHANG_CASH.id, LI_CASH.id].sort());
  });

  it('records a handover of a worker’s cash, and the shortfall shows once the worker confirms it', async () => {
    await seedBranch();
    const app = await openMarch();
    await app.wrapper.find(`[data-testid="reconcile-pick-collector"][data-collector-id="${WORKER_ID}"]`).trigger('click');
    await flushPromises();
    // Every open cash payment of the month is ticked; the transfer is not cash to hand over.
    const offered = app.wrapper.findAll('[data-testid="reconcile-pick-payment"]').map((node) => node.attributes('data-payment-id'));
    expect(offered.sort()).toEqual([ZHANG_CASH.id, LI_CASH.id].sort());
    await app.wrapper.find('[data-testid="reconcile-counted"] input').setValue('70');
    await app.wrapper.find('[data-testid="reconcile-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="reconcile-handover"]')).toHaveLength(1));

    const [row] = await db.cashHandovers.toArray();
    expect(row).toMatchObject({ branchId: BRANCH_ID, memberId: null });
    expect(['pending', 'sending']).toContain(row!.syncState);
    expect(row!.payload).toMatchObject({ collectorId: WORKER_ID, month: '2026-03', countedFen: 7000, recordedBy: SECRETARY.id });
    expect(row!.payload.paymentIds.sort()).toEqual([ZHANG_CASH.id, LI_CASH.id].sort());
    const [entry] = await db.outbox.toArray();
    // A branch-level record: the outbox entry carries the branch id in its member column.
    expect(entry).toMatchObject({ type: 'cash.handover', recordId: row!.id, memberId: BRANCH_ID });
    // Recorded by the secretary, it waits for the worker: no confirm button here, nothing counted yet.
    expect(app.wrapper.find('[data-testid="reconcile-handover"]').attributes('data-confirmed')).toBe('false');
    expect(app.wrapper.find('[data-testid="reconcile-confirm-handover"]').exists()).toBe(false);
    expect(fen(app, 'reconcile-difference')).toBe(0);
    // Nothing of that cash is left to hand over.
    expect(app.wrapper.find('[data-testid="reconcile-pick-collector"]').exists()).toBe(false);
  });

  // Confirming a handover the worker recorded (with its dialog, and the 5.00 short) is in
  // ledger-reconcile-handover.test.ts: Vant's dialog serves one test per file.

  it('locks the month after a confirmation, and unlocks it only with a reason', async () => {
    await seedBranch();
    const app = await openMarch();
    await app.wrapper.find('[data-testid="reconcile-lock"]').trigger('click');
    await answerDialog('结账后本月只能录入带原因的调整记录', 'confirm');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="reconcile-locked"]').exists()).toBe(true));
    const [lock] = await db.monthCloses.toArray();
    expect(lock!.payload).toMatchObject({ branchId: BRANCH_ID, month: '2026-03', action: 'lock', by: SECRETARY.id });

    await app.wrapper.find('[data-testid="reconcile-unlock"]').trigger('click');
    await flushPromises();
    expect(text(app, 'reconcile-unlock-error')).toBe('解锁须注明原因');
    expect(await db.monthCloses.count()).toBe(1);

    await app.wrapper.find('[data-testid="reconcile-unlock-reason"] input').setValue('补录一笔转账');
    await app.wrapper.find('[data-testid="reconcile-unlock"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="reconcile-locked"]').exists()).toBe(false));
    const trail = app.wrapper.findAll('[data-testid="reconcile-close"]').map((node) => node.attributes('data-action'));
    expect(trail).toEqual(['lock', 'unlock']);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => [e.type, (e.record as { action: string }).action])).toEqual([
      ['month.close', 'lock'],
      ['month.close', 'unlock'],
    ]);
    expect((entries[1]!.record as { reason: string }).reason).toBe('补录一笔转账');
  });

  it('records a remittance with its receipt number', async () => {
    await seedBranch();
    const app = await openMarch();
    await app.wrapper.find('[data-testid="remit-amount"] input').setValue('50');
    await app.wrapper.find('[data-testid="remit-receipt"] input').setValue('DF-2026-03');
    await app.wrapper.find('[data-testid="remit-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="reconcile-remittance"]')).toHaveLength(1));
    const [row] = await db.remittances.toArray();
    expect(row!.payload).toMatchObject({ months: ['2026-03'], amountFen: 5000, receiptNo: 'DF-2026-03', remittedOn: '2026-03-20', largeVoluntary: false });
    expect(text(app, 'reconcile-with-secretary')).toContain('0.00');
  });
});
