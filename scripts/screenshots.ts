import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoPasswordForRun } from '../src/server/demo';
import { startServer, type RunningServer } from '../src/server/start';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

/**
 * `npm run screenshots`: the README's pictures, taken from the running demo (the built app in dist/, the demo
 * community on a database of its own) in Chromium — the worker's phone and the secretary's tablet, in Chinese.
 * Chinese text needs a CJK font on this machine (Debian: fonts-noto-cjk or fonts-wqy-microhei).
 */
const OUT = resolve('docs/screenshots');
/** The built app, as the server's own STATIC_DIR. */
const STATIC_DIR = process.env.STATIC_DIR || 'dist';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
const TABLET = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1 };

/** Logs in on a new device and waits until its first sync has finished, as a user would before looking. */
async function logIn(browser: Browser, server: RunningServer, username: string, device: typeof PHONE): Promise<Page> {
  const context = await browser.newContext({
    ...device,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // No service worker: its "已可离线使用" notice would appear in whichever picture is taken when it installs.
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('login-username').locator('input').fill(username);
  await page.getByTestId('login-password').locator('input').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  // After every login the user chooses the PIN that unlocks the app (issue 14).
  await page.getByTestId('pin-first').locator('input').fill(PIN);
  await page.getByTestId('pin-second').locator('input').fill(PIN);
  await page.getByTestId('pin-save').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login') && !url.pathname.startsWith('/pin-setup'), { timeout: 30_000 });
  await waitForSync(page);
  return page;
}

const PIN = '480713';

/** Every page load opens on the lock screen: the PIN is typed, as a user would, before the screen is shown. */
async function passLock(page: Page, ready: string): Promise<void> {
  await page.locator(`[data-testid="unlock-pin"], [data-testid="${ready}"]`).first().waitFor({ timeout: 30_000 });
  if ((await page.getByTestId('unlock-pin').count()) > 0) {
    await page.getByTestId('unlock-pin').locator('input').fill(PIN);
    await page.getByTestId('unlock-submit').click();
  }
}

async function waitForSync(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-bar"]')?.getAttribute('data-phase') === 'idle', null, { timeout: 60_000 });
}

/** Goes to a screen, waits for what shows it is ready, lets fonts and transitions settle, and saves it. */
async function shoot(page: Page, path: string, ready: string, file: string, prepare?: () => Promise<void>): Promise<void> {
  const url = new URL(page.url());
  await page.goto(`${url.origin}${path}`);
  await passLock(page, ready);
  await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
  await prepare?.();
  await settle(page);
  await page.screenshot({ path: join(OUT, file) });
  process.stdout.write(`  docs/screenshots/${file}\n`);
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // Vant's transitions and toasts last up to 2 s; a picture taken mid-fade shows half a screen.
  await page.waitForTimeout(2_500);
}

/** YYYY-MM of the month before this one, in Beijing time. */
function lastMonthInShanghai(): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  return month === 1 ? `${year! - 1}-12` : `${year}-${String(month! - 1).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  if (!existsSync(join(STATIC_DIR, 'index.html'))) throw new Error(`no built app in ${STATIC_DIR}: run \`npm run build\` first (npm run screenshots does)`);
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-screenshots-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, staticDir: STATIC_DIR, seedDemo: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    process.stdout.write(`worker1 on a phone (${PHONE.viewport.width}×${PHONE.viewport.height})\n`);
    const worker = await logIn(browser, server, 'worker1', PHONE);
    await shoot(worker, '/roster', 'roster-row', 'worker-roster.png');
    await shoot(worker, '/plan', 'plan-tabs', 'worker-plan.png');
    // The home-visit form of the first member on the roster, its outcome chosen, as a worker fills it in.
    await worker.goto(`${new URL(worker.url()).origin}/roster`);
    await passLock(worker, 'roster-row');
    await worker.getByTestId('roster-row').first().click();
    await worker.getByTestId('member-name').waitFor();
    const memberPath = new URL(worker.url()).pathname;
    await shoot(worker, `${memberPath}/visit?type=regular`, 'visit-submit', 'worker-visit.png', () => worker.getByTestId('visit-option-outcome-met').click());

    process.stdout.write(`secretary1 on a tablet (${TABLET.viewport.width}×${TABLET.viewport.height})\n`);
    const secretary = await logIn(browser, server, 'secretary1', TABLET);
    await shoot(secretary, '/ledger', 'ledger-row', 'secretary-ledger.png');
    // Last month: its books are collected and handed over (this month's have only begun).
    await shoot(secretary, `/ledger/reconcile/${lastMonthInShanghai()}`, 'reconcile-month', 'secretary-reconcile.png');
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
