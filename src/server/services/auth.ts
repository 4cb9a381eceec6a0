import { type LoginRequest, type LoginResponse, DomainError } from '../../domain';
import { userFromRow } from '../storage/rows';
import { nowIso } from './clock';
import type { Db } from '../storage/tables';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession } from './sessions';
import { normaliseUsername } from './users';

export async function login(
  db: Db,
  request: LoginRequest,
  sessionTtlHours: number,
): Promise<LoginResponse> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', normaliseUsername(request.username))
    .executeTakeFirst();
  if (!row) {
    await verifyAgainstDummy(request.password);
    throw new DomainError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(request.password, row.password_hash))) throw new DomainError('INVALID_CREDENTIALS');
  // Checked only after the password, so the answer does not reveal which accounts exist or are disabled.
  if (row.disabled === 1) throw new DomainError('ACCOUNT_DISABLED');
  const session = await createSession(db, row.id, sessionTtlHours);
  // For the administrator's list of users (issue 11 §3): when each last signed in.
  await db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', row.id).execute();
  return { token: session.token, expiresAt: session.expiresAt, user: userFromRow(row) };
}
