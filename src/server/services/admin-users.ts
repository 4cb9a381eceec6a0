import { DomainError, type AdminCreateUser, type AdminUserRow, type SessionInfo, type User } from '../../domain';
import { userFromRow } from '../storage/rows';
import type { Db, UsersTable } from '../storage/tables';
import { auditActor, UNKNOWN_APP_SOURCE, withAudit, type AuditSource } from './audit';
import { requireBranchOfCommunity, requireUserOfCommunity } from './community-scope';
import { endSession, listSessions } from './sessions';
import { devicesOf } from './sync-clients';
import { createUser, setDisabled, setPasswordOf } from './users';

/** The administrator's users (issue 11 §3): everyone of their own community, never another's. */

async function rowsOf(db: Db, users: readonly UsersTable[]): Promise<AdminUserRow[]> {
  const ids = users.map((u) => u.id);
  const [devices, paired] = await Promise.all([
    devicesOf(db, ids),
    ids.length === 0
      ? []
      : db
          .selectFrom('pairings')
          .select(['worker_id', (eb) => eb.fn.count<number | string>('member_id').distinct().as('members')])
          .where('worker_id', 'in', ids)
          .where('ended_at', 'is', null)
          .groupBy('worker_id')
          .execute(),
  ]);
  const pairedOf = new Map(paired.map((p) => [p.worker_id, Number(p.members)]));
  return users.map((row) => ({
    user: userFromRow(row),
    disabled: row.disabled === 1,
    lastLoginAt: row.last_login_at,
    devices: devices.filter((d) => d.userId === row.id).map(({ clientId, lastSyncAt, unsent }) => ({ clientId, lastSyncAt, unsent })),
    pairedMembers: pairedOf.get(row.id) ?? 0,
  }));
}

/** Every user of the community, disabled ones included: admins, secretaries, workers, each by name. */
export async function listCommunityUsers(db: Db, admin: User): Promise<AdminUserRow[]> {
  const users = await db.selectFrom('users').selectAll().where('community_id', '=', admin.communityId).orderBy('role').orderBy('username').execute();
  return rowsOf(db, users);
}

export async function communityUser(db: Db, admin: User, userId: string): Promise<AdminUserRow> {
  const [row] = await rowsOf(db, [await requireUserOfCommunity(db, admin.communityId, userId)]);
  if (!row) throw new DomainError('NOT_FOUND', { message: '未找到该账号' });
  return row;
}

/**
 * A worker, secretary or admin of the admin's community. A secretary needs a branch of this community (one of
 * another community is NOT_FOUND, as one that does not exist); workers and admins have none (createUser).
 */
export async function createCommunityUser(db: Db, admin: User, input: AdminCreateUser, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<AdminUserRow> {
  if (input.branchId !== null) await requireBranchOfCommunity(db, admin.communityId, input.branchId);
  const user = await createUser(db, { ...input, communityId: admin.communityId }, auditActor(admin, source));
  return communityUser(db, admin, user.id);
}

/** A new password; the user's sessions end, so a lost phone keeps no access. */
export async function resetPassword(db: Db, admin: User, userId: string, password: string, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<void> {
  const row = await requireUserOfCommunity(db, admin.communityId, userId);
  await withAudit(db, auditActor(admin, source), (trx) => setPasswordOf(trx, row.id, password), () => [
    { action: 'user.password_reset', kind: 'user', communityId: admin.communityId, recordId: row.id },
  ]);
}

/** Disabling ends the user's sessions; an admin cannot disable themself (and so lock the community out). */
export async function setUserDisabled(db: Db, admin: User, userId: string, disabled: boolean, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<AdminUserRow> {
  const row = await requireUserOfCommunity(db, admin.communityId, userId);
  if (disabled && row.id === admin.id) throw new DomainError('FORBIDDEN', { message: '不能停用自己的账号' });
  await withAudit(db, auditActor(admin, source), (trx) => setDisabled(trx, row.id, disabled), () => [
    { action: disabled ? 'user.disable' : 'user.enable', kind: 'user', communityId: admin.communityId, recordId: row.id },
  ]);
  return communityUser(db, admin, row.id);
}

/** The sessions of a user of the admin's community (the admin's own included, the current one marked). */
export async function communityUserSessions(db: Db, admin: User, userId: string, adminSessionId: string): Promise<SessionInfo[]> {
  const row = await requireUserOfCommunity(db, admin.communityId, userId);
  return listSessions(db, row.id, row.id === admin.id ? adminSessionId : null);
}

/** Ends one session of a user of the admin's community; another community's user or session is NOT_FOUND. */
export async function endCommunityUserSession(db: Db, admin: User, userId: string, sessionId: string): Promise<void> {
  const row = await requireUserOfCommunity(db, admin.communityId, userId);
  await endSession(db, row.id, sessionId);
}
