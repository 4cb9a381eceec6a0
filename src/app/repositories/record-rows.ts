import { recordKind, type EntityRecord, type SyncEntity } from '../../domain';
import type { RecordSyncState } from '../db/database';

/**
 * The row a record of any kind is stored as: its id, the member and the branch it belongs to where it names
 * them (a branch's own records have memberId null), the instant or date it is listed by (the registry's `at`),
 * its sync state, and the record itself in `payload` — everything personal stays there, unindexed.
 */
export interface StoredRow {
  id: string;
  memberId?: string | null;
  branchId?: string | null;
  at: string;
  syncState: RecordSyncState;
  rejection: null;
  payload: unknown;
  [column: string]: unknown;
}

/**
 * The few stores that index more than ids: an attendance row its meeting, an assessment the month it takes
 * effect, a member their branch. Every column but the indexed ones is sealed on disk (seal-middleware.ts).
 */
const EXTRA_COLUMNS: { [E in SyncEntity]?: (record: EntityRecord<E>) => Record<string, unknown> } = {
  member: (member) => ({
    branchId: member.branchId,
    status: member.status,
    updatedAt: member.updatedAt,
  }),
  attendance: (attendance) => ({ meetingId: attendance.meetingId }),
  dues_assessment: (assessment) => ({ effectiveFrom: assessment.effectiveFrom }),
};

/** `id` is the record's id as the change log names it (a branch's policy has the branch's id). */
export function rowOf<E extends SyncEntity>(entity: E, id: string, record: EntityRecord<E>, syncState: RecordSyncState): StoredRow {
  const kind = recordKind(entity);
  const fields = record as Record<string, unknown>;
  const row: StoredRow = { id, at: String(fields[kind.at]), syncState, rejection: null, payload: record };
  if ('memberId' in fields) row.memberId = fields.memberId as string | null;
  else if (kind.level === 'branch') row.memberId = null;
  if ('branchId' in fields) row.branchId = fields.branchId as string | null;
  // The mapped type cannot pair a generic kind with its own function; each function takes its own kind's record.
  const extra = EXTRA_COLUMNS[entity] as ((record: EntityRecord<E>) => Record<string, unknown>) | undefined;
  return extra ? { ...row, ...extra(record) } : row;
}
