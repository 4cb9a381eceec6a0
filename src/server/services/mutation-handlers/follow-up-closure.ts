import { fieldError, type FollowUpClosure } from '../../../domain';
import type { Db } from '../../storage/tables';
import { requireMemberInScope, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/**
 * A visit's follow-up marked done (docs/DOMAIN.md §4): the visit stays as it was, the closure names it and the
 * follow-up's position. The visit must be one of the member's, stored before (an earlier mutation of the same
 * push counts), with a follow-up at that position. Two workers closing the same follow-up offline are both
 * accepted: either closure resolves it, and refusing the second would only lose what its worker wrote.
 */
export async function closeFollowUp(db: Db, ctx: MutationContext, closure: FollowUpClosure): Promise<HandlerOutcome> {
  await requireMemberInScope(db, ctx, closure.memberId);
  const hash = await newRecordHash(db, 'follow_up_closure', closure);
  if (hash === null) return duplicate(closure.id);

  const visit = await db.selectFrom('visits').select(['member_id', 'data']).where('id', '=', closure.visitId).executeTakeFirst();
  if (!visit || visit.member_id !== closure.memberId) throw fieldError('record.visitId', '走访记录', '不存在或不属于该成员');
  const followUps = (JSON.parse(visit.data) as { followUps?: unknown[] }).followUps ?? [];
  if (closure.index >= followUps.length) throw fieldError('record.index', '后续事项', '该走访记录没有这一项后续事项');

  return storeRecord(
    db,
    ctx,
    'follow_up_closure',
    {
      id: closure.id,
      member_id: closure.memberId,
      visit_id: closure.visitId,
      follow_up_index: closure.index,
      content_hash: hash,
      data: JSON.stringify(closure),
    },
    { memberId: closure.memberId, branchId: null },
  );
}
