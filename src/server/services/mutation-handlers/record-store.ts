import { RECORD_KINDS, type SyncEntity } from '../../../domain';
import { appendChanges } from '../../storage/change-log';
import { contentHash } from '../../storage/content-hash';
import type { DatabaseSchema, Db } from '../../storage/tables';
import { sameRecord, type HandlerOutcome, type MutationContext } from './context';

type Kinds = typeof RECORD_KINDS;
/** Tables that keep one record per row as pushed: its JSON in `data` and the hash of its content. */
type RecordTable = { [T in keyof DatabaseSchema]: DatabaseSchema[T] extends { content_hash: string; data: string } ? T : never }[keyof DatabaseSchema];
/** The registry's kinds stored that way (members, pairings and the one-per-branch policy are not). */
export type StoredEntity = { [E in SyncEntity]: Kinds[E]['serverTable'] extends RecordTable ? E : never }[SyncEntity];
type TableOf<E extends StoredEntity> = Kinds[E]['serverTable'] & RecordTable;

function tableOf(entity: StoredEntity): RecordTable {
  return RECORD_KINDS[entity].serverTable;
}

/**
 * Record idempotency of the registry's `immutable` kinds, once for all of them: the same id with the same
 * content is the same record again (duplicate), with other content a CONFLICT — never an overwrite. Returns the
 * hash to store when the record is new, null when it is already there.
 */
export async function newRecordHash(db: Db, entity: StoredEntity, record: { id: string }): Promise<string | null> {
  const hash = contentHash(record);
  // Every record table has id and content_hash; one table's type stands for all in the query builder.
  const existing = await db
    .selectFrom(tableOf(entity) as 'visits')
    .select('content_hash')
    .where('id', '=', record.id)
    .executeTakeFirst();
  return sameRecord(existing, hash) ? null : hash;
}

export const duplicate = (recordId: string): HandlerOutcome => ({ status: 'duplicate', recordId });

/**
 * Logs the change (so devices in scope pull it) and writes the row into the kind's table. `memberId` null for
 * branch-level records; `ownerId` for kinds read by their owner only (registry `read: own`). Versions are taken
 * before the row is written (appendChanges).
 */
export async function storeRecord<E extends StoredEntity>(
  db: Db,
  ctx: MutationContext,
  entity: E,
  row: Omit<DatabaseSchema[TableOf<E>], 'created_at'>,
  scope: { memberId: string | null; branchId: string | null; ownerId?: string },
): Promise<HandlerOutcome> {
  await appendChanges(db, [{ entity, entityId: row.id, memberId: scope.memberId, branchId: scope.branchId, ownerId: scope.ownerId ?? null, op: 'upsert' }], ctx.now);
  await db
    .insertInto(tableOf(entity) as 'visits')
    .values({ ...row, created_at: ctx.now } as unknown as DatabaseSchema['visits'])
    .execute();
  return { status: 'applied', recordId: row.id };
}
