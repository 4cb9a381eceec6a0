import { Visit } from '../../domain';
import { db, type RecordRow } from '../db/database';
import { addMemberRecord, writeTables } from './outbox-repository';

/** Submitting a visit: the immutable record, its outbox entry and the end of its draft, all or nothing. */
export async function submitVisit(visit: Visit): Promise<void> {
  const record = Visit.parse(visit);
  await db.transaction('rw', writeTables(), async () => {
    await addMemberRecord(db.visits, { type: 'visit.submit', record }, record.occurredAt, record.recordedAt);
    await db.visitDrafts.delete(record.memberId);
  });
}

export async function listVisitsOf(memberId: string): Promise<RecordRow<Visit>[]> {
  const rows = await db.visits.where('memberId').equals(memberId).sortBy('at');
  return rows.reverse();
}

export async function loadDraft(memberId: string): Promise<unknown> {
  return (await db.visitDrafts.get(memberId))?.payload ?? null;
}

export async function saveDraft(memberId: string, payload: unknown): Promise<void> {
  await db.visitDrafts.put({ memberId, updatedAt: new Date().toISOString(), payload });
}

export async function deleteDraft(memberId: string): Promise<void> {
  await db.visitDrafts.delete(memberId);
}
