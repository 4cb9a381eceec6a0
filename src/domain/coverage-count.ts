import type { IsoDate } from './common';
import type { Member } from './member';
import { addMonths } from './months';
import type { Campaign } from './plan/campaign';
import { awayAllMonth, careEndedOn, isDueInMonth, isOverdueInMonth } from './plan/coverage-rules';
import { monthBounds, shanghaiDay } from './plan/days';
import type { PlanMember } from './plan/plan';
import { inCohort } from './plan/plan-occasions';
import { visitTier } from './plan/tier';
import type { VisitSettingsValues, VisitTier } from './plan/visit-settings';

/**
 * How one member counts in a month's coverage (月探访率, docs/DOMAIN.md §9), from the facts the server reads: the
 * plan's rules (tier, due, overdue, away, care ended) applied to one member, so that every line — worker, branch,
 * community, and the list of who was not visited — sums the same verdicts.
 */

/** What coverage reads of a member. */
export type CoverageMember = Pick<Member, 'birthDate' | 'risks' | 'status' | 'diedOn' | 'away' | 'transfer'>;

export interface MemberMonthFacts {
  /** The Shanghai day of the member's last visit in person that reached them, before the month; null: none. */
  lastInPersonBefore: IsoDate | null;
  /** Visited in person (reached) in the month, by anyone. */
  visitedInMonth: boolean;
  /** Reached by phone or video in the month, by anyone. */
  phonedInMonth: boolean;
}

export interface MemberMonth {
  /** In the community's care in the month: counted among `members`. Not, once gone (已故, 转出) before it began. */
  inCare: boolean;
  tier: VisitTier;
  away: boolean;
  due: boolean;
  overdue: boolean;
  visited: boolean;
  phoned: boolean;
}

/**
 * The day a month's figures are read on: its last day once it is over, today (Shanghai) while it runs; null for
 * a month that has not begun (there is nothing to count yet).
 */
export function coverageAsOf(month: string, today: IsoDate): IsoDate | null {
  const { first, last } = monthBounds(month);
  if (today < first) return null;
  return today < last ? today : last;
}

/** A Shanghai month as the UTC instants it runs between: [from, to). Instants are compared as stored text. */
export function monthInstants(month: string): { from: string; to: string } {
  return { from: shanghaiMidnight(month), to: shanghaiMidnight(addMonths(month, 1)) };
}

function shanghaiMidnight(month: string): string {
  const utc = Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) - 8 * 60 * 60 * 1000;
  return new Date(utc).toISOString();
}

/**
 * A member in a month: the tier read on `asOf` under the member's branch settings, and the plan's rules of what
 * is due and overdue. A member whose care ended (death, 转出) before the month began, or on a day unknown, is not
 * in care that month and counts nowhere.
 */
export function memberMonth(member: CoverageMember, facts: MemberMonthFacts, month: string, asOf: IsoDate, values: VisitSettingsValues): MemberMonth {
  const leftOn = careEndedOn(member);
  const gone = (member.status === 'deceased' || member.status === 'transferred') && (leftOn === null || leftOn < monthBounds(month).first);
  const tier = visitTier(member, asOf, values);
  const away = awayAllMonth(member, month);
  const dueFacts = { tier, status: member.status, leftOn, awayAllMonth: away, lastInPersonBefore: facts.lastInPersonBefore };
  const due = isDueInMonth(dueFacts, month, values);
  return {
    inCare: !gone,
    tier,
    away,
    due,
    // Overdue is only ever a member due and not visited: asked only then (a district reads 10,000 members a month).
    overdue: due && !facts.visitedInMonth && isOverdueInMonth({ ...dueFacts, visitedInMonth: false }, month, values, asOf),
    visited: !gone && facts.visitedInMonth,
    phoned: !gone && facts.phonedInMonth,
  };
}

/**
 * The day a campaign's progress is read on: today while it runs (or before it begins), its last day once it is
 * over — the day it was cancelled, if it was.
 */
export function campaignAsOf(campaign: Pick<Campaign, 'endsOn' | 'cancelledAt'>, today: IsoDate): IsoDate {
  const cancelled = campaign.cancelledAt === null ? null : shanghaiDay(campaign.cancelledAt);
  const end = cancelled !== null && cancelled < campaign.endsOn ? cancelled : campaign.endsOn;
  return today < end ? today : end;
}

/**
 * Whether a member counts in a campaign's progress (docs/DOMAIN.md §9): its cohort holds them on `asOf` (risk flags,
 * 高龄 among them, read that day), and they were still in care then — or were visited for it before they left.
 */
export function countsInCampaign(
  campaign: Pick<Campaign, 'cohort'>,
  member: PlanMember,
  asOf: IsoDate,
  advancedAge: number,
  visited: boolean,
): boolean {
  if (!inCohort(campaign, member, asOf, advancedAge)) return false;
  const leftOn = careEndedOn(member);
  const gone = (member.status === 'deceased' || member.status === 'transferred') && (leftOn === null || leftOn <= asOf);
  return visited || !gone;
}
