import { Member, parseInput } from '../../domain';
import { appendChanges, inTransaction, type ChangeEntry } from '../storage/change-log';
import { memberToRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';

/** A member written on the server reaches the devices in scope on their next pull (one sync path). */
export function memberChange(member: { id: string; branchId: string | null }): ChangeEntry {
  return { entity: 'member', entityId: member.id, memberId: member.id, branchId: member.branchId, op: 'upsert' };
}

/** Stores members after checking each against the domain schema, so the roster only ever holds valid records. */
export async function addMembers(db: Db, candidates: readonly Member[]): Promise<Member[]> {
  const members = candidates.map((candidate) => parseInput(Member, candidate));
  if (members.length === 0) return members;
  await inTransaction(db, async (trx) => {
    await appendChanges(trx, members.map(memberChange), nowIso());
    await trx.insertInto('members').values(members.map(memberToRow)).execute();
  });
  return members;
}
