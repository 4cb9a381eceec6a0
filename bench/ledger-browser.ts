import type { Browser } from 'playwright-core';
import { bundleForBrowser } from './browser-bundle';
import { makeLedgerInput, timeLedger, type Timings } from './browser/ledger-bench';
import { heading, line, median } from './report';

type BenchGlobal = { LedgerBench: typeof import('./browser/ledger-bench') };

/**
 * The secretary's tablet recomputes the dues ledger from its offline copy on every change, so what matters is
 * how long computeBranchLedger takes in the browser for one branch; the server runs the same function over a
 * district. Each figure is printed next to a plain loop summing the same allocations into a member × month
 * array, timed in the same process.
 */

function report(label: string, t: Timings): void {
  // The two sides must have looked at the same money, or the comparison means nothing.
  if (t.ledgerPaidFen !== t.baselinePaidFen + t.correctionsFen) {
    throw new Error(`ledger total ${t.ledgerPaidFen} ≠ plain loop ${t.baselinePaidFen} + corrections ${t.correctionsFen}`);
  }
  const ledgerMs = median(t.ledgerMs);
  const baselineMs = median(t.baselineMs);
  line(`plain loop over the allocations, ${label}`, `${baselineMs.toFixed(3)} ms`);
  line(`computeBranchLedger, ${label}`, `${ledgerMs.toFixed(3)} ms`, { value: ledgerMs / baselineMs, against: 'the plain loop' });
  line(`  entries in the books`, `${t.entries}`);
}

/** In Chromium: a branch of 50 members × 24 months, median of `runs` runs. */
export async function benchLedgerInBrowser(browser: Browser, serverUrl?: string, runs = 9): Promise<void> {
  heading('Dues ledger in the browser (Chromium, one branch, median per call)');
  const code = await bundleForBrowser('bench/browser/ledger-bench.ts', 'LedgerBench');
  // Under the server's CSP, as the app runs (Playwright's evaluate still may inject the bundle).
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Any page will do: the ledger needs no storage. The server's origin is used when given, like the others.
    if (serverUrl) await page.goto(`${serverUrl}/api/health`);
    await page.evaluate(code);
    const timings = await page.evaluate(
      ({ members, months, n }) => (globalThis as unknown as BenchGlobal).LedgerBench.runInPage(members, months, n),
      { members: 50, months: 24, n: runs },
    );
    report('50 members × 24 months', timings);
  } finally {
    await context.close();
  }
}

/** In Node: a district-sized ledger of 10,000 members × 24 months, computed in-process (no database). */
export function benchLedgerCompute(memberCount = 10_000, runs = 5): void {
  heading('Dues ledger in Node (in-process, median per call)');
  const input = makeLedgerInput(memberCount, 24);
  report(`${memberCount.toLocaleString('en-US')} members × 24 months`, timeLedger(input, runs, 1));
}
