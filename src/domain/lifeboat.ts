import { z } from 'zod';
import { Id, IsoInstant } from './common';
import { MutationResult } from './sync';

/**
 * The lifeboat (issue 14 §4, docs/DOMAIN.md §6): when a device must be cleared (logout, another user) while
 * records wait in its outbox and it cannot reach the server, it writes them to a file only the server can read,
 * and an administrator imports the file through the same push path as a sync, so each record lands once.
 *
 * Encryption, the same on both sides (WebCrypto on the device, Node's webcrypto on the server):
 *   1. the device makes an ephemeral ECDH P-256 key pair and derives 256 bits with the server's public key
 *      (`deriveBits`, the shared point's x-coordinate, 32 bytes);
 *   2. HKDF-SHA256 over those bits, salt 32 zero bytes, info LIFEBOAT_HKDF_INFO → an AES-256-GCM key;
 *   3. AES-GCM with a random 12-byte iv and `lifeboatAdditionalData(keyId, clientId, userId)` as additional
 *      data, over the UTF-8 JSON of LifeboatPlaintext.
 * The header names who and which device, so the import can refuse before decrypting; the additional data binds
 * those names to the ciphertext, so a file whose header was edited no longer decrypts.
 */

export const LIFEBOAT_FORMAT = 'doorstep-lifeboat';
export const LIFEBOAT_VERSION = 1;
export const LIFEBOAT_HKDF_INFO = 'doorstep-lifeboat-v1';
/** HKDF salt: 32 zero bytes (the key agreement's output is already uniformly random). */
export const LIFEBOAT_HKDF_SALT_BYTES = 32;
export const LIFEBOAT_IV_BYTES = 12;
/** A generous bound on one file: a phone's outbox of weeks offline is hundreds, not tens of thousands. */
export const LIFEBOAT_MAX_MUTATIONS = 50_000;

/** The AES-GCM additional data, as UTF-8 bytes of `${keyId}|${clientId}|${userId}`. */
export function lifeboatAdditionalData(keyId: string, clientId: string, userId: string): string {
  return `${keyId}|${clientId}|${userId}`;
}

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]*$/, { error: '应为 base64url 文本' });

/** A P-256 public key as WebCrypto exports it (`ext` and `key_ops` are not kept). */
export const P256PublicJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: Base64Url.length(43),
  y: Base64Url.length(43),
});
export type P256PublicJwk = z.infer<typeof P256PublicJwk>;

/** The server's lifeboat key as devices receive it: at login (with a clientId) and at GET /api/lifeboat-key. */
export const LifeboatKey = z.object({
  /** A short fingerprint of the public key: the file names the key it was made for. */
  keyId: z.string().min(1).max(64),
  publicKey: P256PublicJwk,
});
export type LifeboatKey = z.infer<typeof LifeboatKey>;

/** The file, as JSON text. */
export const LifeboatFile = z.object({
  format: z.literal(LIFEBOAT_FORMAT),
  version: z.literal(LIFEBOAT_VERSION),
  keyId: LifeboatKey.shape.keyId,
  clientId: Id,
  userId: Id,
  /** Shown to the administrator before the import; the server trusts the userId only. */
  username: z.string().max(64),
  createdAt: IsoInstant,
  /** How many mutations the file says it holds (the decrypted list is what counts). */
  count: z.number().int().min(0).max(LIFEBOAT_MAX_MUTATIONS),
  ephemeralPublicKey: P256PublicJwk,
  iv: Base64Url.length(16),
  ciphertext: Base64Url.min(1),
});
export type LifeboatFile = z.infer<typeof LifeboatFile>;

/**
 * What is encrypted: the outbox's envelopes exactly as a push sends them (MutationEnvelope). Read as the push reads
 * its body: an envelope that is not readable is refused on its own by the push, never the whole file with it.
 */
export const LifeboatPlaintext = z.object({
  clientId: Id,
  userId: Id,
  mutations: z.array(z.unknown()).max(LIFEBOAT_MAX_MUTATIONS),
});
export type LifeboatPlaintext = z.infer<typeof LifeboatPlaintext>;

/** POST /api/admin/lifeboats and the CLI's import-lifeboat: the push's answers, counted. */
export const LifeboatImportResult = z.object({
  userId: Id,
  clientId: Id,
  applied: z.number().int().min(0),
  duplicate: z.number().int().min(0),
  rejected: z.number().int().min(0),
  /** One per mutation of the file, `index` its place in the file. */
  results: z.array(MutationResult),
});
export type LifeboatImportResult = z.infer<typeof LifeboatImportResult>;
