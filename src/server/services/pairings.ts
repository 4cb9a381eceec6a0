import { randomUUID } from 'node:crypto';
import { Id, type AdminMoveRequest, type AdminPairRequest, type AdminPairingsResult, type Pairing, type PairingRole, type User, DomainError, parseInput } from '../../domain';
import { insertRows } from '../storage/bulk-insert';
import { appendChanges, inTransaction, type ChangeEntry } from '../storage/change-log';
import { pairingFromRow } from '../storage/rows';
import type { Db, PairingsTable } from '../storage/tables';
import { auditActor, cliSource, recordAudit, UNKNOWN_APP_SOURCE, type AuditActor, type AuditEvent, type AuditSource } from './audit';
import { nowIso } from './clock';
import { requireActivePairingOfCommunity, requireWorkerOfCommunity } from './community-scope';
import { purgeHealthNotes } from './health-purge';
import { findUserByUsername } from './users';

/**
 * A pairing as a change-log entry: read by its worker (registry `own`) and by the secretaries and admins
 * whose scope holds the member. An ended pairing is a delete: it no longer exists for any device.
 */
export function pairingChange(pairing: { id: string; memberId: string; workerId: string }, op: ChangeEntry['op']): ChangeEntry {
  return { entity: 'pairing', entityId: pairing.id, memberId: pairing.memberId, branchId: null, ownerId: pairing.workerId, op };
}

/**
 * The rules of 结对, one place for the CLI's pair/unpair and the admin's screens:
 * - a member has one primary worker: a new primary ends the previous one (a reassignment) and the new
 *   primary's own backup pairing with the member;
 * - a backup must not be the member's primary worker: asked to make the primary a backup, the pairing stays
 *   primary (unchanged); other backups stay;
 * - a worker already paired so is left as they are (the pairing keeps its `since`, which decides what the
 *   worker may still record after it ends, docs/DOMAIN.md §6);
 * - when a member's last active pairing ends their health notes are purged (PIPL Art. 47; docs/DOMAIN.md §6).
 * Ended pairings stay in the table as history but no longer give access; devices follow on their next sync
 * (the change log and the scope fingerprint).
 */
interface PairingPlan {
  end: PairingsTable[];
  create: Pairing[];
  unchanged: number;
}

/** What one worker's pairing with one member in a role changes, given the member's active pairings. */
function planPairing(plan: PairingPlan, active: readonly PairingsTable[], workerId: string, memberId: string, role: PairingRole, now: string): void {
  const own = active.filter((p) => p.worker_id === workerId);
  if (own.some((p) => p.role === 'primary') || own.some((p) => p.role === role)) {
    plan.unchanged += 1;
    return;
  }
  // The worker's own backup pairing gives way to their primary; so does the member's previous primary.
  if (role === 'primary') plan.end.push(...active.filter((p) => p.worker_id === workerId || p.role === 'primary'));
  plan.create.push({ id: randomUUID(), workerId, memberId, role, since: now });
}

/** Active pairings of the members, by member. */
async function activePairingsOf(trx: Db, memberIds: readonly string[]): Promise<Map<string, PairingsTable[]>> {
  const byMember = new Map<string, PairingsTable[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return byMember;
  const rows = await trx.selectFrom('pairings').selectAll().where('member_id', 'in', [...memberIds]).where('ended_at', 'is', null).orderBy('since').orderBy('id').execute();
  for (const row of rows) byMember.get(row.member_id)?.push(row);
  return byMember;
}

/** Who changes the pairings and in which community, for the audit entries (one per pairing made or ended). */
interface PairingAudit {
  actor: AuditActor;
  communityId: string;
}

/**
 * Writes a plan in the caller's transaction: the ended pairings' deletes and the new ones' upserts in the change
 * log, the rows, then the health notes of every member left with no active pairing, and an audit entry for each
 * pairing ended or made.
 */
async function applyPlan(trx: Db, plan: PairingPlan, now: string, audit: PairingAudit): Promise<AdminPairingsResult> {
  const ended = [...new Map(plan.end.map((p) => [p.id, p])).values()];
  await appendChanges(
    trx,
    [
      ...ended.map((p) => pairingChange({ id: p.id, memberId: p.member_id, workerId: p.worker_id }, 'delete')),
      ...plan.create.map((p) => pairingChange(p, 'upsert')),
    ],
    now,
  );
  if (ended.length > 0) {
    await trx
      .updateTable('pairings')
      .set({ ended_at: now })
      .where('id', 'in', ended.map((p) => p.id))
      .execute();
  }
  await insertPairingRows(trx, plan.create.map((p) => ({ ...p, endedAt: null })));

  let purgedNotes = 0;
  const purgedOf = new Map<string, number>();
  const touched = [...new Set(ended.map((p) => p.member_id))];
  if (touched.length > 0) {
    const stillPaired = await trx.selectFrom('pairings').select('member_id').distinct().where('member_id', 'in', touched).where('ended_at', 'is', null).execute();
    const cared = new Set(stillPaired.map((r) => r.member_id));
    for (const memberId of touched.sort()) {
      if (cared.has(memberId)) continue;
      const purged = await purgeHealthNotes(trx, memberId, now);
      purgedOf.set(memberId, purged);
      purgedNotes += purged;
    }
  }
  const { communityId } = audit;
  // A member's purged notes are named once, on the first of their pairings ended.
  const named = new Set<string>();
  const events: AuditEvent[] = [
    ...ended.map((p): AuditEvent => {
      const purged = named.has(p.member_id) ? 0 : (purgedOf.get(p.member_id) ?? 0);
      named.add(p.member_id);
      return { action: 'pairing.end', kind: 'pairing', communityId, recordId: p.id, memberId: p.member_id, details: { workerId: p.worker_id, role: p.role, purgedNotes: purged } };
    }),
    ...plan.create.map((p): AuditEvent => ({ action: 'pairing.create', kind: 'pairing', communityId, recordId: p.id, memberId: p.memberId, details: { workerId: p.workerId, role: p.role } })),
  ];
  await recordAudit(trx, audit.actor, events, now);
  return { paired: plan.create.length, ended: ended.length, purgedNotes, unchanged: plan.unchanged };
}

/** Members that can be paired: of the community, not transferred out (their care here has ended). */
async function requirePairableMembers(trx: Db, communityId: string, memberIds: readonly string[], notFound: string): Promise<void> {
  const rows = await trx.selectFrom('members').select(['id', 'name', 'status']).where('id', 'in', [...memberIds]).where('community_id', '=', communityId).execute();
  if (rows.length !== memberIds.length) throw new DomainError('NOT_FOUND', { message: notFound });
  const gone = rows.filter((r) => r.status === 'transferred');
  if (gone.length > 0) {
    throw new DomainError('VALIDATION_FAILED', {
      message: `已转出的人员不能结对：${gone.map((r) => r.name).join('、')}`,
      details: gone.map((r) => ({ path: 'memberIds', message: `${r.name} 已转出` })),
    });
  }
}

/**
 * The admin pairs one worker with several members at once (a building or a unit, in walking order): all or
 * nothing, in one transaction.
 */
export async function pairMembers(db: Db, admin: User, request: AdminPairRequest, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<AdminPairingsResult> {
  const memberIds = [...new Set(request.memberIds)];
  return db.transaction().execute(async (trx) => {
    const worker = await requireWorkerOfCommunity(trx, admin.communityId, request.workerId, true);
    await requirePairableMembers(trx, admin.communityId, memberIds, '未找到该人员');
    const now = nowIso();
    const active = await activePairingsOf(trx, memberIds);
    const plan: PairingPlan = { end: [], create: [], unchanged: 0 };
    for (const memberId of memberIds) planPairing(plan, active.get(memberId) ?? [], worker.id, memberId, request.role, now);
    return applyPlan(trx, plan, now, { actor: auditActor(admin, source), communityId: admin.communityId });
  });
}

/** The admin ends one active pairing of their community. */
export async function endPairingById(db: Db, admin: User, pairingId: string, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<AdminPairingsResult> {
  return db.transaction().execute(async (trx) => {
    const pairing = await requireActivePairingOfCommunity(trx, admin.communityId, pairingId);
    return applyPlan(trx, { end: [pairing], create: [], unchanged: 0 }, nowIso(), { actor: auditActor(admin, source), communityId: admin.communityId });
  });
}

/**
 * A leaving worker's members, all of them, to another worker in one transaction: a primary stays a primary, a
 * backup a backup. Where the new worker already looks after the member, nothing is added, and a move that would
 * make them both primary and backup of a member keeps only the primary. The leaving worker's account may be
 * disabled already; the new one must be enabled.
 */
export async function moveWorkerPairings(db: Db, admin: User, request: AdminMoveRequest, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<AdminPairingsResult> {
  if (request.fromWorkerId === request.toWorkerId) {
    throw new DomainError('VALIDATION_FAILED', { message: '移交双方不能是同一位服务专员', details: [{ path: 'toWorkerId', message: '请选择另一位服务专员' }] });
  }
  return db.transaction().execute(async (trx) => {
    const from = await requireWorkerOfCommunity(trx, admin.communityId, request.fromWorkerId, false);
    const to = await requireWorkerOfCommunity(trx, admin.communityId, request.toWorkerId, true);
    const now = nowIso();
    const leaving = await trx
      .selectFrom('pairings')
      .innerJoin('members', 'members.id', 'pairings.member_id')
      .selectAll('pairings')
      .where('pairings.worker_id', '=', from.id)
      .where('pairings.ended_at', 'is', null)
      .where('members.community_id', '=', admin.communityId)
      .orderBy('pairings.since')
      .orderBy('pairings.id')
      .execute();
    const active = await activePairingsOf(trx, [...new Set(leaving.map((p) => p.member_id))]);
    const plan: PairingPlan = { end: [], create: [], unchanged: 0 };
    for (const pairing of leaving) {
      plan.end.push(pairing);
      // The new worker's pairings with the member as they stand (the leaving worker's do not count).
      const ofMember = active.get(pairing.member_id) ?? [];
      const created = plan.create.length;
      planPairing(plan, ofMember.filter((p) => p.worker_id !== from.id), to.id, pairing.member_id, pairing.role, now);
      // A leaving worker paired twice with one member (data from before these rules) moves once.
      const added = plan.create[created];
      if (added) ofMember.push({ id: added.id, worker_id: added.workerId, member_id: added.memberId, role: added.role, since: added.since, ended_at: null });
    }
    return applyPlan(trx, plan, now, { actor: auditActor(admin, source), communityId: admin.communityId });
  });
}

/** The community's active pairings, for the admin's screens. */
export async function activePairingsOfCommunity(db: Db, communityId: string): Promise<Pairing[]> {
  const rows = await db
    .selectFrom('pairings')
    .innerJoin('members', 'members.id', 'pairings.member_id')
    .selectAll('pairings')
    .where('members.community_id', '=', communityId)
    .where('pairings.ended_at', 'is', null)
    .orderBy('pairings.since')
    .orderBy('pairings.id')
    .execute();
  return rows.map(pairingFromRow);
}

export interface PairingChange {
  /** The worker's pairing with the member now: the new one, or the one left as it was. */
  pairing: Pairing;
  /** Pairings this one replaced: the worker's own backup, or the member's previous primary. */
  ended: Pairing[];
  unchanged: boolean;
}

async function requireWorkerNamed(db: Db, username: string): Promise<User> {
  const worker = await findUserByUsername(db, username);
  if (!worker || worker.role !== 'worker') throw new DomainError('NOT_FOUND', { message: `未找到服务专员 ${username}` });
  return worker;
}

/** 结对 from the CLI: one worker (by username) with one member, by the rules above. */
export async function pairWorker(db: Db, input: { workerUsername: string; memberId: string; role: PairingRole }, source: AuditSource = cliSource()): Promise<PairingChange> {
  const memberId = parseInput(Id, input.memberId);
  const worker = await requireWorkerNamed(db, input.workerUsername);
  return db.transaction().execute(async (trx) => {
    await requireWorkerOfCommunity(trx, worker.communityId, worker.id, true);
    await requirePairableMembers(trx, worker.communityId, [memberId], `该服务专员所在社区没有编号为 ${memberId} 的人员`);
    const now = nowIso();
    const active = (await activePairingsOf(trx, [memberId])).get(memberId) ?? [];
    const plan: PairingPlan = { end: [], create: [], unchanged: 0 };
    planPairing(plan, active, worker.id, memberId, input.role, now);
    await applyPlan(trx, plan, now, { actor: auditActor(null, source), communityId: worker.communityId });
    const kept = active.find((p) => p.worker_id === worker.id && (p.role === 'primary' || p.role === input.role));
    const pairing = plan.create[0] ?? (kept ? pairingFromRow(kept) : undefined);
    if (!pairing) throw new Error('pairing neither created nor kept');
    return { pairing, ended: plan.end.map(pairingFromRow), unchanged: plan.unchanged > 0 };
  });
}

/** 结束结对 from the CLI: the worker's (by username) active pairings with the member. */
export async function endWorkerPairing(db: Db, input: { workerUsername: string; memberId: string }, source: AuditSource = cliSource()): Promise<AdminPairingsResult> {
  const memberId = parseInput(Id, input.memberId);
  const worker = await requireWorkerNamed(db, input.workerUsername);
  return db.transaction().execute(async (trx) => {
    const active = await trx.selectFrom('pairings').selectAll().where('worker_id', '=', worker.id).where('member_id', '=', memberId).where('ended_at', 'is', null).execute();
    if (active.length === 0) throw new DomainError('NOT_FOUND', { message: `服务专员 ${input.workerUsername} 与该人员没有有效的结对` });
    return applyPlan(trx, { end: active, create: [], unchanged: 0 }, nowIso(), { actor: auditActor(null, source), communityId: worker.communityId });
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
  await insertRows(
    db,
    'pairings',
    pairings.map((p) => ({ id: p.id, worker_id: p.workerId, member_id: p.memberId, role: p.role, since: p.since, ended_at: p.endedAt })),
  );
}
