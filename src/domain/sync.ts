import { z } from 'zod';
import { Id, IsoInstant } from './common';
import { DuesAssessment, DuesPayment, DuesPolicy } from './dues';
import { Consent, HealthNote } from './health';
import {
  ArrearsExcuse,
  CashHandover,
  DuesAdjustment,
  DuplicateResolution,
  HandoverConfirmation,
  MonthClose,
  Remittance,
} from './ledger-records';
import { Attendance, Evaluation, Meeting } from './meeting';
import { Visit } from './visit';

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
export const SYNC_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-doorstep-protocol';
export const PUSH_BATCH_MAX = 100;

export const ConsentWithdrawal = z.object({
  consentId: Id,
  memberId: Id,
  withdrawnAt: IsoInstant,
});
export type ConsentWithdrawal = z.infer<typeof ConsentWithdrawal>;

export const MutationBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('visit.submit'), record: Visit }),
  z.object({ type: z.literal('consent.give'), record: Consent }),
  z.object({ type: z.literal('consent.withdraw'), record: ConsentWithdrawal }),
  z.object({ type: z.literal('health_note.record'), record: HealthNote }),
  z.object({ type: z.literal('dues.record'), record: DuesPayment }),
  // The secretary's ledger records (issue 4): recorded on the tablet offline like every other record.
  z.object({ type: z.literal('dues.adjust'), record: DuesAdjustment }),
  z.object({ type: z.literal('dues.resolve_duplicate'), record: DuplicateResolution }),
  z.object({ type: z.literal('dues.excuse'), record: ArrearsExcuse }),
  z.object({ type: z.literal('dues.assess'), record: DuesAssessment }),
  z.object({ type: z.literal('dues.set_policy'), record: DuesPolicy }),
  z.object({ type: z.literal('cash.handover'), record: CashHandover }),
  z.object({ type: z.literal('cash.confirm'), record: HandoverConfirmation }),
  z.object({ type: z.literal('cash.remit'), record: Remittance }),
  z.object({ type: z.literal('month.close'), record: MonthClose }),
  z.object({ type: z.literal('meeting.record'), record: Meeting }),
  z.object({ type: z.literal('attendance.record'), record: Attendance }),
  z.object({ type: z.literal('evaluation.record'), record: Evaluation }),
]);
export type MutationBody = z.infer<typeof MutationBody>;
export type MutationType = MutationBody['type'];

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

/** Kinds of record a pull can carry. */
export const SyncEntity = z.enum([
  'visit',
  'consent',
  'health_note',
  'dues_payment',
  'dues_assessment',
  'dues_policy',
  // Member-level ledger records (filtered by the member's scope, like payments).
  'dues_adjustment',
  'duplicate_resolution',
  'arrears_excuse',
  'attendance',
  'evaluation',
  // Branch-level records (filtered by the branches in scope).
  'cash_handover',
  'handover_confirmation',
  'remittance',
  'month_close',
  'meeting',
]);
export type SyncEntity = z.infer<typeof SyncEntity>;

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
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /** True when the user's scope changed: drop pulled data not in this answer's full replay and start from 0. */
  reset: z.boolean(),
  scope: z.string(),
});
export type PullResponse = z.infer<typeof PullResponse>;
