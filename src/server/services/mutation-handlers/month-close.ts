import { isMonthLocked, type MonthClose, fieldError } from '../../../domain';
import type { Db } from '../../storage/tables';
import { monthClosesOf } from '../ledger-lock';
import { requireSecretaryOfBranch, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/**
 * 结账 and the explicit unlock (its reason required by the schema), each kept as a record so the trail shows
 * who closed and reopened which month and why. Locking a locked month or unlocking an open one is refused:
 * the trail stays one action per change of state.
 */
export async function recordMonthClose(db: Db, ctx: MutationContext, close: MonthClose): Promise<HandlerOutcome> {
  await requireSecretaryOfBranch(db, ctx, close.branchId);
  const hash = await newRecordHash(db, 'month_close', close);
  if (hash === null) return duplicate(close.id);
  const closes = await monthClosesOf(db, close.branchId);
  // The latest record decides the month's state: one dated before the last would be kept but change nothing.
  const latest = closes.filter((c) => c.month === close.month).reduce((max, c) => Math.max(max, Date.parse(c.at)), -Infinity);
  if (Date.parse(close.at) <= latest) throw fieldError('record.at', '时间', `早于 ${close.month} 上一次结账或解锁的时间，请检查设备时间`);
  const locked = isMonthLocked(closes, close.branchId, close.month);
  if (close.action === 'lock' && locked) throw fieldError('record.action', '结账', `${close.month} 已结账`);
  if (close.action === 'unlock' && !locked) throw fieldError('record.action', '解锁', `${close.month} 未结账，无需解锁`);
  return storeRecord(
    db,
    ctx,
    'month_close',
    {
      id: close.id,
      branch_id: close.branchId,
      month: close.month,
      action: close.action,
      at: close.at,
      content_hash: hash,
      data: JSON.stringify(close),
    },
    { memberId: null, branchId: close.branchId },
  );
}
