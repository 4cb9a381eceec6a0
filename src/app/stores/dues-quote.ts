import { consecutiveMonths, isYearMonth, quoteDuesPayment, refuse, type DuesAssessment, type DuesPolicy, type DuesQuote as DomainQuote } from '../../domain';

/** The domain's quote, or 'bad_month' while the form's months cannot be read. */
export type DuesQuote = DomainQuote | ReturnType<typeof refuse<'bad_month'>>;

/**
 * What n consecutive months from `from` cost when collected in `collectedIn`: the domain's quoteDuesPayment over
 * the member's 核定, the branch policy and what the device knows was paid for those months already — the
 * amounts, and the refusals with their codes and messages, that the server's check of the payment gives.
 */
export function quoteDues(
  assessments: readonly DuesAssessment[],
  policy: DuesPolicy,
  from: string,
  count: number,
  collectedIn: string,
  paidSoFarByMonth: ReadonlyMap<string, number> = new Map(),
  diedOn: string | null = null,
): DuesQuote {
  const memberId = assessments[0]?.memberId;
  if (!isYearMonth(from) || !Number.isInteger(count) || count < 1 || count > 999) return refuse('VALIDATION_FAILED', 'bad_month', '月份格式应为 YYYY-MM');
  return quoteDuesPayment({ memberId: memberId ?? '', months: consecutiveMonths(from, count), collectedIn }, { assessments, policy, paidSoFarByMonth, diedOn });
}
