import {
  REACHED_OUTCOMES,
  TransferInfo,
  VisitSettings,
  inPersonTypes,
  type PlanMember,
  type VisitOutcome,
  type VisitType,
} from '../../domain';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DatabaseSchema, Db } from '../storage/tables';

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

/**
 * The ids of visits an amendment replaced (the amendment stands in their place, docs/DOMAIN.md §4): few, read from
 * the partial index visits_amends and left out in code rather than in each statement — PostgreSQL prices a
 * `NOT IN (subquery)` inside a per-member subquery once per member, and past its JIT threshold compiles the
 * statement for longer than it runs.
 */
export async function amendedVisits(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('visits').select('amends').where('amends', 'is not', null).execute();
  return new Set(rows.map((row) => row.amends!));
}

/** The scope's members joined to their visits, members first: see `monthContacts`. */
function scopeVisits(db: Db, scope: CoverageScope) {
  // CROSS JOIN (with the join's condition in WHERE) makes SQLite, which keeps no statistics here, walk the scope's
  // members and each one's range of visits_member_time; PostgreSQL plans it as any join (visits_month's range).
  let query = db.selectFrom('members').crossJoin('visits').whereRef('visits.member_id', '=', 'members.id').where('members.community_id', '=', scope.communityId);
  if (scope.branchId !== null) query = query.where('members.branch_id', '=', scope.branchId);
  return query;
}

/** A visit or call of the month, as coverage reads it: whose, what, how it went, and who recorded it. */
export interface MonthContact {
  id: string;
  memberId: string;
  type: VisitType;
  outcome: VisitOutcome;
  submittedBy: string;
}

/** The scope's visits with `occurred_at` in [from, to), but those in `amended`, from an index alone. */
export async function monthContacts(db: Db, scope: CoverageScope, from: string, to: string, amended: ReadonlySet<string>): Promise<MonthContact[]> {
  const rows = await scopeVisits(db, scope)
    .select(['visits.id', 'visits.member_id', 'visits.visit_type', 'visits.visit_outcome', 'visits.submitted_by'])
    .where('visits.occurred_at', '>=', from)
    .where('visits.occurred_at', '<', to)
    .execute();
  const contacts: MonthContact[] = [];
  for (const row of rows) {
    if (amended.has(row.id)) continue;
    contacts.push({ id: row.id, memberId: row.member_id, type: row.visit_type, outcome: row.visit_outcome, submittedBy: row.submitted_by });
  }
  return contacts;
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

/** The scope's visits in [from, to) in time order, but those in `amended`. */
export async function visitsBetween(db: Db, scope: CoverageScope, from: string, to: string, amended: ReadonlySet<string>): Promise<DatedContact[]> {
  const rows = await scopeVisits(db, scope)
    .select(['visits.id', 'visits.member_id', 'visits.visit_type', 'visits.visit_outcome', 'visits.occurred_at'])
    .where('visits.occurred_at', '>=', from)
    .where('visits.occurred_at', '<', to)
    .orderBy('visits.occurred_at')
    .execute();
  const visits: DatedContact[] = [];
  for (const row of rows) {
    if (!amended.has(row.id)) visits.push({ memberId: row.member_id, type: row.visit_type, outcome: row.visit_outcome, occurredAt: row.occurred_at });
  }
  return visits;
}

/**
 * Member id → the instant of their last visit in person that reached them (the domain's inPersonTypes and
 * REACHED_OUTCOMES, as countsInPerson reads them) before `before`, but those in `amended`. Per member, the
 * visits_member_time index is walked back from `before` to the first that counts: a few index entries a member,
 * however long their history (a GROUP BY would read every visit in person of two years). Where that one was
 * replaced by an amendment (rare), the member's earlier visits are read to find the one before it.
 */
export async function lastInPersonBefore(db: Db, scope: CoverageScope, before: string, amended: ReadonlySet<string>): Promise<Map<string, string>> {
  const inPerson = (eb: ExpressionBuilder<DatabaseSchema, 'visits'>) =>
    eb.and([eb('visits.occurred_at', '<', before), eb('visits.visit_type', 'in', [...inPersonTypes]), eb('visits.visit_outcome', 'in', [...REACHED_OUTCOMES])]);
  let query = db
    .selectFrom('members')
    .select([
      'members.id',
      // The instant and the visit's id in one value: a subquery in a select list gives one column.
      (eb) =>
        eb
          .selectFrom('visits')
          .select(sql<string>`visits.occurred_at || ' ' || visits.id`.as('last'))
          .whereRef('visits.member_id', '=', 'members.id')
          .where(inPerson)
          .orderBy('visits.occurred_at', 'desc')
          .limit(1)
          .as('last'),
    ])
    .where('members.community_id', '=', scope.communityId);
  if (scope.branchId !== null) query = query.where('members.branch_id', '=', scope.branchId);
  const last = new Map<string, string>();
  const replaced: string[] = [];
  for (const row of await query.execute()) {
    if (row.last === null) continue;
    const [at, visitId] = row.last.split(' ') as [string, string];
    if (amended.has(visitId)) replaced.push(row.id);
    else last.set(row.id, at);
  }
  for (let i = 0; i < replaced.length; i += IDS_PER_QUERY) {
    const earlier = await db
      .selectFrom('visits')
      .select(['id', 'member_id', 'occurred_at'])
      .where('member_id', 'in', replaced.slice(i, i + IDS_PER_QUERY))
      .where(inPerson)
      .orderBy('occurred_at', 'desc')
      .execute();
    for (const visit of earlier) if (!amended.has(visit.id) && !last.has(visit.member_id)) last.set(visit.member_id, visit.occurred_at);
  }
  return last;
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
