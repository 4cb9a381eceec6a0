import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { applyPulledPage } from '../../src/app/repositories/pull-repository';
import { recordHandover } from '../../src/app/repositories/ledger-repository';
import { settleRejected } from '../../src/app/repositories/outbox-repository';
import { answerDialog } from './support/dom';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, ZHANG_XIAOMING, makeUser, pairingFor, uuid } from './support/fixtures';
import { SECRETARY, WORKER_ID, confirmationOf, freezeMarch2026, handoverOf, lockOf, paymentOf, seedPulledLedger } from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';

/** The worker's device: their own March cash, and a handover of it the secretary recorded. */
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

describe('the worker’s cash handovers', () => {
  // Confirming a handover the secretary recorded, with its dialog, is in ledger-handovers-confirm.test.ts: Vant's
  // dialog serves one test per file.

  it('does not offer cash the secretary has reversed, though the reversal is not the worker’s own record', async () => {
    const reversal = paymentOf(ZHANG_XIAOMING.id, 3, ['2026-03'], -2500, {
      kind: 'reversal',
      reverses: ZHANG_CASH.id,
      collectedBy: SECRETARY.id,
      recordedAt: '2026-03-05T02:00:00.000Z',
    });
    await seedPulledLedger({ payments: [ZHANG_CASH, LI_CASH, reversal] });
    const app = await openHandovers();
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="handover-pick-payment"]')).toHaveLength(1));
    expect(app.wrapper.find('[data-testid="handover-pick-payment"]').attributes('data-payment-id')).toBe(LI_CASH.id);
  });

  it('records a handover of the worker’s own cash, waiting for the secretary', async () => {
    await seedPulledLedger({ payments: [ZHANG_CASH, LI_CASH] });
    const app = await openHandovers();
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="handover-pick-payment"]')).toHaveLength(2));
    for (const node of app.wrapper.findAll('[data-testid="handover-pick-payment"]')) await node.trigger('click');
    await app.wrapper.find('[data-testid="handover-counted"] input').setValue('75.00');
    await app.wrapper.find('[data-testid="handover-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="handover-history"]')).toHaveLength(1));
    expect(app.wrapper.find('[data-testid="handover-history"]').text()).toContain('待书记确认');
    const [row] = await db.cashHandovers.toArray();
    expect(row!.payload).toMatchObject({ branchId: BRANCH_ID, collectorId: WORKER_ID, recordedBy: WORKER_ID, month: '2026-03', countedFen: 7500 });
    expect(row!.payload.paymentIds.sort()).toEqual([ZHANG_CASH.id, LI_CASH.id].sort());
    expect(app.wrapper.findAll('[data-testid="handover-pick-payment"]')).toHaveLength(0);
  });

  it('records nothing until payments are ticked and the counted cash is an amount, and forgets the ticks with the month', async () => {
    await seedPulledLedger({ payments: [ZHANG_CASH, LI_CASH] });
    const app = await openHandovers();
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="handover-pick-payment"]')).toHaveLength(2));
    const alert = () => app.wrapper.find('[role="alert"]').text();

    await app.wrapper.find('[data-testid="handover-counted"] input').setValue('25.00');
    await app.wrapper.find('[data-testid="handover-submit"]').trigger('click');
    await vi.waitFor(() => expect(alert()).toBe('请选择要交接的交纳'));

    await app.wrapper.find(`[data-testid="handover-pick-payment"][data-payment-id="${ZHANG_CASH.id}"]`).trigger('click');
    await app.wrapper.find('[data-testid="handover-counted"] input').setValue('25.001');
    await app.wrapper.find('[data-testid="handover-submit"]').trigger('click');
    await vi.waitFor(() => expect(alert()).toBe('请填写正确的金额（元，最多两位小数）'));
    expect(await db.cashHandovers.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(app.wrapper.find(`[data-testid="handover-pick-payment"][data-payment-id="${ZHANG_CASH.id}"]`).attributes('aria-checked')).toBe('true');

    // Another month and back: nothing is ticked any more.
    const monthButtons = app.wrapper.findAll('.handovers-page__month button');
    await monthButtons[0]!.trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="handover-month"]').text()).toBe('2026-02'));
    await monthButtons[1]!.trigger('click');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="handover-pick-payment"]')).toHaveLength(2));
    const checked = () => app.wrapper.findAll('[data-testid="handover-pick-payment"]').map((box) => box.attributes('aria-checked'));
    expect(checked()).toEqual(['false', 'false']);
  });

  it('explains a handover the server refused and lets the worker discard it, to record it again', async () => {
    await seedPulledLedger({ payments: [ZHANG_CASH] });
    const mine = handoverOf(3, [ZHANG_CASH.id], 2500, WORKER_ID);
    await recordHandover(mine);
    const [entry] = await db.outbox.toArray();
    await settleRejected(entry!, { code: 'CASH_BAD_HANDOVER', message: '现金交接无效：该笔交纳已交接' });
    const app = await openHandovers();
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="handover-history"] [data-testid="record-state"]').attributes('data-state')).toBe('rejected'));
    await app.wrapper.find('[data-testid="handover-history"] [data-testid="record-state"]').trigger('click');
    await answerDialog('该笔交纳已交接', 'confirm');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="handover-history"]')).toHaveLength(0));
    expect(await db.cashHandovers.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    // The payment is open for a handover again.
    expect(app.wrapper.findAll('[data-testid="handover-pick-payment"]').map((node) => node.attributes('data-payment-id'))).toEqual([ZHANG_CASH.id]);
  });

  it('is reached from the worker’s roster', async () => {
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="handover-link"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="secretary-nav"]').exists()).toBe(false);
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="sync-bar"]').attributes('data-offline')).toBe('true'));
  });
});

describe('ledger records pulled and reset', () => {
  it('stores pulled ledger records in their tables, and a reset keeps only what is still unsent', async () => {
    const pulled = handoverOf(1, [ZHANG_CASH.id], 2500, SECRETARY.id);
    await seedPulledLedger({ handovers: [pulled], confirmations: [confirmationOf(1, pulled.id, WORKER_ID)], closes: [lockOf('2026-02', 1)] });
    expect(await db.cashHandovers.get(pulled.id)).toMatchObject({ branchId: BRANCH_ID, memberId: null, syncState: 'confirmed' });
    expect(await db.handoverConfirmations.count()).toBe(1);
    expect(await db.monthCloses.count()).toBe(1);

    const mine = handoverOf(2, [LI_CASH.id], 5000, WORKER_ID);
    await recordHandover(mine);
    await applyPulledPage({ changes: [], cursor: 0, scope: 'other', reset: true });
    expect((await db.cashHandovers.toArray()).map((row) => row.id)).toEqual([mine.id]);
    expect(await db.handoverConfirmations.count()).toBe(0);
    expect(await db.monthCloses.count()).toBe(0);
  });
});

describe('the handovers page is a worker’s', () => {
  it('a secretary or an admin who types its address lands on the roster', async () => {
    for (const role of ['secretary', 'admin'] as const) {
      await resetDevice();
      await seedSession(makeUser({ id: uuid(0x2002), username: `${role}1`, role, branchId: role === 'secretary' ? BRANCH_ID : null }));
      const app = await mountAt('/handovers');
      await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('roster'));
      expect(app.wrapper.find('[data-testid="handover-month"]').exists()).toBe(false);
      unmountAll();
    }
  });
});
