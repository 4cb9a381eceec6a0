import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';

/**
 * Encryption at rest below every Dexie layer (docs/DOMAIN.md §6, "Data on the device"). A row of a sealed store is
 * written as its primary key and index keys — ids, the branch, a month: nothing personal — plus `$`, the rest of
 * the row as AES-GCM ciphertext; it is read back whole. Everything above (the repositories, liveQuery, the cache)
 * sees plain rows, so no call site can forget to encrypt. A row without `$` was written before encryption and is
 * read as it is, until the first login seals it (vault.ts).
 *
 * WebCrypto is asynchronous, and an IndexedDB transaction commits as soon as it has no request pending: while a
 * value is encrypted or decrypted, `keepAlive` keeps a request pending on the same transaction and resumes the
 * caller from that request's callback, where the transaction still accepts requests (as Dexie.waitFor does).
 */

export const SEALED_COLUMN = '$';

/** A sealed store was read or written while the app is locked: the data key is not in memory. */
export class VaultLockedError extends Error {
  constructor() {
    super('The data on this device is locked');
    this.name = 'VaultLockedError';
  }
}

export interface SealCodec {
  /** The data key, or null while the app is locked. */
  key(): CryptoKey | null;
  seal(key: CryptoKey, value: unknown): Promise<Uint8Array>;
  open(key: CryptoKey, sealed: Uint8Array): Promise<unknown>;
}

type Row = Record<string, unknown>;

function isSealed(value: unknown): value is Row & { [SEALED_COLUMN]: Uint8Array } {
  return typeof value === 'object' && value !== null && (value as Row)[SEALED_COLUMN] instanceof Uint8Array;
}

/** Resolves with `work`'s result from inside a request callback of `trans`, which stays open until then. */
function keepAlive<T>(trans: DBCoreTransaction, storeName: string, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let outcome: { value: T } | { error: unknown } | null = null;
    work.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    const store = (trans as unknown as IDBTransaction).objectStore(storeName);
    const spin = (): void => {
      if (outcome !== null) {
        if ('value' in outcome) resolve(outcome.value);
        else reject(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
        return;
      }
      const request = store.get(-Infinity);
      request.onsuccess = spin;
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    };
    spin();
  });
}

/** The key paths a store's rows must keep readable: its primary key and every index. */
function keptPaths(table: DBCoreTable): string[] {
  const paths = [table.schema.primaryKey, ...table.schema.indexes].flatMap((index) => index.keyPath ?? []);
  return [...new Set(paths)];
}

function sealedTable(table: DBCoreTable, codec: SealCodec): DBCoreTable {
  const kept = keptPaths(table);

  function requireKey(): CryptoKey {
    const key = codec.key();
    if (key === null) throw new VaultLockedError();
    return key;
  }

  async function sealRow(key: CryptoKey, row: unknown): Promise<unknown> {
    if (typeof row !== 'object' || row === null) return row;
    const plain: Row = {};
    const secret: Row = { ...(row as Row) };
    for (const path of kept) {
      if (path in secret) {
        plain[path] = secret[path];
        delete secret[path];
      }
    }
    plain[SEALED_COLUMN] = await codec.seal(key, secret);
    return plain;
  }

  async function openRow(key: CryptoKey, row: Row & { [SEALED_COLUMN]: Uint8Array }): Promise<Row> {
    const { [SEALED_COLUMN]: sealed, ...plain } = row;
    return { ...(await codec.open(key, sealed) as Row), ...plain };
  }

  /** Rows as stored → rows as the app knows them; only sealed rows cost a decryption. */
  function openRows<T>(trans: DBCoreTransaction, rows: T[]): T[] | Promise<T[]> {
    if (!rows.some(isSealed)) return rows;
    const key = requireKey();
    const work = Promise.all(rows.map((row) => (isSealed(row) ? openRow(key, row) : row))) as Promise<T[]>;
    return keepAlive(trans, table.name, work);
  }

  return {
    ...table,
    async mutate(req: DBCoreMutateRequest) {
      if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
      const key = requireKey();
      const values = await keepAlive(req.trans, table.name, Promise.all(req.values.map((row) => sealRow(key, row))));
      return table.mutate({ ...req, values } as DBCoreMutateRequest);
    },
    get(req) {
      return table.get(req).then((row: unknown) => (isSealed(row) ? openRows(req.trans, [row]) : [row])).then((rows) => rows[0]);
    },
    getMany(req) {
      return table.getMany(req).then((rows) => openRows(req.trans, rows));
    },
    query(req) {
      return table.query(req).then(async (response) => (req.values ? { ...response, result: await openRows(req.trans, response.result) } : response));
    },
    openCursor(req) {
      // A cursor hands out one value at a time, synchronously: the sealed stores are read in bulk instead
      // (where/toArray), and what they hold is filtered in memory, where it is decrypted anyway.
      if (req.values !== false) throw new Error(`Read the sealed store "${table.name}" with toArray(), not a cursor`);
      return table.openCursor(req);
    },
  };
}

/** The middleware for a database whose `sealedStores` are encrypted; its level puts it below Dexie's own layers. */
export function sealMiddleware(sealedStores: ReadonlySet<string>, codec: SealCodec): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Seal',
    level: -10,
    create: (down) => ({
      ...down,
      table: (name) => (sealedStores.has(name) ? sealedTable(down.table(name), codec) : down.table(name)),
    }),
  };
}
