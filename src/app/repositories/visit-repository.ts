import { Visit } from '../../domain';
import { db, type RecordRow, type VisitDraftRow } from '../db/database';
import { addMemberRecord, writeTables } from './outbox-repository';

/** Submitting a visit: the immutable record, its outbox entry and the end of its draft, all or nothing. */
export async function submitVisit(visit: Visit): Promise<void> {
  const record = Visit.parse(visit);
  await db.transaction('rw', writeTables(), async () => {
    await addMemberRecord(db.visits, { type: 'visit.submit', record }, record.occurredAt, record.recordedAt);
    await endDraft(record.memberId, record.amends);
  });
}

export async function listVisitsOf(memberId: string): Promise<RecordRow<Visit>[]> {
  const rows = await db.visits.where('memberId').equals(memberId).sortBy('at');
  return rows.reverse();
}

/** One visit on the device, or null: the visit a correction starts from, or the one a worker opens to read. */
export async function getVisit(id: string): Promise<RecordRow<Visit> | null> {
  return (await db.visits.get(id)) ?? null;
}

/**
 * The draft of a new visit (`amends` null) or of the correction of visit `amends`: each is kept apart, so a
 * correction never opens on the new visit's draft or on another visit's correction (issue 13).
 */
export async function loadDraft(memberId: string, amends: string | null = null): Promise<unknown> {
  const row = await db.visitDrafts.get(memberId);
  if (row === undefined) return null;
  if (amends === null) return isCorrectionDraft(row.payload) ? null : row.payload;
  // Before corrections had drafts of their own, a correction's draft was the member's one draft: still found.
  return row.corrections?.[amends] ?? (isCorrectionDraft(row.payload, amends) ? row.payload : null);
}

/** A draft saved as the member's one draft by an older version of the app while correcting (`amends` set). */
function isCorrectionDraft(payload: unknown, of?: string): boolean {
  const amends = (payload as { amends?: unknown } | null)?.amends;
  return typeof amends === 'string' && (of === undefined || amends === of);
}

export async function saveDraft(memberId: string, payload: unknown, amends: string | null = null): Promise<void> {
  await db.transaction('rw', db.visitDrafts, async () => {
    const row = await db.visitDrafts.get(memberId);
    const next: VisitDraftRow = { memberId, updatedAt: new Date().toISOString(), payload: row?.payload ?? null, corrections: { ...row?.corrections } };
    if (amends === null) next.payload = payload;
    else next.corrections![amends] = payload;
    await db.visitDrafts.put(next);
  });
}

/** Drops one draft (a new visit's or a correction's); the member's row goes once it holds none. */
async function endDraft(memberId: string, amends: string | null): Promise<void> {
  const row = await db.visitDrafts.get(memberId);
  if (row === undefined) return;
  const corrections = { ...row.corrections };
  let payload = row.payload;
  if (amends === null) payload = null;
  else delete corrections[amends];
  if (payload === null && Object.keys(corrections).length === 0) await db.visitDrafts.delete(memberId);
  else await db.visitDrafts.put({ ...row, payload, corrections });
}

export async function deleteDraft(memberId: string, amends: string | null = null): Promise<void> {
  await db.transaction('rw', db.visitDrafts, () => endDraft(memberId, amends));
}
