import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../src/app/db/database';
import { SEALED_COLUMN, VaultLockedError } from '../../src/app/db/seal-middleware';
import { rowOf } from '../../src/app/repositories/record-rows';
import { dataKey, setDataKey } from '../../src/app/vault/data-key';
import { PIN_TRIES, choosePin, canChoosePin, lock, openWithLogin, rewrapWithPin, unlockWithPin } from '../../src/app/vault/vault';
import { resetDevice } from './support/app-harness';
import { ROSTER, deviceSecretOf, makeUser } from './support/fixtures';

const USER = makeUser();
const DEVICE = { id: '00000000-0000-4000-8000-00000000d001', secret: deviceSecretOf(USER), leaseDays: 14 };
const PASSWORD = 'correct horse 2026';
const PIN = '480713';
const member = ROSTER[0]!;

/** A member row as it lies in IndexedDB, read past Dexie and its middleware. */
async function rawMember(): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    const request = db.backendDB().transaction('members').objectStore('members').get(member.id);
    request.onsuccess = () => resolve(request.result as Record<string, unknown> | undefined);
    request.onerror = () => reject(request.error ?? new Error('read failed'));
  });
}

beforeEach(async () => {
  await resetDevice();
  setDataKey(null);
});
afterEach(() => lock());

describe('the data key (encryption at rest, issue 14)', () => {
  it('is made at the first login and seals what the device held before it, the outbox included', async () => {
    // A device upgraded from before encryption: its rows are plain.
    await db.open();
    await new Promise<void>((resolve, reject) => {
      const tx = db.backendDB().transaction(['members', 'outbox'], 'readwrite');
      tx.objectStore('members').put(rowOf('member', member.id, member, 'confirmed'));
      tx.objectStore('outbox').put({ id: 'e1', type: 'visit.submit', record: { note: member.phone }, createdAt: '2026-12-01T00:00:00.000Z', state: 'pending', attempts: 0, lastError: null, recordId: 'r1', memberId: member.id });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
    expect(JSON.stringify(await rawMember())).toContain(member.name);

    expect(await openWithLogin(USER, PASSWORD, DEVICE, null)).toBe('created');
    const raw = await rawMember();
    expect(raw?.[SEALED_COLUMN]).toBeInstanceOf(Uint8Array);
    expect(JSON.stringify(raw)).not.toContain(member.name);
    expect((await db.members.get(member.id))?.payload.name).toBe(member.name);
    expect((await db.outbox.toArray()).map((entry) => entry.record)).toEqual([{ note: member.phone }]);
    const keyring = await db.keyring.get('current');
    expect(keyring).toMatchObject({ userId: USER.id, clientId: DEVICE.id, pin: null, pinFailures: 0 });
    expect(keyring!.iterations).toBeGreaterThanOrEqual(100_000);
    // The key in use cannot be read back out of memory.
    expect(dataKey()!.extractable).toBe(false);
  });

  it('opens again with the password and the same device secret, and not with another secret', async () => {
    await openWithLogin(USER, PASSWORD, DEVICE, null);
    await db.members.put(rowOf('member', member.id, member, 'confirmed') as never);
    lock();
    await expect(db.members.get(member.id)).rejects.toBeInstanceOf(VaultLockedError);
    // A revoked device gets no secret; any other secret opens nothing, even with the right password.
    expect(await openWithLogin(USER, PASSWORD, { ...DEVICE, secret: deviceSecretOf(makeUser({ id: '00000000-0000-4000-8000-000000009999' })) }, null)).toBe('stale');
    expect(dataKey()).toBeNull();
    expect(await openWithLogin(USER, PASSWORD, DEVICE, null)).toBe('opened');
    expect((await db.members.get(member.id))?.payload.name).toBe(member.name);
  });

  it('unlocks offline with the PIN chosen after login; five wrong PINs destroy that wrapping, never the data', async () => {
    await openWithLogin(USER, PASSWORD, DEVICE, null);
    expect(canChoosePin()).toBe(true);
    await choosePin(PIN);
    expect(canChoosePin()).toBe(false);
    await db.members.put(rowOf('member', member.id, member, 'confirmed') as never);
    lock();

    expect(await unlockWithPin(PIN)).toEqual({ outcome: 'unlocked' });
    expect((await db.members.get(member.id))?.payload.name).toBe(member.name);
    lock();

    for (let tried = 1; tried < PIN_TRIES; tried++) {
      expect(await unlockWithPin('135792')).toEqual({ outcome: 'wrong', triesLeft: PIN_TRIES - tried });
    }
    expect(await unlockWithPin('135792')).toEqual({ outcome: 'login_required', reason: 'too_many_tries' });
    expect((await db.keyring.get('current'))?.pin).toBeNull();
    // Even the right PIN opens nothing now; the record is still there, sealed, for the next online login.
    expect(await unlockWithPin(PIN)).toEqual({ outcome: 'login_required', reason: 'no_pin' });
    expect(await db.members.count()).toBe(1);
    expect(await openWithLogin(USER, PASSWORD, DEVICE, null)).toBe('opened');
    expect((await db.members.get(member.id))?.payload.name).toBe(member.name);
  });

  it('a right PIN resets the count of wrong ones', async () => {
    await openWithLogin(USER, PASSWORD, DEVICE, null);
    await choosePin(PIN);
    lock();
    for (let i = 0; i < PIN_TRIES - 1; i++) await unlockWithPin('135792');
    expect(await unlockWithPin(PIN)).toEqual({ outcome: 'unlocked' });
    lock();
    expect(await unlockWithPin('135792')).toEqual({ outcome: 'wrong', triesLeft: PIN_TRIES - 1 });
  });

  it('after the lease without contact the PIN opens nothing until an online login', async () => {
    const loggedIn = new Date('2026-12-01T00:00:00.000Z');
    await openWithLogin(USER, PASSWORD, DEVICE, null, loggedIn);
    await choosePin(PIN);
    lock();
    expect(await unlockWithPin(PIN, new Date('2026-12-14T23:00:00.000Z'))).toEqual({ outcome: 'unlocked' });
    lock();
    expect(await unlockWithPin(PIN, new Date('2026-12-15T00:00:01.000Z'))).toEqual({ outcome: 'login_required', reason: 'lease_expired' });
    expect((await db.keyring.get('current'))?.pin).toBeNull();
  });

  it('refuses a PIN anyone would guess', async () => {
    await openWithLogin(USER, PASSWORD, DEVICE, null);
    await expect(choosePin('123456')).rejects.toThrow();
    await expect(choosePin('12345')).rejects.toThrow();
    expect((await db.keyring.get('current'))?.pin).toBeNull();
  });

  it('after a password change elsewhere, the PIN lets the new password wrap the same key (nothing unsent is lost)', async () => {
    await openWithLogin(USER, PASSWORD, DEVICE, null);
    await choosePin(PIN);
    await db.members.put(rowOf('member', member.id, member, 'confirmed') as never);
    lock();
    const changed = 'a new password 2027';
    expect(await openWithLogin(USER, changed, DEVICE, null)).toBe('stale');
    expect(await rewrapWithPin('135792', changed, DEVICE, null)).toEqual({ outcome: 'wrong', triesLeft: PIN_TRIES - 1 });
    expect(await rewrapWithPin(PIN, changed, DEVICE, null)).toEqual({ outcome: 'unlocked' });
    lock();
    expect(await openWithLogin(USER, changed, DEVICE, null)).toBe('opened');
    expect((await db.members.get(member.id))?.payload.name).toBe(member.name);
  });
});
