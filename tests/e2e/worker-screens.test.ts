import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openProfile, submitLogin, waitForOfflineShell, type Profile } from './browser';
import { pairedMemberIds, startDemoServer } from './server';

// The wrong screens of issue 13 that only a real browser shows: what is drawn, where, and how it wraps.

type Server = Awaited<ReturnType<typeof startDemoServer>>;

interface Frame {
  at: number;
  /** The download's numbers as the page states them, and how much of its bar is drawn (%). */
  progress: { received: number; total: number; percentage: number; drawn: number } | null;
  /** The roster's header count, when shown, and the rows listed. */
  count: string | null;
  rows: number;
}

/**
 * Records what every frame the page paints shows of the first download: the test reads it afterwards, so a busy
 * main thread (a cheap phone) cannot hide a frame from it. Plain JavaScript: it runs in the page as it is.
 */
const FRAME_PROBE = `(() => {
  const frames = [];
  window.__frames = frames;
  let last = '';
  const probe = () => {
    const box = document.querySelector('[data-testid="download-progress"]');
    const bar = box && box.querySelector('.van-progress');
    const portion = box && box.querySelector('.van-progress__portion');
    const frame = {
      at: Math.round(performance.now()),
      progress: box && bar && portion ? {
        received: Number(box.getAttribute('data-received')),
        total: Number(box.getAttribute('data-total')),
        percentage: Number(box.getAttribute('data-percentage')),
        drawn: (100 * portion.getBoundingClientRect().width) / bar.getBoundingClientRect().width,
      } : null,
      count: (document.querySelector('[data-testid="roster-count"]') || { textContent: null }).textContent,
      rows: document.querySelectorAll('[data-testid="roster-row"]').length,
    };
    const key = JSON.stringify({ ...frame, at: 0 });
    if (key !== last) frames.push(frame);
    last = key;
    requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);
})();`;

/** Where two boxes overlap, if they do. */
function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Makes the app install its service worker again on the page as it is, so that 已可离线使用 shows over this screen
 * (on a first visit it shows over the login form, before any tab bar exists).
 */
async function reinstallServiceWorker(page: Page): Promise<void> {
  await waitForOfflineShell(page);
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const key of await caches.keys()) await caches.delete(key);
  });
  await page.reload();
}

/** The boxes of the offline-ready note and of every tab and floating control at the bottom of the screen. */
async function offlineReadyAndTabs(page: Page): Promise<{ note: DOMRect; controls: { label: string; box: DOMRect }[] }> {
  await page.getByTestId('offline-ready').waitFor({ state: 'visible', timeout: 30_000 });
  return page.evaluate(() => {
    const box = (el: Element) => el.getBoundingClientRect().toJSON() as DOMRect;
    const note = box(document.querySelector('[data-testid="offline-ready"]')!);
    const controls = [...document.querySelectorAll('.van-tabbar-item, [data-testid="handover-link"]')].map((el) => ({ label: el.textContent?.trim() ?? '', box: box(el) }));
    return { note, controls };
  });
}

describe('a worker’s phone (issue 13, wrong screens 7 and 13)', () => {
  let server: Server;
  let profile: Profile;
  let page: Page;

  beforeAll(async () => {
    server = await startDemoServer();
    profile = await openProfile();
    page = profile.page;
  });

  afterAll(async () => {
    await profile?.close();
    await server?.stop();
  });

  it('first login: the bar draws what the count says, on a phone four times slower', async () => {
    await profile.context.addInitScript({ content: FRAME_PROBE });
    const cdp = await profile.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    try {
      await page.goto(server.url);
      await submitLogin(page, 'worker1');
      const members = await pairedMemberIds(server, 'worker1');
      await page.getByTestId('roster-row').first().waitFor({ timeout: 60_000 });
      await expect.poll(() => page.getByTestId('roster-row').count()).toBe(members.length);
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
    const frames = (await page.evaluate(() => (window as unknown as { __frames: Frame[] }).__frames)) as Frame[];
    const counted = frames.filter((frame) => frame.progress !== null && frame.progress.total > 0);
    expect(counted.length).toBeGreaterThan(0);
    for (const frame of counted) {
      // The bar, the words and the data attributes state one figure in every frame.
      expect(Math.abs(frame.progress!.drawn - frame.progress!.percentage), JSON.stringify(frame)).toBeLessThanOrEqual(1);
      expect(frame.progress!.percentage).toBe(Math.floor((100 * frame.progress!.received) / frame.progress!.total));
    }
    // The header never counts nobody while the list holds people, nor a number other than the list's.
    for (const frame of frames.filter((f) => f.count !== null)) expect(frame.count, JSON.stringify(frame)).toBe(`共 ${frame.rows} 人`);
  });

  it('the sync bar lines up with the header above it instead of touching the screen’s edge', async () => {
    await page.goto(`${server.url}/roster`);
    const left = async (testId: string) => (await page.getByTestId(testId).boundingBox())!.x;
    await page.getByTestId('sync-pending').waitFor();
    expect(await left('sync-pending')).toBeGreaterThanOrEqual(12);
    expect(Math.abs((await left('sync-pending')) - (await left('network-status')))).toBeLessThanOrEqual(1);
  });

  it('已可离线使用 leaves the tab labels and 现金交接 readable', async () => {
    await reinstallServiceWorker(page);
    const { note, controls } = await offlineReadyAndTabs(page);
    expect(controls.some((c) => c.label.includes('计划'))).toBe(true);
    for (const control of controls) expect(overlaps(note, control.box), control.label).toBe(false);
  });

  it('a 党费 line keeps each month whole: "2026-" never ends a line', async () => {
    const members = await pairedMemberIds(server, 'worker1');
    let checked = 0;
    for (const id of members) {
      await page.goto(`${server.url}/members/${id}`);
      await page.getByTestId('member-records').waitFor();
      const lines = await page.locator('[data-testid="record-line"][data-kind="payment"] .van-cell__title').evaluateAll((titles) =>
        titles.flatMap((title) => {
          // Each month written in the line, and how many line boxes the browser broke it into.
          const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
          const months: { month: string; lines: number }[] = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of (node.textContent ?? '').matchAll(/\d{4}-\d{2}/g)) {
              const range = document.createRange();
              range.setStart(node, match.index!);
              range.setEnd(node, match.index! + match[0].length);
              const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
              months.push({ month: match[0], lines: tops.size });
            }
          }
          return months;
        }),
      );
      for (const line of lines) expect(line.lines, line.month).toBe(1);
      checked += lines.length;
      if (checked >= 8) break;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('blood pressure: each field shows its unit and a border around where to type', async () => {
    const [id] = await pairedMemberIds(server, 'worker1');
    await page.goto(`${server.url}/members/${id}/health`);
    // The note needs the member's consent first (docs/DOMAIN.md §6).
    await page.locator('[data-testid="consent-give"], [data-testid="health-form"]').first().waitFor({ timeout: 20_000 });
    if (await page.getByTestId('consent-give').isVisible()) await page.getByTestId('consent-give').click();
    for (const testId of ['health-systolic', 'health-diastolic']) {
      const field = page.getByTestId(testId);
      await field.waitFor({ timeout: 20_000 });
      expect(await field.innerText()).toContain('mmHg');
      const border = await field.locator('input').evaluate((input) => {
        const style = getComputedStyle(input);
        return { width: parseFloat(style.borderBottomWidth), color: style.borderBottomColor, top: parseFloat(style.borderTopWidth) };
      });
      expect(border.width, testId).toBeGreaterThanOrEqual(1);
      expect(border.top, testId).toBeGreaterThanOrEqual(1);
      expect(border.color, testId).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    }
  });
});

describe('a secretary’s tablet (issue 13, wrong screen 13)', () => {
  let server: Server;
  let profile: Profile;

  beforeAll(async () => {
    server = await startDemoServer();
    profile = await openProfile({ width: 1024, height: 768 });
  });

  afterAll(async () => {
    await profile?.close();
    await server?.stop();
  });

  it('已可离线使用 leaves the tab labels readable', async () => {
    const { page } = profile;
    await page.goto(server.url);
    await submitLogin(page, 'secretary1');
    await page.getByTestId('secretary-nav').waitFor({ timeout: 30_000 });
    await reinstallServiceWorker(page);
    const { note, controls } = await offlineReadyAndTabs(page);
    expect(controls.length).toBeGreaterThanOrEqual(6);
    for (const control of controls) expect(overlaps(note, control.box), control.label).toBe(false);
  });
});
