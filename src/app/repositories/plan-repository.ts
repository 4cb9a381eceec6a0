import { Dexie, RangeSet, cmp, type ObservabilitySet } from 'dexie';
import { FollowUpClosure, MemberEvent, type Campaign, type Member, type Visit, type VisitSettings } from '../../domain';
import { db, type RecordSyncState } from '../db/database';
import { counted } from './counted';
import { addMemberRecord, writeTables } from './outbox-repository';

/**
 * What the worker's plan is computed from (docs/DOMAIN.md §4), as the device holds it: the members, their visits,
 * events and closed follow-ups (all but records the server refused: a refused visit resolved nothing), the
 * community's campaigns and visit settings. Read in one transaction, so the plan never mixes a visit written
 * here with the list from before it.
 */
export interface PlanRecords {
  members: Member[];
  visits: Visit[];
  events: MemberEvent[];
  closures: FollowUpClosure[];
  campaigns: Campaign[];
  settings: VisitSettings[];
}

export async function planRecords(): Promise<PlanRecords> {
  const tables = [db.members, db.visits, db.memberEvents, db.followUpClosures, db.campaigns, db.visitSettings];
  return db.transaction('r', tables, async () => {
    const [members, visits, events, closures, campaigns, settings] = await Promise.all([
      db.members.toArray(),
      db.visits.toArray(),
      db.memberEvents.toArray(),
      db.followUpClosures.toArray(),
      db.campaigns.toArray(),
      db.visitSettings.toArray(),
    ]);
    return {
      members: members.map((row) => row.payload),
      visits: counted(visits),
      events: counted(events),
      closures: counted(closures),
      campaigns: campaigns.map((row) => row.payload),
      settings: settings.map((row) => row.payload),
    };
  });
}

/** The stores the plan is computed from. */
export const PLAN_TABLES = ['members', 'visits', 'memberEvents', 'followUpClosures', 'campaigns', 'visitSettings'] as const;
export type PlanTable = (typeof PLAN_TABLES)[number];

/** A row of any of them, as stored: the record in `payload`, with its sync state where the device made it. */
export interface PlanRow {
  id: string;
  syncState?: RecordSyncState;
  payload: unknown;
}

/** What changed in each plan store: some rows by id, or (a clear, a bulk write, a range deleted) any row. */
export type PlanChanges = Map<PlanTable, Set<string> | 'all'>;

/** Every row of a store, or the rows of these ids (undefined where the row is gone). */
export async function readPlanRows(table: PlanTable, ids: readonly string[] | 'all'): Promise<(PlanRow | undefined)[]> {
  const store = db.table<PlanRow, string>(table);
  return ids === 'all' ? store.toArray() : store.bulkGet([...ids]);
}

/**
 * Follows writes to the plan's stores, in this tab and others (Dexie's storagemutated event, which its live
 * queries use too): the ids of the rows written or deleted, or 'all' when Dexie names a range (a clear, a bulk
 * write of many rows). Returns the way to stop.
 */
export function onPlanRowsChanged(listener: (changes: PlanChanges) => void): () => void {
  const handler = (parts: ObservabilitySet) => {
    const changes: PlanChanges = new Map();
    for (const table of PLAN_TABLES) {
      const part = parts[`idb://${db.name}/${table}/`];
      if (part === undefined) continue;
      let ids: Set<string> | 'all' = new Set();
      for (const range of new RangeSet().add(part)) {
        if (cmp(range.from, range.to) !== 0 || typeof range.from !== 'string') {
          ids = 'all';
          break;
        }
        ids.add(range.from);
      }
      if (ids === 'all' || ids.size > 0) changes.set(table, ids);
    }
    if (changes.size > 0) listener(changes);
  };
  Dexie.on.storagemutated.subscribe(handler);
  return () => Dexie.on.storagemutated.unsubscribe(handler);
}

/** The community's visit settings rows (the branch overrides among them): settingsForBranch picks the one in force. */
export async function visitSettingsRows(): Promise<VisitSettings[]> {
  return (await db.visitSettings.toArray()).map((row) => row.payload);
}

export async function listCampaigns(): Promise<Campaign[]> {
  return (await db.campaigns.toArray()).map((row) => row.payload);
}

/** How many visits each type has among those this worker made (or joined), for the visit form's order. */
export async function visitTypeCounts(userId: string): Promise<Map<Visit['type'], number>> {
  const counts = new Map<Visit['type'], number>();
  // Read in bulk, not with a cursor: the rows are sealed on disk and decrypted together (seal-middleware.ts).
  for (const row of await db.visits.toArray()) {
    if (row.payload.visitorIds.includes(userId)) counts.set(row.payload.type, (counts.get(row.payload.type) ?? 0) + 1);
  }
  return counts;
}

/** A 四必访 event and its outbox entry, all or nothing. */
export async function recordMemberEvent(event: MemberEvent): Promise<void> {
  const record = MemberEvent.parse(event);
  await db.transaction('rw', writeTables(), async () => {
    await addMemberRecord(db.memberEvents, { type: 'member_event.record', record }, record.recordedAt, record.recordedAt);
  });
}

/** A follow-up marked done: the visit stays as it was, the closure names it (docs/DOMAIN.md §4). */
export async function closeFollowUp(closure: FollowUpClosure): Promise<void> {
  const record = FollowUpClosure.parse(closure);
  await db.transaction('rw', writeTables(), async () => {
    await addMemberRecord(db.followUpClosures, { type: 'follow_up.close', record }, record.closedAt, record.closedAt);
  });
}
