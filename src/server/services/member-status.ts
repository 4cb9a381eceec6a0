import { randomUUID } from 'node:crypto';
import { Id, Member, MemberStatusChange, type User, DomainError, dayInShanghai, fieldError, parseInput } from '../../domain';
import { appendChanges } from '../storage/change-log';
import { memberFromRow, memberToRow } from '../storage/rows';
import type { Db, MembersTable } from '../storage/tables';
import { auditActor, cliSource, recordAudit, UNKNOWN_APP_SOURCE, type AuditSource } from './audit';
import { nowIso } from './clock';
import { requireMemberOfCommunity } from './community-scope';
import { purgeHealthNotes } from './health-purge';
import { memberChange } from './members';
import { pairingChange } from './pairings';

export interface StatusChanged {
  member: Member;
  /** Health notes deleted because their purpose ended (death, transfer: docs/DOMAIN.md §6). */
  purgedNotes: number;
  /** Pairings ended because the member left (转出). */
  endedPairings: number;
}

const STATUS_ZH: Record<Member['status'], string> = { active: '在册', away: '外出', deceased: '已故', transferred: '转出' };

function notBefore(path: string, label: string, date: string, member: Member, today: string): void {
  if (date < member.birthDate || date > today) throw fieldError(path, label, '不能早于出生日期，也不能晚于今天');
}

/** The member after the change, checked against its rules; refuses changes that make no sense from the status now. */
function changed(member: Member, change: MemberStatusChange, now: string): Member {
  // Dates people give are Beijing dates: a death recorded at 07:00 in Beijing on the 5th is on the 5th, which
  // is still the 4th in UTC.
  const today = dayInShanghai(now);
  const refuse = (message: string) => new DomainError('VALIDATION_FAILED', { message });
  switch (change.status) {
    case 'away':
      if (member.status === 'deceased' || member.status === 'transferred') throw refuse(`该人员已${STATUS_ZH[member.status]}，不能登记外出`);
      if (change.from < member.birthDate) throw fieldError('from', '外出日期', '不能早于出生日期');
      return { ...member, status: 'away', diedOn: null, away: { place: change.place, from: change.from, expectedReturn: change.expectedReturn, phone: change.phone } };
    case 'deceased':
      // The date the CLI's record-death has always been checked with (docs/DOMAIN.md §4).
      if (change.on < member.birthDate || change.on > today) {
        const message = '去世日期不能早于出生日期，也不能晚于今天';
        throw new DomainError('VALIDATION_FAILED', { message, details: [{ path: 'on', message }] });
      }
      return { ...member, status: 'deceased', diedOn: change.on, away: null };
    case 'transferred':
      if (member.status === 'deceased') throw refuse('该人员已故，不能转出');
      if (member.status === 'transferred') throw refuse('该人员已转出');
      notBefore('on', '转出日期', change.on, member, today);
      return { ...member, status: 'transferred', diedOn: null, away: null, transfer: { direction: 'out', on: change.on, place: change.destination } };
    case 'active': {
      notBefore('on', '日期', change.on, member, today);
      if (member.status === 'transferred' && change.origin === null) throw fieldError('origin', '转入来源', '已转出人员转入时须填写从何处转入');
      if (member.status === 'active' && change.origin === null) throw refuse('该人员已在册');
      const transfer = change.origin === null ? member.transfer : { direction: 'in' as const, on: change.on, place: change.origin };
      // From 已故: a death recorded by mistake, corrected; the change stays in the member's history.
      return { ...member, status: 'active', diedOn: null, away: null, transfer };
    }
  }
}

function detailOf(change: MemberStatusChange): { effectiveOn: string; detail: Record<string, string | null> } {
  switch (change.status) {
    case 'away':
      return { effectiveOn: change.from, detail: { place: change.place, expectedReturn: change.expectedReturn, phone: change.phone } };
    case 'deceased':
      return { effectiveOn: change.on, detail: {} };
    case 'transferred':
      return { effectiveOn: change.on, detail: { destination: change.destination } };
    case 'active':
      return { effectiveOn: change.on, detail: { origin: change.origin } };
  }
}

/**
 * What a status change does beyond the member's row, in the caller's transaction (docs/DOMAIN.md §4, §6):
 * 已故 purges the health notes and keeps the pairings (the worker still sees the member, for the family's sake);
 * 转出 ends every pairing — the care here has ended — and so purges the notes too.
 */
async function statusEffects(trx: Db, memberId: string, status: Member['status'], now: string): Promise<{ purgedNotes: number; endedPairings: number }> {
  let endedPairings = 0;
  if (status === 'transferred') {
    const active = await trx.selectFrom('pairings').select(['id', 'member_id', 'worker_id']).where('member_id', '=', memberId).where('ended_at', 'is', null).execute();
    endedPairings = active.length;
    if (active.length > 0) {
      await appendChanges(trx, active.map((p) => pairingChange({ id: p.id, memberId: p.member_id, workerId: p.worker_id }, 'delete')), now);
      await trx.updateTable('pairings').set({ ended_at: now }).where('id', 'in', active.map((p) => p.id)).execute();
    }
  }
  const purgedNotes = status === 'deceased' || status === 'transferred' ? await purgeHealthNotes(trx, memberId, now) : 0;
  return { purgedNotes, endedPairings };
}

/**
 * A status change in the caller's transaction: the member's row, its change-log entry (devices in scope get the
 * member on their next pull), the effects, and — unless `history` is false, for a caller that records the
 * change itself (the roster import) — a member_status_changes row with who made it (null: the CLI) and when.
 */
export async function changeStatusIn(
  trx: Db,
  row: MembersTable,
  change: MemberStatusChange,
  options: { changedBy: string | null; now: string; history?: boolean },
): Promise<StatusChanged> {
  const { now } = options;
  const member = parseInput(Member, { ...changed(memberFromRow(row), change, now), updatedAt: now });
  await appendChanges(trx, [memberChange(member)], now);
  const { id: _id, ...columns } = memberToRow(member, row.id_number);
  await trx.updateTable('members').set(columns).where('id', '=', member.id).execute();
  if (options.history !== false) {
    const { effectiveOn, detail } = detailOf(change);
    await trx
      .insertInto('member_status_changes')
      .values({
        id: randomUUID(),
        member_id: member.id,
        community_id: member.communityId,
        status: member.status,
        effective_on: effectiveOn,
        detail: JSON.stringify(detail),
        changed_by: options.changedBy,
        changed_at: now,
      })
      .execute();
  }
  return { member, ...(await statusEffects(trx, member.id, member.status, now)) };
}

/**
 * 外出/候鸟 · 已故 · 转出 · 转入/回到在册, by an admin of the member's community (a member of another community is
 * NOT_FOUND, as one that does not exist) or from the CLI on the server (`by` null: any member).
 */
export async function changeMemberStatus(db: Db, input: { memberId: string; change: unknown; by: User | null; source?: AuditSource }): Promise<StatusChanged> {
  const memberId = parseInput(Id, input.memberId);
  const change = parseInput(MemberStatusChange, input.change);
  return db.transaction().execute(async (trx) => {
    const row = input.by
      ? await requireMemberOfCommunity(trx, input.by.communityId, memberId)
      : await trx.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', { message: `没有编号为 ${memberId} 的人员` });
    const now = nowIso();
    const changed = await changeStatusIn(trx, row, change, { changedBy: input.by?.id ?? null, now });
    // Without an admin it is the CLI on the server.
    const actor = auditActor(input.by, input.source ?? (input.by ? UNKNOWN_APP_SOURCE : cliSource()));
    const { member, purgedNotes, endedPairings } = changed;
    const action = member.status === 'deceased' ? 'member.death' : 'member.status';
    const details = { status: member.status, purgedNotes, endedPairings };
    await recordAudit(trx, actor, [{ action, kind: 'member', communityId: member.communityId, recordId: member.id, memberId: member.id, details }], now);
    return changed;
  });
}
