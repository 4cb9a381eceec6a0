import { MUTATION_FACTS, mutationFacts, type MutationBody, type MutationType } from '../../domain';
import type { LocalPolicyRow } from './ledger-repository';
import { db, type OutboxRow, type RecordRow, type RecordSyncState, type SyncRejection } from '../db/database';

/** What the outbox does to any record table: its rows differ in payload, not in these two operations. */
interface StatefulTable {
  update(key: string, changes: { syncState: RecordSyncState; rejection: SyncRejection | null }): Promise<number>;
  delete(key: string): Promise<void>;
}

/**
 * The store holding the record a mutation type carries, as the registry names it: a record's sync state
 * follows its outbox entries. Assessment and policy rows pulled by older versions have no sync-state column;
 * written or updated here they get one all the same, so the state is set the same way for every store.
 */
function tableOfMutation(type: MutationType): StatefulTable {
  const def = mutationFacts(type);
  if (def === undefined) throw new Error(`No record kind for mutation type ${type}`);
  return db.recordTable(def.kind.entity) as unknown as StatefulTable;
}

/**
 * Every table a user action may touch, for the one transaction that holds the record and its outbox entry:
 * the stores of every kind a mutation writes, and the visit drafts a submitted visit ends.
 */
export function writeTables() {
  const stores = new Set(MUTATION_FACTS.map((m) => m.kind.entity));
  return [db.outbox, db.visitDrafts, ...[...stores].map((entity) => db.recordTable(entity))];
}

/**
 * Adds a mutation to the outbox. Must run inside the caller's transaction, next to the record it describes:
 * a record without its entry would never reach the server, an entry without its record would show nothing.
 * `memberId` is the member the record is about; branch-level records (policy, handovers, confirmations,
 * remittances, month closes, meetings) have no member and give their branch id instead, so the column stays a
 * required string the existing index and the sync bar can rely on.
 */
export async function enqueue(body: MutationBody, recordId: string, memberId: string, now: string): Promise<OutboxRow> {
  const row: OutboxRow = {
    id: crypto.randomUUID(),
    type: body.type,
    record: body.record,
    createdAt: now,
    state: 'pending',
    attempts: 0,
    lastError: null,
    recordId,
    memberId,
  };
  const seq = await db.outbox.add(row);
  return { ...row, seq };
}

/**
 * A new record about a member, pending until the server answers, and its outbox entry: the one way a visit, a
 * consent, a health note or a payment is written. Must run inside the caller's transaction (see enqueue). `at`
 * lists the record on the device; `createdAt` stamps the entry.
 */
export async function addMemberRecord<T extends { id: string; memberId: string }>(
  table: { add(row: RecordRow<T>): Promise<unknown> },
  body: MutationBody & { record: T },
  at: string,
  createdAt: string,
): Promise<void> {
  const record = body.record;
  await table.add({ id: record.id, memberId: record.memberId, at, syncState: 'pending', rejection: null, payload: record });
  await enqueue(body, record.id, record.memberId, createdAt);
}

/** Next entries to push, oldest first; rejected ones wait for the worker and never hold the line. */
export async function nextBatch(limit: number): Promise<OutboxRow[]> {
  // Chosen by key (the state is an index): only the batch itself is read and decrypted (seal-middleware.ts).
  return db.transaction('r', db.outbox, async () => {
    const rejected = new Set(await db.outbox.where('state').equals('rejected').primaryKeys());
    const seqs = (await db.outbox.orderBy('seq').primaryKeys()).filter((seq) => !rejected.has(seq)).slice(0, limit);
    return (await db.outbox.bulkGet(seqs)).filter((row): row is OutboxRow => row !== undefined);
  });
}

export async function countUnsent(): Promise<number> {
  return db.outbox.count();
}

/** When the oldest entry still in the outbox was made (the first in seq order), or null when it is empty. */
export async function oldestUnsentAt(): Promise<string | null> {
  return (await db.outbox.orderBy('seq').first())?.createdAt ?? null;
}

export async function listRejected(): Promise<OutboxRow[]> {
  return db.outbox.where('state').equals('rejected').sortBy('seq');
}

async function setRecordState(row: OutboxRow, state: RecordSyncState, rejection: SyncRejection | null): Promise<void> {
  await tableOfMutation(row.type).update(row.recordId, { syncState: state, rejection });
}

export async function markSending(rows: OutboxRow[]): Promise<void> {
  await db.transaction('rw', writeTables(), async () => {
    for (const row of rows) {
      await db.outbox.update(row.seq!, { state: 'sending', attempts: row.attempts + 1 });
      await setRecordState(row, 'sending', null);
    }
  });
}

/** After a failed push nothing was settled: the entries go back in line unchanged. */
export async function markPendingAgain(rows: OutboxRow[]): Promise<void> {
  await db.transaction('rw', writeTables(), async () => {
    for (const row of rows) {
      const current = await db.outbox.get(row.seq!);
      if (current === undefined || current.state === 'rejected') continue;
      await db.outbox.update(row.seq!, { state: 'pending' });
      await setRecordState(row, 'pending', null);
    }
  });
}

/** A record is confirmed only once none of its entries is left; a later one may still be on its way. */
export async function settleAccepted(row: OutboxRow): Promise<void> {
  await db.transaction('rw', writeTables(), async () => {
    await db.outbox.delete(row.seq!);
    const remaining = await db.outbox.where('recordId').equals(row.recordId).count();
    if (remaining === 0) await setRecordState(row, 'confirmed', null);
  });
}

export async function settleRejected(row: OutboxRow, rejection: SyncRejection): Promise<void> {
  await db.transaction('rw', writeTables(), async () => {
    await db.outbox.update(row.seq!, { state: 'rejected', lastError: rejection });
    await setRecordState(row, 'rejected', rejection);
  });
}

/**
 * The worker gave up on a rejected entry. The record made on this device goes with it: the server never
 * accepted it, so keeping it would show something that exists nowhere else.
 */
export async function discardEntry(seq: number): Promise<void> {
  await db.transaction('rw', writeTables(), async () => {
    const row = await db.outbox.get(seq);
    if (row === undefined) return;
    await db.outbox.delete(seq);
    const remaining = await db.outbox.where('recordId').equals(row.recordId).count();
    if (remaining > 0) return;
    if (row.type === 'consent.withdraw') {
      // The withdrawal never happened as far as the server knows: the consent stands as the server has it.
      const consent = await db.consents.get(row.recordId);
      if (consent) await db.consents.update(row.recordId, { syncState: 'confirmed', rejection: null, payload: { ...consent.payload, withdrawnAt: null } });
    } else if (row.type === 'dues.set_policy') {
      // The policy is one row per branch: the refused one gives way to the policy the server last confirmed.
      const policy = (await db.duesPolicies.get(row.recordId)) as LocalPolicyRow | undefined;
      if (policy?.confirmedPayload) await db.duesPolicies.put({ id: policy.id, branchId: policy.branchId, payload: policy.confirmedPayload });
      else await db.duesPolicies.delete(row.recordId);
    } else {
      await tableOfMutation(row.type).delete(row.recordId);
    }
  });
}

/** A rejected entry, for the form that fixes it; null once it was fixed, discarded or never rejected. */
export async function rejectedEntry(seq: number): Promise<OutboxRow | null> {
  const row = await db.outbox.get(seq);
  return row !== undefined && row.state === 'rejected' ? row : null;
}

/**
 * Fixing a rejected entry: `write` records the corrected record as a new one (new record id, new outbox entry)
 * in the same transaction that drops the rejected entry and its local record. Records are immutable and the
 * server remembers the rejected mutation id, so the old one is never sent again. If `write` throws, nothing
 * changes.
 */
export async function replaceRejected(seq: number, write: () => Promise<void>): Promise<void> {
  await db.transaction('rw', writeTables(), async () => {
    const row = await db.outbox.get(seq);
    if (row === undefined || row.state !== 'rejected') throw new Error(`Outbox entry ${seq} is not rejected`);
    await db.outbox.delete(seq);
    const remaining = await db.outbox.where('recordId').equals(row.recordId).count();
    // The record never reached the server; a withdrawal is not fixed this way (its consent stays).
    if (remaining === 0 && row.type !== 'consent.withdraw') await tableOfMutation(row.type).delete(row.recordId);
    await write();
  });
}

/** Crash recovery: an entry left 'sending' by a closed tab was never answered as far as we know. */
export async function resetSending(): Promise<void> {
  const stuck = await db.outbox.where('state').equals('sending').toArray();
  if (stuck.length > 0) await markPendingAgain(stuck);
}


/** Every entry still on the device, in seq order: what a lifeboat file carries (vault/lifeboat-export.ts). */
export async function allEntries(): Promise<OutboxRow[]> {
  return db.outbox.orderBy('seq').toArray();
}
