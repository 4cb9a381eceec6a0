import { RECORD_KINDS, type SyncEntity } from '../../domain';
import { memberFromRow, pairingFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';

type Reader = (db: Db, ids: string[]) => Promise<{ id: string; data: string }[]>;

/**
 * Kinds not kept as domain JSON in a `data` column: members and pairings are columns the scope queries
 * filter on, so their JSON is made from the row. Every other kind is read generically from the table the
 * registry names, where `data` holds the record as pushed.
 */
const ROW_READERS: Partial<Record<SyncEntity, Reader>> = {
  member: async (db, ids) =>
    (await db.selectFrom('members').selectAll().where('id', 'in', ids).execute()).map((row) => ({ id: row.id, data: JSON.stringify(memberFromRow(row)) })),
  pairing: async (db, ids) =>
    (await db.selectFrom('pairings').selectAll().where('id', 'in', ids).where('ended_at', 'is', null).execute()).map((row) => ({
      id: row.id,
      data: JSON.stringify(pairingFromRow(row)),
    })),
  // One policy per branch: its id is the branch id.
  dues_policy: (db, ids) => db.selectFrom('dues_policies').select(['branch_id as id', 'data']).where('branch_id', 'in', ids).execute(),
};

/** The records of one kind as they are now, by id: the domain JSON a pull sends. */
export function readRecords(db: Db, entity: SyncEntity, ids: readonly string[]): Promise<{ id: string; data: string }[]> {
  const list = [...ids];
  const reader = ROW_READERS[entity];
  if (reader) return reader(db, list);
  // Every registered table has id and data; one table's type stands for all in the query builder.
  const table = RECORD_KINDS[entity].serverTable as 'visits';
  return db.selectFrom(table).select(['id', 'data']).where('id', 'in', list).execute();
}
