import type { Browser } from 'playwright-core';
import { dayInShanghai } from '../src/domain';
import { bundleForBrowser } from './browser-bundle';
import { heading, line, median } from './report';

type PlanBench = typeof import('./browser/plan-bench');
type BenchGlobal = { PlanBench: PlanBench };

/** The phones workers carry are several times slower than this machine: Chrome DevTools' "4× slowdown". */
const CPU_THROTTLING = 4;

/**
 * Issue 12: the worker's plan is recomputed on the device whenever a record changes, so what matters is how long
 * the plan page's whole recomputation takes in the browser on a slow phone — the app's Dexie read of members, two
 * years of visits, events, closures, campaigns and settings, then computePlan and planTabs — at 4× CPU throttling
 * (CDP Emulation.setCPUThrottlingRate). The floor, in the same page at the same throttling, is a raw IndexedDB
 * getAll of the very same rows. Goals: 60 members under 50 ms, 1,000 members (a community) under 300 ms.
 */
export async function benchPlanInChromium(browser: Browser, serverUrl: string, sizes: { members: number; goalMs: number }[], runs = 9): Promise<void> {
  heading(`The worker's plan in Chromium at ${CPU_THROTTLING}× CPU throttling (median per recomputation)`);
  const code = await bundleForBrowser('bench/browser/plan-bench.ts', 'PlanBench');
  const today = dayInShanghai(new Date().toISOString());
  for (const { members, goalMs } of sizes) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // The server's origin gives the page an IndexedDB of its own, under the server's CSP like the app.
      await page.goto(`${serverUrl}/api/health`);
      await page.evaluate(code);
      const seeded = await page.evaluate(({ n, day }) => (globalThis as unknown as BenchGlobal).PlanBench.seed(n, day), { n: members, day: today });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
      const floor: number[] = [];
      const read: number[] = [];
      const compute: number[] = [];
      let last: Awaited<ReturnType<PlanBench['planOnce']>> | null = null;
      // One warm-up round each, then alternate so neither side always runs on a warmer page.
      for (let round = -1; round < runs; round++) {
        const rawRead = () => page.evaluate(() => (globalThis as unknown as BenchGlobal).PlanBench.rawRead());
        const planOnce = () => page.evaluate((day) => (globalThis as unknown as BenchGlobal).PlanBench.planOnce(day), today);
        const [raw, plan] = round % 2 === 0 ? [await rawRead(), await planOnce()] : await planOnce().then(async (p) => [await rawRead(), p] as const);
        if (raw.rows !== plan.rows || raw.rows !== seeded.rows) throw new Error(`rows differ: raw ${raw.rows}, plan ${plan.rows}, seeded ${seeded.rows}`);
        if (round < 0) continue;
        floor.push(raw.ms);
        read.push(plan.readMs);
        compute.push(plan.computeMs);
        last = plan;
      }
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      const totals = read.map((r, i) => r + compute[i]!);
      const label = `${members.toLocaleString('en-US')} members, ${seeded.visits.toLocaleString('en-US')} visits`;
      line(`raw IndexedDB getAll of the same rows, ${label}`, `${median(floor).toFixed(1)} ms`);
      line(`  plan: Dexie read (planRecords)`, `${median(read).toFixed(1)} ms`);
      line(`  plan: computePlan + planTabs`, `${median(compute).toFixed(1)} ms`);
      line(`plan recomputed, ${label} (goal < ${goalMs} ms)`, `${median(totals).toFixed(1)} ms`, { value: median(totals) / median(floor), against: 'the raw read' });
      line(`  items in the plan / in 今天`, `${last?.items ?? 0} / ${last?.today ?? 0}`);
    } finally {
      await context.close();
    }
  }
}
