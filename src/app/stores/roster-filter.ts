import {
  ageOn,
  riskFlags,
  walkingOrderKey,
  type IsoDate,
  type Member,
  type MemberStatus,
  type RiskFlag,
} from '../../domain';
import type { NameKeys } from '../../domain/name-search';
import type { NameSearch } from '../composables/useNameSearch';

/** A member with what the list needs precomputed once, so typing in the search box stays instant. */
export interface RosterEntry {
  member: Member;
  walkKey: string;
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
    flags: riskFlags(member, today),
    age: ageOn(member.birthDate, today),
  };
}

export function byWalkingOrder(a: RosterEntry, b: RosterEntry): number {
  return a.walkKey < b.walkKey ? -1 : a.walkKey > b.walkKey ? 1 : 0;
}

/** A name's pinyin keys, worked out on the first search that reads them: the roster opens without the dictionary. */
const keysByName = new Map<string, NameKeys>();

function keysOf(name: string, search: NameSearch): NameKeys {
  let keys = keysByName.get(name);
  if (keys === undefined) {
    keys = search.nameKeys(name);
    keysByName.set(name, keys);
  }
  return keys;
}

/** Works out the pinyin keys of these names ahead of a search (kept for every later keystroke). */
export function warmNameKeys(names: readonly string[], search: NameSearch): void {
  for (const name of names) keysOf(name, search);
}

/**
 * Until the pinyin search has loaded (`search` null, the first keystroke's fraction of a second), a query matches
 * the Chinese name only.
 */
function matchesQuery(name: string, query: string, search: NameSearch | null): boolean {
  if (query.trim() === '') return true;
  if (search === null) return name.replace(/\s+/g, '').includes(query.replace(/\s+/g, ''));
  return search.matchesName(keysOf(name, search), query);
}

export function applyFilter(entries: readonly RosterEntry[], filter: RosterFilter, search: NameSearch | null): RosterEntry[] {
  return entries.filter(
    (entry) =>
      matchesQuery(entry.member.name, filter.query, search) &&
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
