import type { DuesPayment } from './dues';
import { formatYuan } from './dues-rules';
import { ERRORS } from './errors';
import { ACCEPTED, refuse, type Verdict } from './verdict';

/**
 * A correction of the dues ledger is a reversal of one whole payment (docs/DOMAIN.md §3): the ledger is
 * append-only. Built here on the tablet, checked here on the server against the original it read.
 */

export type ReversalRefusalReason = 'no_original' | 'not_matching' | 'already_reversed';

/** Negates without making -0 (stored JSON and content hashes would read the same, but equality is plainer). */
const negate = (fen: number): number => (fen === 0 ? 0 : -fen);

/**
 * The reversal of a payment: its months, every share, the voluntary part and the amount negated; recorded by
 * `collectedBy` at `recordedAt` (the collection month of the correction), everything else as the original.
 */
export function buildReversal(payment: DuesPayment, by: { id: string; collectedBy: string; recordedAt: string }): DuesPayment {
  return {
    ...payment,
    id: by.id,
    kind: 'reversal',
    reverses: payment.id,
    months: [...payment.months],
    allocation: payment.allocation.map((a) => ({ month: a.month, amountFen: negate(a.amountFen) })),
    voluntaryFen: negate(payment.voluntaryFen),
    amountFen: negate(payment.amountFen),
    collectedBy: by.collectedBy,
    recordedAt: by.recordedAt,
  };
}

/** The payments that a reversal among `payments` undoes, by id. */
export function reversedPaymentIds(payments: readonly Pick<DuesPayment, 'kind' | 'reverses'>[]): Set<string> {
  const reversed = new Set<string>();
  for (const p of payments) if (p.kind === 'reversal' && p.reverses !== null) reversed.add(p.reverses);
  return reversed;
}

/**
 * A reversal against the payment it names (`original`, null when none is known by that id) and whether that
 * payment was reversed already: a payment of the same member, undone whole — the same months, each share and
 * the voluntary part and the amount negated — and only once (DUES_BAD_REVERSAL).
 */
export function checkReversal(
  reversal: Pick<DuesPayment, 'memberId' | 'reverses' | 'months' | 'allocation' | 'voluntaryFen' | 'amountFen'>,
  original: Pick<DuesPayment, 'kind' | 'memberId' | 'months' | 'allocation' | 'voluntaryFen' | 'amountFen'> | null,
  alreadyReversed: boolean,
): Verdict<ReversalRefusalReason> {
  if (reversal.reverses === null) return refuse('DUES_BAD_REVERSAL', 'no_original', ERRORS.DUES_BAD_REVERSAL.zh);
  if (original === null || original.kind !== 'payment' || original.memberId !== reversal.memberId) {
    return refuse('DUES_BAD_REVERSAL', 'no_original', '冲正记录无效：要冲正的交纳记录不存在');
  }
  const originalMonths = [...original.months].sort();
  const sameMonths = reversal.months.length === originalMonths.length && [...reversal.months].sort().every((m, i) => m === originalMonths[i]);
  const share = new Map(original.allocation.map((a) => [a.month, a.amountFen]));
  const sameShares = reversal.allocation.every((a) => share.get(a.month) === -a.amountFen) && reversal.voluntaryFen === -original.voluntaryFen;
  if (reversal.amountFen !== -original.amountFen || !sameMonths || !sameShares) {
    return refuse('DUES_BAD_REVERSAL', 'not_matching', `冲正记录无效：应冲正 ${formatYuan(-original.amountFen)} 元及原交纳的全部月份`);
  }
  if (alreadyReversed) return refuse('DUES_BAD_REVERSAL', 'already_reversed', '冲正记录无效：该笔交纳已冲正');
  return ACCEPTED;
}
