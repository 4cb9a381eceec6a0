import type { DuesAssessment, DuesPayment, DuesPolicy } from './dues';
import { describeRule, formatYuan } from './dues-rules';
import { assessmentForMonth, expectedDuesFen, monthsAheadRefused, termsInForce } from './dues-terms';
import { ERRORS } from './errors';
import { collectionMonth } from './months';
import { ACCEPTED, refuse, type Refusal, type Verdict } from './verdict';

/**
 * The checks a dues payment must pass (docs/DOMAIN.md §3), once for both sides: the server's dues.record handler
 * calls checkDuesPayment with what it read from the database, the tablet's payment form quotes with
 * quoteDuesPayment over what Dexie holds — and whatever the quote offers, the check accepts.
 *
 * - months distinct, at most the policy's maxMonthsPerPayment (DUES_TOO_MANY_MONTHS);
 * - months after the collection month (recordedAt in Asia/Shanghai) only when the branch allows paying ahead
 *   (quarterlyAllowed, else DUES_AHEAD_NOT_ALLOWED); back-payment is always allowed;
 * - no month after the month the member died (MEMBER_DECEASED);
 * - each month covered by the member's 核定 in force (assessmentForMonth, else DUES_NOT_ASSESSED) collected by
 *   this branch (else DUES_OTHER_CHANNEL);
 * - each share is that month's dues (the terms in force that month, a 减免 only inside its window), or exactly
 *   what earlier payments left owing when they paid less than that (a prepayment before a base increase): a
 *   top-up. A month already paid in full may be paid again (two devices offline): the ledger flags it.
 *   Otherwise DUES_AMOUNT_MISMATCH, naming the amounts and the rule.
 */

export type DuesPaymentRefusalReason =
  | 'not_a_payment'
  | 'repeated_month'
  | 'over_cap'
  | 'ahead_not_allowed'
  | 'no_assessment'
  | 'original_unit'
  | 'member_deceased'
  | 'amount_mismatch';

export interface DuesPaymentContext {
  /** The member's 核定, in any order (other members' are ignored). */
  assessments: readonly DuesAssessment[];
  policy: Pick<DuesPolicy, 'bands' | 'rounding' | 'fixedCategoryFen' | 'maxMonthsPerPayment' | 'quarterlyAllowed'>;
  /** What the member's earlier payments and reversals put into each month so far (paidByMonth). */
  paidSoFarByMonth: ReadonlyMap<string, number>;
  /** The member's date of death, if recorded: dues close from the following month (docs/DOMAIN.md §4). */
  diedOn?: string | null;
}

/**
 * What payments and reversals put into each of `months` (every month they name when left out): the sum of
 * their frozen allocation shares. Each payment counts once, however many of the months it covers.
 */
export function paidByMonth(payments: readonly Pick<DuesPayment, 'allocation'>[], months?: readonly string[]): Map<string, number> {
  const wanted = months === undefined ? null : new Set(months);
  const paid = new Map<string, number>();
  for (const payment of payments) {
    for (const share of payment.allocation) {
      if (wanted === null || wanted.has(share.month)) paid.set(share.month, (paid.get(share.month) ?? 0) + share.amountFen);
    }
  }
  return paid;
}

/** One month's dues for the member: the monthly amount, what this payment should put in, and the rule. */
interface MonthDue {
  month: string;
  monthlyFen: number;
  /** monthlyFen, or the smaller amount earlier payments left owing (a top-up). */
  dueFen: number;
  rule: string;
}

function monthDue(memberId: string, month: string, ctx: DuesPaymentContext): MonthDue | Refusal<DuesPaymentRefusalReason> {
  // The ledger closes after the month of death; months up to it may still be settled (by the family).
  if (ctx.diedOn && month > ctx.diedOn.slice(0, 7)) {
    return refuse('MEMBER_DECEASED', 'member_deceased', `该党员已于 ${ctx.diedOn} 去世，${month} 起不再交纳党费`);
  }
  const assessment = assessmentForMonth(ctx.assessments, memberId, month);
  if (assessment === null) return refuse('DUES_NOT_ASSESSED', 'no_assessment', `该党员 ${month} 尚未核定党费基数`);
  // The terms in force that month: a 减免 applies only inside its approved window.
  const monthlyFen = expectedDuesFen(assessment, ctx.policy, month);
  if (monthlyFen === null) return refuse('DUES_OTHER_CHANNEL', 'original_unit', ERRORS.DUES_OTHER_CHANNEL.zh);
  const owing = monthlyFen - (ctx.paidSoFarByMonth.get(month) ?? 0);
  return { month, monthlyFen, dueFen: owing > 0 && owing < monthlyFen ? owing : monthlyFen, rule: describeRule(termsInForce(assessment, month), ctx.policy) };
}

/** Distinct months, within the cap, ahead of the collection month only where the branch allows it. */
function checkMonths(months: readonly string[], collectedIn: string, policy: DuesPaymentContext['policy']): Verdict<DuesPaymentRefusalReason> {
  if (new Set(months).size !== months.length) return refuse('DUES_TOO_MANY_MONTHS', 'repeated_month', '同一笔交纳中月份重复');
  if (months.length > policy.maxMonthsPerPayment) {
    return refuse('DUES_TOO_MANY_MONTHS', 'over_cap', `本支部一次最多交纳 ${policy.maxMonthsPerPayment} 个月，本笔为 ${months.length} 个月`);
  }
  const ahead = monthsAheadRefused(policy, months, collectedIn);
  if (ahead.length > 0) {
    return refuse('DUES_AHEAD_NOT_ALLOWED', 'ahead_not_allowed', `本支部未同意按季度或提前交纳（预交）：${collectedIn} 收取的党费不能交纳 ${ahead.join('、')}`);
  }
  return ACCEPTED;
}

/** A payment (kind 'payment') against the member's 核定, the branch policy and what was paid before it. */
export function checkDuesPayment(
  payment: Pick<DuesPayment, 'memberId' | 'reverses' | 'months' | 'allocation' | 'recordedAt'>,
  ctx: DuesPaymentContext,
): Verdict<DuesPaymentRefusalReason> {
  if (payment.reverses !== null) {
    const message = '冲正对象：只有冲正记录才能填写';
    return refuse('VALIDATION_FAILED', 'not_a_payment', message, [{ path: 'record.reverses', message }]);
  }
  const months = checkMonths(payment.months, collectionMonth(payment.recordedAt), ctx.policy);
  if (!months.ok) return months;
  let expected = 0;
  const rules = new Set<string>();
  const wrong: string[] = [];
  for (const { month, amountFen } of [...payment.allocation].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))) {
    const due = monthDue(payment.memberId, month, ctx);
    if ('ok' in due) return due;
    expected += due.monthlyFen;
    rules.add(due.rule);
    if (amountFen !== due.monthlyFen && amountFen !== due.dueFen) wrong.push(`${month} 应缴 ${formatYuan(due.dueFen)} 元，本笔 ${formatYuan(amountFen)} 元`);
  }
  if (wrong.length > 0) {
    const owed = `${payment.months.length} 个月应缴 ${formatYuan(expected)} 元（${[...rules].join('；')}）`;
    return refuse('DUES_AMOUNT_MISMATCH', 'amount_mismatch', `交纳金额与核定应缴金额不符：${owed}；${wrong.join('，')}`);
  }
  return ACCEPTED;
}

export type DuesQuote =
  | { ok: true; months: string[]; allocation: { month: string; amountFen: number }[]; totalFen: number; rules: string[] }
  | Refusal<DuesPaymentRefusalReason>;

/**
 * What paying `months` costs, month by month, when collected in `collectedIn`: each month's share is what
 * checkDuesPayment expects of it (the month's dues, or the top-up earlier payments left owing). A refusal is
 * the one the check would answer a payment of these months with.
 */
export function quoteDuesPayment(request: { memberId: string; months: readonly string[]; collectedIn: string }, ctx: DuesPaymentContext): DuesQuote {
  const verdict = checkMonths(request.months, request.collectedIn, ctx.policy);
  if (!verdict.ok) return verdict;
  const months = [...request.months].sort();
  const allocation: { month: string; amountFen: number }[] = [];
  const rules = new Set<string>();
  let totalFen = 0;
  for (const month of months) {
    const due = monthDue(request.memberId, month, ctx);
    if ('ok' in due) return due;
    allocation.push({ month, amountFen: due.dueFen });
    totalFen += due.dueFen;
    rules.add(due.rule);
  }
  return { ok: true, months, allocation, totalFen, rules: [...rules] };
}
