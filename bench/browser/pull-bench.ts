// First, as in the app's entry: zod is told before any schema is built that it runs without eval (the app's CSP).
import '../../src/app/zod-config';
import { db } from '../../src/app/db/database';
import { SyncEngine } from '../../src/app/sync/sync-engine';
import { setDataKey } from '../../src/app/vault/data-key';
import { importDataKey, randomBytes } from '../../src/app/vault/vault-crypto';
import { rawWrite, type BenchRecord } from './idb-bench';

/**
 * Runs inside Chromium on an empty device: the app's own sync engine does a worker's first sync (push of an
 * empty outbox, pull of every record in scope into Dexie, forms), timed until the records are queryable.
 * The baseline then writes the very same records with raw IndexedDB in one transaction.
 */
export async function firstPull(token: string): Promise<{ pullMs: number; rawMs: number; records: number; outcome: string; cspViolations: number }> {
  // The page is under the server's CSP like the app: anything it blocks (eval) would time code users never run.
  let cspViolations = 0;
  document.addEventListener('securitypolicyviolation', () => cspViolations++);
  // On a device the database is open long before the first sync: login stored the session in it, and left the
  // data key in memory (issue 14). In the baseline bundle the seal middleware is a pass-through (first-pull.ts).
  setDataKey(await importDataKey(randomBytes(32)));
  await db.open();
  const engine = new SyncEngine({ getToken: () => token, locks: null });
  const started = performance.now();
  const outcome = await engine.runNow();
  // The engine returns once every page is committed: the records are queryable from here on.
  const pullMs = performance.now() - started;
  engine.stop();
  const visits = await db.visits.toArray();
  const records: BenchRecord[] = visits.map((row) => ({ ...row.payload, recordedAt: row.payload.recordedAt }));
  const rawMs = await rawWrite(records);
  return { pullMs, rawMs, records: visits.length, outcome, cspViolations };
}
