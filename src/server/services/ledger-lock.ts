import { isMonthLocked, type MonthClose } from '../../domain';
import { ApiError } from '../http/errors';
import type { Db } from '../storage/tables';

/** The branch's lock/unlock trail, in the order it was recorded (the last action for a month is in force). */
export async function monthClosesOf(db: Db, branchId: string): Promise<MonthClose[]> {
  const rows = await db.selectFrom('month_closes').select('data').where('branch_id', '=', branchId).orderBy('at').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.data) as MonthClose);
}

/**
 * 结账: a locked collection month accepts only adjustments, each with its reason. `what` names the refused
 * record in the message, e.g. "2026-10 已结账，不能再录入交纳；如需更正请由书记录入调整记录".
 */
export async function requireMonthOpen(db: Db, branchId: string, month: string, what: string): Promise<void> {
  if (isMonthLocked(await monthClosesOf(db, branchId), branchId, month)) {
    throw new ApiError('MONTH_LOCKED', { message: `${month} 已结账，不能再录入${what}；如需更正请由书记录入调整记录` });
  }
}
