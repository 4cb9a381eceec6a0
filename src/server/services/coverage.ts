import {
  DomainError,
  TIER_RANK,
  coverageAsOf,
  consecutiveMonths,
  addMonths,
  countsAsCall,
  countsInPerson,
  dayInShanghai,
  fieldError,
  memberMonth,
  monthInstants,
  settingsForBranch,
  shanghaiDay,
  type Coverage,
  type CoverageCounts,
  type CoverageHistory,
  type CoverageTotals,
  type MemberMonth,
  type NotVisitedList,
  type User,
  type VisitSettings,
} from '../../domain';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import {
  amendedVisits,
  communitySettings,
  coverageBranches,
  coverageWorkers,
  lastInPersonBefore,
  monthContacts,
  primaryWorkers,
  scopeMembers,
  visitorsOf,
  visitsBetween,
  type CoverageScope,
  type MonthContact,
  type ScopeMember,
} from './coverage-facts';
import { devicesOf } from './sync-clients';

/**
 * Coverage (月探访率, docs/DOMAIN.md §9) for the administrator (their community) and a branch secretary (their
 * branch): members, not visits, counted by the domain's rules (memberMonth) over facts read in a few indexed
 * queries. A worker is refused: they see their own plan on their phone.
 */
export function coverageScopeOf(user: User): CoverageScope {
  if (user.role === 'admin') return { communityId: user.communityId, branchId: null };
  if (user.role === 'secretary' && user.branchId !== null) return { communityId: user.communityId, branchId: user.branchId };
  throw new DomainError('FORBIDDEN');
}

/** Months before this are refused: no visit was recorded with this app then, and the calendar arithmetic stays in range. */
const FIRST_MONTH = '2000-01';

/** The day the month is read on, or 400 for a month not yet begun (or before FIRST_MONTH). */
function asOfFor(month: string, today: string): string {
  const asOf = month < FIRST_MONTH ? null : coverageAsOf(month, today);
  if (asOf === null) throw fieldError('month', '月份', month < FIRST_MONTH ? `不能早于 ${FIRST_MONTH}` : '不能晚于本月');
  return asOf;
}

/** What a member is in a month. */
interface Counted {
  entry: ScopeMember;
  verdict: MemberMonth;
  lastInPersonOn: string | null;
}

interface MonthReading {
  month: string;
  asOf: string;
  counted: Counted[];
  /** The month's visits and calls that reached the member (countsInPerson or countsAsCall). */
  contacts: MonthContact[];
  /** Member id → the primary worker in force at the month's end (or now). */
  workerOf: Map<string, string>;
}

async function readMonth(db: Db, scope: CoverageScope, month: string, now: string): Promise<MonthReading> {
  const asOf = asOfFor(month, dayInShanghai(now));
  const { from, to } = monthInstants(month);
  // The pairings as they stood when the month ended; while it runs, as they stand now.
  const pairedAt = now < to ? now : to;
  const amended = await amendedVisits(db);
  const [members, settings, workerOf, contacts, lastBefore] = await Promise.all([
    scopeMembers(db, scope),
    communitySettings(db, scope.communityId),
    primaryWorkers(db, scope, pairedAt),
    monthContacts(db, scope, from, to, amended),
    lastInPersonBefore(db, scope, from, amended),
  ]);
  const reached = contacts.filter((c) => countsInPerson(c) || countsAsCall(c));
  const visited = new Set(reached.filter((c) => countsInPerson(c)).map((c) => c.memberId));
  const phoned = new Set(reached.filter((c) => countsAsCall(c)).map((c) => c.memberId));
  const counted = members.map((entry): Counted => {
    const last = lastBefore.get(entry.id);
    const lastInPersonOn = last === undefined ? null : shanghaiDay(last);
    const facts = { lastInPersonBefore: lastInPersonOn, visitedInMonth: visited.has(entry.id), phonedInMonth: phoned.has(entry.id) };
    return { entry, verdict: memberMonth(entry.member, facts, month, asOf, valuesFor(entry, settings)), lastInPersonOn };
  });
  return { month, asOf, counted, contacts: reached, workerOf };
}

/**
 * The members their primary worker visited in person, and those their primary worker reached by phone or video, in
 * the month: what a worker's line counts. A contact recorded by that worker is theirs; one recorded by someone else
 * may name them as co-visitor, so only those records are read.
 */
async function byPrimaryWorker(db: Db, reading: MonthReading): Promise<{ visited: Set<string>; phoned: Set<string> }> {
  const visited = new Set<string>();
  const phoned = new Set<string>();
  const credit = (memberId: string, inPerson: boolean) => (inPerson ? visited : phoned).add(memberId);
  const others: MonthContact[] = [];
  for (const contact of reading.contacts) {
    const primary = reading.workerOf.get(contact.memberId);
    if (primary === undefined) continue;
    if (contact.submittedBy === primary) credit(contact.memberId, countsInPerson(contact));
    else others.push(contact);
  }
  const visitors = await visitorsOf(db, others.map((c) => c.id));
  for (const contact of others) {
    if (visitors.get(contact.id)?.includes(reading.workerOf.get(contact.memberId)!)) credit(contact.memberId, countsInPerson(contact));
  }
  return { visited, phoned };
}

function valuesFor(entry: ScopeMember, settings: readonly VisitSettings[]) {
  return settingsForBranch(entry.branchId, settings);
}

function zero(): CoverageCounts {
  return { members: 0, visited: 0, phoned: 0, due: 0, overdue: 0, dueVisited: 0 };
}

/** Adds one member to a line; `visited` and `phoned` are the line's reading (for a worker's line: by that worker). */
function add(counts: CoverageCounts, verdict: MemberMonth, visited: boolean, phoned: boolean): void {
  if (!verdict.inCare) return;
  counts.members += 1;
  if (visited) counts.visited += 1;
  if (phoned) counts.phoned += 1;
  if (verdict.due) counts.due += 1;
  if (verdict.overdue) counts.overdue += 1;
  if (verdict.due && visited) counts.dueVisited += 1;
}

function totals(counted: readonly Counted[]): CoverageTotals {
  const all = zero();
  const highRisk = { members: 0, visited: 0 };
  for (const { verdict } of counted) {
    add(all, verdict, verdict.visited, verdict.phoned);
    // The 100 % target is of those who can be visited: due (not away all month, not gone).
    if (verdict.tier === 'high' && verdict.due) {
      highRisk.members += 1;
      if (verdict.visited) highRisk.visited += 1;
    }
  }
  return { ...all, highRisk };
}

/** GET /api/coverage: the issue's contract, per worker (with their devices' freshness), branch and the whole scope. */
export async function coverage(db: Db, user: User, month: string, now: string = nowIso()): Promise<Coverage> {
  const scope = coverageScopeOf(user);
  const [reading, branches] = await Promise.all([readMonth(db, scope, month, now), coverageBranches(db, scope)]);
  const [workers, byWorkers] = await Promise.all([coverageWorkers(db, scope, new Set(reading.workerOf.values())), byPrimaryWorker(db, reading)]);
  const devices = await devicesOf(db, workers.map((w) => w.id));

  const byWorker = new Map(workers.map((w) => [w.id, zero()]));
  const byBranch = new Map(branches.map((b) => [b.id, zero()]));
  for (const c of reading.counted) {
    const workerId = reading.workerOf.get(c.entry.id);
    const workerLine = workerId === undefined ? undefined : byWorker.get(workerId);
    if (workerLine) add(workerLine, c.verdict, byWorkers.visited.has(c.entry.id), byWorkers.phoned.has(c.entry.id));
    const branchLine = c.entry.branchId === null ? undefined : byBranch.get(c.entry.branchId);
    if (branchLine) add(branchLine, c.verdict, c.verdict.visited, c.verdict.phoned);
  }
  return {
    month,
    asOf: reading.asOf,
    workers: workers.map((w) => ({
      workerId: w.id,
      name: w.name,
      ...byWorker.get(w.id)!,
      devices: devices
        .filter((d) => d.userId === w.id)
        .map((d) => ({ lastSyncAt: d.lastSyncAt, pending: d.unsent, oldestPendingAt: d.oldestPendingAt, appVersion: d.appVersion })),
    })),
    branches: branches.map((b) => ({ branchId: b.id, name: b.name, ...byBranch.get(b.id)! })),
    community: totals(reading.counted),
  };
}

/** GET /api/coverage/not-visited: who was due a visit in person in the month and had none, the most urgent first. */
export async function notVisited(db: Db, user: User, month: string, now: string = nowIso()): Promise<NotVisitedList> {
  const reading = await readMonth(db, coverageScopeOf(user), month, now);
  const members = reading.counted
    .filter((c) => c.verdict.inCare && c.verdict.due && !c.verdict.visited)
    .map((c) => ({
      memberId: c.entry.id,
      name: c.entry.name,
      branchId: c.entry.branchId,
      tier: c.verdict.tier,
      workerId: reading.workerOf.get(c.entry.id) ?? null,
      lastInPersonOn: c.lastInPersonOn,
      phoned: c.verdict.phoned,
      overdue: c.verdict.overdue,
      away: c.verdict.away,
    }))
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        TIER_RANK[a.tier] - TIER_RANK[b.tier] ||
        (a.lastInPersonOn ?? '').localeCompare(b.lastInPersonOn ?? '') ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.memberId.localeCompare(b.memberId),
    );
  return { month, asOf: reading.asOf, members };
}

/**
 * GET /api/coverage/history: the scope's totals for `count` months ending with `month`, for the chart. The visits
 * of the whole span are read once (member, type, outcome, time: no record is parsed), and each month's last
 * visit in person before it is carried forward from the one before.
 */
export async function coverageHistory(db: Db, user: User, month: string, count: number, now: string = nowIso()): Promise<CoverageHistory> {
  const scope = coverageScopeOf(user);
  const today = dayInShanghai(now);
  asOfFor(month, today);
  const months = consecutiveMonths(addMonths(month, -(count - 1)), count).filter((m) => m >= FIRST_MONTH);
  const first = monthInstants(months[0]!).from;
  const amended = await amendedVisits(db);
  const [members, settings, visits, lastBefore] = await Promise.all([
    scopeMembers(db, scope),
    communitySettings(db, scope.communityId),
    visitsBetween(db, scope, first, monthInstants(month).to, amended),
    lastInPersonBefore(db, scope, first, amended),
  ]);
  // Visits come in time order: each month's slice, and the running last visit in person of every member.
  const last = new Map([...lastBefore].map(([id, at]) => [id, shanghaiDay(at)]));
  let next = 0;
  const answer: CoverageHistory['months'] = [];
  for (const m of months) {
    const asOf = coverageAsOf(m, today)!;
    const { to } = monthInstants(m);
    const visited = new Set<string>();
    const phoned = new Set<string>();
    const lastBeforeMonth = new Map(last);
    for (; next < visits.length && visits[next]!.occurredAt < to; next += 1) {
      const visit = visits[next]!;
      if (countsInPerson(visit)) {
        visited.add(visit.memberId);
        last.set(visit.memberId, shanghaiDay(visit.occurredAt));
      } else if (countsAsCall(visit)) phoned.add(visit.memberId);
    }
    const counted = members.map((entry): Counted => {
      const lastInPersonOn = lastBeforeMonth.get(entry.id) ?? null;
      const facts = { lastInPersonBefore: lastInPersonOn, visitedInMonth: visited.has(entry.id), phonedInMonth: phoned.has(entry.id) };
      const verdict = memberMonth(entry.member, facts, m, asOf, valuesFor(entry, settings));
      return { entry, verdict, lastInPersonOn };
    });
    answer.push({ month: m, asOf, ...totals(counted) });
  }
  return { months: answer };
}
