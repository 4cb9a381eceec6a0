export const SYNC_LOCK_NAME = 'doorstep-sync';

/** The part of the Web Locks API the engine uses, so tests and old browsers can hand in their own. */
export interface LockRequester {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** Without Web Locks only this tab's engines can be kept apart; that covers every browser we support but the oldest. */
let heldInThisTab = false;

export function browserLocks(): LockRequester | null {
  if (typeof navigator === 'undefined' || !('locks' in navigator) || navigator.locks === undefined) return null;
  return navigator.locks;
}

/** Runs `task` only if no other engine — in this tab or another — is running; otherwise answers 'busy' at once. */
export async function withSyncLock<T>(locks: LockRequester | null, task: () => Promise<T>): Promise<T | 'busy'> {
  if (locks !== null) {
    return locks.request(SYNC_LOCK_NAME, { ifAvailable: true }, async (lock) => (lock === null ? 'busy' : task()));
  }
  if (heldInThisTab) return 'busy';
  heldInThisTab = true;
  try {
    return await task();
  } finally {
    heldInThisTab = false;
  }
}
