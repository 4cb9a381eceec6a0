import type { z } from 'zod';
import {
  ArrearsExcuse,
  Attendance,
  CashHandover,
  Consent,
  DuesAdjustment,
  DuesAssessment,
  DuesPayment,
  DuesPolicy,
  DuplicateResolution,
  Evaluation,
  HandoverConfirmation,
  HealthNote,
  Meeting,
  MonthClose,
  Remittance,
  Visit,
  type Change,
  type SyncEntity,
} from '../../domain';
import { db, type BranchRecordRow, type DuesAssessmentRow, type DuesPolicyRow, type RecordRow } from '../db/database';

/** Tables a pull writes; a reset clears them, except what this device still has to send. */
function pulledTables() {
  return [db.visits, db.consents, db.healthNotes, db.duesPayments, db.duesAssessments, db.duesPolicies, ...ledgerTables(), db.meta, db.outbox] as const;
}

/** The secretary's ledger records (Dexie v3); the secretary's tablet writes them too, so a reset keeps unsent ones. */
function ledgerTables() {
  return [
    db.duesAdjustments,
    db.duplicateResolutions,
    db.arrearsExcuses,
    db.cashHandovers,
    db.handoverConfirmations,
    db.remittances,
    db.monthCloses,
    db.meetings,
    db.attendance,
    db.evaluations,
  ] as const;
}

function branchRow<T extends { id: string; branchId: string }>(record: T, memberId: string | null, at: string): BranchRecordRow<T> {
  return { id: record.id, branchId: record.branchId, memberId, at, syncState: 'confirmed', rejection: null, payload: record };
}

function recordRow<T extends { id: string; memberId: string }>(record: T, at: string): RecordRow<T> {
  return { id: record.id, memberId: record.memberId, at, syncState: 'confirmed', rejection: null, payload: record };
}

/** Keys of the recordId index only: no outbox entry (with its whole record) is read or cloned. */
async function unsentRecordIds(): Promise<Set<string>> {
  return new Set(await db.outbox.orderBy('recordId').uniqueKeys() as string[]);
}

function parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> | null {
  const result = schema.safeParse(data);
  return result.success ? result.data : null;
}

type AnyRow = { id: string };

/** What one page does to one table: the last change of a record wins, as versions are in commit order. */
interface TableChanges {
  puts: Map<string, AnyRow>;
  deletes: Set<string>;
}

/** The local row a change becomes, or null when its data does not match the shared schema. */
function rowFor(change: Change): AnyRow | null {
  switch (change.entity satisfies SyncEntity) {
    case 'visit': {
      const record = parse(Visit, change.data);
      return record && recordRow(record, record.occurredAt);
    }
    case 'consent': {
      const record = parse(Consent, change.data);
      return record && recordRow(record, record.givenAt);
    }
    case 'health_note': {
      const record = parse(HealthNote, change.data);
      return record && recordRow(record, record.recordedAt);
    }
    case 'dues_payment': {
      const record = parse(DuesPayment, change.data);
      return record && recordRow(record, record.recordedAt);
    }
    case 'dues_assessment': {
      const record = parse(DuesAssessment, change.data);
      if (!record) return null;
      const row: DuesAssessmentRow = { id: record.id, memberId: record.memberId, branchId: record.branchId, effectiveFrom: record.effectiveFrom, payload: record };
      return row;
    }
    case 'dues_policy': {
      const record = parse(DuesPolicy, change.data);
      if (!record) return null;
      const row: DuesPolicyRow = { id: change.id, branchId: record.branchId, payload: record };
      return row;
    }
    case 'dues_adjustment': {
      const record = parse(DuesAdjustment, change.data);
      return record && branchRow(record, record.memberId, record.recordedAt);
    }
    case 'duplicate_resolution': {
      const record = parse(DuplicateResolution, change.data);
      return record && branchRow(record, record.memberId, record.recordedAt);
    }
    case 'arrears_excuse': {
      const record = parse(ArrearsExcuse, change.data);
      return record && branchRow(record, record.memberId, record.recordedAt);
    }
    case 'attendance': {
      const record = parse(Attendance, change.data);
      if (!record) return null;
      const row: BranchRecordRow<Attendance> = { ...branchRow(record, record.memberId, record.recordedAt), meetingId: record.meetingId };
      return row;
    }
    case 'evaluation': {
      const record = parse(Evaluation, change.data);
      return record && branchRow(record, record.memberId, record.recordedAt);
    }
    case 'cash_handover': {
      const record = parse(CashHandover, change.data);
      return record && branchRow(record, null, record.handedAt);
    }
    case 'handover_confirmation': {
      const record = parse(HandoverConfirmation, change.data);
      return record && branchRow(record, null, record.confirmedAt);
    }
    case 'remittance': {
      const record = parse(Remittance, change.data);
      return record && branchRow(record, null, record.recordedAt);
    }
    case 'month_close': {
      const record = parse(MonthClose, change.data);
      return record && branchRow(record, null, record.at);
    }
    case 'meeting': {
      const record = parse(Meeting, change.data);
      return record && branchRow(record, null, record.date);
    }
  }
}

function tableFor(entity: SyncEntity) {
  switch (entity) {
    case 'visit':
      return db.visits;
    case 'consent':
      return db.consents;
    case 'health_note':
      return db.healthNotes;
    case 'dues_payment':
      return db.duesPayments;
    case 'dues_assessment':
      return db.duesAssessments;
    case 'dues_policy':
      return db.duesPolicies;
    case 'dues_adjustment':
      return db.duesAdjustments;
    case 'duplicate_resolution':
      return db.duplicateResolutions;
    case 'arrears_excuse':
      return db.arrearsExcuses;
    case 'attendance':
      return db.attendance;
    case 'evaluation':
      return db.evaluations;
    case 'cash_handover':
      return db.cashHandovers;
    case 'handover_confirmation':
      return db.handoverConfirmations;
    case 'remittance':
      return db.remittances;
    case 'month_close':
      return db.monthCloses;
    case 'meeting':
      return db.meetings;
  }
}

/** A change with its data already checked against the shared schema: row is null when it does not match. */
interface PreparedChange {
  entity: SyncEntity;
  id: string;
  op: Change['op'];
  row: AnyRow | null;
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
    // Dexie's table types differ per table; each row was built for its own table by rowFor().
    const table = tableFor(entity) as unknown as { bulkDelete(keys: string[]): Promise<void>; bulkPut(rows: AnyRow[]): Promise<unknown> };
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
}

/** A page whose records have been checked (once each) and turned into rows, ready to be written. */
export interface PreparedPage {
  prepared: PreparedChange[];
  cursor: number;
  scope: string;
  reset: boolean;
}

/**
 * Checks each record of a page against its schema and builds its row, without touching the database: the
 * engine does this as a page arrives, while the previous page is still being written.
 */
export function preparePage(page: PulledPage): PreparedPage {
  const prepared = page.changes.map(
    (change): PreparedChange => ({ entity: change.entity, id: change.id, op: change.op, row: change.op === 'delete' ? null : rowFor(change) }),
  );
  return { prepared, cursor: page.cursor, scope: page.scope, reset: page.reset };
}

/** One page in one transaction with its cursor: a page is either fully applied and remembered, or not at all. */
export async function applyPulledPage(pulled: PulledPage | PreparedPage, signal?: AbortSignal): Promise<void> {
  const page = 'prepared' in pulled ? pulled : preparePage(pulled);
  await db.transaction('rw', pulledTables(), async () => {
    // After a logout has cleared the device, an answer still in flight must not write records back.
    signal?.throwIfAborted();
    const unsent = await unsentRecordIds();
    if (page.reset) {
      // Assessments and policies are written on the secretary's tablet too: unsent ones stay like the rest.
      for (const table of [db.visits, db.consents, db.healthNotes, db.duesPayments, db.duesAssessments, db.duesPolicies, ...ledgerTables()]) {
        const keep = ((await table.toCollection().primaryKeys()) as string[]).filter((id) => unsent.has(id));
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
  });
}

/** Logout: nothing of one user's records may stay for the next user of a shared device. */
export async function clearRecords(): Promise<void> {
  await db.transaction('rw', [...pulledTables(), db.visitDrafts], async () => {
    for (const table of [db.outbox, db.visits, db.visitDrafts, db.consents, db.healthNotes, db.duesPayments, db.duesAssessments, db.duesPolicies, ...ledgerTables()]) {
      await table.clear();
    }
    // The next user of the device is a new client to the server, which ties a client id to one user.
    await db.meta.bulkDelete(['pullCursor', 'scope', 'lastSyncAt', 'clientId']);
  });
}
