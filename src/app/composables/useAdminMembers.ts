import { computed, ref, shallowRef } from 'vue';
import type { AdminMemberRow, AdminOrganisation, AdminUserRow, MemberStatus, RiskFlag } from '../../domain';
import { getOrganisation, listMembers, listUsers } from '../api/admin-api';
import { todayInShanghai } from '../format/dates';
import { applyFilter, byWalkingOrder, toEntry, type RosterEntry } from '../stores/roster-filter';
import { useAdminRequest } from './useAdminRequest';
import { useNameSearch } from './useNameSearch';

/** A member of the admin's list: the worker's roster entry (flags, age, walking key) and their workers. */
export interface AdminMemberEntry extends RosterEntry {
  primaryWorkerId: string | null;
  backupWorkerId: string | null;
}

export type BranchFilter = 'all' | 'none' | string;
export type PartyFilter = 'all' | 'yes' | 'no';
export type PairedFilter = 'all' | 'paired' | 'unpaired';

/** Statuses of members who are looked after: the deceased and those transferred out need no worker. */
export const CARED_FOR: readonly MemberStatus[] = ['active', 'away'];

/** Needs a primary worker and has none. */
export function isUnpaired(entry: Pick<AdminMemberEntry, 'member' | 'primaryWorkerId'>): boolean {
  return CARED_FOR.includes(entry.member.status) && entry.primaryWorkerId === null;
}

/** Everything the admin's screens read about the community at once: members, users, the organisation tree. */
export async function loadCommunity(token: string) {
  const [members, users, organisation] = await Promise.all([listMembers(token), listUsers(token), getOrganisation(token)]);
  return { members, users, organisation };
}

export function toAdminEntries(rows: readonly AdminMemberRow[], today = todayInShanghai()): AdminMemberEntry[] {
  return rows
    .map((row) => ({ ...toEntry(row.member, today), primaryWorkerId: row.primaryWorkerId, backupWorkerId: row.backupWorkerId }))
    .sort(byWalkingOrder);
}

/**
 * The community's members (issue 11 §2) with the worker roster's pinyin search (src/domain/name-search.ts through
 * roster-filter.ts) and the admin's own filters: status, branch, party member or not, paired or not, risk flags.
 */
export function useAdminMembers() {
  const request = useAdminRequest();
  const entries = shallowRef<AdminMemberEntry[]>([]);
  const users = shallowRef<AdminUserRow[]>([]);
  const organisation = shallowRef<AdminOrganisation | null>(null);
  const loaded = ref(false);

  const query = ref('');
  const statuses = ref<MemberStatus[]>([]);
  const risks = ref<RiskFlag[]>([]);
  const branch = ref<BranchFilter>('all');
  const party = ref<PartyFilter>('all');
  const paired = ref<PairedFilter>('all');
  const nameSearch = useNameSearch(query);

  const visible = computed(() =>
    // applyFilter keeps the entries it is given, so they are still the admin's entries.
    (applyFilter(entries.value, { query: query.value, risks: risks.value, statuses: statuses.value }, nameSearch.value) as AdminMemberEntry[]).filter(
      (entry) =>
        matchesBranch(entry) &&
        (party.value === 'all' || entry.member.isPartyMember === (party.value === 'yes')) &&
        matchesPaired(entry),
    ),
  );
  const isFiltered = computed(
    () =>
      query.value.trim() !== '' ||
      statuses.value.length > 0 ||
      risks.value.length > 0 ||
      branch.value !== 'all' ||
      party.value !== 'all' ||
      paired.value !== 'all',
  );
  const branches = computed(() => organisation.value?.branches.map((entry) => entry.branch) ?? []);

  function matchesBranch(entry: AdminMemberEntry): boolean {
    if (branch.value === 'all') return true;
    if (branch.value === 'none') return entry.member.branchId === null;
    return entry.member.branchId === branch.value;
  }

  function matchesPaired(entry: AdminMemberEntry): boolean {
    if (paired.value === 'paired') return entry.primaryWorkerId !== null || entry.backupWorkerId !== null;
    if (paired.value === 'unpaired') return isUnpaired(entry);
    return true;
  }

  function toggle<T>(list: { value: T[] }, value: T): void {
    list.value = list.value.includes(value) ? list.value.filter((v) => v !== value) : [...list.value, value];
  }

  function clearFilters(): void {
    query.value = '';
    statuses.value = [];
    risks.value = [];
    branch.value = 'all';
    party.value = 'all';
    paired.value = 'all';
  }

  function workerName(userId: string | null): string | null {
    if (userId === null) return null;
    return users.value.find((row) => row.user.id === userId)?.user.displayName ?? null;
  }

  function branchName(branchId: string | null): string | null {
    if (branchId === null) return null;
    return branches.value.find((b) => b.id === branchId)?.name ?? null;
  }

  async function load(): Promise<boolean> {
    const result = await request.call(loadCommunity);
    if (!result.ok) return false;
    entries.value = toAdminEntries(result.value.members);
    users.value = result.value.users;
    organisation.value = result.value.organisation;
    loaded.value = true;
    return true;
  }

  return {
    ...request,
    entries,
    users,
    organisation,
    branches,
    loaded,
    query,
    statuses,
    risks,
    branch,
    party,
    paired,
    visible,
    isFiltered,
    toggleStatus: (status: MemberStatus) => toggle(statuses, status),
    toggleRisk: (flag: RiskFlag) => toggle(risks, flag),
    clearFilters,
    workerName,
    branchName,
    load,
  };
}
