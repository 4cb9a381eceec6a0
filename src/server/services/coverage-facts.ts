import {
  REACHED_OUTCOMES,
  TransferInfo,
  VisitSettings,
  inPersonTypes,
  type PlanMember,
  type VisitOutcome,
  type VisitType,
} from '../../domain';
import type { Db } from '../storage/tables';

/**
 * What coverage (docs/DOMAIN.md §9) reads from the database, scoped in SQL: an admin's community, or a
 * secretary's branch. Each read is one query over an index of migration 0010; the rules are the domain's.
 */
export interface CoverageScope {
  communityId: string;
  /** A secretary's branch; null: the whole community. */
  branchId: string | null;
}

export interface ScopeMember {
  id: string;
  name: string;
  branchId: string | null;
  /** What the plan's rules read of a member (coverage, campaign cohorts). */
  member: PlanMember;
}

export async function scopeMembers(db: Db, scope: CoverageScope): Promise<ScopeMember[]> {
  let query = db
    .selectFrom('members')
    .select([
      'id',
      'name',
      'branch_id',
      'birth_date',
      'is_party_member',
      'joined_party_on',
      'risk_living_alone',
      'risk_empty_nest',
      'risk_bedridden',
      'risk_disabled',
      'status',
      'died_on',
      'away_place',
      'away_from',
      'away_expected_return',
      'away_phone',
      'transfer',
    ])
    .where('community_id', '=', scope.communityId);
  if (scope.branchId !== null) query = query.where('branch_id', '=', scope.branchId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    branchId: row.branch_id,
    member: {
      id: row.id,
      communityId: scope.communityId,
      branchId: row.branch_id,
      isPartyMember: row.is_party_member === 1,
      joinedPartyOn: row.joined_party_on,
      birthDate: row.birth_date,
      risks: {
        livingAlone: row.risk_living_alone === 1,
        emptyNest: row.risk_empty_nest === 1,
        bedridden: row.risk_bedridden === 1,
        disabled: row.risk_disabled === 1,
      },
      status: row.status,
      diedOn: row.died_on,
      away:
        row.away_place === null
          ? null
          : { place: row.away_place, from: row.away_from, expectedReturn: row.away_expected_return, phone: row.away_phone },
      transfer: row.transfer === null ? null : TransferInfo.parse(JSON.parse(row.transfer)),
    },
  }));
}

/** The community's settings rows (its own and the branches' overrides), for settingsForBranch. */
export async function communitySettings(db: Db, communityId: string): Promise<VisitSettings[]> {
  const rows = await db.selectFrom('visit_settings').select('data').where('community_id', '=', communityId).execute();
  return rows.map((row) => VisitSettings.parse(JSON.parse(row.data)));
}

/** Member id → the worker of the member's primary pairing in force at `at` (an instant). */
export async function primaryWorkers(db: Db, scope: CoverageScope, at: string): Promise<Map<string, string>> {
  let query = db
    .selectFrom('pairings')
    .innerJoin('members', 'members.id', 'pairings.member_id')
    .select(['pairings.member_id', 'pairings.worker_id'])
    .where('members.community_id', '=', scope.communityId)
    .where('pairings.role', '=', 'primary')
    .where('pairings.since', '<=', at)
    .where((eb) => eb.or([eb('pairings.ended_at', 'is', null), eb('pairings.ended_at', '>', at)]));
  if (scope.branchId !== null) query = query.where('members.branch_id', '=', scope.branchId);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.member_id, row.worker_id]));
}

/** A visit or call of the month, as coverage reads it: whose, what, how it went, and who recorded it. */
export interface MonthContact {
  id: string;
  memberId: string;
  type: VisitType;
  outcome: VisitOutcome;
  submittedBy: string;
}

/**
 * The scope's visits with `occurred_at` in [from, to), except those an amendment replaced (the amendment stands
 * in their place, docs/DOMAIN.md §4), from the visits_member_time index alone: each member's month is one range.
 */
export async function monthContacts(db: Db, scope: CoverageScope, from: string, to: string): Promise<MonthContact[]> {
  let query = db
    .selectFrom('members')
    .innerJoin('visits', 'visits.member_id', 'members.id')
    .select(['visits.id', 'visits.member_id', 'visits.visit_type', 'visits.visit_outcome', 'visits.submitted_by'])
    .where('members.community_id', '=', scope.communityId)
    .where('visits.occurred_at', '>=', from)
    .where('visits.occurred_at', '<', to)
    .where('visits.id', 'not in', amendedVisits(db));
  if (scope.branchId !== null) query = query.where('members.branch_id', '=', scope.branchId);
  const rows = await query.execute();
  return rows.map((row) => ({ id: row.id, memberId: row.member_id, type: row.visit_type, outcome: row.visit_outcome, submittedBy: row.submitted_by }));
}

/** Ids per statement when visits are read by id: far under both engines' parameter limits. */
const IDS_PER_QUERY = 500;

/** The visitors each of these visits names (the recorder and any co-visitors), read from the stored records. */
export async function visitorsOf(db: Db, visitIds: readonly string[]): Promise<Map<string, string[]>> {
  const visitors = new Map<string, string[]>();
  for (let i = 0; i < visitIds.length; i += IDS_PER_QUERY) {
    const rows = await db.selectFrom('visits').select(['id', 'data']).where('id', 'in', visitIds.slice(i, i + IDS_PER_QUERY)).execute();
    for (const row of rows) visitors.set(row.id, (JSON.parse(row.data) as { visitorIds: string[] }).visitorIds);
  }
  return visitors;
}

/** A visit as the history reads it: no record parsed, only the indexed columns. */
export interface DatedContact {
  memberId: string;
  type: VisitType;
  outcome: VisitOutcome;
  occurredAt: string;
}

/** The scope's visits in [from, to) in time order, except those an amendment replaced. */
export async function visitsBetween(db: Db, scope: CoverageScope, from: string, to: string): Promise<DatedContact[]> {
  let query = db
    .selectFrom('members')
    .innerJoin('visits', 'visits.member_id', 'members.id')
    .select(['visits.member_id', 'visits.visit_type', 'visits.visit_outcome', 'visits.occurred_at'])
    .where('members.community_id', '=', scope.communityId)
    .where('visits.occurred_at', '>=', from)
    .where('visits.occurred_at', '<', to)
    .where('visits.id', 'not in', amendedVisits(db))
    .orderBy('visits.occurred_at');
  if (scope.branchId !== null) query = query.where('members.branch_id', '=', scope.branchId);
  const rows = await query.execute();
  return rows.map((row) => ({ memberId: row.member_id, type: row.visit_type, outcome: row.visit_outcome, occurredAt: row.occurred_at }));
}

/**
 * Member id → the instant of their last visit in person that reached them (the domain's inPersonTypes and
 * REACHED_OUTCOMES, as countsInPerson reads them) before `before`. Per member, the visits_member_time index is
 * walked back from `before` to the first that counts: a few index entries a member, however long their history
 * (a GROUP BY would read every visit in person of two years).
 */
export async function lastInPersonBefore(db: Db, scope: CoverageScope, before: string): Promise<Map<string, string>> {
  let query = db
    .selectFrom('members')
    .select([
      'members.id',
      (eb) =>
        eb
          .selectFrom('visits')
          .select('visits.occurred_at')
          .whereRef('visits.member_id', '=', 'members.id')
          .where('visits.occurred_at', '<', before)
          .where('visits.visit_type', 'in', [...inPersonTypes])
          .where('visits.visit_outcome', 'in', [...REACHED_OUTCOMES])
          .where('visits.id', 'not in', amendedVisits(db))
          .orderBy('visits.occurred_at', 'desc')
          .limit(1)
          .as('last'),
    ])
    .where('members.community_id', '=', scope.communityId);
  if (scope.branchId !== null) query = query.where('members.branch_id', '=', scope.branchId);
  const rows = await query.execute();
  const last = new Map<string, string>();
  for (const row of rows) if (row.last !== null) last.set(row.id, row.last);
  return last;
}

/** The ids of visits an amendment replaced: few, from the partial index visits_amends. */
function amendedVisits(db: Db) {
  return db.selectFrom('visits as amendment').select('amendment.amends').where('amendment.amends', 'is not', null);
}

export interface Worker {
  id: string;
  name: string;
}

/**
 * The workers a coverage lists: for a secretary, those who are the primary worker of a member of the branch; for
 * an admin, every enabled worker of the community too (one with no members yet shows with its devices).
 */
export async function coverageWorkers(db: Db, scope: CoverageScope, primaryIds: ReadonlySet<string>): Promise<Worker[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'disabled'])
    .where('community_id', '=', scope.communityId)
    .where('role', '=', 'worker')
    .execute();
  return rows
    .filter((row) => primaryIds.has(row.id) || (scope.branchId === null && row.disabled === 0))
    .map((row) => ({ id: row.id, name: row.display_name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}

export interface Branch {
  id: string;
  name: string;
}

/** The branches a coverage lists: the secretary's own, or every branch of the community. */
export async function coverageBranches(db: Db, scope: CoverageScope): Promise<Branch[]> {
  let query = db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'branch').where('parent_id', '=', scope.communityId);
  if (scope.branchId !== null) query = query.where('id', '=', scope.branchId);
  const rows = await query.execute();
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}
