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

/** An item with what urgency sorts it by. */
interface Keyed {
  item: PlanItem;
  overdue: number;
  tier: number;
  /** The member's place in walking order: doors ranked once, so comparisons read numbers, not addresses. */
  door: number;
}

/** Overdue first, then tier (high, key, general), then due day, then walking order, then key. */
function byUrgency(a: Keyed, b: Keyed): number {
  if (a.overdue !== b.overdue) return a.overdue - b.overdue;
  if (a.tier !== b.tier) return a.tier - b.tier;
  const x = a.item;
  const y = b.item;
  if (x.due !== y.due) return x.due < y.due ? -1 : 1;
  if (a.door !== b.door) return a.door - b.door;
  return x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
}

/**
 * The plan's tabs (docs/DOMAIN.md §4), each sorted by urgency — overdue first, then tier (high, key, general),
 * then due day — then in walking order by the member's address (when `members` is given), so the worker walks the
 * day's doors in order.
 */
export function planTabs(items: readonly PlanItem[], today: IsoDate, members: readonly { id: string; address: Address }[] = []): PlanTabs {
  const doorOf = new Map(members.map((m) => [m.id, walkingOrderKey(m.address)]));
  const doorKey = (memberId: string) => doorOf.get(memberId) ?? `~${memberId}`;
  const doors = new Set<string>();
  for (const item of items) doors.add(doorKey(item.memberId));
  const doorRank = new Map([...doors].sort().map((door, rank) => [door, rank]));
  // Each item's sort keys are read once, not on every comparison: a community's plan sorts thousands of items.
  const keyed = (item: PlanItem): Keyed => ({
    item,
    overdue: item.due < today ? 0 : 1,
    tier: TIER_RANK[item.tier ?? 'general'],
    door: doorRank.get(doorKey(item.memberId))!,
  });
  const weekEnd = addDays(today, PLAN_HORIZON_DAYS);
  const todayTab: Keyed[] = [];
  const week: Keyed[] = [];
  const overdue: Keyed[] = [];
  const settled: Keyed[] = [];
  for (const item of items) {
    if (item.state !== 'open') settled.push(keyed(item));
    else if (item.due < today) overdue.push(keyed(item));
    else {
      const k = keyed(item);
      if (item.from <= today) todayTab.push(k);
      if (item.from <= weekEnd) week.push(k);
    }
  }
  const sorted = (list: Keyed[], by: (a: Keyed, b: Keyed) => number) => list.sort(by).map((k) => k.item);
  return {
    today: sorted(todayTab, byUrgency),
    week: sorted(week, byUrgency),
    overdue: sorted(overdue, byUrgency),
    settled: sorted(settled, (a, b) => (a.item.due !== b.item.due ? (a.item.due > b.item.due ? -1 : 1) : byUrgency(a, b))),
  };
}
