import { hash, randomBytes } from 'node:crypto';
import { type User, DomainError } from '../../domain';
import { preparedQuery } from '../storage/prepared-query';
import { userFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { hoursFrom, nowIso } from './clock';

/** Only this digest is stored: whoever reads the database cannot use it to act as someone. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export async function createSession(
  db: Db,
  userId: string,
  ttlHours: number,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const createdAt = now.toISOString();
  const expiresAt = hoursFrom(now, ttlHours);
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: createdAt, expires_at: expiresAt, last_used_at: createdAt })
    .execute();
  // A login is a good moment to forget this user's dead sessions, so the table does not grow forever.
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<', createdAt).execute();
  return { token, expiresAt };
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The session and its user by token digest; compiled once (every request of every phone runs it). */
const sessionByTokenHash = preparedQuery((db, tokenHash) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.expires_at',
      'sessions.last_used_at',
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.community_id',
      'users.branch_id',
      'users.disabled',
    ])
    .where('sessions.token_hash', '=', tokenHash as string),
);

/** The user behind a bearer token; 401 UNAUTHENTICATED when unknown, 401 SESSION_EXPIRED when too old. */
export async function authenticate(db: Db, token: string): Promise<User> {
  const tokenHash = hashToken(token);
  const [row] = await sessionByTokenHash(db, tokenHash);
  if (!row) throw new DomainError('UNAUTHENTICATED');
  const now = nowIso();
  if (row.expires_at <= now) throw new DomainError('SESSION_EXPIRED');
  if (row.disabled === 1) throw new DomainError('ACCOUNT_DISABLED');
  // Recorded at most once a minute: a write on every request would serialise 300 syncing phones on SQLite
  // for a timestamp nobody needs to the millisecond.
  if (Date.parse(now) - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await db.updateTable('sessions').set({ last_used_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return userFromRow(row);
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
