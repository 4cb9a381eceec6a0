import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { recordDuesPayment } from '../../src/app/repositories/dues-repository';
import { recordAdjustment, recordResolution } from '../../src/app/repositories/ledger-repository';
import { discardEntry, settleRejected } from '../../src/app/repositories/outbox-repository';
import { useSyncStore } from '../../src/app/stores/sync-store';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, WANG_XIUYING, XIAO_MINGYUAN, ZHANG_XIAOMING, ZHAO_DESHENG, uuid } from './support/fixtures';
import {
  BRANCH_POLICY,
  SECRETARY,
  WORKER_ID,
  assessmentOf,
  freezeMarch2026,
  lockOf,
  paymentOf,
  seedPulledLedger,
} from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';
import { chooseMonth } from './support/month-picker';

/**
 * March 2026: 张晓明 (25.00 a month) paid January to March, March twice from two devices; 李建国 (50.00) paid
 * nothing; 赵德胜 prepaid January to June; 王秀英 is exempt by a branch decision; 肖明远 has no 核定.
 */
const ZHANG_MARCH_AGAIN = paymentOf(ZHANG_XIAOMING.id, 4, ['2026-03'], 2500, { recordedAt: '2026-03-06T03:00:00.000Z' });

async function seedBranch(): Promise<void> {
  await seedPulledLedger({
    policy: BRANCH_POLICY,
    assessments: [
      assessmentOf(ZHANG_XIAOMING.id, 1, 500_000),
      assessmentOf(LI_JIANGUO.id, 2, 500_001),
      assessmentOf(ZHAO_DESHENG.id, 3, 300_000),
      assessmentOf(WANG_XIUYING.id, 4, 200_000, {
        category: 'exempt',
        relief: {
          appliedOn: '2025-12-01',
          branchDecisionOn: '2025-12-10',
          branchDecisionRef: '支委〔2025〕8号',
          upperApprovalOn: null,
          upperApprovalRef: '',
          effectiveFrom: '2026-01',
          effectiveTo: null,
        },
      }),
    ],
    payments: [
      paymentOf(ZHANG_XIAOMING.id, 1, ['2026-01'], 2500),
      paymentOf(ZHANG_XIAOMING.id, 2, ['2026-02'], 2500),
      paymentOf(ZHANG_XIAOMING.id, 3, ['2026-03'], 2500),
      ZHANG_MARCH_AGAIN,
      paymentOf(ZHAO_DESHENG.id, 5, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'], 1500),
    ],
    closes: [lockOf('2026-02', 1)],
  });
}

function cell(app: MountedApp, memberId: string, month: string) {
  return app.wrapper.find(`[data-testid="ledger-cell"][data-member-id="${memberId}"][data-month="${month}"]`);
}

function listedMembers(app: MountedApp): string[] {
  return app.wrapper.findAll('[data-testid="ledger-row"]').map((row) => row.attributes('data-member-id')!);
}

async function openLedger(): Promise<MountedApp> {
  const app = await mountAt('/ledger');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="ledger-row"]').length).toBeGreaterThan(0));
  return app;
}

async function filterBy(app: MountedApp, label: string): Promise<void> {
  const tab = app.wrapper.findAll('.van-tab').find((node) => node.text().startsWith(label));
  await tab!.trigger('click');
  await flushPromises();
}

async function openCell(app: MountedApp, memberId: string, month: string): Promise<void> {
  await cell(app, memberId, month).trigger('click');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="ledger-sheet-state"]').exists()).toBe(true));
}

beforeEach(async () => {
  freezeMarch2026();
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster(ROSTER, [], SECRETARY.id);
  await seedBranch();
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('dues ledger matrix', () => {
  it('shows each member-month in its state, with the state in words as well as colour', async () => {
    const app = await openLedger();
    // Party members of the branch only: 陈志强 is no party member, 张建华 was transferred.
    expect(listedMembers(app).sort()).toEqual([ZHANG_XIAOMING.id, LI_JIANGUO.id, WANG_XIUYING.id, ZHAO_DESHENG.id, XIAO_MINGYUAN.id].sort());
    const state = (memberId: string, month: string) => cell(app, memberId, month).attributes('data-state');
    expect(state(ZHANG_XIAOMING.id, '2026-01')).toBe('paid');
    expect(state(LI_JIANGUO.id, '2026-01')).toBe('arrears');
    expect(state(LI_JIANGUO.id, '2026-03')).toBe('due');
    expect(state(LI_JIANGUO.id, '2026-04')).toBe('future');
    expect(state(ZHAO_DESHENG.id, '2026-05')).toBe('prepaid');
    expect(state(WANG_XIUYING.id, '2026-02')).toBe('exempt');
    expect(state(XIAO_MINGYUAN.id, '2026-02')).toBe('not_assessed');
    expect(cell(app, ZHANG_XIAOMING.id, '2026-03').attributes('data-duplicate')).toBe('true');
    expect(cell(app, LI_JIANGUO.id, '2026-01').text()).toContain('欠缴');
    expect(cell(app, ZHANG_XIAOMING.id, '2026-01').text()).toContain('25.00');
    expect(app.wrapper.find('[data-testid="ledger-legend"]').text()).toContain('有正当理由未缴');
    // 4 × 25.00 (March twice) + 6 × 15.00 = 190.00 paid this year; March's column adds 25.00 twice and 15.00.
    const totals = app.wrapper.findAll('[data-testid="ledger-total-row"] td').map((node) => node.text());
    expect(totals[3]).toBe('65.00');
    expect(totals.at(-1)).toBe('190.00');
  });

  it('names each cell for a screen reader by what it shows: an arrears month reads its shortfall, not 0.00 paid', async () => {
    const app = await openLedger();
    const name = (memberId: string, month: string) => cell(app, memberId, month).attributes('aria-label');
    // 李建国 owes his 50.00 for January: the cell shows "✕ 欠缴" and "欠 50.00".
    const owed = cell(app, LI_JIANGUO.id, '2026-01');
    expect(owed.find('.ledger-cell__amount').text()).toBe('欠 50.00');
    expect(name(LI_JIANGUO.id, '2026-01')).toBe('李建国 1月 欠缴 欠 50.00');
    expect(name(ZHANG_XIAOMING.id, '2026-01')).toBe('张晓明 1月 缴清 25.00');
    expect(name(ZHANG_XIAOMING.id, '2026-03')).toBe('张晓明 3月 缴清 50.00 重');
    expect(name(LI_JIANGUO.id, '2026-04')).toBe('李建国 4月 未到');
    // Every word the cell shows is in what it is called (the symbols drawn before a mark are not words).
    for (const node of app.wrapper.findAll('[data-testid="ledger-cell"]')) {
      const label = node.attributes('aria-label')!;
      const words = node.findAll('span').flatMap((part) => part.text().split(/\s+/));
      for (const word of words.filter((w) => /[\p{L}\p{N}]/u.test(w))) expect(label).toContain(word);
    }
  });

  it('filters members in arrears, unpaid this month, and with a duplicate to resolve', async () => {
    const app = await openLedger();
    await filterBy(app, '有欠缴');
    expect(listedMembers(app)).toEqual([LI_JIANGUO.id]);
    await filterBy(app, '本月未缴');
    expect(listedMembers(app)).toEqual([LI_JIANGUO.id]);
    await filterBy(app, '重复交纳');
    expect(listedMembers(app)).toEqual([ZHANG_XIAOMING.id]);
    await filterBy(app, '全部');
    expect(listedMembers(app)).toHaveLength(5);
  });

  it('resolves a duplicate as a refund: a resolution and its outbox entry are written, and the cell is no longer flagged', async () => {
    const app = await openLedger();
    await openCell(app, ZHANG_XIAOMING.id, '2026-03');
    expect(app.wrapper.findAll('[data-testid="ledger-entry"]')).toHaveLength(2);
    await app.wrapper.find('[data-testid="ledger-action-resolve"]').trigger('click');
    await flushPromises();
    // The surplus is prefilled.
    expect((app.wrapper.find('[data-testid="ledger-amount"] input').element as HTMLInputElement).value).toBe('25.00');
    await app.wrapper.find('[data-testid="ledger-sheet-submit"]').trigger('click');
    await vi.waitFor(() => expect(cell(app, ZHANG_XIAOMING.id, '2026-03').attributes('data-duplicate')).toBe('false'));

    const [row] = await db.duplicateResolutions.toArray();
    expect(row).toMatchObject({ branchId: BRANCH_ID, memberId: ZHANG_XIAOMING.id });
    expect(['pending', 'sending']).toContain(row!.syncState);
    expect(row!.payload).toMatchObject({ month: '2026-03', action: 'refund', amountFen: 2500, paymentId: ZHANG_MARCH_AGAIN.id, recordedBy: SECRETARY.id });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'dues.resolve_duplicate', recordId: row!.id, memberId: ZHANG_XIAOMING.id });

    await filterBy(app, '重复交纳');
    expect(listedMembers(app)).toEqual([]);
  });

  it('keeps what is being typed in the sheet when the ledger is computed again meanwhile (a sync, another write)', async () => {
    const app = await openLedger();
    await openCell(app, ZHANG_XIAOMING.id, '2026-03');
    await app.wrapper.find('[data-testid="ledger-action-resolve"]').trigger('click');
    await flushPromises();
    await app.wrapper.find('[data-testid="ledger-resolve-credit"]').trigger('click');
    await flushPromises();
    await chooseMonth('ledger-credit-month', '2026-05');
    // A pull brings 李建国's January payment: the ledger follows it at once, nobody tells the store to read again.
    await seedPulledLedger({ payments: [paymentOf(LI_JIANGUO.id, 6, ['2026-01'], 5000)] });
    await vi.waitFor(() => expect(cell(app, LI_JIANGUO.id, '2026-01').attributes('data-state')).toBe('paid'));
    // The same member and month stay open, and what was typed stays.
    expect(app.wrapper.find('[data-testid="ledger-sheet-state"]').exists()).toBe(true);
    expect(app.wrapper.find('[data-testid="ledger-credit-month"]').attributes('data-month')).toBe('2026-05');
  });

  it('counts no record the server refused: a refused payment or adjustment leaves the books as the server keeps them', async () => {
    const app = await openLedger();
    const totals = () => app.wrapper.findAll('[data-testid="ledger-total-row"] td').map((node) => node.text());
    const before = totals();
    // Written on this device outside the ledger store (another tab, say): the ledger follows IndexedDB.
    await recordDuesPayment(paymentOf(LI_JIANGUO.id, 7, ['2026-01'], 5000, { collectedBy: SECRETARY.id, recordedAt: '2026-03-20T03:00:00.000Z' }));
    await recordAdjustment({
      id: uuid(0xf010),
      memberId: LI_JIANGUO.id,
      branchId: BRANCH_ID,
      month: '2026-03',
      amountFen: 5000,
      cash: true,
      reason: '现金漏记，补录',
      recordedBy: SECRETARY.id,
      recordedAt: '2026-03-20T03:10:00.000Z',
    });
    // Pending, they count: the server will have them.
    await vi.waitFor(() => expect(cell(app, LI_JIANGUO.id, '2026-01').attributes('data-state')).toBe('paid'));
    await vi.waitFor(() => expect(cell(app, LI_JIANGUO.id, '2026-03').attributes('data-state')).toBe('paid'));
    expect(totals().at(-1)).toBe('290.00');

    for (const entry of await db.outbox.toArray()) await settleRejected(entry, { code: 'DUES_AMOUNT_MISMATCH', message: '金额与核定不符' });
    // Refused, they count nowhere: the month is owed again and the totals are the server's.
    await vi.waitFor(() => expect(cell(app, LI_JIANGUO.id, '2026-01').attributes('data-state')).toBe('arrears'));
    await vi.waitFor(() => expect(cell(app, LI_JIANGUO.id, '2026-03').attributes('data-state')).toBe('due'));
    expect(totals()).toEqual(before);
    await filterBy(app, '有欠缴');
    expect(listedMembers(app)).toEqual([LI_JIANGUO.id]);
    // The cell's sheet lists what it counts: the refused payment is not among them; the sync bar's rejected
    // sheet lists both, to be fixed or discarded.
    await openCell(app, LI_JIANGUO.id, '2026-01');
    expect(app.wrapper.findAll('[data-testid="ledger-entry"]')).toHaveLength(0);
    await vi.waitFor(() => expect(useSyncStore().rejected.map((entry) => entry.type).sort()).toEqual(['dues.adjust', 'dues.record']));

    // Discarded, the records leave the device; the books stay as they are.
    for (const entry of await db.outbox.toArray()) await discardEntry(entry.seq!);
    expect(await db.duesPayments.get(uuid(0xb007))).toBeUndefined();
    expect(await db.duesAdjustments.count()).toBe(0);
    await flushPromises();
    expect(cell(app, LI_JIANGUO.id, '2026-01').attributes('data-state')).toBe('arrears');
    expect(totals()).toEqual(before);
  });

  it('writes a resolution and its outbox entry together or not at all', async () => {
    const resolution = {
      id: uuid(0xf001),
      memberId: ZHANG_XIAOMING.id,
      branchId: BRANCH_ID,
      month: '2026-03',
      paymentId: ZHANG_MARCH_AGAIN.id,
      action: 'credit' as const,
      creditMonth: '2026-04',
      amountFen: 2500,
      note: '',
      recordedBy: SECRETARY.id,
      recordedAt: '2026-03-20T04:00:00.000Z',
    };
    await recordResolution(resolution);
    // The same record again fails at the record insert, inside the transaction: no second entry remains.
    await expect(recordResolution(resolution)).rejects.toThrow();
    // A credit to a month not after the duplicated one is refused by the shared schema before anything is written.
    await expect(recordResolution({ ...resolution, id: uuid(0xf002), creditMonth: '2026-03' })).rejects.toThrow();
    expect(await db.duplicateResolutions.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('offers only an adjustment in a locked month, and requires its reason', async () => {
    const app = await openLedger();
    await openCell(app, LI_JIANGUO.id, '2026-02');
    expect(app.wrapper.find('[data-testid="ledger-sheet-locked"]').exists()).toBe(true);
    const actions = app.wrapper.findAll('[data-testid^="ledger-action-"]').map((b) => b.attributes('data-testid'));
    expect(actions).toEqual(['ledger-action-adjust']);

    await app.wrapper.find('[data-testid="ledger-action-adjust"]').trigger('click');
    await flushPromises();
    await app.wrapper.find('[data-testid="ledger-amount"] input').setValue('50');
    await app.wrapper.find('[data-testid="ledger-sheet-submit"]').trigger('click');
    await flushPromises();
    expect(app.wrapper.find('[data-testid="ledger-sheet-error"]').text()).toBe('请填写原因');
    expect(await db.duesAdjustments.count()).toBe(0);

    await app.wrapper.find('[data-testid="ledger-reason"] textarea').setValue('二月现金漏记，补录');
    await app.wrapper.find('[data-testid="ledger-adjust-cash"]').trigger('click');
    await app.wrapper.find('[data-testid="ledger-sheet-submit"]').trigger('click');
    await vi.waitFor(() => expect(cell(app, LI_JIANGUO.id, '2026-02').attributes('data-state')).toBe('paid'));
    const [row] = await db.duesAdjustments.toArray();
    expect(row!.payload).toMatchObject({ month: '2026-02', amountFen: 5000, cash: true, reason: '二月现金漏记，补录' });
    expect((await db.outbox.toArray()).map((e) => e.type)).toEqual(['dues.adjust']);

    // An open month offers the excuse and the adjustment (no duplicate there).
    await openCell(app, LI_JIANGUO.id, '2026-01');
    const open = app.wrapper.findAll('[data-testid^="ledger-action-"]').map((b) => b.attributes('data-testid'));
    expect(open).toEqual(['ledger-action-adjust', 'ledger-action-excuse']);
  });

  it('records a reason for not paying: the months count as excused, not arrears, and the sheet shows it', async () => {
    const app = await openLedger();
    await openCell(app, LI_JIANGUO.id, '2026-01');
    await app.wrapper.find('[data-testid="ledger-action-excuse"]').trigger('click');
    await flushPromises();
    await chooseMonth('ledger-excuse-to', '2026-02');
    await app.wrapper.find('[data-testid="ledger-reason"] textarea').setValue('住院治疗');
    await app.wrapper.find('[data-testid="ledger-sheet-submit"]').trigger('click');
    await vi.waitFor(() => expect(cell(app, LI_JIANGUO.id, '2026-01').attributes('data-state')).toBe('excused'));
    expect(cell(app, LI_JIANGUO.id, '2026-02').attributes('data-state')).toBe('excused');
    const [row] = await db.arrearsExcuses.toArray();
    expect(row!.payload).toMatchObject({ memberId: LI_JIANGUO.id, from: '2026-01', to: '2026-02', reason: '住院治疗', recordedBy: SECRETARY.id });
    expect((await db.outbox.toArray()).map((e) => [e.type, e.memberId])).toEqual([['dues.excuse', LI_JIANGUO.id]]);

    await openCell(app, LI_JIANGUO.id, '2026-02');
    expect(app.wrapper.find('[data-testid="ledger-excuse"]').text()).toContain('住院治疗');
    await filterBy(app, '有欠缴');
    expect(listedMembers(app)).toEqual([]);
  });

  it('keeps workers out of the ledger', async () => {
    await seedSession();
    await seedRoster(ROSTER, [], WORKER_ID);
    const app = await mountAt('/ledger');
    await flushPromises();
    expect(app.router.currentRoute.value.name).toBe('roster');
    // The background sync has failed for want of a network before the test ends.
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="sync-bar"]').attributes('data-offline')).toBe('true'));
  });
});
