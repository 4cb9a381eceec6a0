import { type HealthNote, DomainError } from '../../../domain';
import type { Db } from '../../storage/tables';
import { purgeHealthNotes } from '../health-purge';
import { requirePairedWorker, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/** A health note needs a consent of that member on record and not withdrawn (PIPL Art. 29). */
export async function recordHealthNote(db: Db, ctx: MutationContext, note: HealthNote): Promise<HandlerOutcome> {
  const member = await requirePairedWorker(db, ctx, note.memberId);
  const hash = await newRecordHash(db, 'health_note', note);
  if (hash === null) return duplicate(note.id);

  const consent = await db
    .selectFrom('consents')
    .select('id')
    .where('id', '=', note.consentId)
    .where('member_id', '=', note.memberId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  if (!consent) throw new DomainError('NO_CONSENT');
  // After a death the purpose has ended and the notes were purged (docs/DOMAIN.md §4, §6): none may come back.
  if (member.status === 'deceased') throw new DomainError('MEMBER_DECEASED', { message: '该成员已故，不再记录健康信息' });

  const outcome = await storeRecord(
    db,
    ctx,
    'health_note',
    { id: note.id, member_id: note.memberId, consent_id: note.consentId, content_hash: hash, data: JSON.stringify(note) },
    { memberId: note.memberId, branchId: null },
  );
  // Made while the pairing was in force but arriving after the member's last pairing ended: accepted, so
  // nothing the worker did is lost, and purged at once with the member's other notes, since the purpose
  // they were collected for has ended (docs/DOMAIN.md §6, PIPL Art. 47).
  const stillCared = await db.selectFrom('pairings').select('id').where('member_id', '=', note.memberId).where('ended_at', 'is', null).executeTakeFirst();
  if (!stillCared) await purgeHealthNotes(db, note.memberId, ctx.now);
  return outcome;
}
