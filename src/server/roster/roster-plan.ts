import {
  Member,
  dayInShanghai,
  describeIssues,
  type IsoDate,
  type MemberDraft,
  type ParsedRosterRow,
  type RosterField,
  type RosterGrid,
  type RosterImportReport,
  type RosterReading,
  type RosterReportRow,
} from '../../domain';
import { maskIdNumber } from '../../domain/roster/id-number';
import { isBlankCell, rawText } from '../../domain/roster/roster-text';
import { matchBranch, type CommunityBranch } from './branch-names';
import { mergeMember, newMember, type MergeContext, type Merged } from './member-merge';

/** A member as stored, with the 身份证号 only the server holds. */
export interface StoredMember {
  member: Member;
  idNumber: string | null;
}

/** What the import reads of the community before deciding anything: one query each, whatever the file's size. */
export interface CommunityState {
  communityId: string;
  branches: CommunityBranch[];
  members: StoredMember[];
  /** The base of each member's latest 核定 (domain compareAssessments), for members who have one. */
  latestBaseFen: ReadonlyMap<string, number>;
}

export interface PlanOptions {
  defaultBranch: CommunityBranch | null;
  now: string;
  newId: () => string;
}

export interface PlannedUpdate {
  before: Member;
  merged: Merged;
}

/**
 * Everything an import would do, decided before anything is written: the report (identical whether the
 * import then runs or not) and the writes. Pure: the same file over the same stored community gives the same
 * plan, which is why a dry run and the import report the same rows.
 */
export interface RosterPlan {
  rows: RosterReportRow[];
  /** The row each created member comes from, by member id, so that only the import reports their ids. */
  created: Map<string, number>;
  creates: Merged[];
  updates: PlannedUpdate[];
  missing: RosterImportReport['missing'];
}

const nameBirthKey = (name: string, birthDate: string) => `${name}\u0000${birthDate}`;

/** Report names of what an update changed (RosterReportRow.changes), each read off a member and its 身份证号. */
const CHANGE_FIELDS: readonly [string, (m: Member, idNumber: string | null) => unknown][] = [
  ['name', (m) => m.name],
  ['gender', (m) => m.gender],
  ['birthDate', (m) => m.birthDate],
  ['idNumber', (m, id) => [id, m.profile.idMasked]],
  ['ethnicity', (m) => m.profile.ethnicity],
  ['formerUnit', (m) => m.profile.formerUnit],
  ['formerPosition', (m) => m.profile.formerPosition],
  ['retirement', (m) => m.profile.retirement],
  ['phone', (m) => m.phone],
  ['address', (m) => m.address],
  ['familyContact', (m) => m.familyContact],
  ['isPartyMember', (m) => m.isPartyMember],
  ['joinedPartyOn', (m) => m.joinedPartyOn],
  ['branch', (m) => m.branchId],
  ['duesChannel', (m) => m.duesChannel],
  ['proposedBaseFen', (m) => m.proposedBaseFen],
  ['status', (m) => [m.status, m.diedOn, m.away, m.transfer]],
  ['risks', (m) => m.risks],
  ['notes', (m) => m.notes],
];

/**
 * Matches each row to a stored member of the community and decides what happens to it (docs/DOMAIN.md §10):
 *
 * - the same person twice in the file — the same 身份证号, or, where either row has no ID, the same name and
 *   birth date — counts once: the first row stands, the later ones are `duplicate` of it;
 * - a row matches a stored member by 身份证号; failing that, by name and birth date, but never a stored member
 *   who has another ID (a namesake born the same day is another person), and never one of several;
 * - the 党支部 cell names a branch of the community; a party member whose row names none stays in their stored
 *   branch, or goes to the import's default branch, or is refused;
 * - the merged member must pass the domain's Member schema, or the row is refused with its reasons;
 * - nothing stored is ever deleted: the community's 在册 and 外出 members that no row mentions are listed as
 *   missing (已故 and 转出 members are expected to be gone from an office's current roster).
 */
export function planRoster(reading: RosterReading, grid: RosterGrid, state: CommunityState, options: PlanOptions): RosterPlan {
  const byId = new Map<string, StoredMember>();
  const byNameBirth = new Map<string, StoredMember[]>();
  for (const stored of state.members) {
    if (stored.idNumber !== null) byId.set(stored.idNumber, stored);
    const key = nameBirthKey(stored.member.name, stored.member.birthDate);
    const list = byNameBirth.get(key);
    if (list) list.push(stored);
    else byNameBirth.set(key, [stored]);
  }
  const mapped = new Set(Object.entries(reading.mapping).flatMap(([field, column]) => (column === null || column === undefined ? [] : [field])));
  const carries = (field: RosterField) => mapped.has(field);
  const relationColumn = reading.mapping.partyRelation ?? null;

  const firstById = new Map<string, number>();
  const firstByNameBirth = new Map<string, { row: number; hasId: boolean }[]>();
  const claimed = new Map<string, number>();
  const plan: RosterPlan = { rows: [], created: new Map(), creates: [], updates: [], missing: [] };

  const nameColumn = reading.mapping.name ?? null;
  for (const parsed of reading.rows) {
    if (parsed.kind !== 'person' || parsed.draft === null) {
      const row = outcome(parsed, parsed.kind === 'ignored' ? 'ignored' : 'rejected', parsed.reasons);
      // A refused row has no draft: its name cell as typed lets the admin find it.
      const typed = parsed.kind === 'rejected' && nameColumn !== null ? rawText(grid[parsed.row - 1]?.[nameColumn]).replace(/\s+/g, ' ') : '';
      plan.rows.push(typed === '' ? row : { ...row, name: typed });
      continue;
    }
    const draft = parsed.draft;
    const earlier = earlierOccurrence(draft, firstById, firstByNameBirth);
    if (earlier !== null) {
      plan.rows.push({ ...outcome(parsed, 'duplicate', [earlier.reason]), duplicateOf: earlier.row });
      continue;
    }
    remember(draft, parsed.row, firstById, firstByNameBirth);

    const match = findStored(draft, byId, byNameBirth);
    if ('reason' in match) {
      plan.rows.push(outcome(parsed, 'rejected', [match.reason]));
      continue;
    }
    const stored = match.stored;
    if (stored) {
      const other = claimed.get(stored.member.id);
      if (other !== undefined) {
        plan.rows.push({ ...outcome(parsed, 'duplicate', [`与第 ${other} 行对应系统中的同一人员，以第 ${other} 行为准`]), duplicateOf: other });
        continue;
      }
      claimed.set(stored.member.id, parsed.row);
    }

    const branch = branchOf(draft, stored?.member ?? null, state.branches, options.defaultBranch);
    if ('reason' in branch) {
      plan.rows.push(outcome(parsed, 'rejected', [branch.reason]));
      continue;
    }
    const relationCell = relationColumn === null ? null : (grid[parsed.row - 1]?.[relationColumn] ?? null);
    const context: MergeContext = {
      communityId: state.communityId,
      carries,
      statesChannel: relationColumn !== null && !isBlankCell(relationCell),
      branch: branch.branch,
      latestBaseFen: stored ? (state.latestBaseFen.get(stored.member.id) ?? null) : null,
      now: options.now,
    };
    const merged = stored ? mergeMember(stored.member, stored.idNumber, draft, context) : newMember(options.newId(), draft, context);
    const notices = [...parsed.notices, ...match.notices, ...merged.notices];
    const refusal = refusalOf(merged.member, stored === null, draft, dayInShanghai(options.now));
    if (refusal.length > 0) {
      plan.rows.push({ ...outcome(parsed, 'rejected', refusal), notices });
      continue;
    }

    if (stored === null) {
      plan.creates.push(merged);
      plan.created.set(merged.member.id, parsed.row);
      plan.rows.push({ ...outcome(parsed, 'created', []), memberId: merged.member.id, notices });
      continue;
    }
    const changes = CHANGE_FIELDS.filter(
      ([, read]) => JSON.stringify(read(stored.member, stored.idNumber)) !== JSON.stringify(read(merged.member, merged.idNumber)),
    ).map(([name]) => name);
    if (changes.length === 0) {
      plan.rows.push({ ...outcome(parsed, 'unchanged', []), memberId: stored.member.id, notices });
    } else {
      plan.updates.push({ before: stored.member, merged });
      plan.rows.push({ ...outcome(parsed, 'updated', []), memberId: stored.member.id, notices, changes });
    }
  }

  plan.missing = state.members
    .filter(({ member }) => !claimed.has(member.id) && (member.status === 'active' || member.status === 'away'))
    .map(({ member }) => ({ memberId: member.id, name: member.name, status: member.status }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.memberId.localeCompare(b.memberId));
  return plan;
}

function outcome(parsed: ParsedRosterRow, status: RosterReportRow['status'], reasons: string[]): RosterReportRow {
  const draft = parsed.draft;
  return {
    row: parsed.row,
    status,
    ...(reasons.length > 0 ? { reasons } : {}),
    name: draft && draft.name !== '' ? draft.name : null,
    idMasked: draft?.idNumber ? maskIdNumber(draft.idNumber) : null,
    notices: parsed.notices,
    changes: [],
  };
}

/** The first row of the same person, if this one repeats it. */
function earlierOccurrence(
  draft: MemberDraft,
  firstById: Map<string, number>,
  firstByNameBirth: Map<string, { row: number; hasId: boolean }[]>,
): { row: number; reason: string } | null {
  if (draft.idNumber !== null) {
    const row = firstById.get(draft.idNumber);
    if (row !== undefined) return { row, reason: `与第 ${row} 行的身份证号相同，是同一人，以第 ${row} 行为准` };
  }
  const sameNameBirth = firstByNameBirth.get(nameBirthKey(draft.name, draft.birthDate)) ?? [];
  // With IDs on both rows, different IDs are different people; without one, name and birth date decide.
  const same = sameNameBirth.find((first) => draft.idNumber === null || !first.hasId);
  if (same === undefined || draft.name === '') return null;
  return { row: same.row, reason: `与第 ${same.row} 行的姓名和出生日期相同，是同一人，以第 ${same.row} 行为准` };
}

function remember(
  draft: MemberDraft,
  row: number,
  firstById: Map<string, number>,
  firstByNameBirth: Map<string, { row: number; hasId: boolean }[]>,
): void {
  if (draft.idNumber !== null) firstById.set(draft.idNumber, row);
  if (draft.name === '') return;
  const key = nameBirthKey(draft.name, draft.birthDate);
  const list = firstByNameBirth.get(key);
  const entry = { row, hasId: draft.idNumber !== null };
  if (list) list.push(entry);
  else firstByNameBirth.set(key, [entry]);
}

type StoredMatch = { stored: StoredMember | null; notices: string[] } | { reason: string };

function findStored(draft: MemberDraft, byId: Map<string, StoredMember>, byNameBirth: Map<string, StoredMember[]>): StoredMatch {
  if (draft.idNumber !== null) {
    const stored = byId.get(draft.idNumber);
    if (stored) return { stored, notices: [] };
  }
  const sameNameBirth = draft.name === '' ? [] : (byNameBirth.get(nameBirthKey(draft.name, draft.birthDate)) ?? []);
  const candidates = draft.idNumber === null ? sameNameBirth : sameNameBirth.filter((s) => s.idNumber === null);
  if (candidates.length === 1) return { stored: candidates[0]!, notices: [] };
  if (candidates.length > 1) {
    return { reason: `系统中有 ${candidates.length} 位姓名和出生日期都相同的人员，无法确定是哪一位：请填写身份证号` };
  }
  const namesakes = sameNameBirth.length > 0 ? ['系统中有姓名和出生日期相同、但身份证号不同的人员，已按另一人新增，请核对'] : [];
  return { stored: null, notices: namesakes };
}

function branchOf(
  draft: MemberDraft,
  stored: Member | null,
  branches: readonly CommunityBranch[],
  defaultBranch: CommunityBranch | null,
): { branch: CommunityBranch | null } | { reason: string } {
  if (!(draft.isPartyMember || stored?.isPartyMember)) return { branch: null };
  if (draft.branchName !== null && draft.branchName.trim() !== '') return matchBranch(draft.branchName, branches);
  const storedBranch = stored?.branchId ? branches.find((b) => b.id === stored.branchId) : undefined;
  if (storedBranch) return { branch: storedBranch };
  if (defaultBranch) return { branch: defaultBranch };
  return { reason: '党员未填写所在党支部，导入时也未指定默认党支部：请填写党支部，或选择默认党支部后再导入' };
}

/** Why the member the row would make cannot be stored, in the words of the domain's schema. */
function refusalOf(member: Member, creating: boolean, draft: MemberDraft, utcToday: IsoDate): string[] {
  if (creating && draft.name === '') return ['缺少姓名，无法新增人员'];
  if (creating && draft.address === null) return ['缺少家庭住址，无法新增人员'];
  const reasons: string[] = [];
  // The rule recordDeath applies to a death recorded from the CLI or the admin's screen, with its UTC day.
  if (member.status === 'deceased' && member.diedOn !== null && (member.diedOn < member.birthDate || member.diedOn > utcToday)) {
    reasons.push('去世日期不能早于出生日期，也不能晚于今天');
  }
  const result = Member.safeParse(member);
  if (!result.success) reasons.push(...describeIssues(result.error.issues).map((issue) => issue.message));
  return reasons;
}
