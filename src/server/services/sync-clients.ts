import type { User } from '../../domain';
import type { Db } from '../storage/tables';

/** What a device says of itself with its pull (all optional in the protocol: null = it did not say). */
export interface DeviceReport {
  /** Records waiting in its outbox. */
  unsent: number | null;
  /** When the oldest of them was made. */
  oldestPendingAt: string | null;
  appVersion: string | null;
}

/**
 * A device finished a pull (its last page): when, and what it reported of its outbox and version, for the
 * administrator's list of users and the freshness of each worker's coverage. The client id is the push's: it
 * belongs to the user who first used it, so a pull naming another user's client changes nothing (and is not
 * refused: the pull itself is the user's own).
 */
export async function recordDeviceSync(db: Db, user: User, clientId: string, report: DeviceReport, now: string): Promise<void> {
  const reported = { last_sync_at: now, unsent: report.unsent, oldest_pending_at: report.oldestPendingAt, app_version: report.appVersion };
  await db
    .insertInto('sync_clients')
    .values({ client_id: clientId, user_id: user.id, last_settled_seq: 0, updated_at: now, ...reported })
    .onConflict((oc) => oc.column('client_id').doUpdateSet(reported).where('sync_clients.user_id', '=', user.id))
    .execute();
}

export interface DeviceRow {
  userId: string;
  clientId: string;
  lastSyncAt: string | null;
  unsent: number | null;
  oldestPendingAt: string | null;
  appVersion: string | null;
}

/** The devices of these users, the most recently synced first. */
export async function devicesOf(db: Db, userIds: readonly string[]): Promise<DeviceRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('sync_clients')
    .select(['user_id', 'client_id', 'last_sync_at', 'unsent', 'oldest_pending_at', 'app_version'])
    .where('user_id', 'in', [...userIds])
    .execute();
  // Sorted here: the engines disagree on where a descending order puts nulls (a device that never synced).
  return rows
    .map((r) => ({
      userId: r.user_id,
      clientId: r.client_id,
      lastSyncAt: r.last_sync_at,
      unsent: r.unsent === null ? null : Number(r.unsent),
      oldestPendingAt: r.oldest_pending_at,
      appVersion: r.app_version,
    }))
    .sort((a, b) => (b.lastSyncAt ?? '').localeCompare(a.lastSyncAt ?? '') || a.clientId.localeCompare(b.clientId));
}
