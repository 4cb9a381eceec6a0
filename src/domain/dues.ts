import { z } from 'zod';
import { FEN_CEILING, FenWithin, Id, IsoDate, IsoInstant, NonNegativeFen, NonNegativeFenWithin, OptionalText, ShortText, YearMonth } from './common';

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

/** Months without organisational life that flag a member (docs/DOMAIN.md §5) unless the branch sets otherwise. */
export const DEFAULT_ATTENDANCE_FLAG_MONTHS = 6;

/**
 * Everything docs/DOMAIN.md §3 says varies by place is a branch setting here, and the attendance threshold of
 * §5 beside it (the branch's one settings record). `attendanceFlagMonths` came later: policies stored before it
 * read as the default, so every stored or pulled policy stays valid.
 */
export const DuesPolicy = z.object({
  branchId: Id,
  bands: z.array(RateBand).min(1).max(10),
  rounding: RoundingMode,
  fixedCategoryFen: NonNegativeFenWithin(FEN_CEILING.monthlyBase),
  maxMonthsPerPayment: z.number().int().min(1).max(12),
  quarterlyAllowed: z.boolean(),
  arrearsWarningMonths: z.array(z.number().int().min(1).max(12)).max(12),
  arrearsRemovalMonths: z.number().int().min(1).max(24),
  attendanceFlagMonths: z.number().int().min(1).max(24).default(DEFAULT_ATTENDANCE_FLAG_MONTHS),
});
export type DuesPolicy = z.infer<typeof DuesPolicy>;
/** A policy as written or stored: attendanceFlagMonths may be missing (the default). */
export type DuesPolicyInput = z.input<typeof DuesPolicy>;

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
  attendanceFlagMonths: DEFAULT_ATTENDANCE_FLAG_MONTHS,
};

/**
 * The branch's settings in force: its own policy (as stored or pulled, perhaps written before a setting
 * existed, which then reads as its default) or, never set, the defaults of docs/DOMAIN.md §3.
 */
export function branchPolicy(branchId: string, stored: DuesPolicyInput | null | undefined): DuesPolicy {
  return stored ? DuesPolicy.parse(stored) : { branchId, ...DEFAULT_DUES_POLICY };
}

export const DuesCategory = z.enum(['normal', 'fixed', 'reduced', 'exempt']);
export const DuesChannel = z.enum(['this_branch', 'original_unit']);
export type DuesChannel = z.infer<typeof DuesChannel>;

export const PaidBy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('self') }),
  z.object({ kind: z.literal('proxy'), name: ShortText(32) }),
]);

/** The share of a payment that settles one month's dues. */
export const MonthAllocation = z.object({ month: YearMonth, amountFen: FenWithin(FEN_CEILING.payment) });
export type MonthAllocation = z.infer<typeof MonthAllocation>;

/**
 * Append-only: a correction is a reversal entry naming the payment it reverses.
 *
 * `allocation` freezes, at the time of collection, how much of the amount settles each month (the assessed
 * monthly dues then in force): a prepayment made before a base increase keeps its old per-month amounts, so
 * the ledger shows the difference as still owed. `voluntaryFen` is paid on top of the dues (自愿多交); one-off
 * voluntary payments of 1,000 元 or more are 大额党费, remitted separately. amountFen = Σ allocation +
 * voluntaryFen. A reversal carries the original's allocation and voluntary amount negated.
 */
export const DuesPayment = z
  .object({
    id: Id,
    memberId: Id,
    branchId: Id,
    kind: z.enum(['payment', 'reversal']),
    reverses: Id.nullable(),
    // A payment covers at most the branch's cap (≤ 12 months, a setting); 24 bounds what any device may send.
    months: z.array(YearMonth).min(1).max(24),
    allocation: z.array(MonthAllocation).min(1).max(24),
    voluntaryFen: FenWithin(FEN_CEILING.payment).default(0),
    amountFen: FenWithin(FEN_CEILING.payment),
    method: z.enum(['cash', 'transfer']),
    receiptRef: OptionalText(40),
    paidBy: PaidBy,
    collectedBy: Id,
    recordedAt: IsoInstant,
  })
  .superRefine((p, ctx) => {
    const allocated = p.allocation.map((a) => a.month);
    if (allocated.length !== p.months.length || [...allocated].sort().join() !== [...p.months].sort().join()) {
      ctx.addIssue({ code: 'custom', path: ['allocation'], message: '分月金额须与所交月份一一对应' });
    }
    const sum = p.allocation.reduce((total, a) => total + a.amountFen, 0) + p.voluntaryFen;
    if (sum !== p.amountFen) {
      ctx.addIssue({ code: 'custom', path: ['amountFen'], message: '交纳金额须等于各月金额与自愿多交之和' });
    }
    const sign = p.kind === 'payment' ? 1 : -1;
    if (p.allocation.some((a) => a.amountFen * sign < 0) || p.voluntaryFen * sign < 0) {
      ctx.addIssue({ code: 'custom', path: ['allocation'], message: p.kind === 'payment' ? '交纳金额不能为负数' : '冲正金额应为负数' });
    }
  });
export type DuesPayment = z.infer<typeof DuesPayment>;
/** What a device writes: voluntaryFen may be left out (0). */
export type DuesPaymentInput = z.input<typeof DuesPayment>;

/** One-off voluntary payments from this amount on are 大额党费 (docs/DOMAIN.md §3), remitted separately. */
export const LARGE_VOLUNTARY_FEN = 100_000;

/**
 * The 减免 trail (docs/DOMAIN.md §3): application → branch decision → (often) approval by the next level up → the
 * months it is in effect. Required for the reduced and exempt categories.
 */
export const ReliefApproval = z.object({
  appliedOn: IsoDate,
  branchDecisionOn: IsoDate,
  branchDecisionRef: ShortText(60),
  upperApprovalOn: IsoDate.nullable(),
  upperApprovalRef: OptionalText(60),
  effectiveFrom: YearMonth,
  /** Last month of relief, inclusive; null = until the next assessment. */
  effectiveTo: YearMonth.nullable(),
});
export type ReliefApproval = z.infer<typeof ReliefApproval>;

/**
 * 核定: a member's monthly base and category for a year, effective from a month. A change during the year is a
 * new assessment effective from its month; earlier months keep the old terms. The base is the basic pension
 * only (allowances excluded). `assessedAt` is when the secretary made it: of two assessments effective from the
 * same month the later-made one is in force (assessmentForMonth). Assessments stored before it existed have
 * none and count as made before any that has one.
 */
export const DuesAssessment = z
  .object({
    id: Id,
    memberId: Id,
    branchId: Id,
    year: z.number().int().min(2000).max(2100),
    effectiveFrom: YearMonth,
    baseFen: NonNegativeFenWithin(FEN_CEILING.monthlyBase),
    category: DuesCategory,
    channel: DuesChannel,
    reducedFen: NonNegativeFenWithin(FEN_CEILING.monthlyBase).nullable(),
    relief: ReliefApproval.nullable().default(null),
    assessedAt: IsoInstant.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.category === 'reduced' && a.reducedFen === null) {
      ctx.addIssue({ code: 'custom', path: ['reducedFen'], message: '减交须填写批准的月缴金额' });
    }
    if (!a.effectiveFrom.startsWith(String(a.year))) {
      ctx.addIssue({ code: 'custom', path: ['effectiveFrom'], message: '生效月份须在核定年度内' });
    }
    if (a.relief !== null && a.relief.effectiveTo !== null && a.relief.effectiveTo < a.relief.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['relief', 'effectiveTo'], message: '减免截止月份不能早于起始月份' });
    }
  });
export type DuesAssessment = z.infer<typeof DuesAssessment>;
export type DuesAssessmentInput = z.input<typeof DuesAssessment>;
