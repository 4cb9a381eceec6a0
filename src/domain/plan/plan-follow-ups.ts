import { compareInstants } from '../months';
import { shanghaiDay } from './days';
import type { FollowUpClosure } from './follow-up-closure';
import { addItem, type MemberPlan } from './plan-context';

/**
 * Each follow-up (后续事项) of a visit in force falls due on its deadline (docs/DOMAIN.md §4). It is done when the
 * visit's latest version says so, or when a FollowUpClosure names it: the closure may name any version of the
 * visit, and keeps to the follow-up's position, as a correction keeps the follow-ups in their order. No visit
 * resolves it, so `resolvedByTypes` is empty.
 */
export function followUpItems(plan: MemberPlan, closures: readonly FollowUpClosure[]): void {
  const closed = new Map<string, FollowUpClosure>();
  for (const closure of closures) {
    const root = plan.visits.rootOf.get(closure.visitId);
    if (root === undefined) continue;
    const key = `${root}#${closure.index}`;
    const held = closed.get(key);
    // The first closure stands: a second one from another device changes nothing the worker must do.
    if (!held || compareInstants(closure.closedAt, held.closedAt) < 0) closed.set(key, closure);
  }
  for (const { visit, rootId } of plan.visits.inForce) {
    visit.followUps.forEach((followUp, index) => {
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
      const closure = closed.get(`${rootId}#${index}`);
      if (followUp.status === 'done') addItem(plan, window, 'done', visit.id, shanghaiDay(visit.recordedAt));
      else if (closure) addItem(plan, window, 'done', closure.id, shanghaiDay(closure.closedAt));
      else addItem(plan, window, 'open');
    });
  }
}
