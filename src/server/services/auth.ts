import { type LoginRequest, type LoginResponse, DomainError } from '../../domain';
import { userFromRow } from '../storage/rows';
import { nowIso } from './clock';
import type { Db } from '../storage/tables';
import { claimLoginAttempt, settleLoginSuccess, type LoginThrottlePolicy } from './login-throttle';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession, type SessionOrigin } from './sessions';
import { normaliseUsername } from './users';

export interface LoginOptions {
  sessionTtlHours: number;
  throttle: LoginThrottlePolicy;
}

/**
 * Signs in, or refuses: RATE_LIMITED while the client address or the account waits (login-throttle.ts),
 * INVALID_CREDENTIALS for an unknown username or a wrong password alike, ACCOUNT_DISABLED only after the right
 * password. `origin` (the client address and browser) is kept with the session for its lists.
 */
export async function login(db: Db, request: LoginRequest, origin: SessionOrigin & { address: string }, options: LoginOptions): Promise<LoginResponse> {
  const username = normaliseUsername(request.username);
  const claim = await claimLoginAttempt(db, options.throttle, { address: origin.address, username });
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row) {
    await verifyAgainstDummy(request.password);
    throw new DomainError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(request.password, row.password_hash))) throw new DomainError('INVALID_CREDENTIALS');
  await settleLoginSuccess(db, claim);
  // Checked only after the password, so the answer does not reveal which accounts exist or are disabled.
  if (row.disabled === 1) throw new DomainError('ACCOUNT_DISABLED');
  const session = await createSession(db, row.id, options.sessionTtlHours, origin);
  // For the administrator's list of users (issue 11 §3): when each last signed in.
  await db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', row.id).execute();
  return { token: session.token, expiresAt: session.expiresAt, user: userFromRow(row) };
}
