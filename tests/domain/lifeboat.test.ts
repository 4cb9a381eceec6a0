import { describe, expect, it } from 'vitest';
import { LIFEBOAT_HKDF_INFO, LifeboatFile, LifeboatPlaintext, lifeboatAdditionalData } from '../../src/domain';

/** The lifeboat file's shape and constants, shared by the device that writes it and the server that reads it. */
describe('the lifeboat format', () => {
  const xy = 'A'.repeat(43);
  const file = {
    format: 'doorstep-lifeboat',
    version: 1,
    keyId: 'abcdefghijklmnop',
    clientId: '0b7c6f2e-8d1a-4c3b-9e5f-1a2b3c4d5e6f',
    userId: '1c8d7a3f-9e2b-4d4c-8f6a-2b3c4d5e6f70',
    username: 'worker1',
    createdAt: '2026-03-12T01:00:00.000Z',
    count: 0,
    // As WebCrypto exports a public key: ext and key_ops are not kept.
    ephemeralPublicKey: { kty: 'EC', crv: 'P-256', x: xy, y: xy, ext: true, key_ops: [] },
    iv: 'AAAAAAAAAAAAAAAA',
    ciphertext: 'c2VhbGVk',
  };

  it('reads a file as the device writes it, and keeps only the public key’s curve and point', () => {
    const parsed = LifeboatFile.parse(file);
    expect(parsed.ephemeralPublicKey).toEqual({ kty: 'EC', crv: 'P-256', x: xy, y: xy });
  });

  it('refuses another format or version, a private key, an iv that is not 12 bytes, a key of another curve', () => {
    for (const bad of [
      { ...file, format: 'other' },
      { ...file, version: 2 },
      { ...file, iv: 'AAAA' },
      { ...file, ciphertext: 'not base64url!' },
      { ...file, ephemeralPublicKey: { ...file.ephemeralPublicKey, crv: 'P-384' } },
    ]) {
      expect(LifeboatFile.safeParse(bad).success).toBe(false);
    }
  });

  it('binds the key, the device and the user in the additional data, in that order', () => {
    expect(lifeboatAdditionalData('k', 'c', 'u')).toBe('k|c|u');
    expect(LIFEBOAT_HKDF_INFO).toBe('doorstep-lifeboat-v1');
  });

  it('holds the push’s envelopes as the push reads them: one unreadable envelope does not make the file unreadable', () => {
    const envelope = { id: file.clientId, seq: 1, type: 'visit.submit', record: { any: 'thing' }, createdAt: '2026-03-12T01:00:00.000Z' };
    expect(LifeboatPlaintext.safeParse({ clientId: file.clientId, userId: file.userId, mutations: [envelope, { ...envelope, seq: 0 }] }).success).toBe(true);
    expect(LifeboatPlaintext.safeParse({ clientId: file.clientId, userId: 'someone', mutations: [envelope] }).success).toBe(false);
  });
});
