import type { Db } from '../storage/tables';

export interface DuplicateMonth {
  memberId: string;
  month: string;
  /** The payments (not reversed) that each cover this month, by id. */
  paymentIds: string[];
}

/**
 * Months of a branch paid by more than one payment still in force. Two devices offline can each collect the
 * same month; both payments are kept exactly as recorded (money changed hands twice), and the secretary
 * settles it with a reversal or a refund. This finds them.
 */
export async function duplicateMonths(db: Db, branchId: string): Promise<DuplicateMonth[]> {
  const rows = await db
    .selectFrom('dues_payment_months as pm')
    .innerJoin('dues_payments as p', 'p.id', 'pm.payment_id')
    .select(['pm.member_id', 'pm.month', 'p.id'])
    .where('pm.branch_id', '=', branchId)
    .where('p.kind', '=', 'payment')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('dues_payments as r').select('r.id').whereRef('r.reverses', '=', 'p.id'))),
    )
    .orderBy('pm.member_id')
    .orderBy('pm.month')
    .orderBy('p.id')
    .execute();
  const groups = new Map<string, DuplicateMonth>();
  for (const row of rows) {
    const key = `${row.member_id}|${row.month}`;
    const group = groups.get(key) ?? { memberId: row.member_id, month: row.month, paymentIds: [] };
    group.paymentIds.push(row.id);
    groups.set(key, group);
  }
  return [...groups.values()].filter((g) => g.paymentIds.length > 1);
}
