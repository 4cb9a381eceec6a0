import { createHash } from 'node:crypto';
import { readableKinds, type SyncEntity, type User } from '../../domain';
import type { Db } from '../storage/tables';
import { membersInScope } from './member-scope';

/** What a user pulls, from the registry's `read` of each kind: by member or branch in scope, and by owner. */
export interface PullKinds {
  member: SyncEntity[];
  memberOwn: SyncEntity[];
  branch: SyncEntity[];
  branchOwn: SyncEntity[];
  /** The community's records: every reader of the community receives them. */
  community: SyncEntity[];
}

export function pullKindsFor(user: User): PullKinds {
  return {
    member: readableKinds(user.role, 'member', 'scope'),
    memberOwn: readableKinds(user.role, 'member', 'own'),
    branch: readableKinds(user.role, 'branch', 'scope'),
    branchOwn: readableKinds(user.role, 'branch', 'own'),
    community: readableKinds(user.role, 'community', 'scope'),
  };
}

/** Branches whose records a user receives: those of the members in scope, and a secretary's own. */
export function branchesInScope(db: Db, user: User) {
  return db
    .selectFrom('organisations')
    .select('organisations.id')
    .where('organisations.kind', '=', 'branch')
    .where((eb) => {
      const ofMembers = eb(
        'organisations.id',
        'in',
        membersInScope(db, user).select('members.branch_id').where('members.branch_id', 'is not', null),
      );
      return user.role === 'secretary' && user.branchId !== null
        ? eb.or([ofMembers, eb('organisations.id', '=', user.branchId)])
        : ofMembers;
    });
}

/**
 * Bumped when what a scope delivers changes for the same members and branches (a new kind in the pull), so
 * that every device replays once from 0 and receives the records it never had.
 */
const SCOPE_GENERATION = '2';

/**
 * A fingerprint of what the user may see: SHA-256 over the user, the role and the sorted member and branch
 * ids in scope. When it differs from the one a device last received, the device must drop its pulled data
 * and pull again from 0, so records of a member no longer paired leave the device.
 */
export async function scopeFingerprint(db: Db, user: User): Promise<string> {
  const [members, branches] = await Promise.all([
    membersInScope(db, user).select('members.id').orderBy('members.id').execute(),
    branchesInScope(db, user).orderBy('organisations.id').execute(),
  ]);
  return createHash('sha256')
    .update(
      [
        SCOPE_GENERATION,
        user.id,
        user.role,
        members.map((m) => m.id).join(','),
        branches.map((b) => b.id).join(','),
      ].join('|'),
    )
    .digest('hex');
}
