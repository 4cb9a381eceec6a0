import type { IsoDate } from '../common';
import { addDays } from './days';
import type { Campaign } from './campaign';
import { careEndedOn, isInPersonType, reachedMember } from './coverage-rules';
import type { FollowUpClosure } from './follow-up-closure';
import type { MemberEvent } from './member-event';
import type { MemberPlan, PlanMember } from './plan-context';
import { followUpItems } from './plan-follow-ups';
import { birthdayItems, campaignItems, politicalBirthdayItems } from './plan-occasions';
import { cadenceItems, phoneItems } from './plan-recurring';
import { eventItems, sickItems } from './plan-triggers';
import type { PlanItem } from './plan-types';
import { groupByMember, memberVisits, type DatedVisit, type PlanVisit } from './plan-visits';
import { visitTier } from './tier';
import { settingsForBranch, type VisitSettings } from './visit-settings';

export type { PlanMember } from './plan-context';
export type { PlanVisit } from './plan-visits';

/** Open items are listed once their window opens within this many days: 本周 reaches the same weekday next week. */
export const PLAN_HORIZON_DAYS = 7;
/** Items done, not applicable or replaced stay listed this many days, today included, so nothing vanishes unseen. */
export const PLAN_RECENT_DAYS = 7;

export interface PlanInput {
  /** Today in Asia/Shanghai. */
  today: IsoDate;
  /** The members in the worker's (or the community's) care; the plan lists items for these only. */
  members: readonly PlanMember[];
  visits: readonly PlanVisit[];
  events: readonly MemberEvent[];
  closures: readonly FollowUpClosure[];
  campaigns: readonly Campaign[];
  /** The community's row and branch overrides; none = DEFAULT_VISIT_SETTINGS. */
  settings: readonly VisitSettings[];
  horizonDays?: number;
  recentDays?: number;
}

const REASON_ORDER: Readonly<Record<PlanItem['reason'], number>> = {
  sick: 0,
  event: 1,
  cadence: 2,
  phone: 3,
  follow_up: 4,
  campaign: 5,
  birthday: 6,
  political_birthday: 7,
};

/**
 * The worker's plan (docs/DOMAIN.md §4), computed on the device from what it holds, offline: for each member in
 * scope the items of every reason — open ones whose window opens within the horizon, and the recently settled
 * ones (done, not applicable, replaced) so that no item disappears silently. A member deceased or transferred
 * has no open item: what was open turns not applicable on the day care ended (shown while recent). Records are
 * grouped by member once; each member's work is proportional to their own records. A member's items depend on
 * nothing but their own records, the campaigns and settings of their community, and the day: a caller may
 * recompute one member alone after a record of theirs changes.
 */
export function computePlan(input: PlanInput): PlanItem[] {
  const today = input.today;
  const horizonDays = input.horizonDays ?? PLAN_HORIZON_DAYS;
  const recentFrom = addDays(today, 1 - (input.recentDays ?? PLAN_RECENT_DAYS));
  const listedBy = addDays(today, horizonDays);

  const visitsBy = groupByMember(input.visits);
  const eventsBy = groupByMember(input.events);
  const closuresBy = groupByMember(input.closures);
  const settingsBy = new Map<string, VisitSettings[]>();
  for (const row of input.settings) {
    const rows = settingsBy.get(row.communityId);
    if (rows) rows.push(row);
    else settingsBy.set(row.communityId, [row]);
  }
  // A campaign that ended before the recent past can show nothing; most of a community's history is skipped here.
  const campaignsBy = new Map<string, Campaign[]>();
  const campaignsFrom = addDays(recentFrom, -1);
  for (const campaign of input.campaigns) {
    if (campaign.startsOn > listedBy || campaign.endsOn < campaignsFrom) continue;
    const held = campaignsBy.get(campaign.communityId);
    if (held) held.push(campaign);
    else campaignsBy.set(campaign.communityId, [campaign]);
  }

  const items: PlanItem[] = [];
  for (const member of input.members) {
    const values = settingsForBranch(member.branchId, settingsBy.get(member.communityId) ?? []);
    const visits = memberVisits(visitsBy.get(member.id) ?? []);
    const inPerson: DatedVisit[] = [];
    const contacts: DatedVisit[] = [];
    for (const d of visits.inForce) {
      if (d.day > today || !reachedMember(d.visit.outcome)) continue;
      contacts.push(d);
      if (isInPersonType(d.visit.type)) inPerson.push(d);
    }
    const plan: MemberPlan = {
      today,
      horizonDays,
      listedBy,
      recentFrom,
      member,
      tier: visitTier(member, today, values),
      values,
      away: member.status === 'away',
      visits,
      inPerson,
      contacts,
      items: [],
    };
    const events = eventsBy.get(member.id) ?? [];
    cadenceItems(plan);
    phoneItems(plan);
    sickItems(plan, events);
    eventItems(plan, events);
    followUpItems(plan, closuresBy.get(member.id) ?? []);
    birthdayItems(plan);
    politicalBirthdayItems(plan);
    campaignItems(plan, campaignsBy.get(member.communityId) ?? []);

    const ended = member.status === 'deceased' || member.status === 'transferred';
    const leftOn = ended ? careEndedOn(member) : null;
    const endedBy = leftOn === null ? null : addDays(leftOn, horizonDays);
    // One pass over the member's drafts: kept, then listed while open within the horizon or settled recently.
    const listed: PlanItem[] = [];
    for (const draft of plan.items) {
      let { item, settledOn } = draft;
      if (item.state === 'open' && ended) {
        // What was open when care ended turns not applicable; an unknown date leaves nothing to show.
        if (endedBy === null || item.from > endedBy) continue;
        item = { ...item, state: 'not_applicable' };
        settledOn = leftOn;
      }
      if (settledOn === null ? item.from <= listedBy : settledOn >= recentFrom) listed.push(item);
    }
    listed.sort((a, b) => REASON_ORDER[a.reason] - REASON_ORDER[b.reason] || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.key < b.key ? -1 : 1));
    for (const item of listed) items.push(item);
  }
  return items;
}
