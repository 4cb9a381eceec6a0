import type { IsoDate } from '../common';
import type { VisitType } from '../visit';
import type { VisitTier } from './visit-settings';

/**
 * Why an item is in a worker's plan (docs/DOMAIN.md §4): the member's cadence in person or by phone, an event
 * or a 住院 outcome (四必访), a follow-up's deadline, a birthday (80/90/100) or 政治生日, or a campaign.
 */
export type PlanReason = 'cadence' | 'phone' | 'sick' | 'event' | 'follow_up' | 'birthday' | 'political_birthday' | 'campaign';

/**
 * An item never disappears silently: `open` until `done` (a record resolved it), `not_applicable` (the member is
 * away, deceased, transferred or no longer paired) or `replaced` (a newer item of the same reason took over).
 */
export type PlanState = 'open' | 'done' | 'not_applicable' | 'replaced';

export interface PlanSource {
  kind: 'visit' | 'member_event' | 'campaign' | 'member';
  id: string;
}

export interface PlanItem {
  /** Stable across recomputations of the same situation: reason, member, source and window start. */
  key: string;
  memberId: string;
  reason: PlanReason;
  /** The member's tier, for cadence items. */
  tier: VisitTier | null;
  /** The window: from `from`, wanted by `due`, overdue after it. */
  from: IsoDate;
  due: IsoDate;
  source: PlanSource | null;
  /** Visit types that resolve the item (a visit in person, a phone or video contact, a festival visit…). */
  resolvedByTypes: readonly VisitType[];
  state: PlanState;
  /** The record that resolved it, or what replaced it, when not open. */
  resolvedBy: string | null;
  /** Extra for the text shown: the follow-up's words, the birthday's age, the campaign's name. */
  detail: string | null;
}
