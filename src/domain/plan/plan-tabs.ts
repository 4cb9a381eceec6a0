import type { IsoDate } from '../common';
import type { Address } from '../member';
import { walkingOrderKey } from '../walking-order';
import { addDays } from './days';
import { PLAN_HORIZON_DAYS } from './plan';
import type { PlanItem } from './plan-types';
import { TIER_RANK } from './tier';

export interface PlanTabs {
  /** 今天: open items whose window has opened and is not yet past due. */
  today: PlanItem[];
  /** 本周: open items, not overdue, whose window opens by the same weekday next week (today's included). */
  week: PlanItem[];
  /** 逾期: open items past their due day. */
  overdue: PlanItem[];
  /** 已处理: items done, not applicable or replaced, the most recent window first. */
  settled: PlanItem[];
}

/**
 * The plan's tabs (docs/DOMAIN.md §4), each sorted by urgency — overdue first, then tier (high, key, general),
 * then due day — then in walking order by the member's address (when `members` is given), so the worker walks the
 * day's doors in order.
 */
export function planTabs(items: readonly PlanItem[], today: IsoDate, members: readonly { id: string; address: Address }[] = []): PlanTabs {
  const doorOf = new Map(members.map((m) => [m.id, walkingOrderKey(m.address)]));
  const door = (item: PlanItem) => doorOf.get(item.memberId) ?? `~${item.memberId}`;
  const byUrgency = (a: PlanItem, b: PlanItem): number => {
    const overdueA = a.due < today ? 0 : 1;
    const overdueB = b.due < today ? 0 : 1;
    if (overdueA !== overdueB) return overdueA - overdueB;
    const tier = TIER_RANK[a.tier ?? 'general'] - TIER_RANK[b.tier ?? 'general'];
    if (tier !== 0) return tier;
    if (a.due !== b.due) return a.due < b.due ? -1 : 1;
    const da = door(a);
    const db = door(b);
    if (da !== db) return da < db ? -1 : 1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
  const weekEnd = addDays(today, PLAN_HORIZON_DAYS);
  const tabs: PlanTabs = { today: [], week: [], overdue: [], settled: [] };
  for (const item of items) {
    if (item.state !== 'open') tabs.settled.push(item);
    else if (item.due < today) tabs.overdue.push(item);
    else {
      if (item.from <= today) tabs.today.push(item);
      if (item.from <= weekEnd) tabs.week.push(item);
    }
  }
  tabs.today.sort(byUrgency);
  tabs.week.sort(byUrgency);
  tabs.overdue.sort(byUrgency);
  tabs.settled.sort((a, b) => (a.due !== b.due ? (a.due > b.due ? -1 : 1) : byUrgency(a, b)));
  return tabs;
}
