import { checkHandoverPayments, orThrow, type CashHandover, type DuesPayment, type HandoverConfirmation, type Remittance, DomainError } from '../../../domain';
import type { Db } from '../../storage/tables';
import {
  isBranchSecretary,
  requireBranchInScope,
  requireSecretaryOfBranch,
  type HandlerOutcome,
  type MutationContext,
} from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/**
 * A worker passes a month's cash to the secretary. Recorded by the branch secretary or by the collector for
 * their own cash; the other side confirms (confirmHandover). Each payment is handed over once: the payment id
 * is the key of cash_handover_payments.
 */
export async function recordHandover(db: Db, ctx: MutationContext, handover: CashHandover): Promise<HandlerOutcome> {
  await requireBranchInScope(db, ctx, handover.branchId);
  const bySecretary = isBranchSecretary(ctx, handover.branchId);
  const byCollector = ctx.user.role === 'worker' && handover.collectorId === ctx.user.id;
  if (!bySecretary && !byCollector) throw new DomainError('SECRETARY_ONLY', { message: '只有本支部书记或收款人本人可以录入现金交接' });
  const hash = await newRecordHash(db, 'cash_handover', handover);
  if (hash === null) return duplicate(handover.id);
  if (handover.collectorId === ctx.user.id && bySecretary) {
    throw new DomainError('CASH_BAD_HANDOVER', { message: '现金交接无效：书记本人收取的现金已在书记处，无需交接' });
  }
  await checkHandedPayments(db, handover);

  const outcome = await storeRecord(
    db,
    ctx,
    'cash_handover',
    {
      id: handover.id,
      branch_id: handover.branchId,
      collector_id: handover.collectorId,
      month: handover.month,
      counted_fen: handover.countedFen,
      recorded_by: handover.recordedBy,
      content_hash: hash,
      data: JSON.stringify(handover),
    },
    // Read by the collector (registry `own`) and the branch's secretary.
    { memberId: null, branchId: handover.branchId, ownerId: handover.collectorId },
  );
  await db
    .insertInto('cash_handover_payments')
    .values(handover.paymentIds.map((paymentId) => ({ payment_id: paymentId, handover_id: handover.id, branch_id: handover.branchId })))
    .execute();
  return outcome;
}

/**
 * The domain's checkHandoverPayments over what the database holds of the listed payments: the payments
 * themselves, the reversals naming them and the handovers already covering them.
 */
async function checkHandedPayments(db: Db, handover: CashHandover): Promise<void> {
  const ids = [...new Set(handover.paymentIds)];
  const [rows, reversed, handed] = await Promise.all([
    db.selectFrom('dues_payments').select('data').where('id', 'in', ids).execute(),
    db.selectFrom('dues_payments').select('reverses').where('reverses', 'in', ids).execute(),
    db.selectFrom('cash_handover_payments').select('payment_id').where('payment_id', 'in', ids).execute(),
  ]);
  orThrow(
    checkHandoverPayments(handover, {
      payments: rows.map((r) => JSON.parse(r.data) as DuesPayment),
      reversedIds: new Set(reversed.flatMap((r) => (r.reverses === null ? [] : [r.reverses]))),
      handedIds: new Set(handed.map((r) => r.payment_id)),
    }),
  );
}

/**
 * The other party confirms: a handover the collector recorded is confirmed by the branch secretary, one the
 * secretary recorded by the collector. Once per handover.
 */
export async function confirmHandover(db: Db, ctx: MutationContext, confirmation: HandoverConfirmation): Promise<HandlerOutcome> {
  await requireBranchInScope(db, ctx, confirmation.branchId);
  const hash = await newRecordHash(db, 'handover_confirmation', confirmation);
  if (hash === null) return duplicate(confirmation.id);
  const handover = await db
    .selectFrom('cash_handovers')
    .select(['collector_id', 'recorded_by'])
    .where('id', '=', confirmation.handoverId)
    .where('branch_id', '=', confirmation.branchId)
    .executeTakeFirst();
  if (!handover) throw new DomainError('CASH_BAD_HANDOVER', { message: '现金交接无效：要确认的交接记录不存在' });
  const otherParty =
    handover.recorded_by === handover.collector_id ? isBranchSecretary(ctx, confirmation.branchId) : ctx.user.id === handover.collector_id;
  if (!otherParty) {
    throw new DomainError('FORBIDDEN', { message: '现金交接须由另一方确认：收款人录入的由书记确认，书记录入的由收款人确认' });
  }
  const earlier = await db.selectFrom('handover_confirmations').select('id').where('handover_id', '=', confirmation.handoverId).executeTakeFirst();
  if (earlier) throw new DomainError('CASH_BAD_HANDOVER', { message: '现金交接无效：该交接已确认' });
  return storeRecord(
    db,
    ctx,
    'handover_confirmation',
    {
      id: confirmation.id,
      branch_id: confirmation.branchId,
      handover_id: confirmation.handoverId,
      confirmed_by: confirmation.confirmedBy,
      content_hash: hash,
      data: JSON.stringify(confirmation),
    },
    { memberId: null, branchId: confirmation.branchId, ownerId: handover.collector_id },
  );
}

/** The branch pays upward; the receipt number is the upper level's 党费收据. */
export async function recordRemittance(db: Db, ctx: MutationContext, remittance: Remittance): Promise<HandlerOutcome> {
  await requireSecretaryOfBranch(db, ctx, remittance.branchId);
  const hash = await newRecordHash(db, 'remittance', remittance);
  if (hash === null) return duplicate(remittance.id);
  return storeRecord(
    db,
    ctx,
    'remittance',
    {
      id: remittance.id,
      branch_id: remittance.branchId,
      remitted_on: remittance.remittedOn,
      amount_fen: remittance.amountFen,
      content_hash: hash,
      data: JSON.stringify(remittance),
    },
    { memberId: null, branchId: remittance.branchId },
  );
}
