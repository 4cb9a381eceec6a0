import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayInShanghai, type Campaign } from '../../src/domain';
import { createCampaign } from '../../src/server/services/campaigns';
import { findUserByUsername } from '../../src/server/services/users';
import { openProfile, submitLogin, waitForOfflineShell, type Profile } from './browser';
import { startDemoServer } from './server';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

/** "2026-12-05 16:09": an instant as the screens show it, in Beijing time. */
function beijing(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A festival visit recorded offline on a worker's phone reaches, once the phone is back online, the
 * administrator's 探访率 (with the phone's last sync and app version), the campaign's progress and the 走访台账
 * on the administrator's desktop, and the secretary's tablet: the visit screens seen from above, in Chromium.
 */
describe('a visit seen from above, in Chromium', () => {
  let server: Server;
  let campaign: Campaign;
  let branchId: string;
  const profiles: Profile[] = [];

  beforeAll(async () => {
    server = await startDemoServer();
    const admin = (await findUserByUsername(server.db, 'admin1'))!;
    const secretary = (await findUserByUsername(server.db, 'secretary1'))!;
    branchId = secretary.branchId!;
    const today = dayInShanghai(new Date().toISOString());
    campaign = await createCampaign(server.db, admin, {
      kind: 'spring_festival',
      name: '春节慰问',
      startsOn: today,
      endsOn: addDays(today, 14),
      cohort: { type: 'branch', branchId },
      delivery: { kind: 'cash', description: '慰问金', amountFen: 20_000 },
    });
  });

  afterAll(async () => {
    for (const profile of profiles) await profile.close();
    await server?.stop();
  });

  it('the worker records it offline; the admin’s coverage, progress and ledger and the secretary’s show it', async () => {
    // ── The worker's phone ──
    const phone = await openProfile();
    profiles.push(phone);
    await phone.page.goto(server.url);
    await submitLogin(phone.page, 'worker1');
    await expect.poll(() => phone.page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 30_000 }).toBe('idle');
    await waitForOfflineShell(phone.page);

    const worker = (await findUserByUsername(server.db, 'worker1'))!;
    const member = await server.db
      .selectFrom('pairings')
      .innerJoin('members', 'members.id', 'pairings.member_id')
      .select(['members.id', 'members.name'])
      .where('pairings.worker_id', '=', worker.id)
      .where('pairings.role', '=', 'primary')
      .where('pairings.ended_at', 'is', null)
      .where('members.branch_id', '=', branchId)
      .where('members.status', '=', 'active')
      .orderBy('members.id')
      .executeTakeFirstOrThrow();

    await phone.context.setOffline(true);
    await phone.page.goto(`${server.url}/members/${member.id}/visit?type=festival`);
    await phone.page.getByTestId('visit-option-outcome-met').click();
    await phone.page.getByTestId('item-add').click();
    await phone.page.getByTestId('item-kind-cash').click();
    await phone.page.getByTestId('item-description').locator('input').fill('春节慰问金');
    await phone.page.getByTestId('item-amount').locator('input').fill('200');
    await phone.page.getByTestId(`visit-campaign-${campaign.id}`).click();
    await phone.page.getByTestId('visit-submit').click();
    await phone.page.getByTestId('member-name').waitFor();
    await phone.context.setOffline(false);
    await phone.page.goto(`${server.url}/roster`);
    await expect.poll(() => phone.page.getByTestId('sync-bar').getAttribute('data-pending'), { timeout: 30_000 }).toBe('0');
    await expect.poll(() => phone.page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 30_000 }).toBe('idle');
    const device = await server.db
      .selectFrom('sync_clients')
      .select(['last_sync_at', 'app_version'])
      .where('user_id', '=', worker.id)
      .orderBy('last_sync_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(device.last_sync_at).not.toBeNull();

    // ── The administrator's desktop ──
    const desktop = await openProfile({ width: 1366, height: 768 });
    profiles.push(desktop);
    const page = desktop.page;
    await page.goto(`${server.url}/login`);
    await submitLogin(page, 'admin1');
    await page.getByTestId('admin-nav').waitFor({ timeout: 30_000 });
    await page.getByTestId('admin-nav-admin-coverage').click();
    await page.getByTestId('coverage-summary').waitFor({ timeout: 20_000 });
    const line = page.locator(`[data-testid="coverage-workers"] [data-testid="coverage-line"][data-id="${worker.id}"]`);
    await expect.poll(() => line.getByTestId('line-visited').textContent()).toBe('1');
    const lastSync = line.locator(`[data-testid="freshness-device"][data-last-sync="${device.last_sync_at}"]`);
    expect(await lastSync.getByTestId('freshness-last-sync').textContent()).toContain(`最后同步 ${beijing(device.last_sync_at!)}`);
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
    expect(device.app_version).toBe(version);
    expect(await lastSync.getByTestId('freshness-version').textContent()).toBe(`版本 ${version}`);
    expect(await page.getByTestId('coverage-chart').locator('[data-testid="coverage-chart-month"]').count()).toBe(12);

    await page.getByTestId('admin-nav-admin-campaigns').click();
    await page.getByTestId(`campaign-progress-${campaign.id}`).click();
    await page.getByTestId('progress-summary').waitFor({ timeout: 20_000 });
    const progress = page.locator(`[data-testid="progress-workers"] [data-testid="progress-line"][data-id="${worker.id}"]`);
    expect(await progress.getByTestId('progress-line-visited').textContent()).toBe('1');
    expect(await progress.getByTestId('progress-line-delivered').textContent()).toContain('慰问金 200.00 元');
    const [progressFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
    expect(progressFile.suggestedFilename()).toBe('春节慰问 慰问进度.xlsx');

    // The 走访台账 is made from the visits the admin's device pulled at login.
    await page.getByTestId('admin-nav-admin-coverage').click();
    await page.getByTestId('coverage-to-ledger').click();
    const sheet = page.getByTestId('visit-ledger-sheet');
    await expect.poll(() => sheet.locator('tbody tr').first().locator('td').nth(1).textContent(), { timeout: 20_000 }).toBe(member.name);
    const [ledgerFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-xlsx').click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await ledgerFile.path()) as unknown as ExcelJS.Buffer);
    const row = workbook.worksheets[0]!.getRow(4);
    expect(row.getCell(2).value).toBe(member.name);
    expect(row.getCell(5).value).toBe('入户');
    expect(row.getCell(6).value).toBe(worker.displayName);
    expect(row.getCell(8).value).toBe('送春节慰问金 200.00 元');

    // ── The secretary's tablet: the branch's coverage and ledger ──
    const tablet = await openProfile({ width: 1024, height: 768 });
    profiles.push(tablet);
    await tablet.page.goto(`${server.url}/login`);
    await submitLogin(tablet.page, 'secretary1');
    await tablet.page.getByTestId('roster-row').first().waitFor({ timeout: 30_000 });
    await tablet.page.getByTestId('secretary-nav-coverage').click();
    await tablet.page.getByTestId('coverage-summary').waitFor({ timeout: 20_000 });
    expect(await tablet.page.getByTestId('coverage-branches').count()).toBe(0);
    const secretaryLine = tablet.page.locator(`[data-testid="coverage-workers"] [data-testid="coverage-line"][data-id="${worker.id}"]`);
    expect(await secretaryLine.getByTestId('line-visited').textContent()).toBe('1');
    await tablet.page.getByTestId('coverage-to-ledger').click();
    await expect
      .poll(() => tablet.page.getByTestId('visit-ledger-sheet').locator('tbody tr').first().locator('td').nth(1).textContent(), { timeout: 20_000 })
      .toBe(member.name);
  });
});
