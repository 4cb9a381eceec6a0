import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/app/api/api-error';
import { db } from '../../src/app/db/database';
import { choosePin } from '../../src/app/vault/vault';
import {
  LIFEBOAT_HKDF_INFO,
  LIFEBOAT_HKDF_SALT_BYTES,
  LifeboatFile,
  lifeboatAdditionalData,
  type LifeboatPlaintext,
} from '../../src/domain';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { useSessionStore } from '../../src/app/stores/session-store';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { answerDialog, byTestId } from './support/dom';
import { json, notHandled, stubFetch } from './support/fetch-stub';
import { ROSTER, TEST_LIFEBOAT_KEY, TEST_LIFEBOAT_PRIVATE_D, loginResponse, makeUser, meResponse } from './support/fixtures';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** What the server does with a lifeboat file (src/domain/lifeboat.ts), here with the test key's private half. */
async function openLifeboatFile(file: LifeboatFile): Promise<LifeboatPlaintext> {
  const encoder = new TextEncoder();
  const fromBase64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)), (c) => c.charCodeAt(0));
  const priv = await crypto.subtle.importKey('jwk', { ...TEST_LIFEBOAT_KEY.publicKey, d: TEST_LIFEBOAT_PRIVATE_D }, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const ephemeral = await crypto.subtle.importKey('jwk', file.ephemeralPublicKey, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, priv, 256);
  const hkdf = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(LIFEBOAT_HKDF_SALT_BYTES), info: encoder.encode(LIFEBOAT_HKDF_INFO) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64url(file.iv), additionalData: encoder.encode(lifeboatAdditionalData(file.keyId, file.clientId, file.userId)) },
    key,
    fromBase64url(file.ciphertext),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as LifeboatPlaintext;
}

describe('logout with unsent records', () => {
  it('never deletes them: offline, it clears the device only after they left in a lifeboat file only the server can read', async () => {
    // Logged in online once: the device holds its key and the server's lifeboat key (issue 14).
    await resetDevice();
    const user = makeUser();
    stubFetch((request) => {
      if (request.url.pathname === '/api/auth/login') return json(200, loginResponse(user));
      if (request.url.pathname === '/api/me') return json(200, meResponse(user));
      return notHandled(request);
    });
    setActivePinia(createPinia());
    expect(await useSessionStore().login(user.username, 'doorstep2026')).toEqual({ ok: true });
    await choosePin('480713');
    await seedRoster(ROSTER);
    await submitVisit(makeVisit(1));
    const [entry] = await db.outbox.toArray();
    stubFetch(() => 'offline');
    const downloads: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      downloads.push(blob as Blob);
      return 'blob:lifeboat';
    });
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(useRosterStore(app.pinia).downloading).toBe(false));
    // The account footer loads after the list (issue 13's load budget).
    await vi.waitFor(() => expect(document.querySelector('[data-testid="logout"]')).not.toBeNull());

    byTestId('logout').click();
    await answerDialog('退出后本机花名册将被清除', 'confirm');
    await answerDialog('还有 1 条记录没有发送到服务器', 'cancel');
    expect(app.router.currentRoute.value.name).toBe('roster');
    expect(downloads).toHaveLength(0);

    // Exported, but the worker does not confirm clearing: everything stays.
    byTestId('logout').click();
    await answerDialog('退出后本机花名册将被清除', 'confirm');
    await answerDialog('还有 1 条记录没有发送到服务器', 'confirm');
    await answerDialog('内含 1 条记录', 'cancel');
    expect(app.router.currentRoute.value.name).toBe('roster');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.visits.count()).toBe(1);

    byTestId('logout').click();
    await answerDialog('退出后本机花名册将被清除', 'confirm');
    await answerDialog('还有 1 条记录没有发送到服务器', 'confirm');
    await answerDialog('内含 1 条记录', 'confirm');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'));
    expect(await db.outbox.count()).toBe(0);
    expect(await db.keyring.count()).toBe(0);

    // The file carries the entry exactly as a push would send it, readable with the server's key only.
    expect(downloads).toHaveLength(2);
    const file = LifeboatFile.parse(JSON.parse(await downloads[1]!.text()));
    expect(file).toMatchObject({ userId: user.id, username: user.username, keyId: TEST_LIFEBOAT_KEY.keyId, count: 1 });
    expect(JSON.stringify(file)).not.toContain(ROSTER[0]!.name);
    const opened = await openLifeboatFile(file);
    expect(opened.mutations).toEqual([{ id: entry!.id, seq: entry!.seq, type: entry!.type, record: entry!.record, createdAt: entry!.createdAt }]);
    expect(opened.clientId).toBe(file.clientId);
  });
});

describe('another account on a device with unsent records', () => {
  it('cannot log in until the previous user has sent them; the same user can', async () => {
    await submitVisit(makeVisit(1));
    const calls = stubFetch(() => 'offline');
    setActivePinia(createPinia());
    const session = useSessionStore();
    await session.restore();
    await session.handleRejection(new ApiError(401, 'SESSION_EXPIRED', '登录已过期'));

    expect(await session.login('worker2', 'secret')).toEqual({ ok: false, error: 'UNSENT_OTHER_USER' });
    expect(calls).toHaveLength(0);
    expect(await db.outbox.count()).toBe(1);

    // The same worker only meets the network (offline here).
    expect(await session.login('worker1', 'secret')).toEqual({ ok: false, error: 'NETWORK' });
  });
});
