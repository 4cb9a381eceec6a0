import type { DeviceGrant, LifeboatKey, User } from '../../domain';
import { isGuessablePin, isPinShaped } from '../../domain/pin';
import { db, SEALED_STORES, type KeyringRow } from '../db/database';
import { setDataKey } from './data-key';
import {
  calibrateIterations,
  generateDataKey,
  importDataKey,
  loginKek,
  pinKek,
  randomBytes,
  secretBytes,
  unwrapDataKey,
  wrapDataKey,
} from './vault-crypto';

/**
 * The data key's life on this device (docs/DOMAIN.md §6, "Data on the device"): made at the first online login,
 * kept wrapped in the keyring under the login (password + the server's device secret) and under the PIN, held
 * unwrapped in memory only while the app is open (data-key.ts). Nothing here deletes a record: a lost PIN or a
 * passed lease removes a wrapping, never the data, which the next online login opens again.
 */

/** Wrong PINs in a row after which the PIN's wrapping is destroyed: only an online login opens the data again. */
export const PIN_TRIES = 5;
const DAY_MS = 86_400_000;

/** The raw data key between a login and the PIN chosen after it, so the PIN can wrap it; then zeroed. */
let pendingRaw: Uint8Array<ArrayBuffer> | null = null;

function dropPendingRaw(): void {
  pendingRaw?.fill(0);
  pendingRaw = null;
}

export function loadKeyring(): Promise<KeyringRow | undefined> {
  return db.keyring.get('current');
}

function leaseUntil(now: Date, leaseDays: number): string {
  return new Date(now.getTime() + leaseDays * DAY_MS).toISOString();
}

/** Whether a PIN can be chosen now: right after a login, while its raw key is still at hand. */
export function canChoosePin(): boolean {
  return pendingRaw !== null;
}

export type LoginOpening = 'opened' | 'created';

/**
 * After an online login: the keyring's data key unwrapped with the password and this device's secret ('opened'),
 * or a new key when the device has no keyring ('created'; the caller has cleared another user's data and key
 * first). 'stale': the user's key no longer opens with this password and secret (changed elsewhere); the caller
 * starts afresh when nothing waits to be sent, or asks for the PIN (rewrapWithPin).
 */
export async function openWithLogin(
  user: User,
  password: string,
  device: DeviceGrant,
  lifeboatKey: LifeboatKey | null,
  now: Date = new Date(),
): Promise<LoginOpening | 'stale'> {
  const secret = secretBytes(device.secret);
  const keyring = await loadKeyring();
  const header = { userId: user.id, username: user.username, displayName: user.displayName, role: user.role };
  // The same user: their key is unwrapped, never replaced (rows sealed under it would be lost). Another device id
  // comes with another secret, so it fails like a changed password: 'stale', which the caller resolves.
  if (keyring !== undefined && keyring.userId === user.id) {
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = await unwrapDataKey(keyring.loginWrap, await loginKek(password, secret, keyring.salt, keyring.iterations));
    } catch {
      return 'stale';
    }
    setDataKey(await importDataKey(raw));
    dropPendingRaw();
    pendingRaw = raw;
    await db.keyring.put({ ...keyring, ...header, clientId: device.id, leaseDays: device.leaseDays, leaseUntil: leaseUntil(now, device.leaseDays), lifeboatKey });
    return 'opened';
  }
  await createKeyring(header, password, device, secret, lifeboatKey, now);
  return 'created';
}

/** A new data key for this user and device; rows written before encryption (an upgraded device) are sealed with it. */
async function createKeyring(
  header: Pick<KeyringRow, 'userId' | 'username' | 'displayName' | 'role'>,
  password: string,
  device: DeviceGrant,
  secret: Uint8Array<ArrayBuffer>,
  lifeboatKey: LifeboatKey | null,
  now: Date,
): Promise<void> {
  const iterations = await calibrateIterations();
  const salt = randomBytes(16);
  const { key, raw } = await generateDataKey();
  const loginWrap = await wrapDataKey(raw, await loginKek(password, secret, salt, iterations));
  setDataKey(key);
  dropPendingRaw();
  pendingRaw = raw;
  await db.keyring.put({
    key: 'current',
    ...header,
    clientId: device.id,
    salt,
    iterations,
    loginWrap,
    pin: null,
    pinFailures: 0,
    leaseDays: device.leaseDays,
    leaseUntil: leaseUntil(now, device.leaseDays),
    lifeboatKey,
    createdAt: now.toISOString(),
  });
  await sealLegacyRows();
}

/**
 * A device upgraded from before encryption holds plain rows; written back through the seal middleware they come
 * out sealed. One store at a time, each in its own transaction (the outbox included: nothing is dropped).
 */
export async function sealLegacyRows(): Promise<void> {
  for (const name of SEALED_STORES) {
    const table = db.table(name);
    await db.transaction('rw', table, async () => {
      const rows = await table.toArray();
      if (rows.length > 0) await table.bulkPut(rows);
    });
  }
}

/** The PIN chosen after a login wraps the data key a second time, for unlocking offline. */
export async function choosePin(pin: string): Promise<void> {
  if (!isPinShaped(pin) || isGuessablePin(pin)) throw new Error('Not a PIN the device takes');
  const keyring = await loadKeyring();
  if (keyring === undefined || pendingRaw === null) throw new Error('No login to choose a PIN after');
  const salt = randomBytes(16);
  const wrap = await wrapDataKey(pendingRaw, await pinKek(pin, salt, keyring.iterations));
  await db.keyring.put({ ...keyring, pin: { salt, iterations: keyring.iterations, wrap }, pinFailures: 0 });
  dropPendingRaw();
}


export type PinUnlock =
  | { outcome: 'unlocked' }
  | { outcome: 'wrong'; triesLeft: number }
  /** The fifth wrong PIN, or the lease passed, or no PIN was chosen: only an online login opens the data now. */
  | { outcome: 'login_required'; reason: 'too_many_tries' | 'lease_expired' | 'no_pin' };

/** The PIN's wrapping opened, counting wrong PINs: the fifth in a row destroys the wrapping (never the data). */
async function openPinWrap(keyring: KeyringRow, pin: string): Promise<Uint8Array<ArrayBuffer> | Exclude<PinUnlock, { outcome: 'unlocked' }>> {
  if (keyring.pin === null) return { outcome: 'login_required', reason: 'no_pin' };
  try {
    const raw = await unwrapDataKey(keyring.pin.wrap, await pinKek(pin, keyring.pin.salt, keyring.pin.iterations));
    if (keyring.pinFailures !== 0) await db.keyring.put({ ...keyring, pinFailures: 0 });
    return raw;
  } catch {
    const failures = keyring.pinFailures + 1;
    if (failures >= PIN_TRIES) {
      await db.keyring.put({ ...keyring, pin: null, pinFailures: 0 });
      return { outcome: 'login_required', reason: 'too_many_tries' };
    }
    await db.keyring.put({ ...keyring, pinFailures: failures });
    return { outcome: 'wrong', triesLeft: PIN_TRIES - failures };
  }
}

export async function unlockWithPin(pin: string, now: Date = new Date()): Promise<PinUnlock> {
  const keyring = await loadKeyring();
  if (keyring?.pin == null) return { outcome: 'login_required', reason: 'no_pin' };
  if (now.toISOString() > keyring.leaseUntil) {
    await db.keyring.put({ ...keyring, pin: null, pinFailures: 0 });
    return { outcome: 'login_required', reason: 'lease_expired' };
  }
  const opened = await openPinWrap(keyring, pin);
  if (!(opened instanceof Uint8Array)) return opened;
  setDataKey(await importDataKey(opened));
  opened.fill(0);
  return { outcome: 'unlocked' };
}

/**
 * The password changed elsewhere (an administrator's reset) while records wait here: the login cannot unwrap the
 * key any more, the PIN still can. Online, with the new password and the device secret, the key is wrapped anew.
 */
export async function rewrapWithPin(pin: string, password: string, device: DeviceGrant, lifeboatKey: LifeboatKey | null, now: Date = new Date()): Promise<PinUnlock> {
  const keyring = await loadKeyring();
  if (keyring === undefined) return { outcome: 'login_required', reason: 'no_pin' };
  const opened = await openPinWrap(keyring, pin);
  if (!(opened instanceof Uint8Array)) return opened;
  const salt = randomBytes(16);
  const loginWrap = await wrapDataKey(opened, await loginKek(password, secretBytes(device.secret), salt, keyring.iterations));
  setDataKey(await importDataKey(opened));
  opened.fill(0);
  const current = (await loadKeyring()) ?? keyring;
  await db.keyring.put({ ...current, clientId: device.id, salt, loginWrap, pinFailures: 0, leaseDays: device.leaseDays, leaseUntil: leaseUntil(now, device.leaseDays), lifeboatKey });
  return { outcome: 'unlocked' };
}

/** The server answered: the device may stay offline another lease from now (written at most hourly). */
let leaseWrittenAt = 0;
export async function extendLease(now: Date = new Date()): Promise<void> {
  if (now.getTime() - leaseWrittenAt < 3_600_000) return;
  const keyring = await loadKeyring();
  if (keyring === undefined) return;
  leaseWrittenAt = now.getTime();
  await db.keyring.put({ ...keyring, leaseUntil: leaseUntil(now, keyring.leaseDays) });
}

/** The PIN no longer opens anything (the session was refused): only an online login unwraps the key again. */
export async function dropPinWrap(): Promise<void> {
  const keyring = await loadKeyring();
  if (keyring !== undefined && keyring.pin !== null) await db.keyring.put({ ...keyring, pin: null, pinFailures: 0 });
}

/** The key leaves memory; the caller reloads the app so nothing decrypted stays in it either. */
export function lock(): void {
  setDataKey(null);
  dropPendingRaw();
}

/** After the device's data is cleared (logout, wipe): nothing left for the key to open. */
export async function forgetKeyring(): Promise<void> {
  lock();
  await db.keyring.delete('current');
}
