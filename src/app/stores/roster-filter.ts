import {
  ageOn,
  matchesName,
  nameKeys,
  riskFlags,
  walkingOrderKey,
  type IsoDate,
  type Member,
  type MemberStatus,
  type NameKeys,
  type RiskFlag,
} from '../../domain';

/** A member with what the list needs precomputed once, so typing in the search box stays instant. */
export interface RosterEntry {
  member: Member;
  walkKey: string;
  keys: NameKeys;
  flags: RiskFlag[];
  age: number;
}

export interface RosterFilter {
  query: string;
  /** A member must carry every selected flag: 独居 + 高龄 narrows to the people most at risk. */
  risks: readonly RiskFlag[];
  /** Statuses exclude each other, so any selected one matches. Empty means all. */
  statuses: readonly MemberStatus[];
}

export function toEntry(member: Member, today: IsoDate): RosterEntry {
  return {
    member,
    walkKey: walkingOrderKey(member.address),
    keys: nameKeys(member.name),
    flags: riskFlags(member, today),
    age: ageOn(member.birthDate, today),
  };
}

export function byWalkingOrder(a: RosterEntry, b: RosterEntry): number {
  return a.walkKey < b.walkKey ? -1 : a.walkKey > b.walkKey ? 1 : 0;
}

export function applyFilter(entries: readonly RosterEntry[], filter: RosterFilter): RosterEntry[] {
  return entries.filter(
    (entry) =>
      matchesName(entry.keys, filter.query) &&
      filter.risks.every((flag) => entry.flags.includes(flag)) &&
      (filter.statuses.length === 0 || filter.statuses.includes(entry.member.status)),
  );
}

export interface RosterGroup {
  key: string;
  compound: string;
  building: string;
  entries: RosterEntry[];
}

/** One header per building: the worker climbs one stairwell after another. Entries must already be in walking order. */
export function groupByBuilding(entries: readonly RosterEntry[]): RosterGroup[] {
  const groups: RosterGroup[] = [];
  for (const entry of entries) {
    const { compound, building } = entry.member.address;
    const key = `${compound}\u0001${building}`;
    const last = groups.at(-1);
    if (last?.key === key) last.entries.push(entry);
    else groups.push({ key, compound, building, entries: [entry] });
  }
  return groups;
}
