import { walkingOrderKey, type Member, type Pairing } from '../../domain';
import { db, type MemberRow, type PairingRow, type SyncStateRow } from '../db/database';

/**
 * Members on the device. Everything personal travels inside `payload`, so that encrypting it later changes
 * only toRow/fromRow; the indexed columns are the ones that may stay readable.
 */
function toRow(member: Member): MemberRow {
  return {
    id: member.id,
    branchId: member.branchId,
    status: member.status,
    walkKey: walkingOrderKey(member.address),
    birthDate: member.birthDate,
    updatedAt: member.updatedAt,
    payload: member,
  };
}

function fromRow(row: MemberRow): Member {
  return row.payload;
}

function toPairingRow(pairing: Pairing): PairingRow {
  return { id: pairing.id, memberId: pairing.memberId, payload: pairing };
}

export type RosterSyncState = Omit<SyncStateRow, 'key'>;

/** In walking order: compound › building › unit › floor › room. */
export async function listMembers(): Promise<Member[]> {
  const rows = await db.members.orderBy('walkKey').toArray();
  return rows.map(fromRow);
}

export async function getMember(id: string): Promise<Member | null> {
  const row = await db.members.get(id);
  return row ? fromRow(row) : null;
}

export async function listPairingsOf(memberId: string): Promise<Pairing[]> {
  const rows = await db.pairings.where('memberId').equals(memberId).toArray();
  return rows.map((row) => row.payload);
}

export async function getSyncState(): Promise<RosterSyncState | null> {
  const row = await db.syncState.get('roster');
  return row ? { ownerUserId: row.ownerUserId, syncedAt: row.syncedAt, total: row.total } : null;
}

/** Starts a download from a clean slate: leftovers of an interrupted one must not leak into the next. */
export async function clearStaging(): Promise<void> {
  await db.transaction('rw', db.stagedMembers, db.stagedPairings, async () => {
    await db.stagedMembers.clear();
    await db.stagedPairings.clear();
  });
}

/**
 * The signal is checked inside the transaction: once a logout has cleared the device, a download still in
 * flight must not write members back onto it.
 */
export async function stagePage(members: Member[], pairings: Pairing[], signal?: AbortSignal): Promise<void> {
  await db.transaction('rw', db.stagedMembers, db.stagedPairings, async () => {
    signal?.throwIfAborted();
    await db.stagedMembers.bulkPut(members.map(toRow));
    await db.stagedPairings.bulkPut(pairings.map(toPairingRow));
  });
}

/** Swaps the staged download in for the roster in one transaction: the device holds either the old or the new. */
export async function commitStaging(state: Omit<RosterSyncState, 'total'>, signal?: AbortSignal): Promise<number> {
  return db.transaction('rw', [db.members, db.pairings, db.stagedMembers, db.stagedPairings, db.syncState], async () => {
    signal?.throwIfAborted();
    const members = await db.stagedMembers.toArray();
    const pairings = await db.stagedPairings.toArray();
    await db.members.clear();
    await db.pairings.clear();
    await db.members.bulkPut(members);
    await db.pairings.bulkPut(pairings);
    await db.stagedMembers.clear();
    await db.stagedPairings.clear();
    await db.syncState.put({ key: 'roster', ...state, total: members.length });
    return members.length;
  });
}

/** Member data must not stay on a shared device once its user has logged out or another user logs in. */
export async function clearRoster(): Promise<void> {
  await db.transaction('rw', [db.members, db.pairings, db.stagedMembers, db.stagedPairings, db.syncState], async () => {
    await db.members.clear();
    await db.pairings.clear();
    await db.stagedMembers.clear();
    await db.stagedPairings.clear();
    await db.syncState.clear();
  });
}
