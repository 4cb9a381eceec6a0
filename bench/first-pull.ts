import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { bundleForBrowser } from './browser-bundle';
import { logIn, memberIdsInScope, postJson } from './http-client';
import { visitMutations } from './mutations';
import { heading, line, median } from './report';

type PullGlobal = { PullBench: typeof import('./browser/pull-bench') };

/** Gives a worker `count` visits on the server, pushed through the API as devices would. */
async function seedVisits(baseUrl: string, username: string, password: string, count: number): Promise<string> {
  const { token, userId } = await logIn(baseUrl, username, password);
  const memberIds = await memberIdsInScope(baseUrl, token);
  const clientId = randomUUID();
  for (let seq = 1; seq <= count; seq += 100) {
    const answer = await postJson(`${baseUrl}/api/sync/push`, { clientId, mutations: visitMutations(userId, memberIds, Math.min(100, count - seq + 1), seq) }, token);
    if (answer.status !== 200) throw new Error(`seeding visits: ${answer.status}`);
  }
  return token;
}

/** Each size is pulled this many times, each time by a new device (a fresh browser context, empty IndexedDB). */
const ROUNDS = 3;

export async function benchFirstPull(browser: Browser, baseUrl: string, password: string, sizes: { username: string; count: number }[]): Promise<void> {
  heading("A worker's first sync in Chromium (app sync engine → Dexie, rows sealed) vs raw IndexedDB write of the same records, and vs the same pull unsealed");
  const code = await bundleForBrowser('bench/browser/pull-bench.ts', 'PullBench');
  // Issue 14 §7's baseline: the same bundle with the seal middleware swapped for a pass-through.
  const plainCode = await bundleForBrowser('bench/browser/pull-bench.ts', 'PullBench', {
    [fileURLToPath(new URL('../src/app/db/seal-middleware.ts', import.meta.url))]: fileURLToPath(new URL('./browser/no-seal-middleware.ts', import.meta.url)),
  });
  if (plainCode === code) throw new Error('the baseline bundle still seals: the alias did not apply');
  const pullOnce = async (bundle: string, username: string, token: string, count: number) => {
    // The server's CSP stays in force, as for the app: no eval. (Playwright's evaluate itself may run; what
    // the page runs later may not, and a violation fails the bench rather than timing a validator users lack.)
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/api/health`);
      await page.evaluate(bundle);
      const result = await page.evaluate((t) => (globalThis as unknown as PullGlobal).PullBench.firstPull(t), token);
      // A member shared with another worker (as backup) brings that worker's visits along too.
      if (result.outcome !== 'synced' || result.records < count) {
        throw new Error(`first pull of ${username}: ${result.outcome}, ${result.records} of at least ${count} records`);
      }
      if (result.cspViolations > 0) throw new Error(`first pull of ${username}: ${result.cspViolations} CSP violations in the page`);
      return result;
    } finally {
      await context.close();
    }
  };
  for (const { username, count } of sizes) {
    const token = await seedVisits(baseUrl, username, password, count);
    const rounds: { pullMs: number; rawMs: number; records: number }[] = [];
    const plainRounds: { pullMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating, so neither side always runs on a warmer server.
      if (round % 2 === 0) {
        rounds.push(await pullOnce(code, username, token, count));
        plainRounds.push(await pullOnce(plainCode, username, token, count));
      } else {
        plainRounds.push(await pullOnce(plainCode, username, token, count));
        rounds.push(await pullOnce(code, username, token, count));
      }
    }
    // Medians of the rounds, each round's pull and raw write printed as well: one run on a shared machine says little.
    const records = rounds[0]!.records;
    const rawMs = median(rounds.map((r) => r.rawMs));
    const pullMs = median(rounds.map((r) => r.pullMs));
    line(`raw IndexedDB write, ${records} records`, `${rawMs.toFixed(0)} ms`);
    line(`first pull until usable, ${records} records`, `${pullMs.toFixed(0)} ms`, {
      value: pullMs / rawMs,
      against: 'the raw write',
      goal: '≤ 2 (PouchDB/CouchDB: 8–12)',
    });
    line(`  ${ROUNDS} new devices, median above; pull / raw ms each`, rounds.map((r) => `${r.pullMs.toFixed(0)}/${r.rawMs.toFixed(0)}`).join('  '));
    const plainMs = median(plainRounds.map((r) => r.pullMs));
    line(`  the same pull without encryption at rest`, `${plainMs.toFixed(0)} ms`);
    line(`  encrypted pull (above) against it`, `${(pullMs / plainMs).toFixed(2)}×`, { value: pullMs / plainMs, against: 'the pull without encryption', goal: '≤ 1.3' });
  }
}
