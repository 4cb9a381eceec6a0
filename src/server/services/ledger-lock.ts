import { lockedMonthFor, type LedgerEntry, type MonthClose, DomainError } from '../../domain';
import type { Db } from '../storage/tables';

/** The branch's lock/unlock trail (the domain decides which action is in force: the latest). */
export async function monthClosesOf(db: Db, branchId: string): Promise<MonthClose[]> {
  const rows = await db.selectFrom('month_closes').select('data').where('branch_id', '=', branchId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.data) as MonthClose);
}

/**
 * 结账: an entry collected in a locked month is refused, unless it is an adjustment (the domain's
 * lockedMonthFor, as on the tablet). `what` names the refused entry in the message, e.g.
 * "2026-10 已结账，不能再录入交纳；如需更正请由书记录入调整记录".
 */
export async function requireMonthOpen(db: Db, entry: LedgerEntry, what: string): Promise<void> {
  const month = lockedMonthFor(await monthClosesOf(db, entry.branchId), entry);
  if (month !== null) {
    throw new DomainError('MONTH_LOCKED', { message: `${month} 已结账，不能再录入${what}；如需更正请由书记录入调整记录` });
  }
}
