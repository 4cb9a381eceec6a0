/**
 * The device's encryption at rest (docs/DOMAIN.md §6, "Data on the device"), on WebCrypto only: AES-256-GCM for
 * every sealed value, PBKDF2-SHA-256 to stretch the password and the PIN, HKDF to bind the password to the
 * device secret the server issues at login. The data key is random; in use it is a non-extractable CryptoKey,
 * so no script can read it back out of memory. Its raw bytes exist only while a login is wrapping it.
 */

const AES_GCM = { name: 'AES-GCM', length: 256 } as const;
const IV_BYTES = 12;
const KEY_BYTES = 32;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A copy in a buffer of its own: WebCrypto and IndexedDB take any view, but a fresh buffer never aliases. */
function bytes(view: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(view instanceof Uint8Array ? view.slice() : view.slice(0));
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

function joined(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** iv ‖ ciphertext-with-tag: one value per sealed thing, so a row needs one column. */
async function encrypt(key: CryptoKey, plain: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(IV_BYTES);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
  return joined(iv, new Uint8Array(sealed));
}

async function decrypt(key: CryptoKey, sealed: Uint8Array): Promise<ArrayBuffer> {
  const view = bytes(sealed);
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: view.subarray(0, IV_BYTES) }, key, view.subarray(IV_BYTES));
}

/** A value as JSON, encrypted under the data key: what a sealed row keeps of everything but its index keys. */
export async function sealJson(key: CryptoKey, value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  return encrypt(key, encoder.encode(JSON.stringify(value)));
}

export async function openJson(key: CryptoKey, sealed: Uint8Array): Promise<unknown> {
  return JSON.parse(decoder.decode(await decrypt(key, sealed))) as unknown;
}

/** The key every sealed row is encrypted with: random; `raw` is kept only until its wrappings are made. */
export async function generateDataKey(): Promise<{ key: CryptoKey; raw: Uint8Array<ArrayBuffer> }> {
  const raw = randomBytes(KEY_BYTES);
  return { key: await importDataKey(raw), raw };
}

export function importDataKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, AES_GCM, false, ['encrypt', 'decrypt']);
}

/** The data key's raw bytes encrypted under a key-encryption key (login or PIN). */
export function wrapDataKey(raw: Uint8Array<ArrayBuffer>, kek: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return encrypt(kek, raw);
}

/**
 * The raw bytes back (the caller imports them non-extractable and drops them): a wrong password, PIN or device
 * secret fails here, as AES-GCM's tag does not match.
 */
export async function unwrapDataKey(wrapped: Uint8Array, kek: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await decrypt(kek, wrapped));
}

/** PBKDF2-SHA-256 of a password or PIN (NFKC, so the same characters typed on another keyboard give the same key). */
async function stretch(secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256));
}

async function hkdfKey(material: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, info: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', material, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode(info) }, base, AES_GCM, false, ['encrypt', 'decrypt']);
}

/**
 * The login's key-encryption key: the stretched password AND the device secret the server gives this device at
 * each online login. Without the secret — a device marked lost, a disabled user — the password alone opens nothing.
 */
export async function loginKek(password: string, deviceSecret: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  return hkdfKey(joined(await stretch(password, salt, iterations), deviceSecret), salt, 'doorstep-login-kek-v1');
}

/** The PIN's key-encryption key: the PIN alone, stretched as hard as the password (the five-try limit does the rest). */
export async function pinKek(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  return hkdfKey(await stretch(pin, salt, iterations), salt, 'doorstep-pin-kek-v1');
}

/** The device secret as the server sends it (base64url of 32 bytes). */
export function secretBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const text = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** PBKDF2's cost on this device: about a third of a second per derivation (docs/DOMAIN.md §6), never below the floor. */
export const KDF_TARGET_MS = 330;
export const KDF_MIN_ITERATIONS = 100_000;
export const KDF_MAX_ITERATIONS = 3_000_000;
const KDF_PROBE_ITERATIONS = 20_000;

/**
 * Iterations that cost KDF_TARGET_MS here, measured on the device itself (the phone is the phone): a short probe
 * scaled up. A fast desktop gets more iterations, a slow phone fewer, each about the same wait.
 */
export async function calibrateIterations(now: () => number = () => performance.now()): Promise<number> {
  const salt = randomBytes(16);
  const started = now();
  await stretch('calibration', salt, KDF_PROBE_ITERATIONS);
  const elapsed = Math.max(now() - started, 1);
  const scaled = Math.round((KDF_PROBE_ITERATIONS * KDF_TARGET_MS) / elapsed);
  return Math.min(KDF_MAX_ITERATIONS, Math.max(KDF_MIN_ITERATIONS, scaled));
}
