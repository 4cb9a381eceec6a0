import type { DBCore, Middleware } from 'dexie';

/**
 * The benchmark's baseline for encryption at rest (issue 14 §7): the same app and sync engine with the seal
 * middleware (src/app/db/seal-middleware.ts) swapped for this pass-through at bundle time — never in the app.
 */
export const SEALED_COLUMN = '$';

export class VaultLockedError extends Error {}

export function sealMiddleware(): Middleware<DBCore> {
  return { stack: 'dbcore', name: 'Seal', level: -10, create: (down) => down };
}
