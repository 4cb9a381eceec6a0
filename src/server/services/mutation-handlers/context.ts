import { DomainError, type User } from '../../../domain';
import type { MembersTable } from '../../storage/tables';
import type { Db } from '../../storage/tables';
import { membersInScope, pairedAt, type PairingPeriod } from '../member-scope';

export interface MutationContext {
  user: User;
  /** One instant per push, so all of a push's rows and changes carry the same time. */
  now: string;
  /** When the record being applied says it was made (the registry's `at`, recordMadeAt); null: it says nothing. */
  madeAt?: string | null;
  /**
   * A worker's pairing ended at or after this still admits records made while it was in force (the late-record
   * grace, docs/DOMAIN.md §6); absent: only pairings in force count.
   */
  endedPairingsFrom?: string;
}

/** What a mutation did when it did not fail: wrote its record, or found the very same record already there. */
export interface HandlerOutcome {
  status: 'applied' | 'duplicate';
  recordId: string;
}

/**
 * The member, if the pusher may write their record; NOT_FOUND otherwise, exactly as for a member that does not
 * exist. A worker may while paired, and for a record made while an ended pairing was in force when it ended
 * within the grace (pairedAt: the visit recorded offline on Tuesday lands on Thursday after Wednesday's
 * reassignment); anyone else, a member in their scope.
 */
export async function requireMemberInScope(db: Db, ctx: MutationContext, memberId: string): Promise<MembersTable> {
  if (ctx.user.role === 'worker' && ctx.endedPairingsFrom !== undefined) return requireMemberOfWorker(db, ctx, memberId, ctx.endedPairingsFrom);
  const row = await membersInScope(db, ctx.user).selectAll('members').where('members.id', '=', memberId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

async function requireMemberOfWorker(db: Db, ctx: MutationContext, memberId: string, endedFrom: string): Promise<MembersTable> {
  const member = await db.selectFrom('members').selectAll().where('id', '=', memberId).where('community_id', '=', ctx.user.communityId).executeTakeFirst();
  if (!member) throw new DomainError('NOT_FOUND');
  const rows = await db
    .selectFrom('pairings')
    .select(['since', 'ended_at'])
    .where('member_id', '=', memberId)
    .where('worker_id', '=', ctx.user.id)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', endedFrom)]))
    .execute();
  const periods: PairingPeriod[] = rows.map((r) => ({ since: r.since, endedAt: r.ended_at }));
  if (!pairedAt(periods, ctx.madeAt ?? null)) throw new DomainError('NOT_FOUND');
  return member;
}

/**
 * Health data is for the member's paired workers only (PIPL minimum necessary): a secretary or an admin
 * gets the same NOT_FOUND as for a member outside their scope.
 */
export async function requirePairedWorker(db: Db, ctx: MutationContext, memberId: string): Promise<MembersTable> {
  if (ctx.user.role !== 'worker') throw new DomainError('NOT_FOUND');
  return requireMemberInScope(db, ctx, memberId);
}

/**
 * Record idempotency: the same record id with the same content is the same record delivered again (a
 * retry, or a reinstalled device with new mutation ids) and is counted once; with other content it is a
 * conflict, never an overwrite.
 */
export function sameRecord(existing: { content_hash: string } | undefined, hash: string): boolean {
  if (!existing) return false;
  if (existing.content_hash !== hash) throw new DomainError('CONFLICT');
  return true;
}

/**
 * The branch, if the pusher may see it: a secretary's own branch, an admin's community's branches, a
 * worker's members' branches. NOT_FOUND otherwise, exactly as for a branch that does not exist.
 */
export async function requireBranchInScope(db: Db, ctx: MutationContext, branchId: string): Promise<void> {
  const { user } = ctx;
  let query = db.selectFrom('organisations').select('organisations.id').where('organisations.id', '=', branchId).where('organisations.kind', '=', 'branch');
  if (user.role === 'admin') query = query.where('organisations.parent_id', '=', user.communityId);
  else if (user.role === 'secretary') query = query.where('organisations.id', '=', user.branchId ?? '');
  else query = query.where('organisations.id', 'in', membersInScope(db, user).select('members.branch_id').where('members.branch_id', 'is not', null));
  if (!(await query.executeTakeFirst())) throw new DomainError('NOT_FOUND');
}

export function isBranchSecretary(ctx: MutationContext, branchId: string): boolean {
  return ctx.user.role === 'secretary' && ctx.user.branchId === branchId;
}

/** The branch's books are the secretary's: anyone else in scope is told so (outside scope: NOT_FOUND first). */
export function requireBranchSecretary(ctx: MutationContext, branchId: string): void {
  if (!isBranchSecretary(ctx, branchId)) throw new DomainError('SECRETARY_ONLY');
}

/** A branch-level ledger record: the branch in scope, then its secretary. */
export async function requireSecretaryOfBranch(db: Db, ctx: MutationContext, branchId: string): Promise<void> {
  await requireBranchInScope(db, ctx, branchId);
  requireBranchSecretary(ctx, branchId);
}

/**
 * A member-level ledger record: the member in scope (NOT_FOUND), the record's branch the member's own, then
 * the branch's secretary.
 */
export async function requireSecretaryOfMember(db: Db, ctx: MutationContext, memberId: string, branchId: string): Promise<MembersTable> {
  const member = await requireMemberInScope(db, ctx, memberId);
  if (member.branch_id !== branchId || member.is_party_member !== 1) throw new DomainError('NOT_A_PARTY_MEMBER');
  requireBranchSecretary(ctx, branchId);
  return member;
}
