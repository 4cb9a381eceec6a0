// The app's zod setting first, before any schema of the domain is built (see src/app/zod-config.ts).
import '../../src/app/zod-config';
import { computePlan, planTabs, type SyncEntity } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { planRecords } from '../../src/app/repositories/plan-repository';
import { rowOf } from '../../src/app/repositories/record-rows';
import { planData } from './plan-data';

/**
 * Runs inside Chromium. Puts a worker's (or a community's) members and two years of records into the app's own
 * Dexie database as the pull stores them, then times what the plan page does on every change: the app's
 * planRecords (one Dexie read transaction) and the domain's computePlan and planTabs. The floor reads the very
 * same rows with raw IndexedDB getAll in one transaction.
 */

const STORES = ['members', 'visits', 'memberEvents', 'followUpClosures', 'campaigns', 'visitSettings'] as const;

export async function seed(memberCount: number, today: string): Promise<{ rows: number; visits: number }> {
  await db.open();
  await Promise.all(STORES.map((store) => db.table(store).clear()));
  const data = planData(memberCount, today);
  const put = <E extends SyncEntity>(entity: E, records: readonly { id: string }[]) =>
    db.recordTable(entity).bulkPut(records.map((r) => rowOf(entity, r.id, r as never, 'confirmed')) as never[]);
  await db.transaction('rw', STORES.map((s) => db.table(s)), async () => {
    await put('member', data.members);
    await put('visit', data.visits);
    await put('member_event', data.events);
    await put('follow_up_closure', data.closures);
    await put('campaign', data.campaigns);
    await put('visit_settings', data.settings);
  });
  const rows = data.members.length + data.visits.length + data.events.length + data.closures.length + data.campaigns.length + data.settings.length;
  return { rows, visits: data.visits.length };
}

/** The floor: every row of the six stores by raw IndexedDB getAll, in one read transaction. */
export async function rawRead(): Promise<{ ms: number; rows: number }> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(db.name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const started = performance.now();
  const counts = await new Promise<number[]>((resolve, reject) => {
    const tx = idb.transaction([...STORES], 'readonly');
    const results: number[] = [];
    for (const store of STORES) {
      const request = tx.objectStore(store).getAll();
      request.onsuccess = () => results.push((request.result as unknown[]).length);
    }
    tx.oncomplete = () => resolve(results);
    tx.onerror = () => reject(tx.error);
  });
  const ms = performance.now() - started;
  idb.close();
  return { ms, rows: counts.reduce((a, b) => a + b, 0) };
}

/** One recomputation as the plan store does it: read through the app's repository, then the domain's plan and tabs. */
export async function planOnce(today: string): Promise<{ readMs: number; computeMs: number; rows: number; items: number; today: number }> {
  const started = performance.now();
  const records = await planRecords();
  const read = performance.now();
  const items = computePlan({ today, ...records });
  const tabs = planTabs(items, today, records.members);
  const done = performance.now();
  const rows = records.members.length + records.visits.length + records.events.length + records.closures.length + records.campaigns.length + records.settings.length;
  return { readMs: read - started, computeMs: done - read, rows, items: items.length, today: tabs.today.length };
}
