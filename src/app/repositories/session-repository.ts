import type { Colleague, LoginResponse, Organisation, User } from '../../domain';
import { db, type SessionRow } from '../db/database';

export interface StoredSession {
  token: string | null;
  expiresAt: string;
  user: User;
  organisations: Organisation[];
  colleagues: Colleague[];
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
