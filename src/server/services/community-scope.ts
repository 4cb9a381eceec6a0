import { DomainError, type Organisation } from '../../domain';
import { organisationFromRow } from '../storage/rows';
import type { Db, MembersTable, PairingsTable, UsersTable } from '../storage/tables';

/**
 * What an administrator may name: the members, users, pairings and branches of their own community. Each
 * lookup answers NOT_FOUND, with the same message, for an id of another community as for one that does not
 * exist, so an admin learns nothing about other communities; the community always comes from the session,
 * never from the request.
 */

export async function requireMemberOfCommunity(db: Db, communityId: string, memberId: string): Promise<MembersTable> {
  const row = await db.selectFrom('members').selectAll().where('id', '=', memberId).where('community_id', '=', communityId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { message: '未找到该人员' });
  return row;
}

export async function requireUserOfCommunity(db: Db, communityId: string, userId: string): Promise<UsersTable> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).where('community_id', '=', communityId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { message: '未找到该账号' });
  return row;
}

/** A worker's account of the community; `enabled` refuses a disabled one (it can take no new members). */
export async function requireWorkerOfCommunity(db: Db, communityId: string, userId: string, enabled: boolean): Promise<UsersTable> {
  const row = await requireUserOfCommunity(db, communityId, userId);
  if (row.role !== 'worker') throw new DomainError('VALIDATION_FAILED', { message: `${row.display_name}（${row.username}）不是服务专员，不能结对` });
  if (enabled && row.disabled === 1) throw new DomainError('VALIDATION_FAILED', { message: `${row.display_name}（${row.username}）的账号已停用，不能结对` });
  return row;
}

export async function requireBranchOfCommunity(db: Db, communityId: string, branchId: string): Promise<Organisation> {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', branchId)
    .where('kind', '=', 'branch')
    .where('parent_id', '=', communityId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { message: '未找到该党支部' });
  return organisationFromRow(row);
}

/** An active pairing of a member of the community (an ended one is history: there is nothing left to end). */
export async function requireActivePairingOfCommunity(db: Db, communityId: string, pairingId: string): Promise<PairingsTable> {
  const row = await db
    .selectFrom('pairings')
    .innerJoin('members', 'members.id', 'pairings.member_id')
    .selectAll('pairings')
    .where('pairings.id', '=', pairingId)
    .where('pairings.ended_at', 'is', null)
    .where('members.community_id', '=', communityId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { message: '未找到该结对' });
  return row;
}
