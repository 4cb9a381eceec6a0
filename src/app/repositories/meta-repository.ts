import type { VisitTemplate } from '../../domain';
import { db } from '../db/database';
import { cacheForms } from './form-repository';

/** Made once per install: the server tells devices apart by it, so a reinstall starts a new sequence. */
export async function getClientId(): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('clientId');
    if (typeof row?.value === 'string') return row.value;
    const clientId = crypto.randomUUID();
    await db.meta.put({ key: 'clientId', value: clientId });
    return clientId;
  });
}

/** The id a login named for this device (vault.ts): the pushes then use the same. */
export async function setClientId(clientId: string): Promise<void> {
  await db.meta.put({ key: 'clientId', value: clientId });
}

/** The server ties a client id to one user: a new user, or a server that refuses this id, gets a fresh one. */
export async function forgetClientId(): Promise<void> {
  await db.meta.delete('clientId');
}

export interface PullPosition {
  cursor: number;
  scope: string | null;
}

export async function getPullPosition(): Promise<PullPosition> {
  // One read: two separate gets would be two IndexedDB transactions.
  const [cursor, scope] = await db.meta.bulkGet(['pullCursor', 'scope']);
  return {
    cursor: typeof cursor?.value === 'number' ? cursor.value : 0,
    scope: typeof scope?.value === 'string' ? scope.value : null,
  };
}

export async function getLastSyncAt(): Promise<string | null> {
  const row = await db.meta.get('lastSyncAt');
  return typeof row?.value === 'string' ? row.value : null;
}

export async function setLastSyncAt(at: string): Promise<void> {
  await db.meta.put({ key: 'lastSyncAt', value: at });
}

/** The end of a successful run in one transaction: the forms downloaded (if any) and the time of the sync. */
export async function finishRun(templates: VisitTemplate[] | null, at: string): Promise<void> {
  await db.transaction('rw', db.forms, db.meta, async () => {
    if (templates !== null && templates.length > 0) await cacheForms(templates);
    await setLastSyncAt(at);
  });
}
