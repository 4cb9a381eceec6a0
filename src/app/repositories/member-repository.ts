import type { Member, Pairing } from '../../domain';
import { db } from '../db/database';

/**
 * Members and pairings on the device, as the pull wrote them (record-rows.ts builds their rows). Everything
 * personal travels inside `payload`; the indexed columns are the ones that may stay readable.
 */

/** In walking order: compound › building › unit › floor › room. */
export async function listMembers(): Promise<Member[]> {
  const rows = await db.members.orderBy('walkKey').toArray();
  return rows.map((row) => row.payload);
}

export async function getMember(id: string): Promise<Member | null> {
  return (await db.members.get(id))?.payload ?? null;
}

export async function listPairingsOf(memberId: string): Promise<Pairing[]> {
  const rows = await db.pairings.where('memberId').equals(memberId).toArray();
  return rows.map((row) => row.payload);
}
