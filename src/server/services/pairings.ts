import { randomUUID } from 'node:crypto';
import { Id, type Pairing, type PairingRole, DomainError, parseInput } from '../../domain';
import { appendChanges, inTransaction, type ChangeEntry } from '../storage/change-log';
import { pairingFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import { findUserByUsername } from './users';

/**
 * A pairing as a change-log entry: read by its worker (registry `own`) and by the secretaries and admins
 * whose scope holds the member. An ended pairing is a delete: it no longer exists for any device.
 */
export function pairingChange(pairing: { id: string; memberId: string; workerId: string }, op: ChangeEntry['op']): ChangeEntry {
  return { entity: 'pairing', entityId: pairing.id, memberId: pairing.memberId, branchId: null, ownerId: pairing.workerId, op };
}

export interface PairingChange {
  pairing: Pairing;
  /** Pairings this one replaced: the worker's earlier pairing with the member, or the member's previous primary. */
  ended: Pairing[];
}

/**
 * 结对: pairs a worker with a member. A member has at most one primary worker, so a new primary ends the
 * previous one (a reassignment); ended pairings stay in the table as history but no longer give access.
 */
export async function pairWorker(
  db: Db,
  input: { workerUsername: string; memberId: string; role: PairingRole },
): Promise<PairingChange> {
  const memberId = parseInput(Id, input.memberId);
  const worker = await findUserByUsername(db, input.workerUsername);
  if (!worker || worker.role !== 'worker') {
    throw new DomainError('NOT_FOUND', { message: `未找到服务专员 ${input.workerUsername}` });
  }
  const member = await db
    .selectFrom('members')
    .select(['id', 'community_id'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!member || member.community_id !== worker.communityId) {
    throw new DomainError('NOT_FOUND', { message: `该服务专员所在社区没有编号为 ${memberId} 的人员` });
  }

  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const replaced = await trx
      .selectFrom('pairings')
      .selectAll()
      .where('member_id', '=', memberId)
      .where('ended_at', 'is', null)
      .where((eb) =>
        input.role === 'primary'
          ? eb.or([eb('worker_id', '=', worker.id), eb('role', '=', 'primary')])
          : eb('worker_id', '=', worker.id),
      )
      .execute();
    if (replaced.length > 0) {
      await trx
        .updateTable('pairings')
        .set({ ended_at: now })
        .where('id', 'in', replaced.map((r) => r.id))
        .execute();
    }
    const pairing: Pairing = { id: randomUUID(), workerId: worker.id, memberId, role: input.role, since: now };
    const ended = replaced.map(pairingFromRow);
    await appendChanges(trx, [...ended.map((p) => pairingChange(p, 'delete')), pairingChange(pairing, 'upsert')], now);
    await trx
      .insertInto('pairings')
      .values({ id: pairing.id, worker_id: worker.id, member_id: memberId, role: pairing.role, since: now, ended_at: null })
      .execute();
    return { pairing, ended };
  });
}

/** Bulk insert for seeding and imports, including ended pairings kept as history. */
export async function addPairings(
  db: Db,
  pairings: readonly (Pairing & { endedAt: string | null })[],
): Promise<void> {
  if (pairings.length === 0) return;
  await inTransaction(db, async (trx) => {
    await appendChanges(trx, pairings.filter((p) => p.endedAt === null).map((p) => pairingChange(p, 'upsert')), nowIso());
    await insertPairingRows(trx, pairings);
  });
}

async function insertPairingRows(db: Db, pairings: readonly (Pairing & { endedAt: string | null })[]): Promise<void> {
  await db
    .insertInto('pairings')
    .values(
      pairings.map((p) => ({
        id: p.id,
        worker_id: p.workerId,
        member_id: p.memberId,
        role: p.role,
        since: p.since,
        ended_at: p.endedAt,
      })),
    )
    .execute();
}
