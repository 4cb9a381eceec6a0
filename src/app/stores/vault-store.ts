import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DeviceGrant, LifeboatKey, User } from '../../domain';
import type { KeyringRow } from '../db/database';
import { dataKey } from '../vault/data-key';
import {
  canChoosePin,
  choosePin as wrapWithPin,
  forgetKeyring,
  loadKeyring,
  dropPinWrap,
  lock as dropKey,
  openWithLogin as openKeyWithLogin,
  rewrapWithPin as rewrapKeyWithPin,
  unlockWithPin as unwrapWithPin,
  type LoginOpening,
  type PinUnlock,
} from '../vault/vault';

/** Who may unlock this device, as the lock screen and the login form show it (no secret, no personal data of members). */
export type KeyringHeader = Pick<KeyringRow, 'userId' | 'username' | 'displayName' | 'role' | 'leaseUntil'> & { hasPin: boolean };

function headerOf(row: KeyringRow | undefined): KeyringHeader | null {
  if (row === undefined) return null;
  return { userId: row.userId, username: row.username, displayName: row.displayName, role: row.role, leaseUntil: row.leaseUntil, hasPin: row.pin !== null };
}

/**
 * none: no data key on this device yet (first login, or an upgraded device not yet sealed) · locked: a key exists
 * but is not in memory (after a reload, the idle lock, a lost PIN) · open: the data can be read.
 */
export type VaultStatus = 'none' | 'locked' | 'open';

/** The lock's state for the screens and the router (vault.ts does the cryptography). */
export const useVaultStore = defineStore('vault', () => {
  const header = ref<KeyringHeader | null>(null);
  const unlocked = ref(dataKey() !== null);
  const restored = ref(false);
  /** Why the PIN no longer opens the data, for the login form to say. */
  const loginReason = ref<Extract<PinUnlock, { outcome: 'login_required' }>['reason'] | null>(null);

  const status = computed<VaultStatus>(() => (unlocked.value ? 'open' : header.value === null ? 'none' : 'locked'));
  /** Right after a login, before the PIN is chosen: the app asks for it before anything else. */
  const needsPin = ref(false);

  async function reload(): Promise<void> {
    header.value = headerOf(await loadKeyring());
    unlocked.value = dataKey() !== null;
    needsPin.value = unlocked.value && header.value !== null && !header.value.hasPin && canChoosePin();
  }

  async function restore(): Promise<void> {
    if (restored.value) return;
    await reload();
    restored.value = true;
  }

  async function openWithLogin(user: User, password: string, device: DeviceGrant, lifeboatKey: LifeboatKey | null): Promise<LoginOpening | 'stale'> {
    const opening = await openKeyWithLogin(user, password, device, lifeboatKey);
    loginReason.value = null;
    await reload();
    return opening;
  }

  async function rewrapWithPin(pin: string, password: string, device: DeviceGrant, lifeboatKey: LifeboatKey | null): Promise<PinUnlock> {
    const result = await rewrapKeyWithPin(pin, password, device, lifeboatKey);
    if (result.outcome === 'login_required') loginReason.value = result.reason;
    await reload();
    return result;
  }

  async function unlockWithPin(pin: string): Promise<PinUnlock> {
    const result = await unwrapWithPin(pin);
    if (result.outcome === 'login_required') loginReason.value = result.reason;
    await reload();
    return result;
  }

  async function choosePin(pin: string): Promise<void> {
    await wrapWithPin(pin);
    await reload();
  }

  /** The key leaves memory; the app reloads so that nothing decrypted stays in it (useAutoLock). */
  function lock(): void {
    dropKey();
    unlocked.value = false;
  }

  /**
   * The PIN's wrapping goes: from the next lock or start on, only an online login opens the data. The key stays
   * in memory meanwhile (the app shows the login form, nothing of the data), so nothing open on screen fails.
   */
  async function revoke(): Promise<void> {
    await dropPinWrap();
    await reload();
  }

  async function forget(): Promise<void> {
    await forgetKeyring();
    await reload();
  }

  return { header, status, needsPin, loginReason, restore, reload, revoke, openWithLogin, rewrapWithPin, unlockWithPin, choosePin, lock, forget };
});
