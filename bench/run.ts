import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../scripts/chromium';
import { startServer } from '../src/server/start';
import { demoPasswordForRun } from '../src/server/demo';
import { benchCoverage } from './coverage';
import { benchFirstPull } from './first-pull';
import { benchIdbWrite } from './idb-write';
import { benchLedgerCompute, benchLedgerInBrowser } from './ledger-browser';
import { benchLedgerServer } from './ledger-server';
import { benchManyWorkers } from './many-workers';
import { benchPlanInChromium } from './plan-chromium';
import { benchPushIngest } from './push-ingest';
import { benchRosterImport } from './roster-import';
import { benchStartTime } from './start-time';
import { benchWeakLink } from './weak-link';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

/**
 * `npm run bench`: every figure is printed next to a baseline measured in the same run on the same machine,
 * so the ratios mean something on any hardware. Sizes can be reduced with BENCH_QUICK=1.
 */
const quick = process.env.BENCH_QUICK === '1';

async function main(): Promise<void> {
  process.stdout.write(`Doorstep benchmark — node ${process.version}, ${new Date().toISOString()}${quick ? ' (quick)' : ''}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-bench-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    staticDir: null,
    seedDemo: true,
    // The benchmark logs in hundreds of accounts from one address.
    loginRateLimit: { max: 100_000, windowMs: 60_000 },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    // Under the server's CSP, as the app runs (Playwright's evaluate still may inject the bundle).
    const context = await browser.newContext();
    const page = await context.newPage();
    // Any page of the server's origin gives the benchmark an IndexedDB of its own.
    await page.goto(`${server.url}/api/health`);
    await benchIdbWrite(page, quick ? [1_000] : [3_000, 10_000]);
    await context.close();
    await benchFirstPull(browser, server.url, DEMO_PASSWORD, quick
      ? [{ username: 'worker2', count: 1_000 }]
      : [{ username: 'worker2', count: 3_000 }, { username: 'worker3', count: 10_000 }]);
    // Issue 13: a first pull's bytes on the wire and its time on a weak mobile link, compressed vs uncompressed
    // (before benchPushIngest adds to worker1's records: its pull is the demo's as seeded).
    await benchWeakLink(browser, server.url, DEMO_PASSWORD, { demoUsername: 'worker1', username: 'worker4', count: quick ? 1_000 : 3_000, rounds: quick ? 1 : 3 });
    await benchPushIngest(server.url, DEMO_PASSWORD, quick ? 4_000 : 20_000);
    await benchManyWorkers(quick ? 50 : 300, DEMO_PASSWORD);
    // Issue 4: the branch ledger on the tablet (50 members × 24 months) and a district's on the server.
    await benchLedgerInBrowser(browser, server.url);
    benchLedgerCompute(quick ? 2_000 : 10_000);
    await benchLedgerServer(quick ? { branches: 20 } : {});
    // Issue 12: the worker's plan on a slow phone (4× CPU throttling), a worker's 60 members and a community's 1,000.
    await benchPlanInChromium(browser, server.url, [{ members: 60, goalMs: 50 }, { members: 1_000, goalMs: 300 }], quick ? 3 : 9);
    // Issue 13: the first screen's initial JS and the roster's start times offline at 4× CPU throttling (the built app).
    await benchStartTime(quick ? 3 : 9);
    // Issue 11: a community's 花名册, dry run and import, against reading the sheet and inserting it unchecked.
    await benchRosterImport(quick ? { rows: 1_000 } : {});
    // Issue 12: coverage of a district (10,000 members, 250,000 visits) through /api/coverage, beside a GROUP BY.
    await benchCoverage(quick ? { members: 2_000, visits: 50_000 } : {});
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
