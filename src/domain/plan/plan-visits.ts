import { compareInstants } from '../months';
import type { Visit } from '../visit';
import { shanghaiDay } from './days';

/** What the plan reads of a visit; `campaignId` is absent on visits stored before campaigns existed. */
export type PlanVisit = Pick<Visit, 'id' | 'memberId' | 'type' | 'occurredAt' | 'outcome' | 'followUps' | 'amends' | 'recordedAt'> & {
  campaignId?: string | null;
};

/** A visit in force, with its Shanghai day and the id of the original it corrects (itself when none). */
export interface DatedVisit {
  visit: PlanVisit;
  day: string;
  rootId: string;
  /** Its place among the member's visits in force, in time order. */
  order: number;
}

export interface MemberVisits {
  /** The latest version of each visit (an amendment replaces what it corrects), by occurredAt, then id. */
  inForce: DatedVisit[];
  /** A version's id → its original's id (undefined for a visit not held), for closures naming an older version. */
  rootOf: (visitId: string) => string | undefined;
}

function byTime(a: DatedVisit, b: DatedVisit): number {
  return compareInstants(a.visit.occurredAt, b.visit.occurredAt) || (a.visit.id < b.visit.id ? -1 : a.visit.id > b.visit.id ? 1 : 0);
}

function numbered(visits: DatedVisit[]): DatedVisit[] {
  visits.sort(byTime);
  for (let i = 0; i < visits.length; i++) visits[i]!.order = i;
  return visits;
}

/** Chains of corrections are short; the bound only guards against a cycle in bad data. */
const MAX_AMEND_CHAIN = 64;

/**
 * The visits in force of one member (docs/DOMAIN.md §4): a correction (`amends`) replaces the visit it names, and of
 * several versions of one original the one recorded last (then the greater id) stands. An amendment whose
 * original is not on the device still stands alone, grouped under the original's id.
 */
export function memberVisits(visits: readonly PlanVisit[]): MemberVisits {
  let amended = false;
  for (const v of visits) if (v.amends !== null) amended = true;
  if (!amended) {
    const inForce = visits.map((visit) => ({ visit, day: shanghaiDay(visit.occurredAt), rootId: visit.id, order: 0 }));
    // Only closures ask for the originals, and most members have none: the lookup is built on the first call.
    let ids: Set<string> | null = null;
    const rootOf = (id: string) => ((ids ??= new Set(visits.map((v) => v.id))).has(id) ? id : undefined);
    return { inForce: numbered(inForce), rootOf };
  }
  const byId = new Map(visits.map((v) => [v.id, v]));
  const roots = new Map<string, string>();
  const latest = new Map<string, PlanVisit>();
  for (const visit of visits) {
    let root = visit.id;
    let amends = visit.amends;
    for (let step = 0; amends !== null && step < MAX_AMEND_CHAIN; step++) {
      root = amends;
      amends = byId.get(amends)?.amends ?? null;
    }
    roots.set(visit.id, root);
    const held = latest.get(root);
    const later = held ? compareInstants(visit.recordedAt, held.recordedAt) : 1;
    if (!held || later > 0 || (later === 0 && visit.id > held.id)) {
      latest.set(root, visit);
    }
  }
  const inForce: DatedVisit[] = [];
  for (const [rootId, visit] of latest) inForce.push({ visit, day: shanghaiDay(visit.occurredAt), rootId, order: 0 });
  return { inForce: numbered(inForce), rootOf: (id) => roots.get(id) };
}

/** Groups records by member once, so that the plan never scans every record for every member. */
export function groupByMember<T extends { memberId: string }>(records: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const group = groups.get(record.memberId);
    if (group) group.push(record);
    else groups.set(record.memberId, [record]);
  }
  return groups;
}
