import type { Browser } from 'playwright-core';
import { dayInShanghai } from '../src/domain';
import { bundleForBrowser } from './browser-bundle';
import { heading, line, median } from './report';

type BenchGlobal = { PlanBench: typeof import('./browser/plan-bench') };

/** The phones workers carry are several times slower than this machine: Chrome DevTools' "4× slowdown". */
const CPU_THROTTLING = 4;

/**
 * Issue 12: the worker's plan in the browser on a slow phone — 4× CPU throttling (CDP
 * Emulation.setCPUThrottlingRate) — for a worker's 60 members and a community's 1,000, each with two years of
 * visits. Three figures: the first plan when the app opens (the tracker reads the six stores, computePlan over
 * everyone, planTabs), the same read and computation done again from scratch (what a plain live query would do
 * on every write), and a visit recorded on the device until the plan shows its item resolved (the app's write with
 * its outbox entry, then the tracker's read of that row and that member's recomputation). The floor, in the same
 * page at the same throttling, is a raw IndexedDB getAll of the very same rows. Goals: 60 members under 50 ms,
 * 1,000 members under 300 ms.
 */
export async function benchPlanInChromium(browser: Browser, serverUrl: string, sizes: { members: number; goalMs: number }[], runs = 9): Promise<void> {
  heading(`The worker's plan in Chromium at ${CPU_THROTTLING}× CPU throttling (median of ${runs})`);
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
      const rawRead = () => page.evaluate(() => (globalThis as unknown as BenchGlobal).PlanBench.rawRead());
      const firstPlan = () => page.evaluate((day) => (globalThis as unknown as BenchGlobal).PlanBench.firstPlan(day), today);
      const full = () => page.evaluate((day) => (globalThis as unknown as BenchGlobal).PlanBench.fullRecompute(day), today);
      const floor: number[] = [];
      const first: number[] = [];
      const read: number[] = [];
      const compute: number[] = [];
      let plan = { items: 0, today: 0 };
      // One warm-up round, then the order alternates so neither side always runs on a warmer page.
      for (let round = -1; round < runs; round++) {
        const raw = round % 2 === 0 ? await rawRead() : null;
        const opened = await firstPlan();
        const again = await full();
        const rawAfter = raw ?? (await rawRead());
        if (rawAfter.rows !== seeded.rows || again.rows !== seeded.rows) throw new Error(`rows differ: raw ${rawAfter.rows}, plan ${again.rows}, seeded ${seeded.rows}`);
        if (round < 0) continue;
        floor.push(rawAfter.ms);
        first.push(opened.ms);
        read.push(again.readMs);
        compute.push(again.computeMs);
        plan = opened;
      }
      await page.evaluate((day) => (globalThis as unknown as BenchGlobal).PlanBench.startTracking(day), today);
      const writes: number[] = [];
      const recorded: number[] = [];
      for (let n = -1; n < runs; n++) {
        const r = await page.evaluate(({ i, day }) => (globalThis as unknown as BenchGlobal).PlanBench.recordVisit(i, day), { i: n + 1, day: today });
        if (n < 0) continue;
        writes.push(r.writeMs);
        recorded.push(r.totalMs);
      }
      // Issue 14 §7: a search keystroke over the roster held in memory (decrypted once), every name typed in pinyin.
      const searched = await page.evaluate((day) => (globalThis as unknown as BenchGlobal).PlanBench.searchKeystrokes(day, 'zhangxiaoming'), today);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

      const label = `${members.toLocaleString('en-US')} members, ${seeded.visits.toLocaleString('en-US')} visits`;
      const floorMs = median(floor);
      line(`raw IndexedDB getAll of the same rows, ${label}`, `${floorMs.toFixed(1)} ms`);
      line(`first plan (read, computePlan, planTabs), ${label}`, `${median(first).toFixed(1)} ms`, { value: median(first) / floorMs, against: 'the raw read' });
      line(`  from scratch again: Dexie read`, `${median(read).toFixed(1)} ms`, { value: median(read) / floorMs, against: 'the raw read' });
      line(`  from scratch again: computePlan + planTabs`, `${median(compute).toFixed(1)} ms`);
      line(`visit recorded → plan updated (goal < ${goalMs} ms)`, `${median(recorded).toFixed(1)} ms`);
      line(`  of which the write (record + outbox)`, `${median(writes).toFixed(1)} ms`);
      line(`  items in the plan / in 今天`, `${plan.items} / ${plan.today}`);
      const floorKeystroke = median(searched.floor);
      line(`roster search: pinyin of ${searched.members} names, on the box's focus`, `${searched.warm.toFixed(1)} ms`);
      line(`roster search, first keystroke (goal < 16 ms)`, `${searched.first.toFixed(2)} ms`);
      line(`roster search, each next keystroke of "zhangxiaoming" (goal < 16 ms)`, `${median(searched.next).toFixed(2)} ms`, floorKeystroke > 0 ? { value: median(searched.next) / floorKeystroke, against: 'a plain substring filter' } : undefined);
      line(`  plain substring filter of the same names`, `${floorKeystroke.toFixed(4)} ms`);
    } finally {
      // A page that crashed has closed its context already.
      await context.close().catch(() => undefined);
    }
  }
}
