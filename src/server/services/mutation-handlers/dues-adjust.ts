import { type ArrearsExcuse, type DuesAdjustment, fieldError } from '../../../domain';
import type { Db } from '../../storage/tables';
import { requireSecretaryOfMember, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/**
 * A correction of one member-month with its reason. Deliberately accepted in a locked month: it is the one
 * way to correct closed books, and its reason explains the change line by line.
 */
export async function recordAdjustment(db: Db, ctx: MutationContext, adjustment: DuesAdjustment): Promise<HandlerOutcome> {
  await requireSecretaryOfMember(db, ctx, adjustment.memberId, adjustment.branchId);
  const hash = await newRecordHash(db, 'dues_adjustment', adjustment);
  if (hash === null) return duplicate(adjustment.id);
  return storeRecord(
    db,
    ctx,
    'dues_adjustment',
    {
      id: adjustment.id,
      member_id: adjustment.memberId,
      branch_id: adjustment.branchId,
      month: adjustment.month,
      amount_fen: adjustment.amountFen,
      content_hash: hash,
      data: JSON.stringify(adjustment),
    },
    { memberId: adjustment.memberId, branchId: adjustment.branchId },
  );
}

/** Months a member was objectively prevented from paying; they count nothing toward arrears. */
export async function recordExcuse(db: Db, ctx: MutationContext, excuse: ArrearsExcuse): Promise<HandlerOutcome> {
  await requireSecretaryOfMember(db, ctx, excuse.memberId, excuse.branchId);
  const hash = await newRecordHash(db, 'arrears_excuse', excuse);
  if (hash === null) return duplicate(excuse.id);
  if (excuse.to < excuse.from) throw fieldError('record.to', '截止月份', '不能早于起始月份');
  return storeRecord(
    db,
    ctx,
    'arrears_excuse',
    {
      id: excuse.id,
      member_id: excuse.memberId,
      branch_id: excuse.branchId,
      from_month: excuse.from,
      to_month: excuse.to,
      content_hash: hash,
      data: JSON.stringify(excuse),
    },
    { memberId: excuse.memberId, branchId: excuse.branchId },
  );
}
