import type { SelectQueryBuilder } from 'kysely';
import type { User } from '../../domain';
import type { DatabaseSchema, Db } from '../storage/tables';

type MembersQuery = SelectQueryBuilder<DatabaseSchema, 'members', object>;

/**
 * The members a user may see, as a query, so that access control happens in SQL and no row outside the
 * scope is ever read: a worker sees members actively paired with them (PIPL minimum necessary), a
 * secretary their branch, an admin their community.
 */
export function membersInScope(db: Db, user: User): MembersQuery {
  const inCommunity = db.selectFrom('members').where('members.community_id', '=', user.communityId);
  switch (user.role) {
    case 'worker':
      return inCommunity.where((eb) =>
        eb.exists(
          eb
            .selectFrom('pairings')
            .select('pairings.id')
            .whereRef('pairings.member_id', '=', 'members.id')
            .where('pairings.worker_id', '=', user.id)
            .where('pairings.ended_at', 'is', null),
        ),
      );
    case 'secretary':
      // A secretary without a branch cannot exist (User schema), but an empty scope is the safe reading.
      return user.branchId === null
        ? inCommunity.where((eb) => eb.lit(false))
        : inCommunity.where('members.branch_id', '=', user.branchId);
    case 'admin':
      return inCommunity;
  }
}

/** A worker's pairing with a member from `since` until `endedAt` (null: in force now). */
export interface PairingPeriod {
  since: string;
  endedAt: string | null;
}

/** Per worker, per member: the worker's pairings with the member that workerPairings read. */
export type WorkerPairings = Map<string, Map<string, PairingPeriod[]>>;

/**
 * For several workers at once, their pairings with the given members: those in force, and those ended at or
 * after `endedFrom` (null: none ended) — membersInScope's worker rule (a pairing with the worker, a member of
 * the worker's community) in one query rather than one per worker, since a group commit of 200 phones'
 * pushes asks it for 200 workers.
 */
export async function workerPairings(db: Db, workers: readonly User[], memberIds: readonly string[], endedFrom: string | null): Promise<WorkerPairings> {
  const found: WorkerPairings = new Map(workers.map((worker) => [worker.id, new Map()]));
  if (workers.length === 0 || memberIds.length === 0) return found;
  const communityOf = new Map(workers.map((worker) => [worker.id, worker.communityId]));
  const rows = await db
    .selectFrom('pairings')
    .innerJoin('members', 'members.id', 'pairings.member_id')
    .select(['pairings.worker_id', 'pairings.since', 'pairings.ended_at', 'members.id', 'members.community_id'])
    .where('pairings.worker_id', 'in', [...communityOf.keys()])
    .where((eb) => (endedFrom === null ? eb('pairings.ended_at', 'is', null) : eb.or([eb('pairings.ended_at', 'is', null), eb('pairings.ended_at', '>=', endedFrom)])))
    .where('members.id', 'in', [...new Set(memberIds)])
    .execute();
  for (const row of rows) {
    if (communityOf.get(row.worker_id) !== row.community_id) continue;
    const ofWorker = found.get(row.worker_id);
    if (!ofWorker) continue;
    const periods = ofWorker.get(row.id) ?? [];
    periods.push({ since: row.since, endedAt: row.ended_at });
    ofWorker.set(row.id, periods);
  }
  return found;
}

/** Paired now: one of the pairings is in force. */
export function pairedNow(periods: readonly PairingPeriod[] | undefined): boolean {
  return periods?.some((p) => p.endedAt === null) ?? false;
}

/**
 * Whether a worker may record for a member something made at `madeAt` (docs/DOMAIN.md §6, "records made
 * offline"): paired now (whatever the record's date, as always), or a pairing of theirs was in force at that
 * instant — since ≤ madeAt ≤ its end. The caller passes only pairings that ended within the grace, so a device
 * cannot write to a member it left long ago by back-dating. Instants are compared as instants (a record's
 * may be written without milliseconds).
 */
export function pairedAt(periods: readonly PairingPeriod[] | undefined, madeAt: string | null): boolean {
  if (pairedNow(periods)) return true;
  if (madeAt === null || periods === undefined) return false;
  const at = Date.parse(madeAt);
  if (Number.isNaN(at)) return false;
  return periods.some((p) => p.endedAt !== null && Date.parse(p.since) <= at && at <= Date.parse(p.endedAt));
}
