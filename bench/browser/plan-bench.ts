// The app's zod setting first, before any schema of the domain is built (see src/app/zod-config.ts).
import '../../src/app/zod-config';
import { computePlan, planTabs, type SyncEntity, type Visit } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { planRecords } from '../../src/app/repositories/plan-repository';
import { rowOf } from '../../src/app/repositories/record-rows';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { PlanTracker } from '../../src/app/stores/plan-tracker';
import { listMembers } from '../../src/app/repositories/member-repository';
import { applyFilter, byWalkingOrder, toEntry, warmNameKeys } from '../../src/app/stores/roster-filter';
import { setDataKey } from '../../src/app/vault/data-key';
import { importDataKey, randomBytes } from '../../src/app/vault/vault-crypto';
import * as nameSearch from '../../src/domain/name-search';
import { planData } from './plan-data';

/**
 * Runs inside Chromium. Puts a worker's (or a community's) members and two years of records into the app's own
 * Dexie database as the pull stores them, then times the plan as the app keeps it: the first plan (PlanTracker
 * reading the six stores and running computePlan over everyone), a full recomputation from planRecords, and what
 * follows a visit recorded on the device (the app's submitVisit, then the tracker reading that row and
 * recomputing that member). The floor reads the very same rows with raw IndexedDB getAll in one transaction.
 */

const STORES = ['members', 'visits', 'memberEvents', 'followUpClosures', 'campaigns', 'visitSettings'] as const;

/** Members whose cadence visit is open and due (逾期, 今天, 本周) first — a visit resolves it — then the others at home. */
let targets: string[] = [];

export async function seed(memberCount: number, today: string): Promise<{ rows: number; visits: number }> {
  // Unlocked, as after a login: every row is sealed in IndexedDB and opened on reading, as on a phone (issue 14).
  setDataKey(await importDataKey(randomBytes(32)));
  await db.open();
  await Promise.all([...STORES, 'outbox'].map((store) => db.table(store).clear()));
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

/** The first plan, as the plan store gets it when the app opens: the tracker's full read and computePlan over everyone. */
export async function firstPlan(today: string): Promise<{ ms: number; items: number; today: number }> {
  const tracker = new PlanTracker(today, () => undefined);
  const started = performance.now();
  await tracker.start();
  const items = tracker.items();
  const tabs = planTabs(items, today, tracker.memberList());
  const ms = performance.now() - started;
  tracker.stop();
  return { ms, items: items.length, today: tabs.today.length };
}

/** Everything read again and computed again (what a plain live query over the six stores would do on each write). */
export async function fullRecompute(today: string): Promise<{ readMs: number; computeMs: number; rows: number }> {
  const started = performance.now();
  const records = await planRecords();
  const read = performance.now();
  planTabs(computePlan({ today, ...records }), today, records.members);
  const done = performance.now();
  const rows = records.members.length + records.visits.length + records.events.length + records.closures.length + records.campaigns.length + records.settings.length;
  return { readMs: read - started, computeMs: done - read, rows };
}

let live: { tracker: PlanTracker; updated: (() => void) | null } | null = null;

export async function startTracking(today: string): Promise<void> {
  const state: { tracker: PlanTracker; updated: (() => void) | null } = { tracker: null as unknown as PlanTracker, updated: null };
  state.tracker = new PlanTracker(today, () => state.updated?.());
  await state.tracker.start();
  const tabs = planTabs(state.tracker.items(), today, state.tracker.memberList());
  const due = [...tabs.overdue, ...tabs.week].filter((i) => i.reason === 'cadence').map((i) => i.memberId);
  const atHome = state.tracker.memberList().filter((m) => m.status === 'active').map((m) => m.id);
  targets = [...new Set([...due, ...atHome])];
  live = state;
}

/**
 * A visit in person recorded for the n-th member through the app's own repository (record and outbox entry in one
 * transaction), timed to its commit and to the plan (with its tabs) recomputed with it.
 */
export async function recordVisit(n: number, today: string): Promise<{ writeMs: number; totalMs: number }> {
  if (live === null) throw new Error('startTracking first');
  const state = live;
  const memberId = targets[n % targets.length]!;
  const now = new Date().toISOString();
  const visit: Visit = {
    id: crypto.randomUUID(),
    memberId,
    visitorIds: ['a0a0a0a0-0000-4000-8000-000000000001'],
    type: 'regular',
    occurredAt: now,
    outcome: 'met',
    templateId: 'regular',
    templateVersion: 1,
    livingSituation: '精神不错',
    homeSafety: { gas: 'ok', electricity: 'ok', heating: 'ok', smokeAlarm: 'present' },
    needs: [],
    solvedOnSpot: '',
    followUps: [],
    itemsDelivered: [],
    notes: '',
    amends: null,
    recordedAt: now,
    campaignId: null,
  };
  let doneAt = 0;
  const updated = new Promise<void>((resolve, reject) => {
    setTimeout(() => reject(new Error('the plan did not show the visit within 30 s')), 30_000);
    state.updated = () => {
      if (state.tracker.hasVisit(visit.id)) {
        planTabs(state.tracker.items(), today, state.tracker.memberList());
        doneAt = performance.now();
        state.updated = null;
        resolve();
      }
    };
  });
  const started = performance.now();
  await submitVisit(visit);
  const written = performance.now();
  await updated;
  return { writeMs: written - started, totalMs: doneAt - started };
}

/**
 * The roster's search as the worker types (issue 14 §7): the members as the roster holds them, decrypted in memory,
 * filtered by the app's own applyFilter at each keystroke of `query`, after the names' pinyin keys were worked out
 * (as when the search box gets focus). The floor: a plain substring test over the same names.
 */
export async function searchKeystrokes(today: string, query: string): Promise<{ members: number; warm: number; first: number; next: number[]; floor: number[]; found: number }> {
  const entries = (await listMembers()).map((member) => toEntry(member, today)).sort(byWalkingOrder);
  const names = entries.map((entry) => entry.member.name);
  // The page's clock ticks in 0.1 ms steps (no cross-origin isolation): short work is timed over many repeats.
  const perRun = (repeats: number, work: () => void) => {
    const started = performance.now();
    for (let r = 0; r < repeats; r++) work();
    return (performance.now() - started) / repeats;
  };
  const filterBy = (prefix: string) => applyFilter(entries, { query: prefix, risks: [], statuses: [] }, nameSearch).length;
  // What the roster does when the search box gets focus (roster-store prepareSearch), in one go here.
  const startedWarm = performance.now();
  warmNameKeys(names, nameSearch);
  const warm = performance.now() - startedWarm;
  const startedFirst = performance.now();
  let found = filterBy(query.slice(0, 1));
  const first = performance.now() - startedFirst;
  const next: number[] = [];
  const floor: number[] = [];
  for (let i = 2; i <= query.length; i++) {
    const prefix = query.slice(0, i);
    next.push(perRun(20, () => (found = filterBy(prefix))));
    floor.push(perRun(200, () => names.filter((name) => name.includes(prefix))));
  }
  return { members: entries.length, warm, first, next, floor, found };
}
