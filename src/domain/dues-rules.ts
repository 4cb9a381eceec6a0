import type { DuesPolicy, RoundingMode } from './dues';

/**
 * The dues rule of docs/DOMAIN.md §3 in integer fen. Rates apply to the whole base (全额累进): the first band whose
 * ceiling the base does not exceed gives the rate for the entire base, which is why 5,000.00 元 owes 25.00 元
 * and 5,000.01 元 owes 50.00 元.
 */

export type DuesCategoryName = 'normal' | 'fixed' | 'reduced' | 'exempt';
export type DuesChannelName = 'this_branch' | 'original_unit';

/** A member's yearly 核定 as far as the amount is concerned. */
export interface DuesAssessmentTerms {
  baseFen: number;
  category: DuesCategoryName;
  channel: DuesChannelName;
  /** The monthly amount a branch decided for the reduced category (减免 decision), in fen. */
  reducedFen: number | null;
}

/** Divides a non-negative integer by a positive integer, rounding as the branch chose. */
export function divideRounded(numerator: number, denominator: number, mode: RoundingMode): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0) throw new RangeError('numerator must be a non-negative safe integer');
  const quotient = Math.floor(numerator / denominator);
  const twiceRemainder = (numerator - quotient * denominator) * 2;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return twiceRemainder > 0 ? quotient + 1 : quotient;
    case 'half_up':
      return twiceRemainder >= denominator ? quotient + 1 : quotient;
    case 'half_even':
      if (twiceRemainder > denominator) return quotient + 1;
      if (twiceRemainder < denominator) return quotient;
      return quotient % 2 === 0 ? quotient : quotient + 1;
  }
}

export function rateForBase(baseFen: number, policy: Pick<DuesPolicy, 'bands'>): number {
  const band = policy.bands.find((b) => b.upToFen === null || baseFen <= b.upToFen);
  if (!band) throw new RangeError('the dues policy has no band for this base');
  return band.rateBasisPoints;
}

/** Monthly dues in fen; null when this branch does not collect from the member (dues paid at the old work unit). */
export function monthlyDuesFen(terms: DuesAssessmentTerms, policy: Pick<DuesPolicy, 'bands' | 'rounding' | 'fixedCategoryFen'>): number | null {
  if (terms.channel === 'original_unit') return null;
  switch (terms.category) {
    case 'exempt':
      return 0;
    case 'fixed':
      return policy.fixedCategoryFen;
    case 'reduced':
      if (terms.reducedFen === null) throw new RangeError('a reduced category needs the decided amount');
      return terms.reducedFen;
    case 'normal':
      return divideRounded(terms.baseFen * rateForBase(terms.baseFen, policy), 10_000, policy.rounding);
  }
}

/** How the rule reads next to the number, e.g. "月基数 5,000.01 元 × 1% = 50.00 元（四舍五入到分）". */
export function describeRule(terms: DuesAssessmentTerms, policy: Pick<DuesPolicy, 'bands' | 'rounding' | 'fixedCategoryFen'>): string {
  const amount = monthlyDuesFen(terms, policy);
  if (amount === null) return '在原单位交纳，本支部不收取';
  switch (terms.category) {
    case 'exempt':
      return '经批准免交';
    case 'fixed':
      return `定额 ${formatYuan(amount)} 元/月`;
    case 'reduced':
      return `经批准减交 ${formatYuan(amount)} 元/月`;
    case 'normal': {
      const percent = rateForBase(terms.baseFen, policy) / 100;
      return `月基数 ${formatYuan(terms.baseFen)} 元 × ${percent}% = ${formatYuan(amount)} 元（${ROUNDING_LABELS[policy.rounding]}）`;
    }
  }
}

const ROUNDING_LABELS: Record<RoundingMode, string> = {
  half_up: '四舍五入到分',
  half_even: '四舍六入五成双到分',
  down: '舍去分以下',
  up: '分以下进一',
};

/**
 * 12345 → "123.45", with thousands separators. Grouped by hand rather than with toLocaleString: Chromium builds
 * a number formatter on every call (about 0.1 ms each, 50 ms the first time), which made it two thirds of the
 * dues ledger's time on the tablet.
 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
