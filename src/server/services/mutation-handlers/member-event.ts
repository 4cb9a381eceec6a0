import { dayInShanghai, fieldError, type MemberEvent } from '../../../domain';
import type { Db } from '../../storage/tables';
import { requireMemberInScope, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';
import { FUTURE_GRACE_MS } from './visit-submit';

/**
 * 四必访 (docs/DOMAIN.md §4): a bereavement, hardship or hospitalisation the member's paired worker records, from
 * which the plan makes a visit due. Immutable like a visit; a worker no longer paired may still deliver one made
 * while the pairing was in force (requireMemberInScope, the late-record grace of §6).
 */
export async function recordMemberEvent(db: Db, ctx: MutationContext, event: MemberEvent): Promise<HandlerOutcome> {
  await requireMemberInScope(db, ctx, event.memberId);
  const hash = await newRecordHash(db, 'member_event', event);
  if (hash === null) return duplicate(event.id);
  // Something that happened, not something planned: a date past today in Beijing (with a phone clock's day of
  // slack) is a mistake that would put a visit in the plan for a day that has not come.
  if (event.occurredOn > dayInShanghai(new Date(Date.parse(ctx.now) + FUTURE_GRACE_MS).toISOString())) {
    throw fieldError('record.occurredOn', '发生日期', '不能晚于今天');
  }
  return storeRecord(
    db,
    ctx,
    'member_event',
    { id: event.id, member_id: event.memberId, kind: event.kind, occurred_on: event.occurredOn, content_hash: hash, data: JSON.stringify(event) },
    { memberId: event.memberId, branchId: null },
  );
}
