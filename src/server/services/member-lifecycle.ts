import { Id, IsoDate, DomainError, parseInput } from '../../domain';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import { appendChanges } from '../storage/change-log';
import { purgeHealthNotes } from './health-purge';
import { memberChange } from './members';
import { pairingChange } from './pairings';
import { findUserByUsername } from './users';

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
export async function endPairing(db: Db, input: { workerUsername: string; memberId: string }): Promise<PairingEnded> {
  const memberId = parseInput(Id, input.memberId);
  const worker = await findUserByUsername(db, input.workerUsername);
  if (!worker || worker.role !== 'worker') throw new DomainError('NOT_FOUND', { message: `未找到服务专员 ${input.workerUsername}` });
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const active = await trx
      .selectFrom('pairings')
      .select(['id', 'member_id', 'worker_id'])
      .where('worker_id', '=', worker.id)
      .where('member_id', '=', memberId)
      .where('ended_at', 'is', null)
      .execute();
    const endedPairings = active.length;
    if (endedPairings === 0) {
      throw new DomainError('NOT_FOUND', { message: `服务专员 ${input.workerUsername} 与该人员没有有效的结对` });
    }
    await appendChanges(trx, active.map((p) => pairingChange({ id: p.id, memberId: p.member_id, workerId: p.worker_id }, 'delete')), now);
    await trx.updateTable('pairings').set({ ended_at: now }).where('id', 'in', active.map((p) => p.id)).execute();
    const remaining = await trx
      .selectFrom('pairings')
      .select('id')
      .where('member_id', '=', memberId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    const purgedNotes = remaining ? 0 : await purgeHealthNotes(trx, memberId, now);
    return { endedPairings, purgedNotes };
  });
}

export interface DeathRecorded {
  purgedNotes: number;
}

/**
 * Records a member's death (docs/DOMAIN.md §4): status 已故 with the date, so the dues ledger closes from the
 * following month while its history stays; health notes are purged and no new ones are accepted. Pairings
 * are kept: the worker still sees the member, marked 已故, for the family's sake.
 */
export async function recordDeath(db: Db, input: { memberId: string; diedOn: string }): Promise<DeathRecorded> {
  const memberId = parseInput(Id, input.memberId);
  const diedOn = parseInput(IsoDate, input.diedOn);
  return db.transaction().execute((trx) => recordDeathIn(trx, memberId, diedOn, nowIso()));
}

/** recordDeath inside the caller's transaction: the roster import records the deaths its remarks state with it. */
export async function recordDeathIn(trx: Db, memberId: string, diedOn: string, now: string): Promise<DeathRecorded> {
  const member = await trx.selectFrom('members').select(['id', 'birth_date', 'branch_id']).where('id', '=', memberId).executeTakeFirst();
  if (!member) throw new DomainError('NOT_FOUND', { message: `没有编号为 ${memberId} 的人员` });
  if (diedOn < member.birth_date || diedOn > now.slice(0, 10)) {
    throw new DomainError('VALIDATION_FAILED', { message: '去世日期不能早于出生日期，也不能晚于今天' });
  }
  await appendChanges(trx, [memberChange({ id: member.id, branchId: member.branch_id })], now);
  await trx.updateTable('members').set({ status: 'deceased', died_on: diedOn, away_place: null, away_expected_return: null, updated_at: now }).where('id', '=', memberId).execute();
  return { purgedNotes: await purgeHealthNotes(trx, memberId, now) };
}
