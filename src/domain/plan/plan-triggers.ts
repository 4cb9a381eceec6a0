import { compareInstants } from '../months';
import type { VisitType } from '../visit';
import { addDays } from './days';
import { contactTypes, countsAsContact, countsInPerson, inPersonTypes } from './coverage-rules';
import type { MemberEvent } from './member-event';
import { addItem, itemKey, type ItemWindow, type MemberPlan } from './plan-context';
import type { PlanVisit } from './plan-visits';

/**
 * 四必访 from what was recorded (docs/DOMAIN.md §4): a 住院 outcome or a hospitalisation event calls for a sick
 * visit within sickVisitWithinDays; a bereavement, hardship or other event for a visit within eventVisitWithinDays.
 */

interface Trigger {
  window: ItemWindow;
  /** The instant it happened: the visit's, or just before the event's Shanghai day began. */
  at: string;
  day: string;
}

/** An event has a date, no time: any visit on that day or after answers it. */
function eventInstant(day: string): string {
  return `${addDays(day, -1)}T15:59:59.999Z`;
}

function byInstant(a: { at: string; id: string }, b: { at: string; id: string }): number {
  return compareInstants(a.at, b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Walks the triggers in time order. Each is resolved by the first resolving visit after it — unless a newer
 * trigger of the same reason comes first, which replaces it and inherits its earlier deadline (one visit answers
 * both; the earlier promise still stands). The last one unresolved is open.
 */
function resolveTriggers(plan: MemberPlan, triggers: Trigger[], resolvers: { at: string; id: string; day: string }[]): void {
  triggers.sort((a, b) => byInstant({ at: a.at, id: a.window.source.id }, { at: b.at, id: b.window.source.id }));
  resolvers.sort(byInstant);
  // Every trigger before the last answer given before the recent past settled before it, out of sight; the
  // walk starts after that answer, with nothing carried (an answer resolves all that came before it).
  let first = 0;
  let r = 0;
  const settledBefore = resolvers.filter((resolver) => resolver.day < plan.recentFrom).at(-1);
  if (settledBefore) while (first < triggers.length && compareInstants(triggers[first]!.at, settledBefore.at) < 0) first++;
  let carried: { from: string; due: string } | null = null;
  for (let i = first; i < triggers.length; i++) {
    const trigger = triggers[i]!;
    const window: ItemWindow = carried
      ? { ...trigger.window, from: min(carried.from, trigger.window.from), due: min(carried.due, trigger.window.due) }
      : trigger.window;
    while (r < resolvers.length && compareInstants(resolvers[r]!.at, trigger.at) <= 0) r++;
    const resolver = resolvers[r];
    const next = triggers[i + 1];
    if (resolver && (!next || compareInstants(resolver.at, next.at) < 0)) {
      addItem(plan, window, 'done', resolver.id, resolver.day);
      carried = null;
    } else if (next) {
      addItem(plan, window, 'replaced', itemKey(plan, next.window), next.day);
      carried = { from: window.from, due: window.due };
    } else {
      addItem(plan, window, 'open');
    }
  }
}

function min(a: string, b: string): string {
  return a < b ? a : b;
}

function resolversOf(plan: MemberPlan, counts: (v: PlanVisit) => boolean) {
  // One pass, no intermediate list: every visit of a member with a trigger is read here.
  const resolvers: { at: string; id: string; day: string }[] = [];
  for (const d of plan.visits.inForce) {
    if (d.day <= plan.today && counts(d.visit)) resolvers.push({ at: d.visit.occurredAt, id: d.visit.id, day: d.day });
  }
  return resolvers;
}

const SICK_TYPES: readonly VisitType[] = ['sick'];

/** A sick visit (生病住院探望) after a 住院 outcome of another kind of visit, or after a hospitalisation event. */
export function sickItems(plan: MemberPlan, events: readonly MemberEvent[]): void {
  const within = plan.values.sickVisitWithinDays;
  const resolvedByTypes = plan.away ? [...SICK_TYPES, 'phone', 'video'] as const : SICK_TYPES;
  const triggers: Trigger[] = [];
  for (const { visit, day } of plan.visits.inForce) {
    if (visit.outcome !== 'in_hospital' || visit.type === 'sick' || day > plan.today) continue;
    triggers.push({
      at: visit.occurredAt,
      day,
      window: { reason: 'sick', source: { kind: 'visit', id: visit.id }, anchor: day, from: day, due: addDays(day, within), resolvedByTypes },
    });
  }
  for (const event of events) {
    if (event.kind !== 'hospitalised' || event.occurredOn > plan.today) continue;
    const day = event.occurredOn;
    triggers.push({
      at: eventInstant(day),
      day,
      window: { reason: 'sick', source: { kind: 'member_event', id: event.id }, anchor: day, from: day, due: addDays(day, within), resolvedByTypes },
    });
  }
  if (triggers.length === 0) return;
  const resolvers = resolversOf(plan, (v) => (v.type === 'sick' && countsInPerson(v)) || (plan.away && countsAsContact(v) && !countsInPerson(v)));
  resolveTriggers(plan, triggers, resolvers);
}

/** A visit after a bereavement (丧偶/亲人去世), hardship (生活困难) or other event: any visit in person answers it. */
export function eventItems(plan: MemberPlan, events: readonly MemberEvent[]): void {
  const within = plan.values.eventVisitWithinDays;
  const resolvedByTypes = plan.away ? contactTypes : inPersonTypes;
  const triggers: Trigger[] = [];
  for (const event of events) {
    if (event.kind === 'hospitalised' || event.occurredOn > plan.today) continue;
    const day = event.occurredOn;
    triggers.push({
      at: eventInstant(day),
      day,
      window: {
        reason: 'event',
        source: { kind: 'member_event', id: event.id },
        anchor: day,
        from: day,
        due: addDays(day, within),
        resolvedByTypes,
        detail: event.kind,
      },
    });
  }
  if (triggers.length === 0) return;
  resolveTriggers(plan, triggers, resolversOf(plan, plan.away ? countsAsContact : countsInPerson));
}
