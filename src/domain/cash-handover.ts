import type { DuesPayment } from './dues';
import { reversedPaymentIds } from './dues-reversal';
import type { CashHandover } from './ledger-records';
import { collectionMonth } from './months';
import { ACCEPTED, refuse, type Verdict } from './verdict';

/**
 * Which payments a collector may hand over in a month (现金交接, docs/DOMAIN.md §3): their own cash payments of
 * the branch collected that month (recordedAt in Asia/Shanghai), not reversed, not in another handover. The
 * tablet offers exactly these (unhandedCashPayments); the server checks a handover with checkHandoverPayments
 * over what it read.
 */

/** The payments some handover already covers. */
export function handedPaymentIds(handovers: readonly Pick<CashHandover, 'paymentIds'>[]): Set<string> {
  const handed = new Set<string>();
  for (const h of handovers) for (const id of h.paymentIds) handed.add(id);
  return handed;
}

/** A payment the collector may hand over for the month, given what is reversed and what is handed over. */
export function isHandoverEligible(
  payment: DuesPayment,
  collectorId: string,
  month: string,
  reversed: ReadonlySet<string>,
  handed: ReadonlySet<string>,
): boolean {
  return (
    payment.kind === 'payment' &&
    payment.method === 'cash' &&
    payment.collectedBy === collectorId &&
    collectionMonth(payment.recordedAt) === month &&
    !reversed.has(payment.id) &&
    !handed.has(payment.id)
  );
}

/**
 * The collector's cash of the month that a handover may still list, from the payments (and reversals) and
 * handovers the caller knows of.
 */
export function unhandedCashPayments(
  payments: readonly DuesPayment[],
  handovers: readonly Pick<CashHandover, 'paymentIds'>[],
  collectorId: string,
  month: string,
): DuesPayment[] {
  const reversed = reversedPaymentIds(payments);
  const handed = handedPaymentIds(handovers);
  return payments.filter((p) => isHandoverEligible(p, collectorId, month, reversed, handed));
}

/**
 * A handover's payments against what is known of them: `payments` the stored payments with those ids (any
 * branch, any kind), `reversedIds` those a reversal undoes, `handedIds` those another handover lists. Every
 * problem is named in the one refusal (CASH_BAD_HANDOVER).
 */
export function checkHandoverPayments(
  handover: Pick<CashHandover, 'branchId' | 'collectorId' | 'month' | 'paymentIds'>,
  known: { payments: readonly DuesPayment[]; reversedIds: ReadonlySet<string>; handedIds: ReadonlySet<string> },
): Verdict<'repeated_payment' | 'ineligible'> {
  const ids = handover.paymentIds;
  if (new Set(ids).size !== ids.length) return refuse('CASH_BAD_HANDOVER', 'repeated_payment', '现金交接无效：同一笔交纳列了两次');
  const listed = new Set(ids);
  const found = new Map<string, DuesPayment>();
  for (const p of known.payments) if (listed.has(p.id)) found.set(p.id, p);
  const problems: string[] = [];
  const missing = ids.filter((id) => found.get(id)?.branchId !== handover.branchId || found.get(id)?.kind !== 'payment');
  if (missing.length > 0) problems.push(`${missing.length} 笔交纳记录在本支部不存在`);
  let notCash = 0;
  let otherCollector = 0;
  let otherMonth = 0;
  for (const payment of found.values()) {
    if (payment.method !== 'cash') notCash += 1;
    else if (payment.collectedBy !== handover.collectorId) otherCollector += 1;
    else if (collectionMonth(payment.recordedAt) !== handover.month) otherMonth += 1;
  }
  const reversed = ids.filter((id) => known.reversedIds.has(id)).length;
  const handed = ids.filter((id) => known.handedIds.has(id)).length;
  if (notCash > 0) problems.push(`${notCash} 笔不是现金交纳`);
  if (otherCollector > 0) problems.push(`${otherCollector} 笔不是该收款人收取的`);
  if (otherMonth > 0) problems.push(`${otherMonth} 笔不是 ${handover.month} 收取的`);
  if (reversed > 0) problems.push(`${reversed} 笔已冲正`);
  if (handed > 0) problems.push(`${handed} 笔已在其他交接中`);
  return problems.length > 0 ? refuse('CASH_BAD_HANDOVER', 'ineligible', `现金交接无效：${problems.join('，')}`) : ACCEPTED;
}

/**
 * The payments a handover lists, in its own order, from the payments the caller knows of (one it does not know is
 * left out): the screens name each member and amount on the handover's line, so whose money it is can be checked
 * against the cash before it is confirmed (docs/DOMAIN.md §3.12).
 */
export function handoverPayments(handover: Pick<CashHandover, 'paymentIds'>, payments: readonly DuesPayment[]): DuesPayment[] {
  const byId = new Map(payments.map((p) => [p.id, p]));
  return handover.paymentIds.flatMap((id) => {
    const payment = byId.get(id);
    return payment === undefined ? [] : [payment];
  });
}
