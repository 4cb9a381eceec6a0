/**
 * The data key while the app is unlocked, in this tab's memory only (never stored): the seal middleware reads it
 * for every sealed row, the vault sets it at login or unlock and drops it on lock. A reload forgets it — which is
 * how the app locks.
 */
let current: CryptoKey | null = null;

export function dataKey(): CryptoKey | null {
  return current;
}

export function setDataKey(key: CryptoKey | null): void {
  current = key;
}
