import { z } from 'zod';
import { FEN_CEILING, FenWithin, Id, IsoDate, IsoInstant, NonNegativeFenWithin, OptionalText, ShortText, YearMonth } from './common';

/** A month's cash of one collector: a worker looks after at most a few dozen members, a branch at most 50. */
export const MAX_HANDOVER_PAYMENTS = 500;
/** A remittance covers the collection months of at most two years. */
export const MAX_REMITTED_MONTHS = 24;

/**
 * The secretary's append-only ledger records beside the payments (dues.ts). Nothing in the ledger is edited or
 * deleted: a mistake is corrected by a further record, so the books can always be explained line by line.
 */

/**
 * A correction of a member's dues for one month, with its reason: the only entry a locked month accepts.
 * `cash` says whether money moved (a refund paid out, cash found) or only the books are corrected.
 */
export const DuesAdjustment = z.object({
  id: Id,
  memberId: Id,
  branchId: Id,
  /** The dues month whose paid amount this corrects. */
  month: YearMonth,
  amountFen: FenWithin(FEN_CEILING.ledgerEntry).refine((fen) => fen !== 0, { error: '调整金额不能为 0' }),
  cash: z.boolean(),
  reason: ShortText(200),
  recordedBy: Id,
  recordedAt: IsoInstant,
});
export type DuesAdjustment = z.infer<typeof DuesAdjustment>;

/**
 * How the secretary settles a month paid twice (two devices offline): the named payment's share of that
 * month is refunded to the member, or credited to a later month. Both payments stay in the books as they
 * happened; this record explains the surplus.
 */
export const DuplicateResolution = z
  .object({
    id: Id,
    memberId: Id,
    branchId: Id,
    /** The month paid more than once. */
    month: YearMonth,
    /** The payment whose share of `month` is moved. */
    paymentId: Id,
    action: z.enum(['refund', 'credit']),
    creditMonth: YearMonth.nullable(),
    amountFen: NonNegativeFenWithin(FEN_CEILING.ledgerEntry).refine((fen) => fen > 0, { error: '金额必须大于 0' }),
    note: OptionalText(200),
    recordedBy: Id,
    recordedAt: IsoInstant,
  })
  .superRefine((r, ctx) => {
    if (r.action === 'credit' && (r.creditMonth === null || r.creditMonth <= r.month)) {
      ctx.addIssue({ code: 'custom', path: ['creditMonth'], message: '转入月份须晚于重复交纳的月份' });
    }
    if (r.action === 'refund' && r.creditMonth !== null) {
      ctx.addIssue({ code: 'custom', path: ['creditMonth'], message: '退款不填转入月份' });
    }
  });
export type DuplicateResolution = z.infer<typeof DuplicateResolution>;

/**
 * A worker passes the cash collected in a month to the secretary. Recorded by either side and confirmed by
 * the other (HandoverConfirmation); `countedFen` is the cash actually handed over, so a shortfall shows as a
 * difference against the payments it covers.
 */
export const CashHandover = z.object({
  id: Id,
  branchId: Id,
  collectorId: Id,
  month: YearMonth,
  paymentIds: z
    .array(Id)
    .min(1, { error: '至少包含一笔交纳' })
    .max(MAX_HANDOVER_PAYMENTS, { error: `一次交接最多 ${MAX_HANDOVER_PAYMENTS} 笔` }),
  countedFen: NonNegativeFenWithin(FEN_CEILING.ledgerEntry),
  handedAt: IsoInstant,
  recordedBy: Id,
  note: OptionalText(200),
});
export type CashHandover = z.infer<typeof CashHandover>;

export const HandoverConfirmation = z.object({
  id: Id,
  handoverId: Id,
  branchId: Id,
  confirmedBy: Id,
  confirmedAt: IsoInstant,
});
export type HandoverConfirmation = z.infer<typeof HandoverConfirmation>;

/** The branch pays the dues upward; the upper level issues a 党费收据. */
export const Remittance = z.object({
  id: Id,
  branchId: Id,
  /** The collection months the remittance covers. */
  months: z.array(YearMonth).min(1).max(MAX_REMITTED_MONTHS, { error: `最多 ${MAX_REMITTED_MONTHS} 个月` }),
  amountFen: NonNegativeFenWithin(FEN_CEILING.ledgerEntry).refine((fen) => fen > 0, { error: '金额必须大于 0' }),
  /** 大额党费 is remitted separately (docs/DOMAIN.md §3). */
  largeVoluntary: z.boolean(),
  remittedOn: IsoDate,
  receiptNo: ShortText(40),
  recordedBy: Id,
  recordedAt: IsoInstant,
});
export type Remittance = z.infer<typeof Remittance>;

/**
 * 结账: locking a collection month after reconciling, and the explicit, logged unlock. The month's state is
 * the last action recorded for it. A reason is required to unlock.
 */
export const MonthClose = z
  .object({
    id: Id,
    branchId: Id,
    month: YearMonth,
    action: z.enum(['lock', 'unlock']),
    reason: OptionalText(200),
    by: Id,
    at: IsoInstant,
  })
  .superRefine((c, ctx) => {
    if (c.action === 'unlock' && c.reason.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '解锁须注明原因' });
    }
  });
export type MonthClose = z.infer<typeof MonthClose>;

/**
 * Members objectively prevented from paying (in hospital, away with a reason) are not treated mechanically:
 * the secretary records the reason and the months it covers, and those months do not count toward arrears.
 */
export const ArrearsExcuse = z.object({
  id: Id,
  memberId: Id,
  branchId: Id,
  from: YearMonth,
  to: YearMonth,
  reason: ShortText(200),
  recordedBy: Id,
  recordedAt: IsoInstant,
});
export type ArrearsExcuse = z.infer<typeof ArrearsExcuse>;
