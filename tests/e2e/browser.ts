import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium';
import { demoPasswordForRun } from '../../src/server/demo';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

/** The PIN every test user chooses after logging in (issue 14's lock); tests of the lock itself type their own. */
export const E2E_PIN = '480713';

/**
 * Every start of the app opens on the lock screen, and every login asks for a PIN (issue 14 §2). Tests about
 * other things pass both as a user would — typing the PIN — whenever either screen appears before a step
 * (Playwright's locator handlers). Tests of the lock itself turn this off with `manualLock`.
 */
async function passTheLock(page: Page): Promise<void> {
  let busy = false;
  const pass = async (path: string): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      if (path === '/pin-setup') {
        await page.getByTestId('pin-first').locator('input').fill(E2E_PIN);
        await page.getByTestId('pin-second').locator('input').fill(E2E_PIN);
        await page.getByTestId('pin-save').click();
      } else {
        await page.getByTestId('unlock-pin').locator('input').fill(E2E_PIN);
        await page.getByTestId('unlock-submit').click();
      }
    } catch {
      // The page moved on (closed, reloaded, went elsewhere): the next navigation tries again.
    } finally {
      busy = false;
    }
  };
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const path = new URL(frame.url()).pathname;
    if (path === '/pin-setup' || path === '/unlock') void pass(path);
  });
}

async function withLockPassed(context: BrowserContext, manualLock: boolean): Promise<BrowserContext> {
  if (manualLock) return context;
  for (const page of context.pages()) await passTheLock(page);
  context.on('page', (page) => void passTheLock(page));
  return context;
}

export interface Profile {
  context: BrowserContext;
  page: Page;
  /** Content Security Policy violations the app caused so far; close() fails when there are any. */
  cspViolations: string[];
  /** The profile's directory: what the browser keeps on disk, as someone holding the phone could read it. */
  dir: string;
  /**
   * SIGKILLs the browser, as when a phone drops the app, and starts it again on the same profile; `whileClosed`
   * runs in between, when no browser process holds the profile's files.
   */
  restart(options?: { offline?: boolean; whileClosed?: () => void | Promise<void> }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A persistent profile, because service workers and installability behave differently in incognito contexts,
 * and because "reopen the app offline" must find the same IndexedDB.
 */
export async function openProfile(viewport = { width: 390, height: 844 }, options: { manualLock?: boolean } = {}): Promise<Profile> {
  const manualLock = options.manualLock ?? false;
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
  const cspViolations: string[] = [];
  const context = await withLockPassed(await watchCsp(await launch(false), cspViolations), manualLock);
  const profile: Profile = {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    cspViolations,
    dir,
    async restart(options = {}) {
      const closed = new Promise<void>((resolve) => profile.context.once('close', () => resolve()));
      killChromiumUsing(dir);
      await closed;
      await options.whileClosed?.();
      profile.context = await withLockPassed(await watchCsp(await launch(options.offline ?? false), cspViolations), manualLock);
      profile.page = profile.context.pages()[0] ?? (await profile.context.newPage());
    },
    async close() {
      await profile.context.close();
      rmSync(dir, { recursive: true, force: true });
      // The app runs under the server's CSP; a violation is something users' browsers block (or report).
      if (cspViolations.length > 0) throw new Error(`the app violated its Content Security Policy:\n${cspViolations.join('\n')}`);
    },
  };
  return profile;
}

/**
 * Collects CSP violations in every page of the context: the securitypolicyviolation event (fired even when
 * the page catches what was blocked, as zod's eval probe would be) and Chromium's own console report.
 */
async function watchCsp(context: BrowserContext, violations: string[]): Promise<BrowserContext> {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`[csp] ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  context.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && (text.startsWith('[csp] ') || text.includes('Content Security Policy'))) violations.push(text);
  });
  return context;
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

/**
 * Waits until the service worker is activated: from then on a navigation (a reload, a typed address) is served
 * offline from its precache, whether or not the page itself is controlled yet. The first sync after login can
 * finish before the worker has precached the app: a test going offline must wait for this.
 */
export async function waitForOfflineShell(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) => {
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve());
      });
    }
  });
}

/** Waits until the service worker is activated and controls the page (one reload after first install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await waitForOfflineShell(page);
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
