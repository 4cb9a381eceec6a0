import { DomainError } from '../../domain';
import type { Db } from '../storage/tables';
import { cliSource, type AuditSource } from './audit';
import { changeMemberStatus, changeStatusIn } from './member-status';
import { endWorkerPairing } from './pairings';

/**
 * The CLI's unpair and record-death, on the services the administrator's screens use (pairings.ts,
 * member-status.ts), so that both apply the same rules.
 */

export interface PairingEnded {
  endedPairings: number;
  /** Health notes deleted because no worker is paired with the member any more. */
  purgedNotes: number;
}

/**
 * Ends a worker's active pairing with a member. When it was the member's last active pairing the purpose the
 * health notes were collected for has ended, so they are purged (PIPL Art. 47); while another worker is still
 * paired the care goes on and the notes stay with it. The worker's device drops the member's records on its
 * next pull (its scope changed).
 */
export async function endPairing(db: Db, input: { workerUsername: string; memberId: string }, source: AuditSource = cliSource()): Promise<PairingEnded> {
  const { ended, purgedNotes } = await endWorkerPairing(db, input, source);
  return { endedPairings: ended, purgedNotes };
}

export interface DeathRecorded {
  purgedNotes: number;
}

/**
 * Records a member's death (docs/DOMAIN.md §4): status 已故 with the date, so the dues ledger closes from the
 * following month while its history stays; health notes are purged and no new ones are accepted. Pairings
 * are kept: the worker still sees the member, marked 已故, for the family's sake. From the CLI: the member's
 * history names no one as having made the change.
 */
export async function recordDeath(db: Db, input: { memberId: string; diedOn: string }, source: AuditSource = cliSource()): Promise<DeathRecorded> {
  const { purgedNotes } = await changeMemberStatus(db, { memberId: input.memberId, change: { status: 'deceased', on: input.diedOn }, by: null, source });
  return { purgedNotes };
}

/**
 * recordDeath inside the caller's transaction: the roster import records the deaths its remarks state with it
 * (and writes the member's history itself, with the import as the source).
 */
export async function recordDeathIn(trx: Db, memberId: string, diedOn: string, now: string): Promise<DeathRecorded> {
  const row = await trx.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { message: `没有编号为 ${memberId} 的人员` });
  const { purgedNotes } = await changeStatusIn(trx, row, { status: 'deceased', on: diedOn }, { changedBy: null, now, history: false });
  return { purgedNotes };
}
