import { Consent, type ConsentWithdrawal, DomainError, fieldError } from '../../../domain';
import type { Db } from '../../storage/tables';
import { purgeHealthNotes } from '../health-purge';
import { requirePairedWorker, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/** 单独同意 recorded by the worker in front of the member; the hash keeps the consent as it was given. */
export async function giveConsent(db: Db, ctx: MutationContext, consent: Consent): Promise<HandlerOutcome> {
  await requirePairedWorker(db, ctx, consent.memberId);
  const hash = await newRecordHash(db, 'consent', consent);
  if (hash === null) return duplicate(consent.id);
  if (consent.withdrawnAt !== null) {
    throw fieldError('record.withdrawnAt', '撤回时间', '新的同意记录不能已撤回，请另行提交撤回');
  }
  return storeRecord(
    db,
    ctx,
    'consent',
    { id: consent.id, member_id: consent.memberId, withdrawn_at: null, content_hash: hash, data: JSON.stringify(consent) },
    { memberId: consent.memberId, branchId: null },
  );
}

/**
 * Withdrawal (PIPL Art. 47): the consent is marked withdrawn and every health note of the member is deleted
 * on the server, with a delete tombstone per note so that devices delete their copies on the next pull.
 * Withdrawing a consent already withdrawn is a duplicate.
 */
export async function withdrawConsent(db: Db, ctx: MutationContext, withdrawal: ConsentWithdrawal): Promise<HandlerOutcome> {
  await requirePairedWorker(db, ctx, withdrawal.memberId);
  const row = await db.selectFrom('consents').selectAll().where('id', '=', withdrawal.consentId).executeTakeFirst();
  if (!row || row.member_id !== withdrawal.memberId) throw new DomainError('NOT_FOUND');
  if (row.withdrawn_at !== null) return { status: 'duplicate', recordId: row.id };

  // The consent's own change comes first, then the notes' tombstones, in one block of versions.
  await purgeHealthNotes(db, withdrawal.memberId, ctx.now, [
    { entity: 'consent', entityId: row.id, memberId: row.member_id, branchId: null, op: 'upsert' },
  ]);

  const consent: Consent = { ...Consent.parse(JSON.parse(row.data)), withdrawnAt: withdrawal.withdrawnAt };
  await db
    .updateTable('consents')
    .set({ withdrawn_at: withdrawal.withdrawnAt, data: JSON.stringify(consent) })
    .where('id', '=', row.id)
    .execute();
  return { status: 'applied', recordId: row.id };
}
