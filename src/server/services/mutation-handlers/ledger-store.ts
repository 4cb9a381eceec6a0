import type { SyncEntity } from '../../../domain';
import { appendChanges } from '../../storage/change-log';
import { contentHash } from '../../storage/content-hash';
import type { LedgerSchema } from '../../storage/ledger-tables';
import type { Db } from '../../storage/tables';
import { sameRecord, type HandlerOutcome, type MutationContext } from './context';

/** Ledger tables that hold one synced record per row (cash_handover_payments is an index of another record). */
export type RecordTable = Exclude<keyof LedgerSchema, 'cash_handover_payments'>;

/**
 * Record idempotency for the ledger records, as for payments: the same id with the same content is the same
 * record again (duplicate), with other content a CONFLICT. Returns the hash to store when the record is new.
 */
export async function newRecordHash(db: Db, table: RecordTable, record: { id: string }): Promise<string | null> {
  const hash = contentHash(record);
  // Every record table has id and content_hash; one table's type stands for all in the query builder.
  const existing = await db
    .selectFrom(table as 'dues_adjustments')
    .select('content_hash')
    .where('id', '=', record.id)
    .executeTakeFirst();
  return sameRecord(existing, hash) ? null : hash;
}

export const duplicate = (recordId: string): HandlerOutcome => ({ status: 'duplicate', recordId });

/**
 * Logs the change (so devices in scope pull it) and writes the row. `memberId` null for branch-level records;
 * `ownerId` for kinds read by their owner only (registry `read: own`).
 * Versions must be taken before the row is written (appendChanges).
 */
export async function storeRecord<T extends RecordTable>(
  db: Db,
  ctx: MutationContext,
  entity: SyncEntity,
  table: T,
  row: Omit<LedgerSchema[T], 'created_at'>,
  scope: { memberId: string | null; branchId: string; ownerId?: string },
): Promise<HandlerOutcome> {
  await appendChanges(db, [{ entity, entityId: row.id, memberId: scope.memberId, branchId: scope.branchId, ownerId: scope.ownerId ?? null, op: 'upsert' }], ctx.now);
  await db
    .insertInto(table as 'dues_adjustments')
    .values({ ...row, created_at: ctx.now } as unknown as LedgerSchema['dues_adjustments'])
    .execute();
  return { status: 'applied', recordId: row.id };
}
