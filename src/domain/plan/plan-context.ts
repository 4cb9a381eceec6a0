import type { Member } from '../member';
import type { VisitType } from '../visit';
import type { PlanItem, PlanReason, PlanSource, PlanState } from './plan-types';
import type { DatedVisit, MemberVisits } from './plan-visits';
import type { VisitSettingsValues, VisitTier } from './visit-settings';

/** What the plan reads of a member. */
export type PlanMember = Pick<
  Member,
  'id' | 'communityId' | 'branchId' | 'birthDate' | 'risks' | 'status' | 'diedOn' | 'away' | 'transfer' | 'isPartyMember' | 'joinedPartyOn'
>;

/** One member's plan in the making: the day, the member's rules and visits, and the items found so far. */
export interface MemberPlan {
  today: string;
  horizonDays: number;
  /** today + horizonDays: open items are listed when their window opens by then. */
  listedBy: string;
  /** The first day of the recent past: settled items are kept when they settled on it or after. */
  recentFrom: string;
  member: PlanMember;
  tier: VisitTier;
  values: VisitSettingsValues;
  /** Away members are phoned: their occasions accept a call and their cadence is by phone (docs/DOMAIN.md §4). */
  away: boolean;
  visits: MemberVisits;
  /** The visits in force up to today that counted in person (countsInPerson), in time order. */
  inPerson: DatedVisit[];
  /** The visits in force up to today that reached the member in any way (countsAsContact), in time order. */
  contacts: DatedVisit[];
  items: DraftItem[];
}

/** An item with the day it stopped being open (null while open): settled items are kept only while recent. */
export interface DraftItem {
  item: PlanItem;
  settledOn: string | null;
}

export interface ItemWindow {
  reason: PlanReason;
  source: PlanSource;
  /** Distinguishes items of one source, e.g. a visit's second follow-up ('#1'). */
  part?: string;
  /** What keeps the key stable: the window's start, or 'first' for a member never contacted. */
  anchor: string;
  from: string;
  due: string;
  resolvedByTypes: readonly VisitType[];
  detail?: string | null;
}

/** Adds an item in its state; `by` is the resolving record's id (or the replacing item's key). */
export function addItem(plan: MemberPlan, w: ItemWindow, state: PlanState, by: string | null = null, settledOn: string | null = null): PlanItem {
  const item: PlanItem = {
    key: itemKey(plan, w),
    memberId: plan.member.id,
    reason: w.reason,
    tier: plan.tier,
    from: w.from,
    due: w.due,
    source: w.source,
    resolvedByTypes: w.resolvedByTypes,
    state,
    resolvedBy: by,
    detail: w.detail ?? null,
  };
  plan.items.push({ item, settledOn: state === 'open' ? null : settledOn });
  return item;
}

/** The key an item of this window will have, for a `replaced` item to name its successor. */
export function itemKey(plan: MemberPlan, w: Pick<ItemWindow, 'reason' | 'source' | 'part' | 'anchor'>): string {
  return `${w.reason}:${plan.member.id}:${w.source.kind}:${w.source.id}${w.part ?? ''}:${w.anchor}`;
}
