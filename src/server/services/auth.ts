import { type LoginRequest, type LoginResponse, DomainError } from '../../domain';
import { userFromRow } from '../storage/rows';
import { nowIso } from './clock';
import type { Db } from '../storage/tables';
import { claimLoginAttempt, settleLoginSuccess, type LoginThrottlePolicy } from './login-throttle';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession, type SessionOrigin } from './sessions';
import { deviceAtLogin } from './devices';
import { lifeboatKey } from './lifeboat-key';
import { normaliseUsername } from './users';

export interface LoginOptions {
  sessionTtlHours: number;
  throttle: LoginThrottlePolicy;
  /** DEVICE_LEASE_DAYS: told to a device with its secret (docs/DOMAIN.md §6). */
  deviceLeaseDays: number;
}

/**
 * Signs in, or refuses: RATE_LIMITED while the client address or the account waits (login-throttle.ts),
 * INVALID_CREDENTIALS for an unknown username or a wrong password alike, ACCOUNT_DISABLED only after the right
 * password, DEVICE_LOST on a device marked lost or wiped. `origin` (the client address and browser) is kept with
 * the session for its lists.
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
  // A login naming its device: refused on a lost or wiped one, else the device's secret (services/devices.ts).
  const device = request.clientId === undefined ? null : { id: request.clientId, ...(await deviceAtLogin(db, row.id, request.clientId, origin.userAgent)) };
  const session = await createSession(db, row.id, options.sessionTtlHours, { ...origin, deviceId: device?.id ?? null });
  // For the administrator's list of users (issue 11 §3): when each last signed in.
  await db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', row.id).execute();
  const answer: LoginResponse = { token: session.token, expiresAt: session.expiresAt, user: userFromRow(row) };
  if (device === null) return answer;
  return { ...answer, device: { ...device, leaseDays: options.deviceLeaseDays }, lifeboatKey: await lifeboatKey(db) };
}
