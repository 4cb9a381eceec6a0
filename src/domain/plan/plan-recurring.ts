import { addDays } from './days';
import { contactTypes, inPersonTypes } from './coverage-rules';
import { addItem, type ItemWindow, type MemberPlan } from './plan-context';
import type { DatedVisit } from './plan-visits';

/**
 * The recurring items (docs/DOMAIN.md §4): the visit in person by the member's tier (`cadence`), and the phone
 * contact between visits (`phone`) — for a member away, the tier's cadence kept by phone or video instead.
 *
 * Each window runs from the last contact that counts: from + targetDays it is wanted, by + maxDays it is due. The
 * next contact resolves it, and the done item is kept so the worker sees what the visit settled.
 */

/** The window that opened after `last` (or, never contacted, the window due at once on `day`). */
function windowAfter(
  plan: MemberPlan,
  reason: 'cadence' | 'phone',
  last: DatedVisit | undefined,
  day: string,
  wantedDays: number,
  dueDays: number,
): ItemWindow {
  const resolvedByTypes = reason === 'cadence' ? inPersonTypes : contactTypes;
  if (!last) return { reason, source: { kind: 'member', id: plan.member.id }, anchor: 'first', from: day, due: day, resolvedByTypes };
  const from = addDays(last.day, wantedDays);
  return { reason, source: { kind: 'visit', id: last.visit.id }, anchor: from, from, due: addDays(last.day, dueDays), resolvedByTypes };
}

/**
 * Emits the open window after the last contact and, for each contact of the recent past, the window it resolved
 * when that window was in the plan at the time (it opened within the horizon), even a window opened by a
 * contact the same day: an item the worker saw never vanishes. `shown` says whether the window after the
 * contact at `before` was in the plan at all (the phone contact steps aside while a visit falls due first).
 */
function recurring(
  plan: MemberPlan,
  reason: 'cadence' | 'phone',
  contacts: DatedVisit[],
  wantedDays: number,
  dueDays: number,
  shown: (window: ItemWindow, before: number) => boolean,
): void {
  for (let i = contacts.length - 1; i >= 0; i--) {
    const resolver = contacts[i]!;
    if (resolver.day < plan.recentFrom) break;
    const window = windowAfter(plan, reason, contacts[i - 1], resolver.day, wantedDays, dueDays);
    if (window.from > addDays(resolver.day, plan.horizonDays) || !shown(window, i)) continue;
    addItem(plan, window, 'done', resolver.visit.id, resolver.day);
  }
  const open = windowAfter(plan, reason, contacts.at(-1), plan.today, wantedDays, dueDays);
  if (open.from <= plan.listedBy && shown(open, contacts.length)) addItem(plan, open, 'open');
}

/**
 * The visit in person by tier, for a member at home. For a member away it is not applicable from the day they
 * left (kept while recent) and the phone cadence below replaces it.
 */
export function cadenceItems(plan: MemberPlan): void {
  const { targetDays, maxDays } = plan.values.cadence[plan.tier];
  if (!plan.away) {
    recurring(plan, 'cadence', plan.inPerson, targetDays, maxDays, () => true);
    return;
  }
  const leftOn = plan.member.away?.from ?? null;
  if (leftOn === null || leftOn < plan.recentFrom || leftOn > plan.today) return;
  const last = plan.inPerson.filter((d) => d.day <= leftOn).at(-1);
  const window = windowAfter(plan, 'cadence', last, leftOn, targetDays, maxDays);
  if (window.from <= addDays(leftOn, plan.horizonDays)) addItem(plan, window, 'not_applicable', null, leftOn);
}

/**
 * The phone contact. At home: `phoneEveryDays` after the last contact of any kind, listed only when it falls due
 * before the next visit in person would (a visit is a contact too). Away: every contact is by phone or video, on
 * the tier's cadence but never less often than `phoneEveryDays`; a member away and never contacted is due now.
 */
export function phoneItems(plan: MemberPlan): void {
  const { phoneEveryDays } = plan.values;
  const { targetDays, maxDays } = plan.values.cadence[plan.tier];
  if (plan.away) {
    recurring(plan, 'phone', plan.contacts, Math.min(targetDays, phoneEveryDays), Math.min(maxDays, phoneEveryDays), () => true);
    return;
  }
  const { contacts, inPerson } = plan;
  // The last visit in person before the contact at `before` (both lists in time order, visits being contacts).
  const lastVisitBefore = (before: number): string | null => {
    if (before >= contacts.length) return inPerson.at(-1)?.day ?? null;
    const until = contacts[before]!;
    let found: string | null = null;
    for (const d of inPerson) {
      if (d.order >= until.order) break;
      found = d.day;
    }
    return found;
  };
  recurring(plan, 'phone', contacts, phoneEveryDays, phoneEveryDays, (window, before) => {
    if (window.anchor === 'first') return false;
    const lastVisit = lastVisitBefore(before);
    return lastVisit !== null && addDays(lastVisit, targetDays) > window.due;
  });
}
