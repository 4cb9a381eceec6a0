import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium';
import { DEMO_PASSWORD } from '../../src/server/demo';

export interface Profile {
  context: BrowserContext;
  page: Page;
  /** SIGKILLs the browser, as when a phone drops the app, and starts it again on the same profile. */
  restart(options?: { offline?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A persistent profile, because service workers and installability behave differently in incognito contexts,
 * and because "reopen the app offline" must find the same IndexedDB.
 */
export async function openProfile(viewport = { width: 390, height: 844 }): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-profile-'));
  const launch = (offline: boolean) =>
    chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      serviceWorkers: 'allow',
      offline,
    });
  const context = await launch(false);
  const profile: Profile = {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    async restart(options = {}) {
      const closed = new Promise<void>((resolve) => profile.context.once('close', () => resolve()));
      killChromiumUsing(dir);
      await closed;
      profile.context = await launch(options.offline ?? false);
      profile.page = profile.context.pages()[0] ?? (await profile.context.newPage());
    },
    async close() {
      await profile.context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return profile;
}

/** SIGKILLs every Chromium process of a profile: no unload handlers, no flushes — a phone dropping the app. */
function killChromiumUsing(profileDir: string): void {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    if (cmdline.includes(`--user-data-dir=${profileDir}`)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Waits until the service worker is activated and controls the page (one reload after first install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) => {
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve());
      });
    }
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
}

/** Fills the login form on the current page and submits it (the demo password unless another is given). */
export async function submitLogin(page: Page, username: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.getByTestId('login-username').locator('input').fill(username);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-submit').click();
}
