import { z } from 'zod';
import { Fen, Id, IsoInstant, NonNegativeFen, OptionalText, ShortText, YearMonth } from './common';

/**
 * Rates apply to the whole base (全额累进), not marginally: a band is "base up to X fen → rate".
 * Rates are in basis points so 0.5 % is the integer 50.
 */
export const RateBand = z.object({
  upToFen: NonNegativeFen.nullable(),
  rateBasisPoints: z.number().int().min(0).max(10_000),
});

export const RoundingMode = z.enum(['half_up', 'half_even', 'down', 'up']);
export type RoundingMode = z.infer<typeof RoundingMode>;

/** Everything DOMAIN §3 says varies by place is a branch setting here. */
export const DuesPolicy = z.object({
  branchId: Id,
  bands: z.array(RateBand).min(1),
  rounding: RoundingMode,
  fixedCategoryFen: NonNegativeFen,
  maxMonthsPerPayment: z.number().int().min(1).max(12),
  quarterlyAllowed: z.boolean(),
  arrearsWarningMonths: z.array(z.number().int().min(1).max(12)),
  arrearsRemovalMonths: z.number().int().min(1).max(24),
});
export type DuesPolicy = z.infer<typeof DuesPolicy>;

export const DEFAULT_DUES_POLICY: Omit<DuesPolicy, 'branchId'> = {
  bands: [
    { upToFen: 500_000, rateBasisPoints: 50 },
    { upToFen: null, rateBasisPoints: 100 },
  ],
  rounding: 'half_up',
  fixedCategoryFen: 20,
  maxMonthsPerPayment: 6,
  quarterlyAllowed: true,
  arrearsWarningMonths: [3, 4, 5],
  arrearsRemovalMonths: 6,
};

export const DuesCategory = z.enum(['normal', 'fixed', 'reduced', 'exempt']);
export const DuesChannel = z.enum(['this_branch', 'original_unit']);

export const PaidBy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('self') }),
  z.object({ kind: z.literal('proxy'), name: ShortText(32) }),
]);

/** Append-only: a correction is a reversal entry naming the payment it reverses. */
export const DuesPayment = z.object({
  id: Id,
  memberId: Id,
  branchId: Id,
  kind: z.enum(['payment', 'reversal']),
  reverses: Id.nullable(),
  months: z.array(YearMonth).min(1),
  amountFen: Fen,
  method: z.enum(['cash', 'transfer']),
  receiptRef: OptionalText(40),
  paidBy: PaidBy,
  collectedBy: Id,
  recordedAt: IsoInstant,
});
export type DuesPayment = z.infer<typeof DuesPayment>;

/**
 * 核定: a member's monthly base and category for a year, effective from a month. A change during the year is a
 * new assessment effective from its month; earlier months keep the old terms.
 */
export const DuesAssessment = z
  .object({
    id: Id,
    memberId: Id,
    branchId: Id,
    year: z.number().int().min(2000).max(2100),
    effectiveFrom: YearMonth,
    baseFen: NonNegativeFen,
    category: DuesCategory,
    channel: DuesChannel,
    reducedFen: NonNegativeFen.nullable(),
  })
  .superRefine((a, ctx) => {
    if (a.category === 'reduced' && a.reducedFen === null) {
      ctx.addIssue({ code: 'custom', path: ['reducedFen'], message: '减交须填写批准的月缴金额' });
    }
    if (!a.effectiveFrom.startsWith(String(a.year))) {
      ctx.addIssue({ code: 'custom', path: ['effectiveFrom'], message: '生效月份须在核定年度内' });
    }
  });
export type DuesAssessment = z.infer<typeof DuesAssessment>;
