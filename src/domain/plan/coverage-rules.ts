import type { IsoDate } from '../common';
import type { Member, MemberStatus } from '../member';
import type { Visit, VisitOutcome, VisitType } from '../visit';
import { addDays, monthBounds } from './days';
import type { VisitSettingsValues, VisitTier } from './visit-settings';

/**
 * Coverage (月探访率, docs/DOMAIN.md §9) and the plan (§4) count visits by the same rules, on the server and on
 * the device alike.
 */

/** Visit types made at the member's side: 定期走访 · 节日慰问 · 生病住院探望 · 送学上门 · 困难帮扶. */
export const inPersonTypes: readonly VisitType[] = ['regular', 'festival', 'sick', 'study_delivery', 'hardship'];

/** Contacts at a distance: 电话 · 视频. They never count as a visit in person. */
export const distanceTypes: readonly VisitType[] = ['phone', 'video'];

/** Every type: what resolves an occasion for a member who is away (phone or video, or a visit if they are back). */
export const contactTypes: readonly VisitType[] = [...inPersonTypes, ...distanceTypes];

/**
 * Outcomes where the member was reached: met (at home, or on the phone), or in hospital (seen there, or the call
 * told of it). Not home, moved and deceased reach nobody, so such a record resolves nothing and counts for nothing.
 */
export const REACHED_OUTCOMES: readonly VisitOutcome[] = ['met', 'in_hospital'];

export function isInPersonType(type: VisitType): boolean {
  return type !== 'phone' && type !== 'video';
}

export function reachedMember(outcome: VisitOutcome): boolean {
  return outcome === 'met' || outcome === 'in_hospital';
}

/** A visit in person that reached the member: what coverage counts as 探访 and what a home-visit item needs. */
export function countsInPerson(visit: Pick<Visit, 'type' | 'outcome'>): boolean {
  return isInPersonType(visit.type) && reachedMember(visit.outcome);
}

/** A phone or video call that reached the member: counted apart from visits (`phoned`). */
export function countsAsCall(visit: Pick<Visit, 'type' | 'outcome'>): boolean {
  return !isInPersonType(visit.type) && reachedMember(visit.outcome);
}

/** Any contact that reached the member, in person or at a distance: what resets the monthly phone contact. */
export function countsAsContact(visit: Pick<Visit, 'type' | 'outcome'>): boolean {
  return reachedMember(visit.outcome);
}

/** The day the member left the community's care: the death's date, or a 转出's; null while in care or unknown. */
export function careEndedOn(member: Pick<Member, 'status' | 'diedOn' | 'transfer'>): IsoDate | null {
  if (member.status === 'deceased') return member.diedOn;
  if (member.status === 'transferred') return member.transfer?.direction === 'out' ? member.transfer.on : null;
  return null;
}

/**
 * Away (外出) for the whole of a month: away now, and since the month's first day or earlier. A member whose
 * leaving date is unknown counts as away the whole time; a return is read from the status, not from the
 * expected date.
 */
export function awayAllMonth(member: Pick<Member, 'status' | 'away'>, month: string): boolean {
  if (member.status !== 'away') return false;
  const since = member.away?.from ?? null;
  return since === null || since <= monthBounds(month).first;
}

export interface MonthDueFacts {
  /** The member's tier, read on the month's last day (or today, for the current month). */
  tier: VisitTier;
  status: MemberStatus;
  /** careEndedOn(member): with status deceased or transferred, the day care ended (null: unknown, long ago). */
  leftOn?: IsoDate | null;
  awayAllMonth: boolean;
  /** The Shanghai day of the last visit that countsInPerson before the month's first day, or null. */
  lastInPersonBefore: IsoDate | null;
}

/**
 * Whether a member is due a visit in person in a month (docs/DOMAIN.md §9): high and key tiers every month;
 * general when their next visit falls due by the month's last day (the last visit before the month plus the
 * general cadence's targetDays; never visited = due). Not due: away the whole month (they are phoned instead),
 * deceased or transferred before the month began (or on a day unknown).
 */
export function isDueInMonth(facts: MonthDueFacts, month: string, values: Pick<VisitSettingsValues, 'cadence'>): boolean {
  const { first, last } = monthBounds(month);
  if (facts.status === 'deceased' || facts.status === 'transferred') {
    const leftOn = facts.leftOn ?? null;
    if (leftOn === null || leftOn < first) return false;
  }
  if (facts.awayAllMonth) return false;
  if (facts.tier !== 'general') return true;
  if (facts.lastInPersonBefore === null) return true;
  return addDays(facts.lastInPersonBefore, values.cadence.general.targetDays) <= last;
}

/**
 * Overdue in a month, as of a day (the month's last day for a past month, today for the current one): due, not
 * visited in person in the month, and past the tier's maxDays since the last visit in person by `asOf` (never
 * visited: overdue once the month has begun).
 */
export function isOverdueInMonth(
  facts: MonthDueFacts & { visitedInMonth: boolean },
  month: string,
  values: Pick<VisitSettingsValues, 'cadence'>,
  asOf: IsoDate,
): boolean {
  if (facts.visitedInMonth || !isDueInMonth(facts, month, values)) return false;
  const { first, last } = monthBounds(month);
  const day = asOf < last ? asOf : last;
  if (day < first) return false;
  if (facts.lastInPersonBefore === null) return true;
  return addDays(facts.lastInPersonBefore, values.cadence[facts.tier].maxDays) < day;
}
