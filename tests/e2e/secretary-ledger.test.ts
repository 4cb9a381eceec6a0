import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_DUES_POLICY,
  DuesAssessment,
  DuesPolicy,
  addMonths,
  assessmentForMonth,
  collectionMonth,
  expectedDuesFen,
  formatYuan,
  type MonthReconciliation,
} from '../../src/domain';
import { demoDuesYear } from '../../src/server/demo/dues';
import { pairWorker } from '../../src/server/services/pairings';
import { demoPasswordForRun } from '../../src/server/demo';
import { openProfile, submitLogin, waitForOfflineShell, type Profile } from './browser';
import { startDemoServer } from './server';
import { chooseMonth } from './month-picker';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

/** The demo's books are for the current year. */
const DEMO_DUES_YEAR = demoDuesYear();

const TABLET_LANDSCAPE = { width: 1024, height: 768 };
const TABLET_PORTRAIT = { width: 768, height: 1024 };

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await submitLogin(page, username);
  await page.getByTestId('roster-row').first().waitFor({ timeout: 20_000 });
  await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
  // Devices go offline next: the app must be installed to open offline.
  await waitForOfflineShell(page);
}

/** Back online: push what waits in the outbox and pull, from the roster's sync bar. */
async function syncNow(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/roster`);
  await page.getByTestId('sync-now').click();
  await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-pending'), { timeout: 30_000 }).toBe('0');
  await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 30_000 }).toBe('idle');
}

interface Target {
  memberId: string;
  name: string;
  branchId: string;
  /** The dues month both workers collect, and the later month the secretary credits the surplus to. */
  month: string;
  creditMonth: string;
  monthlyFen: number;
  nextMonthlyFen: number;
}

/**
 * A party member of the branch, assessed at the normal rate, with two consecutive months of the demo year that
 * nobody has paid yet: the demo books run to last month, so late in the year only the months still ahead or
 * the months of a member in arrears qualify — any member of the branch will do, both workers are paired with
 * them below.
 */
async function findTarget(server: Server): Promise<Target> {
  const rows = await server.db
    .selectFrom('members')
    .select(['members.id', 'members.name', 'members.branch_id'])
    .where('members.status', '=', 'active')
    .where('members.is_party_member', '=', 1)
    .orderBy('members.id')
    .execute();
  for (const row of rows) {
    if (row.branch_id === null) continue;
    const assessments = (await server.db.selectFrom('dues_assessments').select('data').where('member_id', '=', row.id).execute()).map((a) =>
      DuesAssessment.parse(JSON.parse(a.data)),
    );
    const policyRow = await server.db.selectFrom('dues_policies').select('data').where('branch_id', '=', row.branch_id).executeTakeFirst();
    const policy = policyRow ? DuesPolicy.parse(JSON.parse(policyRow.data)) : { ...DEFAULT_DUES_POLICY, branchId: row.branch_id };
    const paid = new Set(
      (await server.db.selectFrom('dues_payment_months').select('month').where('member_id', '=', row.id).execute()).map((m) => m.month),
    );
    const monthly = (month: string) => {
      const terms = assessmentForMonth(assessments, row.id, month);
      return terms && terms.category === 'normal' ? expectedDuesFen(terms, policy, month) : null;
    };
    for (let m = 11; m >= 1; m--) {
      const month = `${DEMO_DUES_YEAR}-${String(m).padStart(2, '0')}`;
      const creditMonth = addMonths(month, 1);
      const [monthlyFen, nextMonthlyFen] = [monthly(month), monthly(creditMonth)];
      if (paid.has(month) || paid.has(creditMonth) || !monthlyFen || !nextMonthlyFen) continue;
      return { memberId: row.id, name: row.name, branchId: row.branch_id, month, creditMonth, monthlyFen, nextMonthlyFen };
    }
  }
  throw new Error('the demo has no party member with two consecutive unpaid months at the normal rate');
}

/** A worker records a one-month cash payment on the phone with no signal. */
async function payOffline(profile: Profile, url: string, target: Target): Promise<void> {
  const page = profile.page;
  await profile.context.setOffline(true);
  await page.goto(`${url}/members/${target.memberId}`);
  await page.getByTestId('action-dues').click();
  await chooseMonth(page, 'dues-from', target.month);
  await page.getByTestId('dues-months').locator('input').fill('1');
  await expect.poll(() => page.getByTestId('dues-amount').getAttribute('data-fen')).toBe(String(target.monthlyFen));
  await page.getByTestId('dues-submit').click();
  await page.getByTestId('member-name').waitFor();
}

/** The page fits the viewport's width: wide tables scroll inside their own box, never the whole page. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function setYear(page: Page, testid: 'ledger' | 'export', year: number): Promise<void> {
  const shown = async () => Number(((await page.getByTestId(`${testid}-year`).textContent()) ?? '').replace(/\D/g, ''));
  for (let i = 0; i < 5 && (await shown()) !== year; i++) {
    await page.getByTestId((await shown()) > year ? `${testid}-year-prev` : `${testid}-year-next`).click();
  }
  await expect.poll(shown).toBe(year);
}

describe('two workers collect the same month offline; the secretary resolves it, reconciles, locks and exports on a tablet', () => {
  let server: Server;
  let target: Target;
  let worker1: Profile;
  let worker2: Profile;
  let secretary: Profile;
  const downloads = mkdtempSync(join(tmpdir(), 'doorstep-export-'));
  /** The month both payments were collected in, as the books count it (Beijing time). */
  const collectedIn = collectionMonth(new Date().toISOString());

  beforeAll(async () => {
    server = await startDemoServer();
    target = await findTarget(server);
    // Both workers look after the member (as backups: the member's primary worker stays), so both phones hold them.
    for (const workerUsername of ['worker1', 'worker2']) await pairWorker(server.db, { workerUsername, memberId: target.memberId, role: 'backup' });
    [worker1, worker2, secretary] = await Promise.all([openProfile(), openProfile(), openProfile(TABLET_LANDSCAPE)]);
  });

  afterAll(async () => {
    await Promise.all([worker1?.close(), worker2?.close(), secretary?.close()]);
    await server?.stop();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('both payments reach the server: two entries for the same month, neither dropped nor merged', async () => {
    await logIn(worker1.page, server.url, 'worker1');
    await logIn(worker2.page, server.url, 'worker2');
    await payOffline(worker1, server.url, target);
    await payOffline(worker2, server.url, target);

    await worker1.context.setOffline(false);
    await worker2.context.setOffline(false);
    await syncNow(worker1.page, server.url);
    await syncNow(worker2.page, server.url);

    const covering = await server.db
      .selectFrom('dues_payment_months')
      .innerJoin('dues_payments', 'dues_payments.id', 'dues_payment_months.payment_id')
      .select(['dues_payments.amount_fen'])
      .where('dues_payment_months.member_id', '=', target.memberId)
      .where('dues_payment_months.month', '=', target.month)
      .execute();
    expect(covering.map((p) => Number(p.amount_fen))).toEqual([target.monthlyFen, target.monthlyFen]);
  });

  it('offline on the tablet: the duplicate is flagged, credited to the next month, the month reconciled and locked, the ledger exported', async () => {
    const page = secretary.page;
    await logIn(page, server.url, 'secretary1');
    await secretary.context.setOffline(true);

    await page.goto(`${server.url}/ledger`);
    await setYear(page, 'ledger', DEMO_DUES_YEAR);
    const cell = (month: string) => page.locator(`[data-testid="ledger-cell"][data-member-id="${target.memberId}"][data-month="${month}"]`);
    await expect.poll(() => cell(target.month).getAttribute('data-duplicate'), { timeout: 20_000 }).toBe('true');
    expect(await fitsWidth(page)).toBe(true);

    await cell(target.month).click();
    await page.getByTestId('ledger-action-resolve').click();
    await page.getByTestId('ledger-resolve-credit').click();
    // The month credited is chosen in the month picker (it opens on the month after, the one wanted here).
    await page.getByTestId('ledger-credit-month').click();
    await page.locator(`[data-testid="ledger-credit-month-option"][data-month="${target.creditMonth}"]`).click();
    await expect.poll(() => page.getByTestId('ledger-credit-month').getAttribute('data-month')).toBe(target.creditMonth);
    await expect.poll(() => page.getByTestId('ledger-amount').locator('input').inputValue()).toBe(formatYuan(target.monthlyFen));
    await page.getByTestId('ledger-reason').locator('textarea').fill('两位专员同日收取，多交部分转下月');
    await page.getByTestId('ledger-sheet-submit').click();
    await expect.poll(() => cell(target.month).getAttribute('data-duplicate')).toBe('false');
    await expect.poll(() => cell(target.month).getAttribute('data-state')).not.toBe('arrears');
    const creditedState = target.monthlyFen >= target.nextMonthlyFen ? ['paid', 'prepaid'] : ['partly'];
    expect(creditedState).toContain(await cell(target.creditMonth).getAttribute('data-state'));

    // Reconcile the month the cash came in: both payments are cash still with the two workers; the books agree.
    await page.goto(`${server.url}/ledger/reconcile/${collectedIn}`);
    await expect.poll(() => page.getByTestId('reconcile-month').getAttribute('data-month')).toBe(collectedIn);
    await expect.poll(() => page.getByTestId('reconcile-difference').getAttribute('data-fen')).toBe('0');
    const collectedOnTablet = (await page.getByTestId('reconcile-collected').locator('.van-cell__value').textContent())?.trim();
    expect(collectedOnTablet).not.toBe('0.00');
    expect(await fitsWidth(page)).toBe(true);

    await page.getByTestId('reconcile-lock').click();
    await page.locator('.van-dialog__confirm').click();
    await page.getByTestId('reconcile-locked').waitFor();

    // The export is made on the device, offline, and opens as a workbook with the expected rows and totals.
    await page.goto(`${server.url}/ledger/export`);
    await setYear(page, 'export', DEMO_DUES_YEAR);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-dues-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`${DEMO_DUES_YEAR}.*\\.xlsx$`));
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain(`${DEMO_DUES_YEAR} 年度党费交纳登记表`);
    expect(String(sheet.getCell('A2').value)).toContain(`${DEMO_DUES_YEAR}年1月`);
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['序号', '姓名']);
    const monthColumn = (month: string) => header.indexOf(`${Number(month.slice(5))}月`) + 1;
    const paidColumn = header.indexOf('全年实缴(元)') + 1;

    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row, n) => {
      if (n > 3) rows.push(row);
    });
    const totals = rows.at(-1)!;
    const members = rows.slice(0, -1);
    expect(totals.getCell(2).value ?? totals.getCell(1).value).toBe('合计');
    const row = members.find((r) => r.getCell(2).value === target.name);
    expect(row, `${target.name} has a row`).toBeDefined();
    expect(row!.getCell(monthColumn(target.month)).value).toBe(target.monthlyFen / 100);
    expect(row!.getCell(monthColumn(target.creditMonth)).value).toBe(target.monthlyFen / 100);
    // The totals row adds up the member rows, column by column, to the fen.
    for (const column of [monthColumn(target.month), paidColumn]) {
      // A month excused (缓) reads 缓 in its cell: words, never an amount written as text.
      const sumFen = members.reduce((sum, r) => {
        const value = r.getCell(column).value;
        if (typeof value === 'number') return sum + Math.round(value * 100);
        expect(String(value ?? '')).not.toMatch(/\d/);
        return sum;
      }, 0);
      expect(Math.round(Number(totals.getCell(column).value) * 100)).toBe(sumFen);
    }

    // Back online, the resolution and the lock reach the server exactly once, and its books agree with the tablet's.
    await secretary.context.setOffline(false);
    await syncNow(page, server.url);
    const resolutions = await server.db.selectFrom('duplicate_resolutions').select('data').where('member_id', '=', target.memberId).execute();
    expect(resolutions.map((r) => JSON.parse(r.data) as { action: string; creditMonth: string; amountFen: number })).toEqual([
      expect.objectContaining({ action: 'credit', creditMonth: target.creditMonth, amountFen: target.monthlyFen }),
    ]);
    // The device's token is sealed in IndexedDB (issue 14): the check asks the server with a session of its own.
    const signIn = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'secretary1', password: demoPasswordForRun() }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const answer = await fetch(`${server.url}/api/branches/${target.branchId}/reconciliation?month=${collectedIn}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    const onServer = (await answer.json()) as MonthReconciliation;
    expect(onServer.locked).toBe(true);
    expect(formatYuan(onServer.collectedFen)).toBe(collectedOnTablet);
    expect(onServer.differenceFen).toBe(0);
  });

  it('upright (768 × 1024) the matrix and the reconciliation still fit, and a cell still opens its entries', async () => {
    const page = secretary.page;
    await page.setViewportSize(TABLET_PORTRAIT);
    await page.goto(`${server.url}/ledger`);
    await setYear(page, 'ledger', DEMO_DUES_YEAR);
    const cell = page.locator(`[data-testid="ledger-cell"][data-member-id="${target.memberId}"][data-month="${target.month}"]`);
    await cell.scrollIntoViewIfNeeded();
    expect(await fitsWidth(page)).toBe(true);
    await cell.click();
    await expect.poll(() => page.getByTestId('ledger-entry').count()).toBeGreaterThanOrEqual(3);
    await page.goto(`${server.url}/ledger/reconcile/${collectedIn}`);
    await page.getByTestId('reconcile-locked').waitFor();
    expect(await fitsWidth(page)).toBe(true);
  });
});
