import { riskFlags } from '../risk';
import { addDays, anniversaryIn, shanghaiDay, weekStart } from './days';
import type { Campaign } from './campaign';
import { contactTypes, countsInPerson, inPersonTypes } from './coverage-rules';
import { addItem, type ItemWindow, type MemberPlan } from './plan-context';
import type { DatedVisit } from './plan-visits';

/**
 * A missed birthday or 政治生日 stays overdue this many days after its week, since a late visit still means
 * something; then it is no longer applicable (and kept while recent, like every settled item).
 */
export const OCCASION_GRACE_DAYS = 30;

/** The 80th, 90th and 100th birthdays are marked with a visit (docs/DOMAIN.md §4). */
export const MILESTONE_AGES: readonly number[] = [80, 90, 100];

/** The first visit in [from, until] among those that count (in person, or any contact for a member away). */
function firstVisitIn(visits: readonly DatedVisit[], from: string, until: string): DatedVisit | undefined {
  return visits.find((d) => d.day >= from && d.day <= until);
}

/** An occasion in the week (Monday to Sunday) of `day`. */
function weekOccasion(plan: MemberPlan, reason: 'birthday' | 'political_birthday', day: string, detail: string): void {
  const from = weekStart(day);
  if (from > plan.listedBy) return;
  const due = addDays(from, 6);
  const lapses = addDays(due, OCCASION_GRACE_DAYS + 1);
  if (lapses < plan.recentFrom) return;
  const window: ItemWindow = {
    reason,
    source: { kind: 'member', id: plan.member.id },
    anchor: from,
    from,
    due,
    resolvedByTypes: plan.away ? contactTypes : inPersonTypes,
    detail,
  };
  const visit = firstVisitIn(plan.away ? plan.contacts : plan.inPerson, from, addDays(lapses, -1));
  if (visit) addItem(plan, window, 'done', visit.visit.id, visit.day);
  else if (plan.today >= lapses) addItem(plan, window, 'not_applicable', null, lapses);
  else addItem(plan, window, 'open');
}

/** The years whose occasions can show today: last year's (still overdue or recent), this year's and next year's. */
function nearYears(today: string): number[] {
  const year = Number(today.slice(0, 4));
  return [year - 1, year, year + 1];
}

/** 80/90/100 birthdays, in their week. */
export function birthdayItems(plan: MemberPlan): void {
  const born = Number(plan.member.birthDate.slice(0, 4));
  for (const year of nearYears(plan.today)) {
    const age = year - born;
    if (MILESTONE_AGES.includes(age)) weekOccasion(plan, 'birthday', anniversaryIn(plan.member.birthDate, year), String(age));
  }
}

/** 政治生日: each anniversary of joining the party, for party members, in its week. */
export function politicalBirthdayItems(plan: MemberPlan): void {
  const joined = plan.member.joinedPartyOn;
  if (!plan.member.isPartyMember || joined === null) return;
  // Cheap text comparisons first: most anniversaries are months away either side. The bounds are the day's
  // (its week's last day, then the day it lapses) moved to the other side, so they are worked out once.
  const latest = addDays(plan.listedBy, 6);
  const earliest = addDays(plan.recentFrom, -(6 + OCCASION_GRACE_DAYS + 1));
  for (const year of nearYears(plan.today)) {
    const years = year - Number(joined.slice(0, 4));
    if (years < 1) continue;
    const day = anniversaryIn(joined, year);
    if (day > latest || day < earliest) continue;
    weekOccasion(plan, 'political_birthday', day, String(years));
  }
}

/** Whether a campaign's cohort holds the member; risk flags (高龄 among them) are read on `today`. */
export function inCohort(campaign: Pick<Campaign, 'cohort'>, member: MemberPlan['member'], today: string, advancedAge: number): boolean {
  const cohort = campaign.cohort;
  switch (cohort.type) {
    case 'everyone':
      return true;
    case 'party':
      return member.isPartyMember;
    case 'branch':
      return member.branchId === cohort.branchId;
    case 'risk': {
      const flags = riskFlags(member, today, advancedAge);
      return cohort.flags.some((flag) => flags.includes(flag));
    }
  }
}

/**
 * Whether a festival visit answers a campaign (docs/DOMAIN.md §9): one that names it, whatever its day; one that
 * names no campaign, when the campaign was open that day (in its window, not yet cancelled).
 */
export function festivalVisitCounts(campaign: Campaign, visit: DatedVisit['visit'], day: string): boolean {
  if (visit.type !== 'festival' || !countsInPerson(visit)) return false;
  const named = visit.campaignId ?? null;
  if (named !== null) return named === campaign.id;
  if (day < campaign.startsOn || day > campaign.endsOn) return false;
  return campaign.cancelledAt === null || day <= shanghaiDay(campaign.cancelledAt);
}

/**
 * A festival visit for each campaign of the member's community whose cohort holds them, from its start to its end
 * date. Unanswered, it is no longer applicable once the campaign closes by itself or is cancelled, and for a
 * member away (the goods wait for their return; the campaign's progress still counts them).
 */
export function campaignItems(plan: MemberPlan, campaigns: readonly Campaign[]): void {
  for (const campaign of campaigns) {
    if (campaign.startsOn > plan.listedBy || !inCohort(campaign, plan.member, plan.today, plan.values.advancedAge)) continue;
    const window: ItemWindow = {
      reason: 'campaign',
      source: { kind: 'campaign', id: campaign.id },
      anchor: campaign.startsOn,
      from: campaign.startsOn,
      due: campaign.endsOn,
      resolvedByTypes: ['festival'],
      detail: campaign.name,
    };
    const visit = plan.inPerson.find((d) => festivalVisitCounts(campaign, d.visit, d.day));
    if (visit) {
      addItem(plan, window, 'done', visit.visit.id, visit.day);
      continue;
    }
    const cancelledOn = campaign.cancelledAt === null ? null : shanghaiDay(campaign.cancelledAt);
    if (cancelledOn !== null && cancelledOn <= plan.today) {
      if (campaign.startsOn <= addDays(cancelledOn, plan.horizonDays)) addItem(plan, window, 'not_applicable', null, cancelledOn);
    } else if (plan.today > campaign.endsOn) {
      addItem(plan, window, 'not_applicable', null, addDays(campaign.endsOn, 1));
    } else if (plan.away) {
      const awaySince = plan.member.away?.from ?? null;
      addItem(plan, window, 'not_applicable', null, awaySince !== null && awaySince > campaign.startsOn ? awaySince : campaign.startsOn);
    } else {
      addItem(plan, window, 'open');
    }
  }
}
