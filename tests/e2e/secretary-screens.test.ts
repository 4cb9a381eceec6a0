import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, collectionMonth } from '../../src/domain';
import { openProfile, submitLogin, type Profile } from './browser';
import { startDemoServer } from './server';

// The secretary's wrong screens of issue 13 that only a real browser shows: where things are drawn.

type Server = Awaited<ReturnType<typeof startDemoServer>>;

/** Space between two boxes, whichever side of each other they were laid out on (0 when they touch or overlap). */
const GAP_PROBE = `(() => {
  const gaps = [];
  for (const cell of document.querySelectorAll('[data-testid="reconcile-handover"]')) {
    const button = cell.querySelector('[data-testid="reconcile-confirm-handover"]');
    const tag = cell.querySelector('[data-testid="record-state"]');
    if (!button || !tag) continue;
    const a = tag.getBoundingClientRect();
    const b = button.getBoundingClientRect();
    const horizontal = Math.max(b.left - a.right, a.left - b.right);
    const vertical = Math.max(b.top - a.bottom, a.top - b.bottom);
    gaps.push(Math.max(horizontal, vertical));
  }
  return gaps;
})()`;

describe('the secretary’s 对账 in a browser', () => {
  let server: Server;
  let profile: Profile;
  let page: Page;

  beforeAll(async () => {
    server = await startDemoServer();
    profile = await openProfile({ width: 768, height: 1024 });
    page = profile.page;
  });

  afterAll(async () => {
    await profile?.close();
    await server?.stop();
  });

  it('leaves room between a handover’s sync tag and its 确认 button, on a tablet and a phone', async () => {
    await page.goto(server.url);
    await submitLogin(page, 'secretary1');
    await page.getByTestId('roster-row').first().waitFor({ timeout: 30_000 });
    // The demo leaves last month's handovers for the secretary to confirm.
    const lastMonth = addMonths(collectionMonth(new Date().toISOString()), -1);
    await page.goto(`${server.url}/ledger/reconcile/${lastMonth}`);
    await page.getByTestId('reconcile-confirm-handover').first().waitFor({ timeout: 30_000 });
    for (const size of [{ width: 768, height: 1024 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      const gaps = (await page.evaluate(GAP_PROBE)) as number[];
      expect(gaps.length, `${size.width} px`).toBeGreaterThan(0);
      for (const gap of gaps) expect(gap, `${size.width} px`).toBeGreaterThanOrEqual(8);
    }
  });
});
