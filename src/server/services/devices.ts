import { randomBytes } from 'node:crypto';
import { DomainError, type AdminDevice, type User } from '../../domain';
import type { DevicesTable } from '../storage/device-tables';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import { auditActor, withAudit, type AuditSource } from './audit';
import { requireUserOfCommunity } from './community-scope';

/**
 * Devices and their standing (docs/DOMAIN.md §6). A device is named by its sync client id. Its secret, given at
 * each online login, is half of what unwraps the key of its encrypted data (the other half is the password):
 * a device the server no longer answers cannot be opened, even by someone who knows the password.
 */

const USER_AGENT_MAX = 300;

const newSecret = () => randomBytes(32).toString('base64url');

/**
 * A login naming a device: its secret. The first login of a client id registers it; later logins by the same
 * user get the same secret while it is in good standing. A device marked lost, or already wiped, is refused
 * DEVICE_LOST (whoever signs in on it). A client id in good standing with another user passes to this one: a
 * shared tablet changes hands only after its data was cleared, so the old registration is retired (its sessions
 * end) and a new secret issued. A wipe asked for only because the user was disabled is lifted by their login:
 * they have been enabled again.
 */
export async function deviceAtLogin(db: Db, userId: string, deviceId: string, userAgent: string | null): Promise<{ secret: string }> {
  const now = nowIso();
  const agent = userAgent === null ? null : userAgent.slice(0, USER_AGENT_MAX);
  const fresh: Omit<DevicesTable, 'id'> = {
    user_id: userId,
    secret: newSecret(),
    standing: 'active',
    first_sign_in_at: now,
    last_sign_in_at: now,
    last_contact_at: now,
    user_agent: agent,
    wipe_requested_at: null,
    wipe_reason: null,
    wiped_at: null,
  };
  // Two logins of a new device at once: one inserts, the other reads the row it made.
  await db.insertInto('devices').values({ id: deviceId, ...fresh }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const row = await db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow();
  if (row.standing !== 'active') throw new DomainError('DEVICE_LOST');
  if (row.user_id !== userId) {
    await db.deleteFrom('sessions').where('device_id', '=', deviceId).where('user_id', '=', row.user_id).execute();
    await db
      .updateTable('devices')
      .set(fresh)
      .where('id', '=', deviceId)
      .where('user_id', '=', row.user_id)
      .execute();
    const taken = await db.selectFrom('devices').select(['user_id', 'secret']).where('id', '=', deviceId).executeTakeFirstOrThrow();
    // Another login took it over in the same instant: the latest writer holds it; this one's secret would not open it.
    if (taken.user_id !== userId) throw new DomainError('CONFLICT', { message: '此设备正在由其他账号登录，请稍后再试' });
    return { secret: taken.secret };
  }
  await db
    .updateTable('devices')
    .set({
      last_sign_in_at: now,
      last_contact_at: now,
      user_agent: agent,
      ...(row.wipe_reason === 'user_disabled' ? { wipe_requested_at: null, wipe_reason: null } : {}),
    })
    .where('id', '=', deviceId)
    .execute();
  return { secret: row.secret };
}

/**
 * A user disabled: each of their devices in good standing is told to wipe itself on its next contact. Their
 * sessions on those devices survive, able only to push (sessions.ts deleteUserSessions), until it confirms.
 */
export async function requestWipeOfUserDevices(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ wipe_requested_at: nowIso(), wipe_reason: 'user_disabled' })
    .where('user_id', '=', userId)
    .where('standing', '=', 'active')
    .where('wipe_requested_at', 'is', null)
    .execute();
}

/** A user enabled again: the wipes asked for only because they were disabled, and not yet done, are lifted. */
export async function liftUserDisabledWipes(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ wipe_requested_at: null, wipe_reason: null })
    .where('user_id', '=', userId)
    .where('standing', '=', 'active')
    .where('wipe_reason', '=', 'user_disabled')
    .execute();
}

/**
 * The device of this session says it has wiped its data: it becomes `wiped` (a login on it is refused from now
 * on) and every session opened on it ends. A session without a device only ends.
 */
export async function confirmWiped(db: Db, sessionId: string, deviceId: string | null): Promise<void> {
  if (deviceId === null) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return;
  }
  await db.updateTable('devices').set({ standing: 'wiped', wiped_at: nowIso() }).where('id', '=', deviceId).execute();
  await db.deleteFrom('sessions').where('device_id', '=', deviceId).execute();
}

function deviceFromRow(row: DevicesTable): AdminDevice {
  return {
    id: row.id,
    userId: row.user_id,
    standing: row.standing,
    firstSignInAt: row.first_sign_in_at,
    lastSignInAt: row.last_sign_in_at,
    lastContactAt: row.last_contact_at,
    userAgent: row.user_agent,
    wipeRequestedAt: row.wipe_requested_at,
    wipeReason: row.wipe_reason,
    wipedAt: row.wiped_at,
  };
}

/** A user's devices, the most recently signed in first. */
export async function devicesOfUser(db: Db, userId: string): Promise<AdminDevice[]> {
  const rows = await db.selectFrom('devices').selectAll().where('user_id', '=', userId).orderBy('last_sign_in_at', 'desc').orderBy('id').execute();
  return rows.map(deviceFromRow);
}

/** The devices of a user of the admin's community; another community's user is NOT_FOUND. */
export async function communityUserDevices(db: Db, admin: User, userId: string): Promise<AdminDevice[]> {
  const user = await requireUserOfCommunity(db, admin.communityId, userId);
  return devicesOfUser(db, user.id);
}

/** A device of the admin's community (its user's); another community's answers NOT_FOUND, as one that does not exist. */
async function requireDevice(db: Db, communityId: string | null, deviceId: string): Promise<DevicesTable> {
  let query = db.selectFrom('devices').innerJoin('users', 'users.id', 'devices.user_id').selectAll('devices').where('devices.id', '=', deviceId);
  if (communityId !== null) query = query.where('users.community_id', '=', communityId);
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { message: '未找到该设备' });
  return row;
}

/**
 * Marked lost: on its next contact the device pushes what it has unsent and wipes itself; its sessions can
 * only push meanwhile, and no one can sign in on it. Marking it again changes nothing; a wiped one is CONFLICT.
 * `communityId` null: the CLI, run by the server's operator.
 */
export async function markDeviceLost(db: Db, communityId: string | null, deviceId: string): Promise<AdminDevice> {
  const row = await requireDevice(db, communityId, deviceId);
  if (row.standing === 'wiped') throw new DomainError('CONFLICT', { message: '该设备已清除数据' });
  if (row.standing === 'active') {
    await db
      .updateTable('devices')
      .set({ standing: 'lost', wipe_requested_at: row.wipe_requested_at ?? nowIso(), wipe_reason: 'lost' })
      .where('id', '=', deviceId)
      .execute();
  }
  return deviceFromRow(await requireDevice(db, communityId, deviceId));
}

/** A lost device found again before it wiped itself: in good standing again. Anything but a lost device is CONFLICT. */
export async function restoreDevice(db: Db, communityId: string | null, deviceId: string): Promise<AdminDevice> {
  const row = await requireDevice(db, communityId, deviceId);
  if (row.standing !== 'lost') throw new DomainError('CONFLICT', { message: row.standing === 'wiped' ? '该设备已清除数据，不能恢复' : '该设备未被标记为丢失' });
  const disabled = await db.selectFrom('users').select('disabled').where('id', '=', row.user_id).executeTakeFirstOrThrow();
  await db
    .updateTable('devices')
    .set({
      standing: 'active',
      // Its user disabled meanwhile: the wipe stands, for that reason now.
      ...(disabled.disabled === 1 ? { wipe_reason: 'user_disabled' } : { wipe_requested_at: null, wipe_reason: null }),
    })
    .where('id', '=', deviceId)
    .where('standing', '=', 'lost')
    .execute();
  return deviceFromRow(await requireDevice(db, communityId, deviceId));
}

/**
 * markDeviceLost or restoreDevice with its audit entry in the same transaction: who (the admin, or the CLI's
 * operator), which device, whose, in the community of the device's user.
 */
export async function changeDeviceStanding(
  db: Db,
  actor: { admin: User | null; source: AuditSource },
  deviceId: string,
  change: 'lost' | 'restore',
): Promise<AdminDevice> {
  const scope = actor.admin?.communityId ?? null;
  const { device } = await withAudit(
    db,
    auditActor(actor.admin, actor.source),
    async (trx) => {
      const changed = change === 'lost' ? await markDeviceLost(trx, scope, deviceId) : await restoreDevice(trx, scope, deviceId);
      const owner = await trx.selectFrom('users').select('community_id').where('id', '=', changed.userId).executeTakeFirstOrThrow();
      return { device: changed, communityId: owner.community_id };
    },
    ({ device: changed, communityId }) => [
      { action: change === 'lost' ? 'device.lost' : 'device.restore', kind: 'device', communityId, recordId: changed.id, details: { userId: changed.userId } },
    ],
  );
  return device;
}
