import type { IsoDate, Member, MemberDraft, MemberStatus, RosterField } from '../../domain';
import { maskIdNumber } from '../../domain/roster/id-number';
import type { CommunityBranch } from './branch-names';

/** What the row's file carries and where the member ends up, worked out by the plan before merging. */
export interface MergeContext {
  communityId: string;
  /** Whether the sheet has a column mapped to the field: a field the file does not carry keeps its stored value. */
  carries: (field: RosterField) => boolean;
  /** The row's 党组织关系 cell says something (not blank): its channel stands, whatever the branch's type. */
  statesChannel: boolean;
  /** The branch the row resolves to (党支部 cell, the stored one, or the import's default); null for a non-party cadre. */
  branch: CommunityBranch | null;
  /** The base of the member's latest stored 核定, or null when there is none. */
  latestBaseFen: number | null;
  now: string;
}

export interface Merged {
  member: Member;
  idNumber: string | null;
  /** Notices for the admin about what the file said but the import did not take. */
  notices: string[];
  /** Set when the status (or the away period) changes: a member_status_changes record. */
  statusChange: { status: MemberStatus; effectiveOn: IsoDate | null; detail: Record<string, string | null> } | null;
}

/** The member a row describes when nobody stored matches it. */
export function newMember(id: string, draft: MemberDraft, context: MergeContext): Merged {
  const isPartyMember = draft.isPartyMember;
  const branch = isPartyMember ? context.branch : null;
  const duesChannel = context.statesChannel ? draft.duesChannel : channelOfBranch(branch);
  const notices: string[] = [];
  const status = draft.status ?? 'active';
  const member: Member = {
    id,
    communityId: context.communityId,
    branchId: branch?.id ?? null,
    name: draft.name,
    gender: draft.gender,
    birthDate: draft.birthDate,
    phone: draft.phone,
    // An empty address fails the member schema below, and the row is refused with the reason.
    address: draft.address ?? { compound: '', building: '', unit: '', room: '' },
    familyContact: draft.familyContact,
    isPartyMember,
    joinedPartyOn: isPartyMember ? draft.joinedPartyOn : null,
    risks: { livingAlone: false, emptyNest: false, bedridden: false, disabled: false, ...onlySet(draft.risks) },
    status,
    diedOn: status === 'deceased' ? draft.diedOn : null,
    away: status === 'away' ? draft.away : null,
    transfer: null,
    profile: {
      ethnicity: draft.ethnicity,
      formerUnit: draft.formerUnit,
      formerPosition: draft.formerPosition,
      retirement: draft.retirement,
      idMasked: draft.idNumber === null ? null : maskIdNumber(draft.idNumber),
    },
    duesChannel,
    proposedBaseFen: proposedBase(isPartyMember, duesChannel, draft.pensionFen, null, null, notices),
    hobbies: [],
    serviceNeeds: [],
    notes: draft.note,
    updatedAt: context.now,
  };
  const statusChange = status === 'active' ? null : describeStatus(member);
  return { member, idNumber: draft.idNumber, notices, statusChange };
}

/**
 * A stored member updated by a row (docs/DOMAIN.md §10). Never clears what the file does not carry: a field
 * whose column is not mapped, or whose cell is empty, keeps its stored value; risk flags are only ever set; a
 * party member stays one; the status changes only where the remarks say so, and a death is never undone; the
 * row's note is added only when the stored notes do not hold it already. So a re-import of the same file
 * changes nothing.
 */
export function mergeMember(stored: Member, storedIdNumber: string | null, draft: MemberDraft, context: MergeContext): Merged {
  const notices: string[] = [];
  const isPartyMember = stored.isPartyMember || draft.isPartyMember;
  if (stored.isPartyMember && !draft.isPartyMember && (context.carries('joinedPartyOn') || context.carries('partyRelation'))) {
    notices.push('表格中未表明是党员，系统中仍按党员保留；如确已不是党员，请在人员页面修改');
  }
  const branch = isPartyMember ? context.branch : null;
  const branchChanged = (branch?.id ?? null) !== stored.branchId;
  const duesChannel = context.statesChannel ? draft.duesChannel : branchChanged ? channelOfBranch(branch) : stored.duesChannel;
  const idNumber = draft.idNumber ?? storedIdNumber;
  const { status, diedOn, away, transfer } = mergeStatus(stored, draft, notices);
  const risks = { ...stored.risks, ...onlySet(draft.risks) };

  const member: Member = {
    ...stored,
    branchId: branch?.id ?? null,
    name: draft.name !== '' ? draft.name : stored.name,
    gender: context.carries('gender') || draft.idNumber !== null ? draft.gender : stored.gender,
    birthDate: draft.birthDate,
    phone: draft.phone ?? stored.phone,
    address: draft.address ?? stored.address,
    familyContact: draft.familyContact ?? stored.familyContact,
    isPartyMember,
    joinedPartyOn: isPartyMember ? (draft.joinedPartyOn ?? stored.joinedPartyOn) : null,
    risks,
    status,
    diedOn,
    away,
    transfer,
    profile: {
      ethnicity: draft.ethnicity ?? stored.profile.ethnicity,
      formerUnit: draft.formerUnit ?? stored.profile.formerUnit,
      formerPosition: draft.formerPosition ?? stored.profile.formerPosition,
      retirement: draft.retirement ?? stored.profile.retirement,
      idMasked: idNumber === null ? stored.profile.idMasked : maskIdNumber(idNumber),
    },
    duesChannel,
    proposedBaseFen: proposedBase(isPartyMember, duesChannel, draft.pensionFen, context.latestBaseFen, stored.proposedBaseFen, notices),
    notes: withNote(stored.notes, draft.note, notices),
  };
  const statusChanged = member.status !== stored.status || JSON.stringify(member.away) !== JSON.stringify(stored.away);
  return { member, idNumber, notices, statusChange: statusChanged ? describeStatus(member) : null };
}

/** 非建制 branches keep their members' dues at the old unit (三不转, docs/DOMAIN.md §3.5, §10) unless the row says otherwise. */
function channelOfBranch(branch: CommunityBranch | null): Member['duesChannel'] {
  return branch?.type === 'non_established' ? 'original_unit' : 'this_branch';
}

/**
 * The pension becomes a proposed 核定 base (never one in force, docs/DOMAIN.md §3.1, §10) for a party member whose dues
 * this branch collects, unless the latest 核定 already has that base: once the secretary has confirmed it, the
 * same file proposes nothing again.
 */
function proposedBase(
  isPartyMember: boolean,
  channel: Member['duesChannel'],
  pensionFen: number | null,
  latestBaseFen: number | null,
  stored: number | null,
  notices: string[],
): number | null {
  if (pensionFen === null || !isPartyMember) return stored;
  if (channel !== 'this_branch') {
    notices.push('该党员在原单位交纳党费，月基本离退休费未作为核定基数');
    return stored;
  }
  return pensionFen === latestBaseFen ? stored : pensionFen;
}

function mergeStatus(stored: Member, draft: MemberDraft, notices: string[]): Pick<Member, 'status' | 'diedOn' | 'away' | 'transfer'> {
  const kept = { status: stored.status, diedOn: stored.diedOn, away: stored.away, transfer: stored.transfer };
  if (draft.status === null || (draft.status === stored.status && draft.status !== 'away')) return kept;
  if (stored.status === 'deceased') {
    notices.push(`系统中该人员已故（${stored.diedOn ?? '日期未填'}），备注中的状态未采用`);
    return kept;
  }
  if (stored.status === 'transferred') {
    notices.push('系统中该人员已转出，备注中的状态未采用；如已转回，请在人员页面登记转入');
    return kept;
  }
  switch (draft.status) {
    case 'deceased':
      // A death is recorded with its date (recordDeath); the reading gives none without one.
      if (draft.diedOn === null) return kept;
      return { status: 'deceased', diedOn: draft.diedOn, away: null, transfer: stored.transfer };
    case 'away':
      return { status: 'away', diedOn: null, away: draft.away, transfer: stored.transfer };
    case 'active':
      return { status: 'active', diedOn: null, away: null, transfer: stored.transfer };
    default:
      return kept;
  }
}

function describeStatus(member: Member): Merged['statusChange'] {
  const source = { source: '花名册导入' };
  switch (member.status) {
    case 'deceased':
      return { status: 'deceased', effectiveOn: member.diedOn, detail: source };
    case 'away':
      return {
        status: 'away',
        effectiveOn: member.away?.from ?? null,
        detail: { ...source, place: member.away?.place ?? null, expectedReturn: member.away?.expectedReturn ?? null, phone: member.away?.phone ?? null },
      };
    default:
      return { status: member.status, effectiveOn: null, detail: source };
  }
}

function onlySet(risks: MemberDraft['risks']): Partial<Member['risks']> {
  return Object.fromEntries(Object.entries(risks).filter(([, value]) => value === true));
}

const NOTES_MAX = 500;

function withNote(stored: string, note: string, notices: string[]): string {
  const text = note.trim();
  if (text === '' || stored.includes(text)) return stored;
  const joined = stored === '' ? text : `${stored}\n${text}`;
  if (joined.length > NOTES_MAX) {
    notices.push(`备注加上原有备注超过 ${NOTES_MAX} 字，未追加：${text}`);
    return stored;
  }
  return joined;
}
