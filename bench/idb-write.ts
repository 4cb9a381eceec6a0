import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { bundleForBrowser } from './browser-bundle';
import { heading, line, median } from './report';

type BenchGlobal = { IdbBench: typeof import('./browser/idb-bench') };
type Rec = import('./browser/idb-bench').BenchRecord;

/** Records shaped like the visits a worker's device holds. */
export function visitLikeRecords(count: number): Rec[] {
  const members = Array.from({ length: 60 }, () => randomUUID());
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    memberId: members[i % members.length]!,
    recordedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    type: 'regular',
    outcome: 'met',
    templateId: 'regular',
    templateVersion: 1,
    livingSituation: '独居，子女每周探望一次，居室整洁',
    homeSafety: { gas: 'ok', electricity: 'ok', heating: 'ok', smokeAlarm: 'missing' },
    needs: ['health', 'daily_care'],
    solvedOnSpot: '帮助更换了灯泡',
    followUps: [{ what: '联系物业安装烟感', owner: '李红梅', deadline: '2026-02-01', status: 'open' }],
    itemsDelivered: [],
    notes: `第 ${i + 1} 条记录`,
  }));
}

/** Dexie's cost over raw IndexedDB for the same bulk write, median of several rounds. */
export async function benchIdbWrite(page: Page, sizes: number[]): Promise<void> {
  heading('Dexie write throughput vs raw IndexedDB (Chromium, one transaction, same indexes)');
  const code = await bundleForBrowser('bench/browser/idb-bench.ts', 'IdbBench');
  await page.evaluate(code);
  for (const size of sizes) {
    const records = visitLikeRecords(size);
    const raw: number[] = [];
    const dexie: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Alternate the order so neither side always runs on a warmer browser.
      if (round % 2 === 0) {
        raw.push(await page.evaluate((r) => (globalThis as unknown as BenchGlobal).IdbBench.rawWrite(r), records));
        dexie.push(await page.evaluate((r) => (globalThis as unknown as BenchGlobal).IdbBench.dexieWrite(r), records));
      } else {
        dexie.push(await page.evaluate((r) => (globalThis as unknown as BenchGlobal).IdbBench.dexieWrite(r), records));
        raw.push(await page.evaluate((r) => (globalThis as unknown as BenchGlobal).IdbBench.rawWrite(r), records));
      }
    }
    const rawMs = median(raw);
    const dexieMs = median(dexie);
    line(`raw IndexedDB put, ${size} records`, `${rawMs.toFixed(0)} ms`);
    line(`Dexie bulkPut, ${size} records`, `${dexieMs.toFixed(0)} ms`);
    line(`Dexie throughput, ${size} records`, `${Math.round((size / dexieMs) * 1000)} rec/s`, {
      value: rawMs / dexieMs,
      against: 'of raw IndexedDB throughput',
      goal: '≥ 0.80',
    });
  }
}
