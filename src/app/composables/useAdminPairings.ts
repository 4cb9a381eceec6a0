import { computed, ref, shallowRef } from 'vue';
import type { AdminPairingsResult, AdminUserRow, Pairing, PairingRole } from '../../domain';
import { endPairing, listMembers, listPairings, listUsers, moveAllMembers, pairMembers } from '../api/admin-api';
import { CARED_FOR, isUnpaired, toAdminEntries, type AdminMemberEntry } from './useAdminMembers';
import { useAdminRequest } from './useAdminRequest';

/** A worker's pairing with the member it is about. */
export interface WorkerPairing {
  pairing: Pairing;
  entry: AdminMemberEntry;
}

const unique = (values: readonly string[]) => [...new Set(values)];

/**
 * 结对 (issue 11 §4): a worker's members; assigning the members of a building or a unit, in walking order
 * (src/domain/walking-order.ts through the entries' walking keys), as primary or backup; ending a pairing; moving
 * every member of a leaving worker to another at once. Members nobody looks after are always in view.
 */
export function useAdminPairings() {
  const request = useAdminRequest();
  const entries = shallowRef<AdminMemberEntry[]>([]);
  const users = shallowRef<AdminUserRow[]>([]);
  const pairings = shallowRef<Pairing[]>([]);
  const loaded = ref(false);

  const workerId = ref<string>('');
  const compound = ref('');
  const building = ref('');
  /** '' is every unit of the building. */
  const unit = ref('');
  const role = ref<PairingRole>('primary');
  const ticked = ref<string[]>([]);
  const lastResult = shallowRef<AdminPairingsResult | null>(null);

  /** Workers who can take members: enabled accounts with the worker role. */
  const workers = computed(() => users.value.filter((row) => row.user.role === 'worker' && !row.disabled).map((row) => row.user));
  /** A worker who is leaving may already be disabled: their members must still be movable. */
  const allWorkers = computed(() => users.value.filter((row) => row.user.role === 'worker').map((row) => row.user));
  /** Only members someone visits can be paired: not the deceased, not those transferred out. */
  const cared = computed(() => entries.value.filter((entry) => CARED_FOR.includes(entry.member.status)));
  const unpaired = computed(() => entries.value.filter(isUnpaired));

  const compounds = computed(() => unique(cared.value.map((entry) => entry.member.address.compound)));
  const buildings = computed(() => unique(cared.value.filter((e) => e.member.address.compound === compound.value).map((e) => e.member.address.building)));
  const units = computed(() =>
    unique(cared.value.filter((e) => e.member.address.compound === compound.value && e.member.address.building === building.value).map((e) => e.member.address.unit)),
  );
  /** The doors of the chosen building or unit, in the order the worker will climb them. */
  const candidates = computed(() =>
    cared.value.filter(
      (e) =>
        e.member.address.compound === compound.value &&
        e.member.address.building === building.value &&
        (unit.value === '' || e.member.address.unit === unit.value),
    ),
  );
  const allTicked = computed(() => candidates.value.length > 0 && candidates.value.every((e) => ticked.value.includes(e.member.id)));

  /**
   * The place pickers: a new place starts with nothing ticked, so members of another stairwell never ride along
   * unseen; a new compound opens at its first building, a new building at all its units.
   */
  const compoundChoice = computed({
    get: () => compound.value,
    set: (value: string) => {
      compound.value = value;
      building.value = buildings.value[0] ?? '';
      unit.value = '';
      ticked.value = [];
    },
  });
  const buildingChoice = computed({
    get: () => building.value,
    set: (value: string) => {
      building.value = value;
      unit.value = '';
      ticked.value = [];
    },
  });
  const unitChoice = computed({
    get: () => unit.value,
    set: (value: string) => {
      unit.value = value;
      ticked.value = [];
    },
  });

  /** Opens an unpaired member's unit with them ticked, ready to be given to the chosen worker. */
  function pick(entry: AdminMemberEntry): void {
    compound.value = entry.member.address.compound;
    building.value = entry.member.address.building;
    unit.value = entry.member.address.unit;
    ticked.value = [entry.member.id];
  }

  function pairingsOf(id: string): WorkerPairing[] {
    const byId = new Map(entries.value.map((entry) => [entry.member.id, entry]));
    return pairings.value
      .filter((pairing) => pairing.workerId === id)
      .flatMap((pairing) => {
        const entry = byId.get(pairing.memberId);
        return entry ? [{ pairing, entry }] : [];
      })
      .sort((a, b) => (a.entry.walkKey < b.entry.walkKey ? -1 : a.entry.walkKey > b.entry.walkKey ? 1 : 0));
  }

  const workerPairings = computed(() => (workerId.value === '' ? [] : pairingsOf(workerId.value)));

  function workerName(id: string | null): string | null {
    if (id === null) return null;
    return users.value.find((row) => row.user.id === id)?.user.displayName ?? null;
  }

  /** How many members, as primary and as backup, a move would take from this worker. */
  function countsOf(id: string): { primary: number; backup: number } {
    const mine = pairings.value.filter((pairing) => pairing.workerId === id);
    return { primary: mine.filter((p) => p.role === 'primary').length, backup: mine.filter((p) => p.role === 'backup').length };
  }

  function toggleAll(): void {
    ticked.value = allTicked.value ? [] : candidates.value.map((e) => e.member.id);
  }

  async function load(): Promise<boolean> {
    const result = await request.call(async (token) => {
      const [members, userRows, current] = await Promise.all([listMembers(token), listUsers(token), listPairings(token)]);
      return { members, userRows, current };
    });
    if (!result.ok) return false;
    entries.value = toAdminEntries(result.value.members);
    users.value = result.value.userRows;
    pairings.value = result.value.current;
    if (!compounds.value.includes(compound.value)) compoundChoice.value = compounds.value[0] ?? '';
    loaded.value = true;
    return true;
  }

  async function afterChange(result: { ok: true; value: AdminPairingsResult } | { ok: false }): Promise<boolean> {
    if (!result.ok) return false;
    lastResult.value = result.value;
    await load();
    // What was ticked has been assigned: the next choice starts afresh, on the same stairwell.
    ticked.value = [];
    return true;
  }

  /** The ticked members, in walking order, to the chosen worker. */
  async function assign(): Promise<boolean> {
    const memberIds = candidates.value.filter((e) => ticked.value.includes(e.member.id)).map((e) => e.member.id);
    if (workerId.value === '' || memberIds.length === 0) return false;
    return afterChange(await request.call((token) => pairMembers(token, { workerId: workerId.value, memberIds, role: role.value })));
  }

  async function end(pairingId: string): Promise<boolean> {
    return afterChange(await request.call((token) => endPairing(token, pairingId)));
  }

  async function moveAll(fromWorkerId: string, toWorkerId: string): Promise<boolean> {
    return afterChange(await request.call((token) => moveAllMembers(token, { fromWorkerId, toWorkerId })));
  }

  return {
    ...request,
    entries,
    users,
    pairings,
    loaded,
    workerId,
    compound: compoundChoice,
    building: buildingChoice,
    unit: unitChoice,
    role,
    ticked,
    lastResult,
    workers,
    allWorkers,
    unpaired,
    compounds,
    buildings,
    units,
    candidates,
    allTicked,
    workerPairings,
    workerName,
    countsOf,
    toggleAll,
    pick,
    load,
    assign,
    end,
    moveAll,
  };
}
