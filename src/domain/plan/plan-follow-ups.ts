import { compareInstants } from '../months';
import { addDays, shanghaiDay } from './days';
import type { FollowUpClosure } from './follow-up-closure';
import { addItem, type MemberPlan } from './plan-context';
import type { PlanItem } from './plan-types';

/**
 * Each follow-up (后续事项) of a visit in force falls due on its deadline (docs/DOMAIN.md §4). It is done when the
 * visit's latest version says so, or when a FollowUpClosure names it: the closure may name any version of the
 * visit, and keeps to the follow-up's position, as a correction keeps the follow-ups in their order. No visit
 * resolves it, so `resolvedByTypes` is empty.
 */
export function followUpItems(plan: MemberPlan, closures: readonly FollowUpClosure[]): void {
  const closed = new Map<string, FollowUpClosure>();
  if (closures.length === 0 && !plan.visits.inForce.some((d) => d.visit.followUps.length > 0)) return;
  for (const closure of closures) {
    const root = plan.visits.rootOf(closure.visitId);
    if (root === undefined) continue;
    const key = `${root}#${closure.index}`;
    const held = closed.get(key);
    // The first closure stands (then the smaller id): a second one from another device changes nothing to do.
    const earlier = held ? compareInstants(closure.closedAt, held.closedAt) : -1;
    if (!held || earlier < 0 || (earlier === 0 && closure.id < held.id)) closed.set(key, closure);
  }
  // A follow-up settled before the recent past can show nothing: most of two years of them are skipped here,
  // by comparing instants with the recent past's first instant (its Beijing midnight) rather than reading days.
  const recentStart = `${addDays(plan.recentFrom, -1)}T16:00:00.000Z`;
  for (const { visit, rootId } of plan.visits.inForce) {
    const followUps = visit.followUps;
    for (let index = 0; index < followUps.length; index++) {
      const followUp = followUps[index]!;
      // Most members have no closure: the lookup key is not built for them.
      const closure = followUp.status === 'done' || closed.size === 0 ? undefined : closed.get(`${rootId}#${index}`);
      const settledAt = followUp.status === 'done' ? visit.recordedAt : closure?.closedAt;
      if (settledAt === undefined ? followUp.deadline > plan.listedBy : compareInstants(settledAt, recentStart) < 0) continue;
      const window = {
        reason: 'follow_up' as const,
        source: { kind: 'visit' as const, id: visit.id },
        part: `#${index}`,
        anchor: followUp.deadline,
        from: followUp.deadline,
        due: followUp.deadline,
        resolvedByTypes: [],
        detail: followUp.what,
      };
      if (settledAt === undefined) addItem(plan, window, 'open');
      else addItem(plan, window, 'done', closure?.id ?? visit.id, shanghaiDay(settledAt));
    }
  }
}

/**
 * The follow-up a `follow_up` item stands for — its visit (the version in force) and position — for the closure
 * that marks it done; null for an item of another reason. Read from the key, which keeps the position (`#n`).
 */
export function followUpTarget(item: Pick<PlanItem, 'reason' | 'source' | 'key'>): { visitId: string; index: number } | null {
  if (item.reason !== 'follow_up' || item.source?.kind !== 'visit') return null;
  const marker = `:visit:${item.source.id}#`;
  const at = item.key.indexOf(marker);
  if (at < 0) return null;
  const index = Number.parseInt(item.key.slice(at + marker.length), 10);
  return Number.isInteger(index) ? { visitId: item.source.id, index } : null;
}
