import { type HealthNote, DomainError } from '../../../domain';
import { appendChanges } from '../../storage/change-log';
import { contentHash } from '../../storage/content-hash';
import type { Db } from '../../storage/tables';
import { requirePairedWorker, sameRecord, type HandlerOutcome, type MutationContext } from './context';

/** A health note needs a consent of that member on record and not withdrawn (PIPL Art. 29). */
export async function recordHealthNote(db: Db, ctx: MutationContext, note: HealthNote): Promise<HandlerOutcome> {
  const member = await requirePairedWorker(db, ctx, note.memberId);
  const hash = contentHash(note);
  const existing = await db.selectFrom('health_notes').select('content_hash').where('id', '=', note.id).executeTakeFirst();
  if (sameRecord(existing, hash)) return { status: 'duplicate', recordId: note.id };

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

  await appendChanges(db, [{ entity: 'health_note', entityId: note.id, memberId: note.memberId, branchId: null, op: 'upsert' }], ctx.now);
  await db
    .insertInto('health_notes')
    .values({
      id: note.id,
      member_id: note.memberId,
      consent_id: note.consentId,
      content_hash: hash,
      data: JSON.stringify(note),
      created_at: ctx.now,
    })
    .execute();
  return { status: 'applied', recordId: note.id };
}
