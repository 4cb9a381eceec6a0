import type { SyncEntity } from '../../domain';
import { insertRows } from './bulk-insert';
import type { Db } from './tables';

export interface ChangeEntry {
  entity: SyncEntity;
  entityId: string;
  /** The member the record belongs to; a pull filters on it. Null for branch-level records (policies). */
  memberId: string | null;
  branchId: string | null;
  /** The user a record read by its owner belongs to (a handover's collector, a pairing's worker). */
  ownerId?: string | null;
  /** The community of a community-level record (visit settings, campaigns): every reader of it pulls it. */
  communityId?: string | null;
  op: 'upsert' | 'delete';
}

/** A change of a community-level record (registry level `community`): every reader of the community pulls it. */
export function communityChange(entity: SyncEntity, entityId: string, communityId: string, op: ChangeEntry['op']): ChangeEntry {
  return { entity, entityId, memberId: null, branchId: null, communityId, op };
}

/**
 * Takes the row lock on the one sync_counter row without changing it. A push calls this first, so the
 * lock is held from the start of its transaction to its commit, outside any savepoint: rolling back to a
 * savepoint may release locks taken after it, and the lock must outlive rejected mutations.
 */
export async function lockVersionCounter(db: Db): Promise<void> {
  await db
    .updateTable('sync_counter')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('id', '=', 1)
    .execute();
}

/**
 * Appends changes with versions taken from sync_counter by `UPDATE … SET value = value + n RETURNING value`.
 *
 * Why not a sequence: a pull answers "everything after version v", which is only true if versions become
 * visible in the order they were handed out. A sequence hands out numbers at call time, so transaction A
 * could take 10, B take 11 and commit first; a pull then sees 11, moves its cursor past 10 and never sees A.
 * The UPDATE takes a row lock that PostgreSQL holds until commit: B's UPDATE waits for A to commit, reads
 * A's final value and numbers after it, so versions are commit-ordered. SQLite serialises write
 * transactions anyway. Must run inside the transaction that writes the records, before those writes.
 */
export async function appendChanges(db: Db, changes: readonly ChangeEntry[], committedAt: string): Promise<void> {
  if (changes.length === 0) return;
  const { value } = await db
    .updateTable('sync_counter')
    .set((eb) => ({ value: eb('value', '+', changes.length) }))
    .where('id', '=', 1)
    .returning('value')
    .executeTakeFirstOrThrow();
  const first = Number(value) - changes.length + 1;
  await insertRows(
    db,
    'change_log',
    changes.map((c, i) => ({
      version: first + i,
      entity: c.entity,
      entity_id: c.entityId,
      member_id: c.memberId,
      branch_id: c.branchId,
      owner_id: c.ownerId ?? null,
      community_id: c.communityId ?? null,
      op: c.op,
      committed_at: committedAt,
    })),
  );
}

/** Runs fn in a transaction, or in the caller's when there is one already (Kysely cannot nest them). */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
