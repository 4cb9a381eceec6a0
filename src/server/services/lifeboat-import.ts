import { webcrypto } from 'node:crypto';
import {
  DomainError,
  LIFEBOAT_HKDF_INFO,
  LIFEBOAT_HKDF_SALT_BYTES,
  LifeboatPlaintext,
  PUSH_BATCH_MAX,
  lifeboatAdditionalData,
  type LifeboatFile,
  type LifeboatImportResult,
  type MutationResult,
  type User,
} from '../../domain';
import { userFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { auditActor, recordAudit, type AuditSource } from './audit';
import { requireUserOfCommunity } from './community-scope';
import { lifeboatKeyPair } from './lifeboat-key';
import { PushQueue } from './push-queue';
import type { PushOptions, RejectionLog } from './sync-push';

/**
 * Importing a lifeboat file (docs/DOMAIN.md §6): the records a device could not send before it was cleared,
 * encrypted to this server's key (src/domain/lifeboat.ts). Decrypted here, then pushed as their user and device
 * through the push service itself, so a record that already arrived is a duplicate and nothing counts twice.
 */

const encoder = new TextEncoder();
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

const unreadable = (message?: string) => new DomainError('LIFEBOAT_UNREADABLE', message === undefined ? {} : { message });

/** The file's mutations; LIFEBOAT_UNREADABLE when it was made for another key or altered in any way. */
export async function openLifeboat(db: Db, file: LifeboatFile): Promise<LifeboatPlaintext> {
  const key = await lifeboatKeyPair(db);
  if (file.keyId !== key.keyId) throw unreadable('救生包文件不是为本服务器制作的（密钥不符），无法读取');
  let text: string;
  try {
    const ephemeral = await webcrypto.subtle.importKey('jwk', { ...file.ephemeralPublicKey, ext: true }, ECDH, false, []);
    const shared = await webcrypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, key.privateKey, 256);
    const hkdf = await webcrypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
    const aes = await webcrypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(LIFEBOAT_HKDF_SALT_BYTES), info: encoder.encode(LIFEBOAT_HKDF_INFO) },
      hkdf,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    const plain = await webcrypto.subtle.decrypt(
      { name: 'AES-GCM', iv: Buffer.from(file.iv, 'base64url'), additionalData: encoder.encode(lifeboatAdditionalData(file.keyId, file.clientId, file.userId)) },
      aes,
      Buffer.from(file.ciphertext, 'base64url'),
    );
    text = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw unreadable();
  }
  let parsed: ReturnType<typeof LifeboatPlaintext.safeParse>;
  try {
    parsed = LifeboatPlaintext.safeParse(JSON.parse(text));
  } catch {
    throw unreadable();
  }
  if (!parsed.success) throw unreadable('救生包文件的内容格式不正确');
  if (parsed.data.clientId !== file.clientId || parsed.data.userId !== file.userId) throw unreadable();
  return parsed.data;
}

export interface LifeboatImportOptions {
  /** The importing administrator: the file's user must be of their community. null: the CLI (the server's operator). */
  admin: User | null;
  /** Where the import came from, for its audit entry. */
  source: AuditSource;
  push?: PushOptions;
  log: RejectionLog;
}

/**
 * Decrypts the file and pushes its mutations as its user and device, in batches of the push's maximum, each
 * answered as a push would be (a record already received: duplicate). The user may have been disabled since:
 * what they made before counts, and the push's own checks still apply to every record.
 */
export async function importLifeboat(db: Db, file: LifeboatFile, options: LifeboatImportOptions): Promise<LifeboatImportResult> {
  const plaintext = await openLifeboat(db, file);
  const row =
    options.admin === null
      ? await db.selectFrom('users').selectAll().where('id', '=', file.userId).executeTakeFirst()
      : await requireUserOfCommunity(db, options.admin.communityId, file.userId);
  if (!row) throw new DomainError('NOT_FOUND', { message: '未找到救生包所属的账号' });
  // The server's key is public: anyone signed in could seal a file naming someone else. The records are pushed as
  // the file's user only if its device is one that user signed in on (a device id no other worker is shown).
  const device = await db.selectFrom('devices').select('id').where('id', '=', plaintext.clientId).where('user_id', '=', file.userId).executeTakeFirst();
  if (!device) throw unreadable('救生包不是由该账号登录过的设备制作的，无法导入');
  const user = userFromRow(row);
  const pushes = new PushQueue(db, options.push);
  const results: MutationResult[] = [];
  for (let start = 0; start < plaintext.mutations.length; start += PUSH_BATCH_MAX) {
    const batch = plaintext.mutations.slice(start, start + PUSH_BATCH_MAX);
    const answer = await pushes.push(user, { clientId: plaintext.clientId, mutations: batch }, options.log);
    for (const result of answer.results) results.push({ ...result, index: start + result.index });
  }
  const count = (status: MutationResult['status']) => results.filter((r) => r.status === status).length;
  const answer = { userId: user.id, clientId: plaintext.clientId, applied: count('applied'), duplicate: count('duplicate'), rejected: count('rejected'), results };
  // After the pushes, which commit on their own (each record's own entry, if its kind is audited, was written with it).
  await recordAudit(db, auditActor(options.admin, options.source), [
    {
      action: 'lifeboat.import',
      kind: 'lifeboat',
      communityId: row.community_id,
      recordId: plaintext.clientId,
      details: { userId: user.id, applied: answer.applied, duplicate: answer.duplicate, rejected: answer.rejected },
    },
  ]);
  return answer;
}
