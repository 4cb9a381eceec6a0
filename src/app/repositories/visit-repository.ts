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
  const { payload, corrections } = settled(row);
  return (amends === null ? payload : corrections[amends]) ?? null;
}

/**
 * The row with an older version's draft in its place: before corrections had drafts of their own, a correction's
 * draft was the member's one draft (`payload` with `amends` set). It counts as that correction's.
 */
function settled(row: VisitDraftRow): { payload: unknown; corrections: Record<string, unknown> } {
  const corrections = { ...row.corrections };
  const of = (row.payload as { amends?: unknown } | null)?.amends;
  if (typeof of !== 'string') return { payload: row.payload ?? null, corrections };
  corrections[of] ??= row.payload;
  return { payload: null, corrections };
}

export async function saveDraft(memberId: string, payload: unknown, amends: string | null = null): Promise<void> {
  await db.transaction('rw', db.visitDrafts, async () => {
    const row = await db.visitDrafts.get(memberId);
    const next = row ? settled(row) : { payload: null, corrections: {} as Record<string, unknown> };
    if (amends === null) next.payload = payload;
    else next.corrections[amends] = payload;
    await db.visitDrafts.put({ memberId, updatedAt: new Date().toISOString(), ...next });
  });
}

/** Drops one draft (a new visit's or a correction's); the member's row goes once it holds none. */
async function endDraft(memberId: string, amends: string | null): Promise<void> {
  const row = await db.visitDrafts.get(memberId);
  if (row === undefined) return;
  const next = settled(row);
  if (amends === null) next.payload = null;
  else delete next.corrections[amends];
  if (next.payload === null && Object.keys(next.corrections).length === 0) await db.visitDrafts.delete(memberId);
  else await db.visitDrafts.put({ ...row, ...next });
}

export async function deleteDraft(memberId: string, amends: string | null = null): Promise<void> {
  await db.transaction('rw', db.visitDrafts, () => endDraft(memberId, amends));
}
