import { DomainError, Member, parseInput, type User } from '../../domain';
import { appendChanges, inTransaction, type ChangeEntry } from '../storage/change-log';
import { memberFromRow, memberToRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import { membersInScope } from './member-scope';

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
    await trx.insertInto('members').values(members.map((member) => memberToRow(member))).execute();
  });
  return members;
}

/** 404 whether the member does not exist or is outside the caller's scope: existence is not revealed. */
export async function memberInScope(db: Db, user: User, id: string): Promise<Member> {
  const row = await membersInScope(db, user).selectAll('members').where('members.id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND');
  return memberFromRow(row);
}
