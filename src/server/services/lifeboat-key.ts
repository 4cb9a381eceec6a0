import { createHash, webcrypto } from 'node:crypto';
import { P256PublicJwk, type LifeboatKey } from '../../domain';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';

/**
 * The server's lifeboat key pair (ECDH P-256, docs/DOMAIN.md §6): made once, at the first start or the first
 * time it is needed, and kept in `server_keys` (migration 0012). Devices get the public half and encrypt their
 * lifeboat files to it; the private half never leaves the server.
 */

const PURPOSE = 'lifeboat';
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface LifeboatKeyPair extends LifeboatKey {
  privateKey: webcrypto.CryptoKey;
}

/**
 * A short fingerprint of the public key: the first 16 characters of its RFC 7638 JWK thumbprint (SHA-256 over
 * the required members in lexicographic order), base64url.
 */
export function lifeboatKeyId(publicKey: P256PublicJwk): string {
  const canonical = JSON.stringify({ crv: publicKey.crv, kty: publicKey.kty, x: publicKey.x, y: publicKey.y });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

const loaded = new WeakMap<Db, Promise<LifeboatKeyPair>>();

/** The key pair, made and stored if there is none yet (two servers starting at once keep the first stored). */
export function lifeboatKeyPair(db: Db): Promise<LifeboatKeyPair> {
  let pair = loaded.get(db);
  if (!pair) {
    pair = loadOrCreate(db);
    loaded.set(db, pair);
    pair.catch(() => loaded.delete(db));
  }
  return pair;
}

/** The public half, as devices receive it. */
export async function lifeboatKey(db: Db): Promise<LifeboatKey> {
  const { keyId, publicKey } = await lifeboatKeyPair(db);
  return { keyId, publicKey };
}

async function loadOrCreate(db: Db): Promise<LifeboatKeyPair> {
  let row = await db.selectFrom('server_keys').selectAll().where('purpose', '=', PURPOSE).executeTakeFirst();
  if (!row) {
    const pair = (await webcrypto.subtle.generateKey(ECDH, true, ['deriveBits'])) as webcrypto.CryptoKeyPair;
    const publicJwk = P256PublicJwk.parse(await webcrypto.subtle.exportKey('jwk', pair.publicKey));
    const privateJwk = await webcrypto.subtle.exportKey('jwk', pair.privateKey);
    await db
      .insertInto('server_keys')
      .values({ purpose: PURPOSE, key_id: lifeboatKeyId(publicJwk), public_jwk: JSON.stringify(publicJwk), private_jwk: JSON.stringify(privateJwk), created_at: nowIso() })
      .onConflict((oc) => oc.column('purpose').doNothing())
      .execute();
    row = await db.selectFrom('server_keys').selectAll().where('purpose', '=', PURPOSE).executeTakeFirstOrThrow();
  }
  const publicKey = P256PublicJwk.parse(JSON.parse(row.public_jwk));
  const privateKey = await webcrypto.subtle.importKey('jwk', JSON.parse(row.private_jwk) as webcrypto.JsonWebKey, ECDH, false, ['deriveBits']);
  return { keyId: row.key_id, publicKey, privateKey };
}
