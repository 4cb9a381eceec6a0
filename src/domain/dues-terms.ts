import type { DuesAssessment, DuesPolicy } from './dues';
import { monthlyDuesFen, type DuesAssessmentTerms } from './dues-rules';
import { compareInstants } from './months';

/**
 * Which 核定 is in force for a member-month and what it makes them owe (docs/DOMAIN.md §3). One implementation
 * for the tablet and the server, so the two can never quote different amounts. Month arithmetic: months.ts.
 */

/**
 * The months of a payment that its branch does not let it cover: paying ahead of the collection month
 * (quarterly, 预交) needs the branch's consent (policy.quarterlyAllowed, docs/DOMAIN.md §3). Back-payment (补交) of past
 * months is always allowed within the cap. Empty when nothing is refused.
 */
export function monthsAheadRefused(policy: Pick<DuesPolicy, 'quarterlyAllowed'>, months: readonly string[], collectedIn: string): string[] {
  return policy.quarterlyAllowed ? [] : months.filter((month) => month > collectedIn);
}

/**
 * The one order of a member's 核定, oldest first: by effectiveFrom; of two effective from the same month, the
 * later-made (assessedAt as an instant; one without assessedAt, stored before the field existed, counts as made
 * before any that has one); then by id. A total order over the records themselves, so which assessment is in
 * force never depends on the order a database or IndexedDB returns them in.
 */
export function compareAssessments(a: DuesAssessment, b: DuesAssessment): number {
  if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom < b.effectiveFrom ? -1 : 1;
  const at = a.assessedAt === undefined ? (b.assessedAt === undefined ? 0 : -1) : b.assessedAt === undefined ? 1 : compareInstants(a.assessedAt, b.assessedAt);
  if (at !== 0) return at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The member's 核定 in force for the month (docs/DOMAIN.md §3): of their assessments effective on or before it,
 * the last in compareAssessments' order — the latest effectiveFrom, then the later-made, then the greater id.
 * The input may come in any order. null when none covers the month.
 */
export function assessmentForMonth(assessments: readonly DuesAssessment[], memberId: string, month: string): DuesAssessment | null {
  let found: DuesAssessment | null = null;
  for (const a of assessments) {
    if (a.memberId !== memberId || a.effectiveFrom > month) continue;
    if (found === null || compareAssessments(a, found) > 0) found = a;
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
