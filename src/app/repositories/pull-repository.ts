import type { z } from 'zod';
import { Consent, DuesAssessment, DuesPayment, DuesPolicy, HealthNote, Visit, type Change, type SyncEntity } from '../../domain';
import { db, type RecordRow } from '../db/database';

/** Tables a pull writes; a reset clears them, except what this device still has to send. */
function pulledTables() {
  return [db.visits, db.consents, db.healthNotes, db.duesPayments, db.duesAssessments, db.duesPolicies, db.meta, db.outbox] as const;
}

function recordRow<T extends { id: string; memberId: string }>(record: T, at: string): RecordRow<T> {
  return { id: record.id, memberId: record.memberId, at, syncState: 'confirmed', rejection: null, payload: record };
}

async function unsentRecordIds(): Promise<Set<string>> {
  const rows = await db.outbox.toArray();
  return new Set(rows.map((row) => row.recordId));
}

function parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> | null {
  const result = schema.safeParse(data);
  return result.success ? result.data : null;
}

/**
 * A record with an unsent outbox entry is the worker's newer word on it: the server's copy must not replace
 * it before the entry is settled. A change whose data does not match the shared schema is skipped rather than
 * stopping every later change behind it.
 */
async function applyChange(change: Change, unsent: Set<string>): Promise<void> {
  if (unsent.has(change.id)) return;
  const remove = change.op === 'delete';
  switch (change.entity satisfies SyncEntity) {
    case 'visit': {
      if (remove) return void (await db.visits.delete(change.id));
      const record = parse(Visit, change.data);
      if (record) await db.visits.put(recordRow(record, record.occurredAt));
      return;
    }
    case 'consent': {
      if (remove) return void (await db.consents.delete(change.id));
      const record = parse(Consent, change.data);
      if (record) await db.consents.put(recordRow(record, record.givenAt));
      return;
    }
    case 'health_note': {
      if (remove) return void (await db.healthNotes.delete(change.id));
      const record = parse(HealthNote, change.data);
      if (record) await db.healthNotes.put(recordRow(record, record.recordedAt));
      return;
    }
    case 'dues_payment': {
      if (remove) return void (await db.duesPayments.delete(change.id));
      const record = parse(DuesPayment, change.data);
      if (record) await db.duesPayments.put(recordRow(record, record.recordedAt));
      return;
    }
    case 'dues_assessment': {
      if (remove) return void (await db.duesAssessments.delete(change.id));
      const record = parse(DuesAssessment, change.data);
      if (record) {
        await db.duesAssessments.put({
          id: record.id,
          memberId: record.memberId,
          branchId: record.branchId,
          effectiveFrom: record.effectiveFrom,
          payload: record,
        });
      }
      return;
    }
    case 'dues_policy': {
      if (remove) return void (await db.duesPolicies.delete(change.id));
      const record = parse(DuesPolicy, change.data);
      if (record) await db.duesPolicies.put({ id: change.id, branchId: record.branchId, payload: record });
      return;
    }
  }
}

export interface PulledPage {
  changes: Change[];
  cursor: number;
  scope: string;
  reset: boolean;
}

/** One page in one transaction with its cursor: a page is either fully applied and remembered, or not at all. */
export async function applyPulledPage(page: PulledPage, signal?: AbortSignal): Promise<void> {
  await db.transaction('rw', pulledTables(), async () => {
    // After a logout has cleared the device, an answer still in flight must not write records back.
    signal?.throwIfAborted();
    const unsent = await unsentRecordIds();
    if (page.reset) {
      for (const table of [db.visits, db.consents, db.healthNotes, db.duesPayments]) {
        const keep = (await table.toArray()).filter((row) => unsent.has(row.id)).map((row) => row.id);
        await table.where('id').noneOf(keep).delete();
      }
      await db.duesAssessments.clear();
      await db.duesPolicies.clear();
    }
    for (const change of page.changes) await applyChange(change, unsent);
    await db.meta.bulkPut([
      { key: 'pullCursor', value: page.cursor },
      { key: 'scope', value: page.scope },
    ]);
  });
}

/** Logout: nothing of one user's records may stay for the next user of a shared device. */
export async function clearRecords(): Promise<void> {
  await db.transaction('rw', [...pulledTables(), db.visitDrafts], async () => {
    for (const table of [db.outbox, db.visits, db.visitDrafts, db.consents, db.healthNotes, db.duesPayments, db.duesAssessments, db.duesPolicies]) {
      await table.clear();
    }
    // The next user of the device is a new client to the server, which ties a client id to one user.
    await db.meta.bulkDelete(['pullCursor', 'scope', 'lastSyncAt', 'clientId']);
  });
}
