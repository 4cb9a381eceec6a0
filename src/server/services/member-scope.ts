import type { SelectQueryBuilder } from 'kysely';
import type { User } from '../../domain';
import type { DatabaseSchema, Db } from '../storage/tables';

type MembersQuery = SelectQueryBuilder<DatabaseSchema, 'members', object>;

/**
 * The members a user may see, as a query, so that access control happens in SQL and no row outside the
 * scope is ever read: a worker sees members actively paired with them (PIPL minimum necessary), a
 * secretary their branch, an admin their community.
 */
export function membersInScope(db: Db, user: User): MembersQuery {
  const inCommunity = db.selectFrom('members').where('members.community_id', '=', user.communityId);
  switch (user.role) {
    case 'worker':
      return inCommunity.where((eb) =>
        eb.exists(
          eb
            .selectFrom('pairings')
            .select('pairings.id')
            .whereRef('pairings.member_id', '=', 'members.id')
            .where('pairings.worker_id', '=', user.id)
            .where('pairings.ended_at', 'is', null),
        ),
      );
    case 'secretary':
      // A secretary without a branch cannot exist (User schema), but an empty scope is the safe reading.
      return user.branchId === null
        ? inCommunity.where((eb) => eb.lit(false))
        : inCommunity.where('members.branch_id', '=', user.branchId);
    case 'admin':
      return inCommunity;
  }
}

/**
 * For several workers at once, which of the given members each may see: membersInScope's worker rule (an
 * active pairing with the worker, a member of the worker's community) in one query rather than one per
 * worker, since a group commit of 200 phones' pushes asks it for 200 workers.
 */
export async function membersPairedWith(db: Db, workers: readonly User[], memberIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const seen = new Map(workers.map((worker) => [worker.id, new Set<string>()]));
  if (workers.length === 0 || memberIds.length === 0) return seen;
  const communityOf = new Map(workers.map((worker) => [worker.id, worker.communityId]));
  const rows = await db
    .selectFrom('pairings')
    .innerJoin('members', 'members.id', 'pairings.member_id')
    .select(['pairings.worker_id', 'members.id', 'members.community_id'])
    .where('pairings.worker_id', 'in', [...communityOf.keys()])
    .where('pairings.ended_at', 'is', null)
    .where('members.id', 'in', [...new Set(memberIds)])
    .execute();
  for (const row of rows) if (communityOf.get(row.worker_id) === row.community_id) seen.get(row.worker_id)?.add(row.id);
  return seen;
}
