import type { Colleague, LoginResponse, Organisation, User } from '../../domain';
import { db, type SessionRow } from '../db/database';

export interface StoredSession {
  token: string | null;
  expiresAt: string;
  user: User;
  organisations: Organisation[];
  colleagues: Colleague[];
}

/** Who a device's data belonged to before it was encrypted (vault.ts), until their next login. */
export interface PreviousUser {
  id: string;
  username: string;
}

/**
 * A device upgraded from before encryption keeps a plain session: its token is deleted at once (a token on disk is
 * a key to the server), and who it belonged to is kept apart, so the next login knows whether to clear the device.
 * Returns that user, or null when the device has no such session.
 */
export async function forgetLegacySession(): Promise<PreviousUser | null> {
  const row = await db.session.get('current').catch(() => undefined);
  const kept = await db.meta.get('legacyUser');
  if (row !== undefined) {
    const previous = { id: row.user.id, username: row.user.username };
    await db.transaction('rw', db.session, db.meta, async () => {
      await db.meta.put({ key: 'legacyUser', value: JSON.stringify(previous) });
      await db.session.delete('current');
    });
    return previous;
  }
  return typeof kept?.value === 'string' ? (JSON.parse(kept.value) as PreviousUser) : null;
}

export async function forgetLegacyUser(): Promise<void> {
  await db.meta.delete('legacyUser');
}

export async function loadSession(): Promise<StoredSession | null> {
  const row = await db.session.get('current');
  if (!row) return null;
  // Sessions saved before colleagues were kept have none until the next online check.
  return { token: row.token, expiresAt: row.expiresAt, user: row.user, organisations: row.organisations, colleagues: row.colleagues ?? [] };
}

export async function saveLogin(login: LoginResponse, organisations: Organisation[], colleagues: Colleague[]): Promise<StoredSession> {
  const session: StoredSession = { token: login.token, expiresAt: login.expiresAt, user: login.user, organisations, colleagues };
  await write(session);
  return session;
}

export async function saveProfile(user: User, organisations: Organisation[], colleagues: Colleague[]): Promise<void> {
  await db.session.update('current', { user, organisations, colleagues, savedAt: new Date().toISOString() });
}

/** Keeps who was logged in (for the login form and for the roster kept on the device), drops the token. */
export async function forgetToken(): Promise<void> {
  await db.session.update('current', { token: null, savedAt: new Date().toISOString() });
}

export async function deleteSession(): Promise<void> {
  await db.session.delete('current');
}

async function write(session: StoredSession): Promise<void> {
  const row: SessionRow = { key: 'current', ...session, savedAt: new Date().toISOString() };
  await db.session.put(row);
}
