import { useDocumentVisibility, useIdle, useIntervalFn, useLocalStorage } from '@vueuse/core';
import { watch } from 'vue';
import { useSessionStore } from '../stores/session-store';
import { useVaultStore } from '../stores/vault-store';

/** Minutes idle or in the background before the app locks (docs/DOMAIN.md §6): a device setting, 5 by default. */
export const LOCK_MINUTES_CHOICES = [1, 2, 5, 10, 15] as const;
export const DEFAULT_LOCK_MINUTES = 5;
const LOCK_MINUTES_KEY = 'doorstep.lockMinutes';

export function useLockMinutes() {
  return useLocalStorage<number>(LOCK_MINUTES_KEY, DEFAULT_LOCK_MINUTES);
}

/**
 * Locks the app after the chosen minutes without a touch, or in the background as long (issue 14 §2): the data
 * key leaves memory and the page reloads, so nothing decrypted stays in it either; the lock screen comes next.
 * A phone put away in a pocket counts from the moment it was hidden, even if its timers slept meanwhile.
 */
export function useAutoLock(reload: () => void = () => window.location.reload()): void {
  const vault = useVaultStore();
  const session = useSessionStore();
  const minutes = useLockMinutes();
  const limitMs = () => Math.max(1, minutes.value) * 60_000;
  // The last touch, key or scroll (VueUse); checked every few seconds against the setting, which may change.
  const { lastActive } = useIdle(60_000);
  const visibility = useDocumentVisibility();
  let hiddenAt: number | null = null;

  function lockNow(): void {
    if (vault.status !== 'open' || !session.isAuthenticated) return;
    vault.lock();
    reload();
  }

  useIntervalFn(() => {
    if (Date.now() - lastActive.value >= limitMs()) lockNow();
  }, 10_000);
  watch(visibility, (state) => {
    if (state === 'hidden') {
      hiddenAt = Date.now();
      return;
    }
    if (hiddenAt !== null && Date.now() - hiddenAt >= limitMs()) lockNow();
    hiddenAt = null;
  });
}
