import { collectionMonth, describeRule, expectedDuesFen, formatYuan, monthsAheadRefused, termsInForce, type DuesPayment, DomainError, fieldError } from '../../../domain';
import { appendChanges } from '../../storage/change-log';
import { contentHash } from '../../storage/content-hash';
import type { Db } from '../../storage/tables';
import { assessmentForMonth, assessmentsOf, policyForBranch } from '../dues-terms';
import { requireMonthOpen } from '../ledger-lock';
import { requireMemberInScope, sameRecord, type HandlerOutcome, type MutationContext } from './context';

/**
 * A dues ledger entry. Append-only: a payment is checked against the member's 核定 and the branch policy, a
 * correction is a reversal of a whole payment. Two different payments for the same month (two devices
 * offline) are both kept; the ledger flags them and the secretary settles the surplus (dues.resolve_duplicate).
 * Nothing is collected into a month the branch has closed (结账): its collection month must be open.
 */
export async function recordDues(db: Db, ctx: MutationContext, payment: DuesPayment): Promise<HandlerOutcome> {
  const member = await requireMemberInScope(db, ctx, payment.memberId);
  if (member.is_party_member !== 1 || member.branch_id === null || member.branch_id !== payment.branchId) {
    throw new DomainError('NOT_A_PARTY_MEMBER');
  }
  const hash = contentHash(payment);
  const existing = await db.selectFrom('dues_payments').select('content_hash').where('id', '=', payment.id).executeTakeFirst();
  if (sameRecord(existing, hash)) return { status: 'duplicate', recordId: payment.id };
  await requireMonthOpen(db, { entry: 'payment', ...payment }, payment.kind === 'reversal' ? '冲正' : '交纳');

  if (payment.kind === 'reversal') await checkReversal(db, payment);
  else await checkPayment(db, payment);

  await appendChanges(
    db,
    [{ entity: 'dues_payment', entityId: payment.id, memberId: payment.memberId, branchId: payment.branchId, op: 'upsert' }],
    ctx.now,
  );
  await db
    .insertInto('dues_payments')
    .values({
      id: payment.id,
      member_id: payment.memberId,
      branch_id: payment.branchId,
      kind: payment.kind,
      reverses: payment.reverses,
      amount_fen: payment.amountFen,
      content_hash: hash,
      data: JSON.stringify(payment),
      created_at: ctx.now,
    })
    .execute();
  await db
    .insertInto('dues_payment_months')
    .values(payment.months.map((month) => ({ payment_id: payment.id, month, member_id: payment.memberId, branch_id: payment.branchId })))
    .execute();
  return { status: 'applied', recordId: payment.id };
}

async function checkPayment(db: Db, payment: DuesPayment): Promise<void> {
  if (payment.reverses !== null) throw fieldError('record.reverses', '冲正对象', '只有冲正记录才能填写');
  const policy = await policyForBranch(db, payment.branchId);
  if (new Set(payment.months).size !== payment.months.length) {
    throw new DomainError('DUES_TOO_MANY_MONTHS', { message: '同一笔交纳中月份重复' });
  }
  if (payment.months.length > policy.maxMonthsPerPayment) {
    throw new DomainError('DUES_TOO_MANY_MONTHS', {
      message: `本支部一次最多交纳 ${policy.maxMonthsPerPayment} 个月，本笔为 ${payment.months.length} 个月`,
    });
  }
  const collectedIn = collectionMonth(payment.recordedAt);
  const ahead = monthsAheadRefused(policy, payment.months, collectedIn);
  if (ahead.length > 0) {
    throw new DomainError('DUES_AHEAD_NOT_ALLOWED', {
      message: `本支部未同意按季度或提前交纳（预交）：${collectedIn} 收取的党费不能交纳 ${ahead.join('、')}`,
    });
  }
  const assessments = await assessmentsOf(db, payment.memberId);
  const paidSoFar = await netPaidByMonth(db, payment.memberId, payment.months);
  let expected = 0;
  const rules = new Set<string>();
  const wrong: string[] = [];
  for (const { month, amountFen } of [...payment.allocation].sort((a, b) => a.month.localeCompare(b.month))) {
    const assessment = assessmentForMonth(assessments, month);
    if (assessment === null) throw new DomainError('DUES_NOT_ASSESSED', { message: `该党员 ${month} 尚未核定党费基数` });
    // The terms in force that month: a 减免 applies only inside its approved window (the domain's rule).
    const monthly = expectedDuesFen(assessment, policy, month);
    if (monthly === null) throw new DomainError('DUES_OTHER_CHANNEL');
    expected += monthly;
    rules.add(describeRule(termsInForce(assessment, month), policy));
    // A month is paid in full, or topped up by what a payment before a base increase left owing. Paying a
    // month already paid in full is accepted (two devices offline): the ledger flags it for the secretary.
    const owing = monthly - (paidSoFar.get(month) ?? 0);
    if (amountFen !== monthly && !(owing > 0 && owing < monthly && amountFen === owing)) {
      wrong.push(`${month} 应缴 ${formatYuan(owing > 0 && owing < monthly ? owing : monthly)} 元，本笔 ${formatYuan(amountFen)} 元`);
    }
  }
  if (wrong.length > 0) {
    const owed = `${payment.months.length} 个月应缴 ${formatYuan(expected)} 元（${[...rules].join('；')}）`;
    throw new DomainError('DUES_AMOUNT_MISMATCH', {
      message: `交纳金额与核定应缴金额不符：${owed}；${wrong.join('，')}`,
    });
  }
}

/** What a member has paid, net of reversals, for each of the given months (from the stored allocations). */
async function netPaidByMonth(db: Db, memberId: string, months: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('dues_payments as p')
    .innerJoin('dues_payment_months as pm', 'pm.payment_id', 'p.id')
    .select('p.data')
    .where('p.member_id', '=', memberId)
    .where('pm.month', 'in', [...months])
    .execute();
  const paid = new Map<string, number>();
  for (const row of rows) {
    const stored = JSON.parse(row.data) as Pick<DuesPayment, 'allocation'>;
    for (const share of stored.allocation) {
      if (months.includes(share.month)) paid.set(share.month, (paid.get(share.month) ?? 0) + share.amountFen);
    }
  }
  return paid;
}

/** A reversal undoes one whole payment of the same member, once: the negated amount and the same months. */
async function checkReversal(db: Db, reversal: DuesPayment): Promise<void> {
  if (reversal.reverses === null) throw new DomainError('DUES_BAD_REVERSAL');
  const original = await db.selectFrom('dues_payments').selectAll().where('id', '=', reversal.reverses).executeTakeFirst();
  if (!original || original.kind !== 'payment' || original.member_id !== reversal.memberId) {
    throw new DomainError('DUES_BAD_REVERSAL', { message: '冲正记录无效：要冲正的交纳记录不存在' });
  }
  const months = await db.selectFrom('dues_payment_months').select('month').where('payment_id', '=', original.id).execute();
  const originalMonths = months.map((m) => m.month).sort();
  const sameMonths =
    reversal.months.length === originalMonths.length && [...reversal.months].sort().every((m, i) => m === originalMonths[i]);
  const stored = JSON.parse(original.data) as Pick<DuesPayment, 'allocation' | 'voluntaryFen'>;
  const share = new Map(stored.allocation.map((a) => [a.month, a.amountFen]));
  const sameShares = reversal.allocation.every((a) => share.get(a.month) === -a.amountFen) && reversal.voluntaryFen === -stored.voluntaryFen;
  if (reversal.amountFen !== -original.amount_fen || !sameMonths || !sameShares) {
    throw new DomainError('DUES_BAD_REVERSAL', {
      message: `冲正记录无效：应冲正 ${formatYuan(-original.amount_fen)} 元及原交纳的全部月份`,
    });
  }
  const earlier = await db.selectFrom('dues_payments').select('id').where('reverses', '=', original.id).executeTakeFirst();
  if (earlier) throw new DomainError('DUES_BAD_REVERSAL', { message: '冲正记录无效：该笔交纳已冲正' });
}
