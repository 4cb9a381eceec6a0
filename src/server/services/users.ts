import { randomUUID } from 'node:crypto';
import { CreateUserRequest, ERRORS, Id, User, type Colleague, type Role, DomainError, fieldError, parseInput } from '../../domain';
import { newPasswordProblem } from '../../domain/common-passwords';
import { userFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { auditActor, cliSource, withAudit, type AuditActor, type AuditSource } from './audit';
import { nowIso } from './clock';
import { requireOrganisation } from './organisations';
import { claimLoginAttempt, forgetAccount, settleLoginSuccess, type LoginThrottlePolicy } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';
import { deleteOtherSessions, deleteUserSessions } from './sessions';
import { liftUserDisabledWipes, requestWipeOfUserDevices } from './devices';

/** Phone keyboards capitalise the first letter; usernames are matched without regard to case. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Every rule for a password being set (docs/DOMAIN.md §6), by whoever sets it: an administrator, its user or
 * the CLI. Refused with the rule's own code (PASSWORD_TOO_SHORT, PASSWORD_BLANK, PASSWORD_COMMON), the field named.
 */
export function requireAcceptablePassword(password: string, field = 'password'): string {
  if (password.length > 128) throw fieldError(field, '密码', '密码不能超过 128 个字符');
  const problem = newPasswordProblem(password);
  if (problem !== null) throw new DomainError(problem, { details: [{ path: field, message: `密码：${ERRORS[problem].zh}` }] });
  return password;
}

const NewUser = CreateUserRequest.extend({ communityId: Id, branchId: Id.nullable() });
export type NewUser = {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  communityId: string;
  branchId: string | null;
};

/** A new account; with `audit`, its audit entry is written with it (the admin's screen, the CLI). */
export async function createUser(db: Db, input: NewUser, audit?: AuditActor): Promise<User> {
  requireAcceptablePassword(input.password);
  const parsed = parseInput(NewUser, input);
  const user = parseInput(User, {
    id: randomUUID(),
    username: normaliseUsername(parsed.username),
    displayName: parsed.displayName,
    role: parsed.role,
    communityId: parsed.communityId,
    branchId: parsed.branchId,
  });
  await requireOrganisation(db, user.communityId, 'community');
  if (user.branchId !== null) {
    if (user.role !== 'secretary') throw fieldError('branchId', '党支部', '只有支部书记需要指定党支部');
    const branch = await requireOrganisation(db, user.branchId, 'branch');
    if (branch.parentId !== user.communityId) throw fieldError('branchId', '党支部', '该党支部不属于所选社区');
  }
  const taken = await db.selectFrom('users').select('id').where('username', '=', user.username).executeTakeFirst();
  if (taken) throw fieldError('username', '用户名', `用户名 ${user.username} 已被使用`);

  const passwordHash = await hashPassword(parsed.password);
  const insert = (trx: Db) =>
    trx
      .insertInto('users')
      .values({
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        community_id: user.communityId,
        branch_id: user.branchId,
        password_hash: passwordHash,
        disabled: 0,
        created_at: nowIso(),
      })
      .execute();
  if (audit === undefined) {
    await insert(db);
  } else {
    const event = { action: 'user.create', kind: 'user', communityId: user.communityId, recordId: user.id, details: { role: user.role } } as const;
    await withAudit(db, audit, insert, () => [event]);
  }
  return user;
}

async function requireUserNamed(db: Db, username: string): Promise<{ id: string; community_id: string }> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'community_id'])
    .where('username', '=', normaliseUsername(username))
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { message: `未找到用户 ${username}` });
  return row;
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', normaliseUsername(username))
    .executeTakeFirst();
  return row ? userFromRow(row) : undefined;
}

/** Changing a password signs the user out everywhere: a lost phone keeps no access. From the CLI, audited. */
export async function setPassword(db: Db, username: string, password: string, source: AuditSource = cliSource()): Promise<void> {
  const user = await requireUserNamed(db, username);
  await withAudit(db, auditActor(null, source), (trx) => setPasswordOf(trx, user.id, password), () => [
    { action: 'user.password_reset', kind: 'user', communityId: user.community_id, recordId: user.id },
  ]);
}

/**
 * setPassword by the user's id (the administrator's screen names users by id). The account's login wait, if
 * someone was guessing at it, is lifted: its owner is told the new password and may sign in at once.
 */
export async function setPasswordOf(db: Db, userId: string, password: string): Promise<void> {
  const valid = requireAcceptablePassword(password);
  const row = await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(valid) })
    .where('id', '=', userId)
    .returning('username')
    .executeTakeFirst();
  await deleteUserSessions(db, userId);
  if (row) await forgetAccount(db, row.username);
}

/** disable-user and enable-user of the CLI, audited. */
export async function disableUser(db: Db, username: string, source: AuditSource = cliSource(), disabled = true): Promise<void> {
  const user = await requireUserNamed(db, username);
  await withAudit(db, auditActor(null, source), (trx) => setDisabled(trx, user.id, disabled), () => [
    { action: disabled ? 'user.disable' : 'user.enable', kind: 'user', communityId: user.community_id, recordId: user.id },
  ]);
}

/**
 * Disabling signs the user out everywhere at once and tells each of their devices to wipe itself on its next
 * contact (its session there can still push what was made before, docs/DOMAIN.md §6); enabling lets them sign
 * in again and lifts the wipes not yet done.
 */
export async function setDisabled(db: Db, userId: string, disabled: boolean): Promise<void> {
  await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', userId).execute();
  if (disabled) {
    await requestWipeOfUserDevices(db, userId);
    await deleteUserSessions(db, userId);
  } else {
    await liftUserDisabledWipes(db, userId);
  }
}

/**
 * The workers and secretaries of the user's community (names and roles, enabled accounts, not the user):
 * who can collect dues or confirm a handover in its branches. Admins are not listed.
 */
export async function colleaguesOf(db: Db, user: User): Promise<Colleague[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('community_id', '=', user.communityId)
    .where('disabled', '=', 0)
    .where('role', 'in', ['worker', 'secretary'])
    .where('id', '!=', user.id)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
}

export async function listUsers(db: Db): Promise<(User & { disabled: boolean })[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('role').orderBy('username').execute();
  return rows.map((row) => ({ ...userFromRow(row), disabled: row.disabled === 1 }));
}

/**
 * A user changes their own password: the current one must be right (a phone left unlocked does not let a
 * passer-by take the account over), and a wrong one counts as a failed login of the account and the address,
 * so it cannot be guessed here at leisure; the new one follows every rule. The user's other sessions end, the
 * one that made the change stays.
 */
export async function changeOwnPassword(
  db: Db,
  user: User,
  session: { sessionId: string; address: string; throttle: LoginThrottlePolicy },
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const valid = requireAcceptablePassword(newPassword, 'newPassword');
  const claim = await claimLoginAttempt(db, session.throttle, { address: session.address, username: user.username });
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirst();
  if (!row || !(await verifyPassword(currentPassword, row.password_hash))) throw fieldError('currentPassword', '当前密码', '当前密码不正确');
  await settleLoginSuccess(db, claim);
  await db.updateTable('users').set({ password_hash: await hashPassword(valid) }).where('id', '=', user.id).execute();
  await deleteOtherSessions(db, user.id, session.sessionId);
  await forgetAccount(db, user.username);
}
