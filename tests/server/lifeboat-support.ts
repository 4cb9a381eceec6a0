import { webcrypto } from 'node:crypto';
import { LIFEBOAT_FORMAT, LIFEBOAT_HKDF_INFO, LIFEBOAT_VERSION, lifeboatAdditionalData, type LifeboatFile, type LifeboatKey } from '../../src/domain';
import type { Envelope } from './sync-support';

const encoder = new TextEncoder();
const b64url = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url');

/**
 * A lifeboat file made the way the device makes it, with WebCrypto only (docs/DOMAIN.md §6, src/domain/lifeboat.ts):
 * an ephemeral ECDH P-256 pair, deriveBits with the server's public key, HKDF-SHA256 (32 zero bytes of salt, the
 * format's info) to an AES-256-GCM key, a random 12-byte iv, the header's names as additional data.
 */
export async function makeLifeboat(
  key: LifeboatKey,
  who: { clientId: string; userId: string; username: string },
  mutations: readonly Envelope[],
): Promise<LifeboatFile> {
  const { subtle } = webcrypto;
  const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;
  const serverPublic = await subtle.importKey('jwk', { ...key.publicKey, ext: true }, ecdh, false, []);
  const ephemeral = (await subtle.generateKey(ecdh, true, ['deriveBits'])) as webcrypto.CryptoKeyPair;
  const shared = await subtle.deriveBits({ name: 'ECDH', public: serverPublic }, ephemeral.privateKey, 256);
  const hkdf = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const aes = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(LIFEBOAT_HKDF_INFO) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const plaintext = encoder.encode(JSON.stringify({ clientId: who.clientId, userId: who.userId, mutations }));
  const ciphertext = await subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(lifeboatAdditionalData(key.keyId, who.clientId, who.userId)) },
    aes,
    plaintext,
  );
  const { kty, crv, x, y } = (await subtle.exportKey('jwk', ephemeral.publicKey)) as { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  return {
    format: LIFEBOAT_FORMAT,
    version: LIFEBOAT_VERSION,
    keyId: key.keyId,
    clientId: who.clientId,
    userId: who.userId,
    username: who.username,
    createdAt: new Date().toISOString(),
    count: mutations.length,
    ephemeralPublicKey: { kty, crv, x, y },
    iv: b64url(iv),
    ciphertext: b64url(ciphertext),
  };
}
