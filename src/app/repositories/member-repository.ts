import { walkingOrderKey, type Member, type Pairing } from '../../domain';
import { db } from '../db/database';

/**
 * Members and pairings on the device, as the pull wrote them (record-rows.ts builds their rows). Everything
 * personal travels inside `payload`; the indexed columns are the ones that may stay readable.
 */

/** In walking order: compound › building › unit › floor › room. */
export async function listMembers(): Promise<Member[]> {
  // Sorted here: the walking order comes from the address, which is sealed on disk and so cannot be an index.
  const ordered = (await db.members.toArray()).map((row) => ({ member: row.payload, key: walkingOrderKey(row.payload.address) }));
  ordered.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return ordered.map((entry) => entry.member);
}

export async function getMember(id: string): Promise<Member | null> {
  return (await db.members.get(id))?.payload ?? null;
}

export async function listPairingsOf(memberId: string): Promise<Pairing[]> {
  const rows = await db.pairings.where('memberId').equals(memberId).toArray();
  return rows.map((row) => row.payload);
}
