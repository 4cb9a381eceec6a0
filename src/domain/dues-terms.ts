import type { DuesAssessment, DuesPolicy } from './dues';
import { monthlyDuesFen, type DuesAssessmentTerms } from './dues-rules';

/**
 * Which 核定 is in force for a member-month, what it makes them owe, and the month arithmetic the ledgers use.
 * One implementation for the tablet and the server (DOMAIN §3), so the two can never quote different amounts.
 */

/** China has had no daylight-saving time since 1991: Asia/Shanghai is always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The dues month a record belongs to: its UTC instant read in Asia/Shanghai, e.g. 2026-01-31T16:30Z → 2026-02. */
export function collectionMonth(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`不是有效的时间：${isoInstant}`);
  const shanghai = new Date(ms + SHANGHAI_OFFSET_MS);
  return formatMonth(shanghai.getUTCFullYear(), shanghai.getUTCMonth() + 1);
}

/**
 * Orders two UTC instants. Stored instants may carry milliseconds or not, and as text '…00Z' sorts after
 * '…00.500Z'; strings of the same length share one layout and compare correctly as text, which spares the
 * parse in the usual case (every device writes toISOString()).
 */
export function compareInstants(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

/** Months counted from year 0, so two months subtract to their distance. */
export function monthIndex(month: string): number {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  return year * 12 + (m - 1);
}

function monthFromIndex(index: number): string {
  return formatMonth(Math.floor(index / 12), (index % 12) + 1);
}

function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month n months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  return monthFromIndex(monthIndex(month) + n);
}

/** Every month from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const start = monthIndex(from);
  const end = monthIndex(to);
  const months: string[] = [];
  for (let i = start; i <= end; i++) months.push(monthFromIndex(i));
  return months;
}

/**
 * The months of a payment that its branch does not let it cover: paying ahead of the collection month
 * (quarterly, 预交) needs the branch's consent (policy.quarterlyAllowed, DOMAIN §3). Back-payment (补交) of past
 * months is always allowed within the cap. Empty when nothing is refused.
 */
export function monthsAheadRefused(policy: Pick<DuesPolicy, 'quarterlyAllowed'>, months: readonly string[], collectedIn: string): string[] {
  return policy.quarterlyAllowed ? [] : months.filter((month) => month > collectedIn);
}

/**
 * The member's 核定 in force for the month: the latest effectiveFrom on or before it. Two assessments effective
 * from the same month: the one later in the input wins (callers list them in the order they were made).
 */
export function assessmentForMonth(assessments: readonly DuesAssessment[], memberId: string, month: string): DuesAssessment | null {
  let found: DuesAssessment | null = null;
  for (const a of assessments) {
    if (a.memberId !== memberId || a.effectiveFrom > month) continue;
    if (found === null || a.effectiveFrom >= found.effectiveFrom) found = a;
  }
  return found;
}

/**
 * The terms that apply in the month. A reduced or exempt category backed by a 减免 approval applies only inside
 * the approved window; outside it the member owes the normal rate on the base. Without an approval trail the
 * category applies to the whole assessment (assessments made before the trail was recorded).
 */
export function termsInForce(assessment: DuesAssessment, month: string): DuesAssessmentTerms {
  return {
    baseFen: assessment.baseFen,
    category: reliefLapsed(assessment, month) ? 'normal' : assessment.category,
    channel: assessment.channel,
    reducedFen: reliefLapsed(assessment, month) ? null : assessment.reducedFen,
  };
}

/** The month falls outside the approved window of a reduced or exempt category. */
function reliefLapsed(assessment: DuesAssessment, month: string): boolean {
  const relief = assessment.relief;
  if (relief === null || (assessment.category !== 'reduced' && assessment.category !== 'exempt')) return false;
  return month < relief.effectiveFrom || (relief.effectiveTo !== null && month > relief.effectiveTo);
}

/** The month's expected dues in fen; null when nothing is expected here (no 核定, or paid at the 原单位). */
export function expectedDuesFen(
  assessment: DuesAssessment | null,
  policy: Pick<DuesPolicy, 'bands' | 'rounding' | 'fixedCategoryFen'>,
  month: string,
): number | null {
  if (assessment === null) return null;
  // The assessment is itself a set of terms; a new object only when the relief has lapsed (the ledger asks
  // this for every member-month).
  return monthlyDuesFen(reliefLapsed(assessment, month) ? termsInForce(assessment, month) : assessment, policy);
}
