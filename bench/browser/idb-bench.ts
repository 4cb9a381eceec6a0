import { Dexie } from 'dexie';

/**
 * Runs inside Chromium. Writes the same records once through raw IndexedDB and once through Dexie, each into a
 * fresh database with the same key path and indexes, and reports milliseconds.
 */
export interface BenchRecord {
  id: string;
  memberId: string;
  recordedAt: string;
  [key: string]: unknown;
}

async function deleteDatabase(name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

export async function rawWrite(records: BenchRecord[]): Promise<number> {
  const name = `raw-${crypto.randomUUID()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('visits', { keyPath: 'id' });
      store.createIndex('memberId', 'memberId');
      store.createIndex('recordedAt', 'recordedAt');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('visits', 'readwrite');
    const store = tx.objectStore('visits');
    for (const record of records) store.put(record);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  const elapsed = performance.now() - started;
  db.close();
  await deleteDatabase(name);
  return elapsed;
}

export async function dexieWrite(records: BenchRecord[]): Promise<number> {
  const name = `dexie-${crypto.randomUUID()}`;
  const db = new Dexie(name);
  db.version(1).stores({ visits: 'id, memberId, recordedAt' });
  await db.open();
  const started = performance.now();
  await db.transaction('rw', db.table('visits'), () => db.table('visits').bulkPut(records));
  const elapsed = performance.now() - started;
  db.close();
  await Dexie.delete(name);
  return elapsed;
}
