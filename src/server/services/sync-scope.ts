import { createHash } from 'node:crypto';
import type { SyncEntity, User } from '../../domain';
import type { Db } from '../storage/tables';
import { membersInScope } from './member-scope';

/** What every role may pull for the members in its scope. */
const MEMBER_ENTITIES: readonly SyncEntity[] = ['visit', 'dues_payment', 'dues_assessment'];
/**
 * Health notes and consents go only to the member's paired workers (PIPL minimum necessary): a secretary
 * reconciling dues or an admin never receives them, whatever they ask for.
 */
const HEALTH_ENTITIES: readonly SyncEntity[] = ['consent', 'health_note'];

/** The secretary's books per member: kept on the tablet, which derives the ledgers offline. */
const SECRETARY_MEMBER_ENTITIES: readonly SyncEntity[] = ['dues_adjustment', 'duplicate_resolution', 'arrears_excuse', 'attendance', 'evaluation'];

export function memberEntitiesFor(user: User): SyncEntity[] {
  switch (user.role) {
    case 'worker':
      return [...MEMBER_ENTITIES, ...HEALTH_ENTITIES];
    case 'secretary':
      return [...MEMBER_ENTITIES, ...SECRETARY_MEMBER_ENTITIES];
    case 'admin':
      return [...MEMBER_ENTITIES];
  }
}

/**
 * Branch-level records (no member of their own), pulled for every branch in scope (branchesInScope). A
 * worker's phone needs the months closed (no collecting into them) and the cash handovers it may have to
 * confirm; the secretary's tablet the whole of the branch's books.
 */
const BRANCH_ENTITIES: Record<User['role'], readonly SyncEntity[]> = {
  worker: ['dues_policy', 'month_close', 'cash_handover', 'handover_confirmation'],
  secretary: ['dues_policy', 'cash_handover', 'handover_confirmation', 'remittance', 'month_close', 'meeting'],
  admin: ['dues_policy'],
};

export function branchEntitiesFor(user: User): SyncEntity[] {
  return [...BRANCH_ENTITIES[user.role]];
}

/** Branches whose dues policy a user receives: those of the members in scope, and a secretary's own. */
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
        user.id,
        user.role,
        members.map((m) => m.id).join(','),
        branches.map((b) => b.id).join(','),
      ].join('|'),
    )
    .digest('hex');
}
