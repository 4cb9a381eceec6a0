import { computeBranchLedger, formatYuan, type DuesPayment, type DuplicateResolution, DomainError } from '../../../domain';
import type { Db } from '../../storage/tables';
import { ledgerInput } from '../ledger';
import { requireMonthOpen } from '../ledger-lock';
import { requireSecretaryOfMember, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

const bad = (why: string) => new DomainError('DUES_BAD_RESOLUTION', { message: `重复交纳处理无效：${why}` });

/**
 * Settles a month paid twice: the named payment's share of it is refunded or credited to a later month. The
 * month must really be paid more than once with that payment in force, and no more can be moved than the
 * payment's share of the month or than the surplus the ledger (the domain's, as on the tablet) still shows.
 */
export async function resolveDuplicate(db: Db, ctx: MutationContext, resolution: DuplicateResolution): Promise<HandlerOutcome> {
  await requireSecretaryOfMember(db, ctx, resolution.memberId, resolution.branchId);
  const hash = await newRecordHash(db, 'duplicate_resolution', resolution);
  if (hash === null) return duplicate(resolution.id);
  // A refund is money leaving in its collection month: like payments, not into a closed month.
  await requireMonthOpen(db, { entry: 'resolution', ...resolution }, '重复交纳处理');

  const payment = await db
    .selectFrom('dues_payments')
    .select(['data', 'kind', 'member_id'])
    .where('id', '=', resolution.paymentId)
    .executeTakeFirst();
  if (!payment || payment.kind !== 'payment' || payment.member_id !== resolution.memberId) throw bad('要处理的交纳记录不存在');
  const reversed = await db.selectFrom('dues_payments').select('id').where('reverses', '=', resolution.paymentId).executeTakeFirst();
  if (reversed) throw bad('该笔交纳已冲正');
  const share = (JSON.parse(payment.data) as DuesPayment).allocation.find((a) => a.month === resolution.month);
  if (!share) throw bad(`该笔交纳不含 ${resolution.month}`);
  if (resolution.amountFen > share.amountFen) {
    throw bad(`金额 ${formatYuan(resolution.amountFen)} 元超过该笔交纳在 ${resolution.month} 的 ${formatYuan(share.amountFen)} 元`);
  }

  const month = resolution.month;
  const ledger = computeBranchLedger(await ledgerInput(db, resolution.branchId, { from: month, to: month, asOf: month }, resolution.memberId));
  const flag = ledger.duplicates.find((d) => d.memberId === resolution.memberId && d.month === month && d.paymentIds.includes(resolution.paymentId));
  if (!flag || flag.surplusFen <= 0) throw bad(`${month} 没有待处理的重复交纳`);
  if (resolution.amountFen > flag.surplusFen) {
    throw bad(`金额 ${formatYuan(resolution.amountFen)} 元超过 ${month} 多交的 ${formatYuan(flag.surplusFen)} 元`);
  }

  return storeRecord(
    db,
    ctx,
    'duplicate_resolution',
    {
      id: resolution.id,
      member_id: resolution.memberId,
      branch_id: resolution.branchId,
      month,
      payment_id: resolution.paymentId,
      amount_fen: resolution.amountFen,
      content_hash: hash,
      data: JSON.stringify(resolution),
    },
    { memberId: resolution.memberId, branchId: resolution.branchId },
  );
}
