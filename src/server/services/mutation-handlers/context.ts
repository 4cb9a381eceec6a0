import type { User } from '../../../domain';
import { ApiError } from '../../http/errors';
import type { MembersTable } from '../../storage/tables';
import type { Db } from '../../storage/tables';
import { membersInScope } from '../member-scope';

export interface MutationContext {
  user: User;
  /** One instant per push, so all of a push's rows and changes carry the same time. */
  now: string;
}

/** What a mutation did when it did not fail: wrote its record, or found the very same record already there. */
export interface HandlerOutcome {
  status: 'applied' | 'duplicate';
  recordId: string;
}

/** The member, if the pusher may see them; NOT_FOUND otherwise, exactly as for a member that does not exist. */
export async function requireMemberInScope(db: Db, ctx: MutationContext, memberId: string): Promise<MembersTable> {
  const row = await membersInScope(db, ctx.user).selectAll('members').where('members.id', '=', memberId).executeTakeFirst();
  if (!row) throw new ApiError('NOT_FOUND');
  return row;
}

/**
 * Health data is for the member's paired workers only (PIPL minimum necessary): a secretary or an admin
 * gets the same NOT_FOUND as for a member outside their scope.
 */
export async function requirePairedWorker(db: Db, ctx: MutationContext, memberId: string): Promise<MembersTable> {
  if (ctx.user.role !== 'worker') throw new ApiError('NOT_FOUND');
  return requireMemberInScope(db, ctx, memberId);
}

/**
 * Record idempotency: the same record id with the same content is the same record delivered again (a
 * retry, or a reinstalled device with new mutation ids) and is counted once; with other content it is a
 * conflict, never an overwrite.
 */
export function sameRecord(existing: { content_hash: string } | undefined, hash: string): boolean {
  if (!existing) return false;
  if (existing.content_hash !== hash) throw new ApiError('CONFLICT');
  return true;
}
