import type { LoginResponse, Organisation, User } from '../../domain';
import { db, type SessionRow } from '../db/database';

export interface StoredSession {
  token: string | null;
  expiresAt: string;
  user: User;
  organisations: Organisation[];
}

export async function loadSession(): Promise<StoredSession | null> {
  const row = await db.session.get('current');
  if (!row) return null;
  return { token: row.token, expiresAt: row.expiresAt, user: row.user, organisations: row.organisations };
}

export async function saveLogin(login: LoginResponse, organisations: Organisation[]): Promise<StoredSession> {
  const session: StoredSession = { token: login.token, expiresAt: login.expiresAt, user: login.user, organisations };
  await write(session);
  return session;
}

export async function saveProfile(user: User, organisations: Organisation[]): Promise<void> {
  await db.session.update('current', { user, organisations, savedAt: new Date().toISOString() });
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
