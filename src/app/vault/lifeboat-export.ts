import {
  LIFEBOAT_FORMAT,
  LIFEBOAT_HKDF_INFO,
  LIFEBOAT_HKDF_SALT_BYTES,
  LIFEBOAT_IV_BYTES,
  LIFEBOAT_VERSION,
  lifeboatAdditionalData,
  type LifeboatFile,
  type LifeboatKey,
  type LifeboatPlaintext,
  type MutationEnvelope,
} from '../../domain';
import { allEntries } from '../repositories/outbox-repository';
import { loadKeyring } from './vault';

/**
 * The lifeboat file (issue 14 §4, src/domain/lifeboat.ts for the format): the outbox's envelopes, encrypted so
 * that only the server can read them — an ephemeral ECDH P-256 key agreed with the server's public key, HKDF to
 * an AES-256-GCM key, the header's names bound as additional data. Made offline; an administrator imports it.
 */

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface LifeboatOwner {
  userId: string;
  username: string;
  clientId: string;
}

export async function sealLifeboat(
  owner: LifeboatOwner,
  serverKey: LifeboatKey,
  mutations: MutationEnvelope[],
  now: Date = new Date(),
): Promise<LifeboatFile> {
  const server = await crypto.subtle.importKey('jwk', { ...serverKey.publicKey, ext: true }, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const ephemeral = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: server }, ephemeral.privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(LIFEBOAT_HKDF_SALT_BYTES), info: encoder.encode(LIFEBOAT_HKDF_INFO) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const plaintext: LifeboatPlaintext = { clientId: owner.clientId, userId: owner.userId, mutations };
  const iv = crypto.getRandomValues(new Uint8Array(LIFEBOAT_IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(lifeboatAdditionalData(serverKey.keyId, owner.clientId, owner.userId)) },
    key,
    encoder.encode(JSON.stringify(plaintext)),
  );
  const jwk = await crypto.subtle.exportKey('jwk', ephemeral.publicKey);
  return {
    format: LIFEBOAT_FORMAT,
    version: LIFEBOAT_VERSION,
    keyId: serverKey.keyId,
    clientId: owner.clientId,
    userId: owner.userId,
    username: owner.username,
    createdAt: now.toISOString(),
    count: mutations.length,
    ephemeralPublicKey: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
    iv: base64url(iv),
    ciphertext: base64url(new Uint8Array(ciphertext)),
  };
}

/** The file offered for download: named after the user and the time, so an administrator knows whose it is. */
export function lifeboatFileName(file: LifeboatFile): string {
  const stamp = file.createdAt.slice(0, 16).replace(/[-:T]/g, '');
  return `doorstep-lifeboat-${file.username}-${stamp}.json`;
}

/** Every entry of this device's outbox, sealed for the server named at the last login; null without one. */
export async function lifeboatOfOutbox(now: Date = new Date()): Promise<LifeboatFile | null> {
  const keyring = await loadKeyring();
  if (keyring?.lifeboatKey == null) return null;
  const mutations = (await allEntries()).map((row) => ({ id: row.id, seq: row.seq!, type: row.type, record: row.record, createdAt: row.createdAt }));
  return sealLifeboat({ userId: keyring.userId, username: keyring.username, clientId: keyring.clientId }, keyring.lifeboatKey, mutations, now);
}
