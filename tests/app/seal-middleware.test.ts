import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DoorstepDatabase, SEALED_STORES } from '../../src/app/db/database';
import { SEALED_COLUMN, VaultLockedError } from '../../src/app/db/seal-middleware';
import { dataKey, setDataKey } from '../../src/app/vault/data-key';
import { ROSTER } from './support/fixtures';
import { rowOf } from '../../src/app/repositories/record-rows';

const NAME = 'doorstep-seal-test';
let db: DoorstepDatabase;
let key: CryptoKey | null;

beforeEach(() => {
  key = dataKey();
  db = new DoorstepDatabase(NAME);
});

afterEach(async () => {
  setDataKey(key);
  db.close();
  await Dexie.delete(NAME);
});

/** The rows as IndexedDB holds them, read without Dexie or its middleware. */
async function rawRows(store: string): Promise<Record<string, unknown>[]> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
  try {
    return await new Promise((resolve, reject) => {
      const request = idb.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
      request.onerror = () => reject(request.error ?? new Error('read failed'));
    });
  } finally {
    idb.close();
  }
}

const member = ROSTER[0]!;
const memberRow = () => rowOf('member', member.id, member, 'confirmed');

describe('sealed stores (encryption at rest)', () => {
  it('stores a member as its id and branch beside ciphertext, and reads it back whole', async () => {
    await db.members.put(memberRow() as never);
    const [raw] = await rawRows('members');
    expect(Object.keys(raw!).sort()).toEqual([SEALED_COLUMN, 'branchId', 'id'].sort());
    expect(raw![SEALED_COLUMN]).toBeInstanceOf(Uint8Array);
    const text = new TextDecoder().decode(raw![SEALED_COLUMN] as Uint8Array);
    expect(text).not.toContain(member.name);
    expect((await db.members.get(member.id))?.payload).toEqual(member);
    expect((await db.members.where('branchId').equals(member.branchId!).toArray()).map((row) => row.payload.name)).toEqual([member.name]);
  });

  it('keeps a transaction open across encryption: reads and writes in one transaction all land', async () => {
    await db.transaction('rw', db.members, db.outbox, async () => {
      await db.members.put(memberRow() as never);
      const back = await db.members.get(member.id);
      await db.outbox.add({ id: 'm1', type: 'visit.submit', record: { note: back!.payload.name }, createdAt: '2026-12-06T00:00:00.000Z', state: 'pending', attempts: 0, lastError: null, recordId: 'r1', memberId: member.id });
      await db.members.update(member.id, { syncState: 'pending' });
    });
    expect((await db.members.get(member.id))?.syncState).toBe('pending');
    expect((await db.outbox.toArray())[0]?.record).toEqual({ note: member.name });
    const [rawOutbox] = await rawRows('outbox');
    expect(Object.keys(rawOutbox!).sort()).toEqual([SEALED_COLUMN, 'id', 'memberId', 'recordId', 'seq', 'state'].sort());
  });

  it('refuses to read or write a sealed store while locked, and keeps what it holds', async () => {
    await db.members.put(memberRow() as never);
    setDataKey(null);
    await expect(db.members.get(member.id)).rejects.toBeInstanceOf(VaultLockedError);
    await expect(db.members.put(memberRow() as never)).rejects.toBeInstanceOf(VaultLockedError);
    // Counting and keys need no key: the app can say how many records wait without opening them.
    expect(await db.members.count()).toBe(1);
    setDataKey(key);
    expect((await db.members.get(member.id))?.payload.name).toBe(member.name);
  });

  it('reads a row written before encryption as it is', async () => {
    await db.open();
    // A row as version 6 stored it: no sealed column.
    const idb = db.backendDB();
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction('pairings', 'readwrite');
      tx.objectStore('pairings').put({ id: 'p1', memberId: member.id, payload: { id: 'p1' } });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
    expect((await db.pairings.get('p1'))?.payload).toEqual({ id: 'p1' });
  });

  it('seals every record kind, the outbox, drafts and the session; not the forms, meta or keyring', () => {
    for (const store of ['members', 'visits', 'healthNotes', 'consents', 'duesPayments', 'outbox', 'visitDrafts', 'session']) {
      expect(SEALED_STORES.has(store)).toBe(true);
    }
    for (const store of ['forms', 'meta', 'keyring']) expect(SEALED_STORES.has(store)).toBe(false);
  });

  it('points a cursor read of a sealed store at toArray', async () => {
    await db.members.put(memberRow() as never);
    await expect(db.members.each(() => undefined)).rejects.toThrow(/toArray/);
  });
});
