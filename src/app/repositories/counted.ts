import type { DuesPolicy } from '../../domain';
import type { RecordSyncState } from '../db/database';

/**
 * The records of some rows that the server has or will have: all but those it refused (pending ones are pushed
 * before anything recorded after them). A refused record stays on the device, with the server's reason, to be
 * fixed or discarded from the sync bar's rejected sheet, but it counts in nothing: not in what a member has paid,
 * nor in the dues ledger, the reconciliation or the registers — the tablet's books are the server's.
 */
export function counted<T>(rows: readonly { syncState?: RecordSyncState; payload: T }[]): T[] {
  return rows.filter((row) => row.syncState !== 'rejected').map((row) => row.payload);
}

/**
 * The branch policy the server holds, as far as the device knows: one set here and refused gives way to the
 * last one the server confirmed (kept on the row), or to none — the domain's default then applies.
 */
export function policyInForce(row: { syncState?: RecordSyncState; payload: DuesPolicy; confirmedPayload?: DuesPolicy | null } | undefined): DuesPolicy | null {
  if (row === undefined) return null;
  return row.syncState === 'rejected' ? (row.confirmedPayload ?? null) : row.payload;
}
