import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  Member,
  dayInShanghai,
  checkIdNumber,
  maskIdNumber,
  type AdminMemberDetail,
  type AdminMemberRow,
  type MemberInput,
  type User,
  DomainError,
  fieldError,
  parseInput,
  changedFields,
} from '../../domain';
import { appendChanges } from '../storage/change-log';
import { memberFromRow, memberToRow } from '../storage/rows';
import type { Db, MembersTable } from '../storage/tables';
import { auditActor, recordAudit, UNKNOWN_APP_SOURCE, type AuditSource } from './audit';
import { nowIso } from './clock';
import { requireBranchOfCommunity, requireMemberOfCommunity } from './community-scope';
import { memberChange } from './members';

/**
 * The administrator's 花名册 (issue 11 §2): members of their own community listed, read with their history,
 * created and edited. Status changes go through member-status.ts so that each is recorded with who and when.
 * Every write logs the member, so devices in scope receive it on their next pull.
 */

/** Every member of the community with their workers now (the list filters by pinyin on the device). */
export async function listCommunityMembers(db: Db, admin: User): Promise<AdminMemberRow[]> {
  const [members, pairings] = await Promise.all([
    db
      .selectFrom('members')
      .selectAll()
      .where('community_id', '=', admin.communityId)
      .orderBy('address_compound')
      .orderBy('address_building')
      .orderBy('address_unit')
      .orderBy('address_room')
      .orderBy('name')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('pairings')
      .innerJoin('members', 'members.id', 'pairings.member_id')
      .select(['pairings.member_id', 'pairings.worker_id', 'pairings.role'])
      .where('members.community_id', '=', admin.communityId)
      .where('pairings.ended_at', 'is', null)
      // The latest of each role wins below (a member may still have two backups from before these rules).
      .orderBy('pairings.since')
      .orderBy('pairings.id')
      .execute(),
  ]);
  const workers = new Map<string, { primary: string | null; backup: string | null }>();
  for (const p of pairings) {
    const of = workers.get(p.member_id) ?? { primary: null, backup: null };
    of[p.role] = p.worker_id;
    workers.set(p.member_id, of);
  }
  return members.map((row) => ({
    member: memberFromRow(row),
    primaryWorkerId: workers.get(row.id)?.primary ?? null,
    backupWorkerId: workers.get(row.id)?.backup ?? null,
  }));
}

const Detail = z.record(z.string(), z.string().nullable());

/** A member with their active pairings and the history of their status, newest first, naming who changed it. */
export async function communityMemberDetail(db: Db, admin: User, memberId: string): Promise<AdminMemberDetail> {
  const row = await requireMemberOfCommunity(db, admin.communityId, memberId);
  const [pairings, history] = await Promise.all([
    db.selectFrom('pairings').selectAll().where('member_id', '=', row.id).where('ended_at', 'is', null).orderBy('since').orderBy('id').execute(),
    db
      .selectFrom('member_status_changes as c')
      .leftJoin('users as u', 'u.id', 'c.changed_by')
      .select(['c.id', 'c.status', 'c.effective_on', 'c.detail', 'c.changed_at', 'u.display_name'])
      .where('c.member_id', '=', row.id)
      .orderBy('c.changed_at', 'desc')
      .orderBy('c.id', 'desc')
      .execute(),
  ]);
  return {
    member: memberFromRow(row),
    pairings: pairings.map((p) => ({ id: p.id, workerId: p.worker_id, role: p.role, since: p.since })),
    history: history.map((h) => ({
      id: h.id,
      status: h.status,
      effectiveOn: h.effective_on,
      detail: Detail.parse(JSON.parse(h.detail)),
      changedBy: h.display_name ?? null,
      changedAt: h.changed_at,
    })),
  };
}

/**
 * The 身份证号 as given: checked by the domain's GB 11643 rule (docs/DOMAIN.md §8) and unique in the community —
 * it is the key a re-import matches members by.
 */
async function checkedIdNumber(db: Db, communityId: string, value: string, memberId: string | null, today: string): Promise<string> {
  const check = checkIdNumber(value, { today });
  if (!check.ok) throw fieldError('idNumber', '身份证号', check.reason);
  let query = db.selectFrom('members').select(['id', 'name']).where('community_id', '=', communityId).where('id_number', '=', check.idNumber);
  if (memberId !== null) query = query.where('id', '!=', memberId);
  const holder = await query.executeTakeFirst();
  if (holder) {
    throw new DomainError('CONFLICT', {
      message: `身份证号 ${maskIdNumber(check.idNumber)} 已登记在本社区的「${holder.name}」名下，同一人不能登记两次`,
      details: [{ path: 'idNumber', message: `已登记在「${holder.name}」名下` }],
    });
  }
  return check.idNumber;
}

/** The member the input describes, on top of what the member already is (status, away, transfer stay). */
function withInput(base: Member, input: MemberInput, idNumber: string | null, now: string): Member {
  return parseInput(Member, {
    ...base,
    name: input.name,
    gender: input.gender,
    birthDate: input.birthDate,
    phone: input.phone,
    address: input.address,
    familyContact: input.familyContact,
    isPartyMember: input.isPartyMember,
    joinedPartyOn: input.joinedPartyOn,
    branchId: input.branchId,
    duesChannel: input.duesChannel,
    risks: input.risks,
    profile: { ...input.profile, idMasked: idNumber === null ? null : maskIdNumber(idNumber) },
    // Nothing is proposed for dues to someone who owes none.
    proposedBaseFen: input.isPartyMember ? base.proposedBaseFen : null,
    hobbies: input.hobbies,
    serviceNeeds: input.serviceNeeds,
    notes: input.notes,
    updatedAt: now,
  });
}

async function writeMember(trx: Db, member: Member, idNumber: string | null, exists: boolean, now: string): Promise<void> {
  await appendChanges(trx, [memberChange(member)], now);
  const row: MembersTable = memberToRow(member, idNumber);
  if (exists) {
    const { id: _id, ...columns } = row;
    await trx.updateTable('members').set(columns).where('id', '=', member.id).execute();
  } else {
    await trx.insertInto('members').values(row).execute();
  }
}

/** A new member of the admin's community, 在册. */
export async function createCommunityMember(db: Db, admin: User, input: MemberInput, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<Member> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    if (input.branchId !== null) await requireBranchOfCommunity(trx, admin.communityId, input.branchId);
    const idNumber = input.idNumber ? await checkedIdNumber(trx, admin.communityId, input.idNumber, null, dayInShanghai(now)) : null;
    const base: Member = {
      id: randomUUID(),
      communityId: admin.communityId,
      branchId: null,
      name: input.name,
      gender: input.gender,
      birthDate: input.birthDate,
      phone: null,
      address: input.address,
      familyContact: null,
      isPartyMember: false,
      joinedPartyOn: null,
      risks: input.risks,
      status: 'active',
      diedOn: null,
      away: null,
      transfer: null,
      profile: { ...input.profile, idMasked: null },
      duesChannel: input.duesChannel,
      proposedBaseFen: null,
      hobbies: [],
      serviceNeeds: [],
      notes: '',
      updatedAt: now,
    };
    const member = withInput(base, input, idNumber, now);
    await writeMember(trx, member, idNumber, false, now);
    await recordAudit(trx, auditActor(admin, source), [{ action: 'member.create', kind: 'member', communityId: admin.communityId, recordId: member.id, memberId: member.id }], now);
    return member;
  });
}

/**
 * Edits a member: everything MemberInput holds is replaced by what is sent, except the 身份证号 when it is
 * absent (unchanged; null removes it). A new branch must be one of the community's.
 */
export async function updateCommunityMember(db: Db, admin: User, memberId: string, input: MemberInput, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<Member> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const row = await requireMemberOfCommunity(trx, admin.communityId, memberId);
    if (input.branchId !== null && input.branchId !== row.branch_id) await requireBranchOfCommunity(trx, admin.communityId, input.branchId);
    const idNumber =
      input.idNumber === undefined ? row.id_number : input.idNumber === null || input.idNumber === '' ? null : await checkedIdNumber(trx, admin.communityId, input.idNumber, row.id, dayInShanghai(now));
    const before = memberFromRow(row);
    const member = withInput(before, input, idNumber, now);
    await writeMember(trx, member, idNumber, true, now);
    // The names of the fields changed, never their values (docs/DOMAIN.md §6).
    const fields = [...changedFields(before, member, ['updatedAt', 'profile']), ...changedFields(before.profile, member.profile).map((f) => `profile.${f}`)];
    if (idNumber !== row.id_number) fields.push('idNumber');
    const event = { action: 'member.update', kind: 'member', communityId: admin.communityId, recordId: member.id, memberId: member.id, details: { fields } } as const;
    await recordAudit(trx, auditActor(admin, source), [event], now);
    return member;
  });
}
