import { checkDuesPayment, checkReversal, orThrow, paidByMonth, type DuesPayment, DomainError } from '../../../domain';
import type { Db } from '../../storage/tables';
import { assessmentsOf, policyForBranch } from '../dues-terms';
import { requireMonthOpen } from '../ledger-lock';
import { requireMemberInScope, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

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
  const hash = await newRecordHash(db, 'dues_payment', payment);
  if (hash === null) return duplicate(payment.id);
  await requireMonthOpen(db, { entry: 'payment', ...payment }, payment.kind === 'reversal' ? '冲正' : '交纳');

  if (payment.kind === 'reversal') await checkStoredReversal(db, payment);
  else await checkPayment(db, payment, member.died_on);

  const outcome = await storeRecord(
    db,
    ctx,
    'dues_payment',
    {
      id: payment.id,
      member_id: payment.memberId,
      branch_id: payment.branchId,
      kind: payment.kind,
      reverses: payment.reverses,
      amount_fen: payment.amountFen,
      content_hash: hash,
      data: JSON.stringify(payment),
    },
    { memberId: payment.memberId, branchId: payment.branchId },
  );
  await db
    .insertInto('dues_payment_months')
    .values(payment.months.map((month) => ({ payment_id: payment.id, month, member_id: payment.memberId, branch_id: payment.branchId })))
    .execute();
  return outcome;
}

/**
 * The domain's checkDuesPayment over what the database holds: the branch policy, the member's 核定 and what the
 * member's earlier payments and reversals put into the payment's months — the very check the tablet's quote
 * makes over its own copy.
 */
async function checkPayment(db: Db, payment: DuesPayment, diedOn: string | null): Promise<void> {
  const [policy, assessments, earlier] = await Promise.all([
    policyForBranch(db, payment.branchId),
    assessmentsOf(db, payment.memberId),
    paymentsCovering(db, payment.memberId, payment.months),
  ]);
  orThrow(checkDuesPayment(payment, { assessments, policy, paidSoFarByMonth: paidByMonth(earlier, payment.months), diedOn }));
}

/** The member's payments and reversals that cover any of the months, each once. */
async function paymentsCovering(db: Db, memberId: string, months: readonly string[]): Promise<Pick<DuesPayment, 'allocation'>[]> {
  const rows = await db
    .selectFrom('dues_payments as p')
    .select('p.data')
    .where('p.member_id', '=', memberId)
    .where((eb) => eb.exists(eb.selectFrom('dues_payment_months as pm').select('pm.payment_id').whereRef('pm.payment_id', '=', 'p.id').where('pm.month', 'in', [...months])))
    .execute();
  return rows.map((row) => JSON.parse(row.data) as Pick<DuesPayment, 'allocation'>);
}

/** The domain's checkReversal against the original as stored and whether a reversal of it is stored already. */
async function checkStoredReversal(db: Db, reversal: DuesPayment): Promise<void> {
  const [original, earlier] =
    reversal.reverses === null
      ? [undefined, undefined]
      : await Promise.all([
          db.selectFrom('dues_payments').select('data').where('id', '=', reversal.reverses).executeTakeFirst(),
          db.selectFrom('dues_payments').select('id').where('reverses', '=', reversal.reverses).executeTakeFirst(),
        ]);
  orThrow(checkReversal(reversal, original ? (JSON.parse(original.data) as DuesPayment) : null, earlier !== undefined));
}
