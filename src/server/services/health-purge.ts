import { appendChanges, type ChangeEntry } from '../storage/change-log';
import type { Db } from '../storage/tables';

/**
 * Deletes every health note of a member (PIPL Art. 47: deletion when the purpose ends), with a delete
 * tombstone per note in the change log so that each device holding a copy deletes it on its next pull. The
 * consent records stay: they are the evidence of what was agreed, not health data. Must run inside the
 * transaction that ends the purpose (withdrawal, last pairing ended, death), so the two cannot come apart.
 * Returns how many notes were purged.
 */
export async function purgeHealthNotes(db: Db, memberId: string, now: string, also: readonly ChangeEntry[] = []): Promise<number> {
  const notes = await db.selectFrom('health_notes').select('id').where('member_id', '=', memberId).orderBy('id').execute();
  const tombstones = notes.map((n): ChangeEntry => ({ entity: 'health_note', entityId: n.id, memberId, branchId: null, op: 'delete' }));
  await appendChanges(db, [...also, ...tombstones], now);
  if (notes.length > 0) await db.deleteFrom('health_notes').where('member_id', '=', memberId).execute();
  return notes.length;
}
