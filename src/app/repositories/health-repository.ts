import { Consent, ConsentWithdrawal, HealthNote } from '../../domain';
import { db, type RecordRow } from '../db/database';
import { addMemberRecord, enqueue, writeTables } from './outbox-repository';

export async function giveConsent(consent: Consent): Promise<void> {
  const record = Consent.parse(consent);
  await db.transaction('rw', writeTables(), async () => {
    await addMemberRecord(db.consents, { type: 'consent.give', record }, record.givenAt, record.givenAt);
  });
}

/** PIPL Art. 47: withdrawing consent purges the member's health notes from this device at once. */
export async function withdrawConsent(withdrawal: ConsentWithdrawal): Promise<void> {
  const record = ConsentWithdrawal.parse(withdrawal);
  await db.transaction('rw', writeTables(), async () => {
    const consent = await db.consents.get(record.consentId);
    if (!consent) throw new Error(`No consent ${record.consentId} on this device`);
    await db.consents.update(record.consentId, {
      syncState: 'pending',
      rejection: null,
      payload: { ...consent.payload, withdrawnAt: record.withdrawnAt },
    });
    await enqueue({ type: 'consent.withdraw', record }, record.consentId, record.memberId, record.withdrawnAt);
    // As the server does: every health note of the member goes, not only those made under this consent.
    await db.healthNotes.where('memberId').equals(record.memberId).delete();
  });
}

export async function recordHealthNote(note: HealthNote): Promise<void> {
  const record = HealthNote.parse(note);
  await db.transaction('rw', writeTables(), async () => {
    const consent = await db.consents.get(record.consentId);
    // No consent on record → health fields are not collected (docs/DOMAIN.md §6).
    if (!consent || consent.payload.withdrawnAt !== null) throw new Error('No valid consent for this health note');
    await addMemberRecord(db.healthNotes, { type: 'health_note.record', record }, record.recordedAt, record.recordedAt);
  });
}

/** The consent health notes may be recorded under now, if any. */
export async function activeConsentOf(memberId: string): Promise<Consent | null> {
  const rows = await db.consents.where('memberId').equals(memberId).toArray();
  const active = rows.filter((row) => row.payload.withdrawnAt === null).sort((a, b) => b.at.localeCompare(a.at));
  return active[0]?.payload ?? null;
}

export async function listHealthNotesOf(memberId: string): Promise<RecordRow<HealthNote>[]> {
  const rows = await db.healthNotes.where('memberId').equals(memberId).sortBy('at');
  return rows.reverse();
}
