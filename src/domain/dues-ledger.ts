import type { DuesAssessment, DuesPayment, DuesPolicy } from './dues';
import { describeRule, rateForBase } from './dues-rules';
import { assessmentForMonth, expectedDuesFen, termsInForce } from './dues-terms';
import { addMonths, collectionMonth, compareInstants, monthsBetween } from './months';
import type { ArrearsExcuse, DuesAdjustment, DuplicateResolution } from './ledger-records';
import type {
  ArrearsLevel,
  BranchLedger,
  DuplicateFlag,
  ExcuseNote,
  LedgerCell,
  LedgerEntry,
  LedgerInput,
  LedgerMember,
  MemberLedger,
  MonthState,
} from './ledger-types';

/**
 * The dues ledger (台账) as derived state over append-only entries (docs/DOMAIN.md §3). Nothing is stored: the tablet
 * computes it offline from its Dexie copy and the server from the database, with this one function.
 *
 * Semantics, per member and dues month:
 * - expected: the 核定 in force for the month (assessmentForMonth) under the branch policy, with a 减免 relief
 *   window honoured (expectedDuesFen). null when paid at the 原单位, when no 核定 covers the month, and after the
 *   month the member died (dues close from the following month, docs/DOMAIN.md §4).
 * - paid: Σ allocation shares of payments and reversals for the month (frozen at collection, so a prepayment
 *   made before a base increase leaves the difference owed) + adjustments for the month − the amount of
 *   duplicate resolutions for the month + resolutions crediting the month. A payment's voluntaryFen settles no
 *   month: it is summed in MemberLedger.voluntaryFen over payments collected within from…to.
 * - state: see MonthState. After asOf: prepaid when paid ≥ expected > 0, else future. asOf: paid / partly / due.
 *   Before asOf: paid / partly (0 < paid < expected) / excused (unpaid, an ArrearsExcuse covers it) / arrears.
 *   expected 0 → exempt. Entries are all counted, even for months outside from…to.
 * - arrears streak: consecutive months in arrears ending at asOf − 1. Excused, exempt, other-channel and
 *   not-assessed months are skipped (they neither count nor break it); a paid or partly month ends it. The
 *   count looks back at most ARREARS_LOOKBACK_MONTHS, beyond the largest removal setting the policy allows.
 * - duplicates: a month covered by two or more payments in force (not reversed) and paid beyond expected. The
 *   surplus is paid − expected after resolutions; the cell is flagged while the surplus is positive.
 *   MemberLedger.duplicates keeps the settled ones (surplus 0); BranchLedger.duplicates lists only the open.
 * - entries are sorted by recordedAt then id first, so the ledger never depends on the order they arrive in.
 * - collectionRate: over months from…min(to, asOf) with something expected, Σ min(paid, expected) ÷ Σ expected,
 *   so one member paying ahead cannot hide another's arrears.
 * - membersInArrears: members with at least one month in arrears in from…to; membersAtWarning: arrearsLevel
 *   warning or removal.
 */

const ARREARS_LOOKBACK_MONTHS = 36;

/** Tags each record with its kind, for the ledger's one list of entries. */
export function toLedgerEntries(records: {
  payments?: readonly DuesPayment[];
  adjustments?: readonly DuesAdjustment[];
  resolutions?: readonly DuplicateResolution[];
}): LedgerEntry[] {
  return [
    ...(records.payments ?? []).map((p): LedgerEntry => ({ entry: 'payment', ...p })),
    ...(records.adjustments ?? []).map((a): LedgerEntry => ({ entry: 'adjustment', ...a })),
    ...(records.resolutions ?? []).map((r): LedgerEntry => ({ entry: 'resolution', ...r })),
  ];
}

/** Recorded order: recordedAt as a time, then id, so two devices' entries always sort the same way. */
export function compareEntries(a: { recordedAt: string; id: string }, b: { recordedAt: string; id: string }): number {
  return compareInstants(a.recordedAt, b.recordedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A sorted copy in recorded order (compareEntries). */
export function inRecordedOrder<T extends { recordedAt: string; id: string }>(records: readonly T[]): T[] {
  return [...records].sort(compareEntries);
}

/** The branch's records grouped by member in one pass (a branch holds ≤ 50 members, a district many thousands). */
function byMember<T extends { memberId: string; branchId: string }>(records: readonly T[], branchId: string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of records) {
    if (r.branchId !== branchId) continue;
    const list = groups.get(r.memberId);
    if (list) list.push(r);
    else groups.set(r.memberId, [r]);
  }
  return groups;
}

interface MonthTally {
  paidFen: number;
  entryIds: string[];
  /** Payments in force covering the month (not reversed), and what their shares put into it. */
  paymentIds: string[];
  paymentsFen: number;
}

/** The member's month-by-month sums over every entry, whatever month it names. */
function tallyEntries(sorted: readonly LedgerEntry[]): { tallies: Map<string, MonthTally>; reversed: Set<string> } {
  const tallies = new Map<string, MonthTally>();
  const tally = (month: string): MonthTally => {
    let t = tallies.get(month);
    if (!t) {
      t = { paidFen: 0, entryIds: [], paymentIds: [], paymentsFen: 0 };
      tallies.set(month, t);
    }
    return t;
  };
  const reversed = new Set<string>();
  for (const e of sorted) if (e.entry === 'payment' && e.kind === 'reversal' && e.reverses !== null) reversed.add(e.reverses);
  for (const e of sorted) {
    switch (e.entry) {
      case 'payment':
        for (const share of e.allocation) {
          const t = tally(share.month);
          t.paidFen += share.amountFen;
          t.entryIds.push(e.id);
          if (e.kind === 'payment' && !reversed.has(e.id)) {
            t.paymentIds.push(e.id);
            t.paymentsFen += share.amountFen;
          }
        }
        break;
      case 'adjustment': {
        const t = tally(e.month);
        t.paidFen += e.amountFen;
        t.entryIds.push(e.id);
        break;
      }
      case 'resolution': {
        const t = tally(e.month);
        t.paidFen -= e.amountFen;
        t.entryIds.push(e.id);
        if (e.action === 'credit' && e.creditMonth !== null) {
          const credited = tally(e.creditMonth);
          credited.paidFen += e.amountFen;
          credited.entryIds.push(e.id);
        }
        break;
      }
    }
  }
  return { tallies, reversed };
}

interface MemberContext {
  member: LedgerMember;
  assessments: readonly DuesAssessment[];
  excuses: readonly ArrearsExcuse[];
  policy: DuesPolicy;
  asOf: string;
  deathMonth: string | null;
  tallies: Map<string, MonthTally>;
  /** Each month is looked at up to three times (cell, streak, duplicates): worked out once. */
  cells: Map<string, LedgerCell>;
  /** Months where two or more payments in force together exceed what the month expects. */
  paidTwice: Set<string>;
}

function cellFor(ctx: MemberContext, month: string): LedgerCell {
  const known = ctx.cells.get(month);
  if (known !== undefined) return known;
  const tally = ctx.tallies.get(month);
  const paidFen = tally === undefined ? 0 : tally.paidFen;
  let expectedFen: number | null = null;
  let state: MonthState;
  const assessment = ctx.deathMonth !== null && month > ctx.deathMonth ? undefined : assessmentForMonth(ctx.assessments, ctx.member.id, month);
  if (assessment === undefined) state = 'closed';
  else if (assessment === null) state = 'not_assessed';
  else {
    expectedFen = expectedDuesFen(assessment, ctx.policy, month);
    if (expectedFen === null) state = 'other_channel';
    else if (expectedFen === 0) state = 'exempt';
    else if (month > ctx.asOf) state = paidFen >= expectedFen ? 'prepaid' : 'future';
    else if (paidFen >= expectedFen) state = 'paid';
    else if (paidFen > 0) state = 'partly';
    else if (month === ctx.asOf) state = 'due';
    else state = ctx.excuses.some((x) => x.from <= month && month <= x.to) ? 'excused' : 'arrears';
  }
  const balanceFen = paidFen - (expectedFen ?? 0);
  const paidTwice = tally !== undefined && tally.paymentIds.length >= 2 && tally.paymentsFen > (expectedFen ?? 0);
  if (paidTwice) ctx.paidTwice.add(month);
  const cell: LedgerCell = {
    month,
    expectedFen,
    paidFen,
    balanceFen,
    state,
    // The tallies are built afresh by each computeBranchLedger call, so the cell may own the list.
    entryIds: tally === undefined ? [] : tally.entryIds,
    duplicate: paidTwice && balanceFen > 0,
  };
  ctx.cells.set(month, cell);
  return cell;
}

/**
 * The shortest arrears streak the branch flags (docs/DOMAIN.md §3): its first warning month, or the removal
 * threshold when it warns at none (or only later). A member's arrearsLevel is not 'none' exactly from here on.
 */
export function arrearsFlagFrom(policy: Pick<DuesPolicy, 'arrearsWarningMonths' | 'arrearsRemovalMonths'>): number {
  return Math.min(policy.arrearsRemovalMonths, ...policy.arrearsWarningMonths);
}

/** Where an arrears streak stands under the branch's settings: removal from arrearsRemovalMonths, warning from arrearsFlagFrom. */
export function arrearsLevelOf(streak: number, policy: Pick<DuesPolicy, 'arrearsWarningMonths' | 'arrearsRemovalMonths'>): ArrearsLevel {
  if (streak >= policy.arrearsRemovalMonths) return 'removal';
  if (streak >= arrearsFlagFrom(policy)) return 'warning';
  return 'none';
}

function arrearsStreakOf(ctx: MemberContext): number {
  let streak = 0;
  for (let back = 1; back <= ARREARS_LOOKBACK_MONTHS; back++) {
    const state = cellFor(ctx, addMonths(ctx.asOf, -back)).state;
    if (state === 'arrears') streak++;
    else if (state === 'excused' || state === 'exempt' || state === 'other_channel' || state === 'not_assessed') continue;
    else break;
  }
  return streak;
}

function memberLedger(ctx: MemberContext, months: readonly string[], from: string, to: string, entries: readonly LedgerEntry[]): MemberLedger {
  const cells = months.map((m) => cellFor(ctx, m));

  const termsMonth = ctx.deathMonth !== null && ctx.deathMonth < to ? ctx.deathMonth : to;
  const assessment = assessmentForMonth(ctx.assessments, ctx.member.id, termsMonth);
  const terms = assessment ? termsInForce(assessment, termsMonth) : null;

  let voluntaryFen = 0;
  for (const e of entries) {
    if (e.entry !== 'payment' || e.voluntaryFen === 0) continue;
    const month = collectionMonth(e.recordedAt);
    if (month >= from && month <= to) voluntaryFen += e.voluntaryFen;
  }

  let prepaidMonths = 0;
  const duplicates: DuplicateFlag[] = [];
  for (const month of [...ctx.tallies.keys()].sort()) {
    const cell = cellFor(ctx, month);
    if (month > ctx.asOf && cell.state === 'prepaid') prepaidMonths++;
    if (ctx.paidTwice.has(month)) {
      const paymentIds = [...ctx.tallies.get(month)!.paymentIds];
      duplicates.push({ memberId: ctx.member.id, month, paymentIds, surplusFen: Math.max(0, cell.balanceFen) });
    }
  }

  const streak = arrearsStreakOf(ctx);
  const excuses: ExcuseNote[] = [];
  for (const excuse of ctx.excuses) {
    const excused = cells.filter((c) => c.state === 'excused' && excuse.from <= c.month && c.month <= excuse.to).map((c) => c.month);
    if (excused.length > 0) excuses.push({ months: excused, reason: excuse.reason });
  }
  excuses.sort((a, b) => (a.months[0]! < b.months[0]! ? -1 : a.months[0]! > b.months[0]! ? 1 : 0));
  return {
    memberId: ctx.member.id,
    name: ctx.member.name,
    baseFen: assessment?.baseFen ?? null,
    monthlyFen: assessment ? expectedDuesFen(assessment, ctx.policy, termsMonth) : null,
    rule: terms ? describeRule(terms, ctx.policy) : '',
    category: terms?.category ?? null,
    channel: terms?.channel ?? null,
    rateBasisPoints: terms && terms.category === 'normal' ? rateForBase(terms.baseFen, ctx.policy) : null,
    cells,
    expectedTotalFen: cells.reduce((sum, c) => sum + (c.expectedFen ?? 0), 0),
    paidTotalFen: cells.reduce((sum, c) => sum + c.paidFen, 0),
    voluntaryFen,
    arrearsStreak: streak,
    arrearsLevel: arrearsLevelOf(streak, ctx.policy),
    prepaidMonths,
    duplicates,
    excuses,
  };
}

/** A member owes dues for the ledger's range: at least one month in it is in arrears (docs/DOMAIN.md §3.9). */
function owesArrears(m: MemberLedger): boolean {
  return m.cells.some((c) => c.state === 'arrears');
}

/** One line of the branch's list of members who owe dues. */
export interface OwingMember {
  memberId: string;
  name: string;
  /** Months in arrears in the ledger's range, whether in a row or not. */
  arrearsMonths: number;
  arrearsStreak: number;
  arrearsLevel: ArrearsLevel;
}

/**
 * Every member with a month in arrears in the ledger's range, longest streak first (then most months owed, then
 * name): the list the summary shows under the count it gives, so the two cannot disagree
 * (BranchLedger.membersInArrears is its length).
 */
export function membersOwing(ledger: Pick<BranchLedger, 'members'>): OwingMember[] {
  return ledger.members
    .filter(owesArrears)
    .map((m) => ({
      memberId: m.memberId,
      name: m.name,
      arrearsMonths: m.cells.filter((c) => c.state === 'arrears').length,
      arrearsStreak: m.arrearsStreak,
      arrearsLevel: m.arrearsLevel,
    }))
    .sort((a, b) => b.arrearsStreak - a.arrearsStreak || b.arrearsMonths - a.arrearsMonths || a.name.localeCompare(b.name, 'zh-CN'));
}

/** The branch's dues ledger for the months from…to, as it stands at asOf. */
export function computeBranchLedger(input: LedgerInput): BranchLedger {
  const months = monthsBetween(input.from, input.to);
  // Sorted per member: many short sorts cost less than one long one, and only a member's own order matters.
  const entriesByMember = byMember(input.entries, input.branchId);
  const assessmentsByMember = byMember(input.assessments, input.branchId);
  const excusesByMember = byMember(input.excuses, input.branchId);

  const members: MemberLedger[] = [];
  for (const member of input.members) {
    const memberEntries = inRecordedOrder(entriesByMember.get(member.id) ?? []);
    const ctx: MemberContext = {
      member,
      assessments: assessmentsByMember.get(member.id) ?? [],
      excuses: excusesByMember.get(member.id) ?? [],
      policy: input.policy,
      asOf: input.asOf,
      deathMonth: member.diedOn === null ? null : member.diedOn.slice(0, 7),
      tallies: tallyEntries(memberEntries).tallies,
      cells: new Map(),
      paidTwice: new Set(),
    };
    members.push(memberLedger(ctx, months, input.from, input.to, memberEntries));
  }

  let expectedTotalFen = 0;
  let paidTotalFen = 0;
  let rateExpected = 0;
  let rateCollected = 0;
  let membersInArrears = 0;
  let membersAtWarning = 0;
  for (const m of members) {
    expectedTotalFen += m.expectedTotalFen;
    paidTotalFen += m.paidTotalFen;
    for (const c of m.cells) {
      if (c.month > input.asOf || c.expectedFen === null || c.expectedFen === 0) continue;
      rateExpected += c.expectedFen;
      rateCollected += Math.min(Math.max(c.paidFen, 0), c.expectedFen);
    }
    if (owesArrears(m)) membersInArrears++;
    if (m.arrearsLevel !== 'none') membersAtWarning++;
  }

  return {
    branchId: input.branchId,
    from: input.from,
    to: input.to,
    asOf: input.asOf,
    members,
    expectedTotalFen,
    paidTotalFen,
    collectionRate: rateExpected === 0 ? null : rateCollected / rateExpected,
    membersInArrears,
    membersAtWarning,
    duplicates: members.flatMap((m) => m.duplicates.filter((d) => d.surplusFen > 0)),
  };
}
