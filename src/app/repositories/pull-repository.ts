import { recordKind, type Change, type EntityRecord, type SyncEntity } from '../../domain';
import { db } from '../db/database';
import { rowOf, type StoredRow } from './record-rows';

/**
 * Tables a pull writes: every kind's store as the registry names it, the cursor, and the drafts of members who
 * left. A reset clears the stores, except what this device still has to send.
 */
function pulledTables() {
  return [...db.recordTables(), db.meta, db.outbox, db.visitDrafts];
}

/** Keys of the recordId index only: no outbox entry (with its whole record) is read or cloned. */
async function unsentRecordIds(): Promise<Set<string>> {
  return new Set(await db.outbox.orderBy('recordId').uniqueKeys() as string[]);
}

/** What one page does to one table: the last change of a record wins, as versions are in commit order. */
interface TableChanges {
  puts: Map<string, StoredRow>;
  deletes: Set<string>;
}

/** The local row a change becomes, or null when its data does not match its kind's schema in the registry. */
function rowFor(change: Change): StoredRow | null {
  const result = recordKind(change.entity).schema.safeParse(change.data);
  return result.success ? rowOf(change.entity, change.id, result.data as EntityRecord<SyncEntity>, 'confirmed') : null;
}

/** A change with its data already checked against the shared schema: row is null when it does not match. */
interface PreparedChange {
  entity: SyncEntity;
  id: string;
  op: Change['op'];
  row: StoredRow | null;
}

/**
 * A record with an unsent outbox entry is the worker's newer word on it: the server's copy must not replace
 * it before the entry is settled. A change whose data does not match the shared schema is skipped rather than
 * stopping every later change behind it. Changes are grouped per table and written with one bulk call each:
 * a first sync brings thousands of records, and one IndexedDB request per record is what makes it slow.
 * The writes are only issued here, all at once: the caller waits for them together.
 */
function applyChanges(changes: readonly PreparedChange[], unsent: Set<string>): Promise<unknown>[] {
  const byEntity = new Map<SyncEntity, TableChanges>();
  for (const change of changes) {
    if (unsent.has(change.id)) continue;
    let table = byEntity.get(change.entity);
    if (!table) byEntity.set(change.entity, (table = { puts: new Map(), deletes: new Set() }));
    if (change.op === 'delete') {
      table.puts.delete(change.id);
      table.deletes.add(change.id);
      continue;
    }
    const row = change.row;
    if (!row) continue;
    table.deletes.delete(change.id);
    table.puts.set(change.id, row);
  }
  const writes: Promise<unknown>[] = [];
  for (const [entity, { puts, deletes }] of byEntity) {
    const table = db.recordTable(entity);
    if (deletes.size > 0) writes.push(table.bulkDelete([...deletes]));
    if (puts.size > 0) writes.push(table.bulkPut([...puts.values()]));
  }
  return writes;
}

/** Waits for every write, then fails with the first failure (the transaction is then aborted: nothing stays). */
async function settleAll(writes: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

export interface PulledPage {
  changes: Change[];
  cursor: number;
  scope: string;
  reset: boolean;
  /** Absent: the last page (a device seeded in tests, a single answer). */
  hasMore?: boolean;
  /** Changes in scope after this page, for progress. */
  remaining?: number;
}

/** A page whose records have been checked (once each) and turned into rows, ready to be written. */
export interface PreparedPage {
  prepared: PreparedChange[];
  cursor: number;
  scope: string;
  reset: boolean;
  hasMore: boolean;
  remaining: number;
}

/**
 * Checks each record of a page against its schema and builds its row, without touching the database: the
 * engine does this as a page arrives, while the previous page is still being written.
 */
export function preparePage(page: PulledPage): PreparedPage {
  const prepared = page.changes.map(
    (change): PreparedChange => ({ entity: change.entity, id: change.id, op: change.op, row: change.op === 'delete' ? null : rowFor(change) }),
  );
  return { prepared, cursor: page.cursor, scope: page.scope, reset: page.reset, hasMore: page.hasMore ?? false, remaining: page.remaining ?? 0 };
}

/** One page in one transaction with its cursor: a page is either fully applied and remembered, or not at all. */
export async function applyPulledPage(pulled: PulledPage | PreparedPage, signal?: AbortSignal): Promise<void> {
  const page = 'prepared' in pulled ? pulled : preparePage(pulled);
  await db.transaction('rw', pulledTables(), async () => {
    // After a logout has cleared the device, an answer still in flight must not write records back.
    signal?.throwIfAborted();
    const unsent = await unsentRecordIds();
    if (page.reset) {
      // The user's scope changed (a pairing ended, another branch): everything pulled goes — members and their
      // records alike — and the replay that follows brings back what is still in scope. Records made here and
      // not yet sent stay, whatever kind, until the server has answered for them.
      for (const table of db.recordTables()) {
        const keep = (await table.toCollection().primaryKeys()).filter((id) => unsent.has(id));
        await table.where('id').noneOf(keep).delete();
      }
    }
    // Every write of the page and its cursor is sent at once, and IndexedDB runs them in that order, back to
    // back. Waiting for each table before sending the next cost a round trip through the page's event loop per
    // table (seven on a first page), each one late while the main thread was busy checking the next page.
    const writes = applyChanges(page.prepared, unsent);
    writes.push(
      db.meta.bulkPut([
        { key: 'pullCursor', value: page.cursor },
        { key: 'scope', value: page.scope },
      ]),
    );
    await settleAll(writes);
    // Once the device holds the whole scope again, a half-typed visit of a member who left it goes too.
    if (!page.hasMore) await dropDraftsOfAbsentMembers();
  });
}

/** Drafts are few (one per member at most): each is checked against the members on the device. */
async function dropDraftsOfAbsentMembers(): Promise<void> {
  const drafted = (await db.visitDrafts.toCollection().primaryKeys()) as string[];
  if (drafted.length === 0) return;
  const members = await db.members.bulkGet(drafted);
  const absent = drafted.filter((_, i) => members[i] === undefined);
  if (absent.length > 0) await db.visitDrafts.bulkDelete(absent);
}

/** Logout or another user: nothing of one user's members and records may stay for the next user of a device. */
export async function clearRecords(): Promise<void> {
  await db.transaction('rw', pulledTables(), async () => {
    for (const table of [...db.recordTables(), db.outbox, db.visitDrafts]) {
      await table.clear();
    }
    // The next user of the device is a new client to the server, which ties a client id to one user.
    await db.meta.bulkDelete(['pullCursor', 'scope', 'lastSyncAt', 'clientId']);
  });
}
