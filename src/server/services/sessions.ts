import { hash, randomBytes, randomUUID } from 'node:crypto';
import { type Role, type SessionInfo, type User, DomainError } from '../../domain';
import { preparedQuery } from '../storage/prepared-query';
import { userFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { hoursFrom, nowIso } from './clock';

/** Only this digest is stored: whoever reads the database cannot use it to act as someone. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Where a session was opened from, as the user and their administrator see it in the list of sessions. */
export interface SessionOrigin {
  userAgent: string | null;
  address: string | null;
  /** The device (sync client id) the session is opened on, when the login named one (services/devices.ts). */
  deviceId?: string | null;
}

/** A User-Agent is the client's own text: kept short, so a hostile one cannot fill the table. */
const USER_AGENT_MAX = 300;

export async function createSession(
  db: Db,
  userId: string,
  ttlHours: number,
  origin: SessionOrigin = { userAgent: null, address: null },
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const createdAt = now.toISOString();
  const expiresAt = hoursFrom(now, ttlHours);
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      id: randomUUID(),
      user_id: userId,
      created_at: createdAt,
      expires_at: expiresAt,
      last_used_at: createdAt,
      user_agent: origin.userAgent === null ? null : origin.userAgent.slice(0, USER_AGENT_MAX),
      address: origin.address,
      device_id: origin.deviceId ?? null,
    })
    .execute();
  // A login is a good moment to forget this user's dead sessions, so the table does not grow forever.
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<', createdAt).execute();
  return { token, expiresAt };
}

/**
 * How long a session may go unused before it ends, by role (docs/DOMAIN.md §6): secretaries and administrators
 * sign in again after SESSION_IDLE_MINUTES without a request (their screens show a whole branch or community);
 * workers keep theirs for SESSION_TTL_HOURS, since they stay offline for days. null: no idle limit.
 */
export interface SessionPolicy {
  idleMinutes: number | null;
}

export const NO_IDLE_LIMIT: SessionPolicy = { idleMinutes: null };

const IDLE_LIMITED_ROLES: readonly Role[] = ['secretary', 'admin'];

export function idleLimitMs(policy: SessionPolicy, role: Role): number | null {
  return policy.idleMinutes !== null && IDLE_LIMITED_ROLES.includes(role) ? policy.idleMinutes * 60_000 : null;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The session and its user by token digest; compiled once (every request of every phone runs it). */
const sessionByTokenHash = preparedQuery((db, tokenHash) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('devices', 'devices.id', 'sessions.device_id')
    .select([
      'sessions.id as session_id',
      'sessions.expires_at',
      'sessions.last_used_at',
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.community_id',
      'users.branch_id',
      'users.disabled',
      'sessions.device_id',
      'devices.standing as device_standing',
      'devices.wipe_requested_at',
    ])
    .where('sessions.token_hash', '=', tokenHash as string),
);

/** The device a request's session was opened on; `wipePending`: it must push what it has, then wipe itself. */
export interface SessionDevice {
  id: string;
  wipePending: boolean;
}

/** A wipe was asked for (lost, or its user disabled) and the device has not yet confirmed it. */
function wipePending(standing: string | null, wipeRequestedAt: string | null): boolean {
  return wipeRequestedAt !== null && standing !== 'wiped';
}

/**
 * The user behind a bearer token, the session's id and its device; 401 UNAUTHENTICATED when unknown, 401
 * SESSION_EXPIRED when too old or, for a role with an idle limit, unused for longer than it (the session is then
 * deleted). A disabled user's session is refused, except on a device with a wipe pending: that one lives on
 * until the device confirms its wipe, so it can still push what it made before (the caller limits it to that).
 */
export async function authenticate(db: Db, token: string, policy: SessionPolicy = NO_IDLE_LIMIT): Promise<{ user: User; sessionId: string; device: SessionDevice | null }> {
  const tokenHash = hashToken(token);
  const [row] = await sessionByTokenHash(db, tokenHash);
  if (!row) throw new DomainError('UNAUTHENTICATED');
  const now = nowIso();
  if (row.expires_at <= now) throw new DomainError('SESSION_EXPIRED');
  const device = row.device_id === null ? null : { id: row.device_id, wipePending: wipePending(row.device_standing, row.wipe_requested_at) };
  if (row.disabled === 1 && device?.wipePending !== true) throw new DomainError('ACCOUNT_DISABLED');
  const idle = idleLimitMs(policy, row.role);
  // last_used_at lags by up to LAST_USED_RESOLUTION_MS (below): a limit of N minutes ends a session after N to N+1.
  if (idle !== null && Date.parse(now) - Date.parse(row.last_used_at) > idle + LAST_USED_RESOLUTION_MS) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    throw new DomainError('SESSION_EXPIRED', { message: '长时间未操作，请重新登录' });
  }
  // Recorded at most once a minute: a write on every request would serialise 300 syncing phones on SQLite
  // for a timestamp nobody needs to the millisecond.
  if (Date.parse(now) - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await db.updateTable('sessions').set({ last_used_at: now }).where('token_hash', '=', tokenHash).execute();
    // The device's last contact, at the same pace: what its administrator reads in its list.
    if (row.device_id !== null) await db.updateTable('devices').set({ last_contact_at: now }).where('id', '=', row.device_id).execute();
  }
  return { user: userFromRow(row), sessionId: row.session_id, device };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/**
 * Every session of the user (a new password, a disabled account), except those of a device with a wipe pending:
 * they stay, able only to push, until the device confirms its wipe, so what it made offline still arrives.
 */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('device_id', 'is', null),
        eb('device_id', 'not in', eb.selectFrom('devices').select('devices.id').where('devices.wipe_requested_at', 'is not', null).where('devices.standing', '!=', 'wiped')),
      ]),
    )
    .execute();
}

/** Every session of the user but one (a password changed by its user keeps the session that changed it). */
export async function deleteOtherSessions(db: Db, userId: string, keepSessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepSessionId).execute();
}

/** The user's sessions still valid, the most recently used first; `currentId` marks the caller's own. */
export async function listSessions(db: Db, userId: string, currentId: string | null): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_used_at', 'expires_at', 'user_agent', 'address'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', nowIso())
    .orderBy('last_used_at', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    userAgent: r.user_agent,
    address: r.address,
    current: r.id === currentId,
  }));
}

/** Ends one session of the user; a session of someone else answers NOT_FOUND, as one that does not exist. */
export async function endSession(db: Db, userId: string, sessionId: string): Promise<void> {
  const result = await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new DomainError('NOT_FOUND', { message: '未找到该登录会话' });
}
