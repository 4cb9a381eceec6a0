import { assessmentForMonth, describeRule, expectedDuesFen, monthsAheadRefused, termsInForce, type DuesAssessment, type DuesPolicy } from '../../domain';
import { addMonths } from '../format/dates';

export type DuesQuote =
  | { ok: true; months: string[]; allocation: { month: string; amountFen: number }[]; totalFen: number; rules: string[] }
  | { ok: false; reason: 'over_cap' | 'ahead_not_allowed' | 'no_assessment' | 'original_unit' | 'bad_month' };

/** The assessment in force for a month (one member's assessments, in the order they were made). */
function termsFor(assessments: DuesAssessment[], month: string): DuesAssessment | null {
  const memberId = assessments[0]?.memberId;
  return memberId === undefined ? null : assessmentForMonth(assessments, memberId, month);
}

/**
 * What n consecutive months from `from` cost, month by month from the assessment in force for each (a new
 * base applies from the month it takes effect). The cap is the branch's maxMonthsPerPayment; months after
 * `collectedIn` (the month the money is taken) only where the branch allows paying ahead.
 */
export function quoteDues(assessments: DuesAssessment[], policy: DuesPolicy, from: string, count: number, collectedIn: string): DuesQuote {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(from) || !Number.isInteger(count) || count < 1) return { ok: false, reason: 'bad_month' };
  if (count > policy.maxMonthsPerPayment) return { ok: false, reason: 'over_cap' };
  const months = Array.from({ length: count }, (_, i) => addMonths(from, i));
  if (monthsAheadRefused(policy, months, collectedIn).length > 0) return { ok: false, reason: 'ahead_not_allowed' };
  let totalFen = 0;
  const rules = new Set<string>();
  const allocation: { month: string; amountFen: number }[] = [];
  for (const month of months) {
    const terms = termsFor(assessments, month);
    if (terms === null) return { ok: false, reason: 'no_assessment' };
    // The relief window decides whether a reduced/exempt category applies this month, as in the ledger.
    const fen = expectedDuesFen(terms, policy, month);
    if (fen === null) return { ok: false, reason: 'original_unit' };
    totalFen += fen;
    allocation.push({ month, amountFen: fen });
    rules.add(describeRule(termsInForce(terms, month), policy));
  }
  return { ok: true, months, allocation, totalFen, rules: [...rules] };
}
