import { fieldError, type DomainError } from '../errors';
import { compareInstants } from '../months';
import { daysBetween, shanghaiDay } from './days';
import type { VisitSettingsValues } from './visit-settings';

/** A phone's clock may run a little ahead of the server's: a visit this far past "now" is still accepted. */
export const VISIT_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type VisitTimeProblem =
  | { reason: 'future'; message: string }
  | { reason: 'too_far_back'; backdateDays: number; message: string };

/** After `now` by more than the clock skew allowed. */
export function visitTimeInFuture(occurredAt: string, now: string): boolean {
  return compareInstants(occurredAt, now) > 0 && Date.parse(occurredAt) - Date.parse(now) > VISIT_CLOCK_SKEW_MS;
}

/**
 * What is wrong with a visit's time (docs/DOMAIN.md §4), or null. A visit may be written up later, so its
 * `occurredAt` is set by the worker: never after `recordedAt` (beyond VISIT_CLOCK_SKEW_MS), and at most
 * `visitBackdateDays` calendar days before it, both read as Shanghai days (0 = the same day only). The server
 * checks the record's own `recordedAt` (a visit synced a week late stays valid) and, with visitTimeInFuture,
 * that `occurredAt` is not after its own clock.
 */
export function visitTimeProblem(
  occurredAt: string,
  recordedAt: string,
  settings: Pick<VisitSettingsValues, 'visitBackdateDays'>,
): VisitTimeProblem | null {
  if (visitTimeInFuture(occurredAt, recordedAt)) {
    return { reason: 'future', message: '走访时间不能晚于现在' };
  }
  const back = settings.visitBackdateDays;
  if (daysBetween(shanghaiDay(occurredAt), shanghaiDay(recordedAt)) > back) {
    return {
      reason: 'too_far_back',
      backdateDays: back,
      message: back === 0 ? '走访时间只能是今天' : `走访时间最多只能补记到 ${back} 天前`,
    };
  }
  return null;
}

/**
 * The rule for a record about to be saved or received: a new visit by visitTimeProblem; a correction (`amends`)
 * keeps the time of the visit it corrects, however long ago, so only the future is refused for it.
 */
export function recordedVisitTimeProblem(
  visit: { occurredAt: string; recordedAt: string; amends: string | null },
  settings: Pick<VisitSettingsValues, 'visitBackdateDays'>,
): VisitTimeProblem | null {
  if (visit.amends === null) return visitTimeProblem(visit.occurredAt, visit.recordedAt, settings);
  return visitTimeInFuture(visit.occurredAt, visit.recordedAt) ? { reason: 'future', message: '走访时间不能晚于现在' } : null;
}

/** The refusal both sides raise for a problem: VALIDATION_FAILED on the field occurredAt, in the schemas' wording. */
export function visitTimeError(problem: VisitTimeProblem): DomainError {
  return fieldError('occurredAt', '走访时间', problem.message);
}
