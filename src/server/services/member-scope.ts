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
