import { z } from 'zod';
import { Id, IsoInstant } from './common';
import { SyncEntity, type MutationBody } from './registry';

/**
 * The sync protocol between a device and the server. A device writes each user action as a mutation in its
 * outbox; the sync engine pushes mutations in `seq` order and applies the server's answer per mutation.
 *
 * Exactly once: every mutation has its own UUID and a per-device sequence number; the server records each
 * mutation id it has seen together with the outcome, so a retry is answered `duplicate` with the first
 * outcome and no second effect. Records carry their own UUIDs too, so the same payment pushed again from a
 * reinstalled device (new mutation id) is still counted once; the same record id with different content is
 * rejected as a conflict.
 */

/** Bumped when the wire format changes incompatibly; the server refuses older clients with CLIENT_OUTDATED. */
export const SYNC_PROTOCOL_VERSION = 2;
export const PROTOCOL_HEADER = 'x-doorstep-protocol';
export const PUSH_BATCH_MAX = 100;

/** The envelope is checked first, so a malformed record is rejected for that mutation only. */
export const MutationEnvelope = z.object({
  id: Id,
  // Bounded to a 32-bit integer: both databases store it in an integer column.
  seq: z.number().int().min(1).max(2_147_483_647),
  type: z.string().min(1).max(40),
  record: z.unknown(),
  createdAt: IsoInstant,
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;
export type Mutation = MutationBody & { id: string; seq: number; createdAt: string };

export const PushRequest = z.object({
  clientId: Id,
  mutations: z.array(z.unknown()).min(1).max(PUSH_BATCH_MAX, { error: `每批最多 ${PUSH_BATCH_MAX} 条` }),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationStatus = z.enum(['applied', 'duplicate', 'rejected']);
export type MutationStatus = z.infer<typeof MutationStatus>;

export const MutationResult = z.object({
  /** null only when the envelope itself was unreadable and had no usable id. */
  mutationId: Id.nullable(),
  index: z.number().int().min(0),
  status: MutationStatus,
  code: z.string().optional(),
  message: z.string().optional(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  results: z.array(MutationResult),
  /** Highest seq of this client the server has settled (applied, duplicate or rejected). */
  lastSettledSeq: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const Change = z.object({
  /** Assigned in commit order: a client that has seen version v has seen every change ≤ v in its scope. */
  version: z.number().int().min(1),
  entity: SyncEntity,
  id: Id,
  op: z.enum(['upsert', 'delete']),
  data: z.unknown().nullable(),
});
export type Change = z.infer<typeof Change>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  /** The scope fingerprint the client last received; a different one on the server means "start again". */
  scope: z.string().max(128).optional(),
  /**
   * The device's sync client id (the push's clientId) and how many records wait in its outbox: kept per device
   * for the administrator's list of users (last successful sync, unsent count). Both optional: absent = unknown.
   */
  clientId: Id.optional(),
  unsent: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /**
   * When the oldest record still in the outbox was made (absent: none waits), and the app's version: with the
   * unsent count they say how fresh the coverage of this device's worker is (issue 12). Both optional.
   */
  oldestPendingAt: IsoInstant.optional(),
  appVersion: z.string().trim().min(1).max(32).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /** How many changes in the caller's scope follow this page (0 when !hasMore): a first sync's progress. */
  remaining: z.number().int().min(0),
  /** True when the user's scope changed: drop pulled data not in this answer's full replay and start from 0. */
  reset: z.boolean(),
  scope: z.string(),
});
export type PullResponse = z.infer<typeof PullResponse>;
