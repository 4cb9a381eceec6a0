// The app's zod setting first, before any schema of the domain is built (see src/app/zod-config.ts).
import '../../src/app/zod-config';
import {
  DEFAULT_DUES_POLICY,
  addMonths,
  computeBranchLedger,
  monthsBetween,
  type DuesAssessment,
  type LedgerEntry,
  type LedgerInput,
} from '../../src/domain';

/**
 * The dues ledger benchmark's data and timing loop. It runs inside Chromium (bundled by bench/ledger-browser.ts)
 * and in Node (imported directly), so both time the very same code over the very same books.
 */

const BRANCH = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const WORKERS = ['2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d', '3c4d5e6f-7081-4b9c-8d1e-2f3a4b5c6d7e'];
const SECRETARY = '4d5e6f70-8192-4cad-9e2f-3a4b5c6d7e8f';

/** Deterministic UUID-shaped ids: the benchmark must build the same books in the page and in Node. */
function idFactory(prefix: number): () => string {
  let n = 0;
  const head = prefix.toString(16).padStart(8, '0');
  return () => `${head}-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

/** A small seeded generator (mulberry32), so every run measures identical books. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function dues(baseFen: number): number {
  // 全额累进 with half-up rounding, as the default policy: only used to make realistic amounts.
  const rate = baseFen <= 500_000 ? 50 : 100;
  return Math.floor((baseFen * rate + 5_000) / 10_000);
}

function instantIn(month: string, day: number): string {
  return `${month}-${String(day).padStart(2, '0')}T02:30:00.000Z`;
}

/**
 * A branch's books over `monthCount` months up to the month before asOf: most members pay monthly on the
 * theme day, some quarterly or six months ahead, a few fall behind; some payments are reversed and paid again,
 * some months are paid twice from two devices and resolved, and the secretary adjusts a few.
 */
export function makeLedgerInput(memberCount: number, monthCount: number, seed = 7): LedgerInput {
  const rnd = random(seed);
  const newId = idFactory(seed);
  const from = '2025-01';
  const months = monthsBetween(from, addMonths(from, monthCount - 1));
  const asOf = months[Math.max(0, months.length - 3)]!;
  const members = Array.from({ length: memberCount }, (_, i) => ({ id: newId(), name: `党员${i + 1}`, diedOn: null }));
  const assessments: DuesAssessment[] = [];
  const entries: LedgerEntry[] = [];

  for (const member of members) {
    let baseFen = 200_000 + Math.floor(rnd() * 700_000);
    const yearStarts = months.filter((m) => m.endsWith('-01'));
    const own: DuesAssessment[] = [];
    for (const start of yearStarts) {
      own.push({
        id: newId(),
        memberId: member.id,
        branchId: BRANCH,
        year: Number(start.slice(0, 4)),
        effectiveFrom: start,
        baseFen,
        category: 'normal',
        channel: 'this_branch',
        reducedFen: null,
        relief: null,
      });
      baseFen += Math.floor(rnd() * 30_000);
    }
    assessments.push(...own);
    const baseAt = (month: string) => own.filter((a) => a.effectiveFrom <= month).at(-1)!.baseFen;
    const style = rnd();
    const stride = style < 0.7 ? 1 : style < 0.85 ? 3 : 6;
    const stopsAt = style > 0.95 ? Math.floor(rnd() * months.length) : months.length;
    for (let i = 0; i < Math.min(stopsAt, months.length); i += stride) {
      const covered = months.slice(i, i + stride);
      const collector = rnd() < 0.1 ? SECRETARY : WORKERS[Math.floor(rnd() * WORKERS.length)]!;
      const at = instantIn(covered[0]!, 1 + Math.floor(rnd() * 27));
      const allocation = covered.map((month) => ({ month, amountFen: dues(baseAt(month)) }));
      const voluntaryFen = rnd() < 0.05 ? 1_000 + Math.floor(rnd() * 10_000) : 0;
      const paid: LedgerEntry = {
        entry: 'payment',
        id: newId(),
        memberId: member.id,
        branchId: BRANCH,
        kind: 'payment',
        reverses: null,
        months: covered,
        allocation,
        voluntaryFen,
        amountFen: allocation.reduce((s, a) => s + a.amountFen, 0) + voluntaryFen,
        method: rnd() < 0.8 ? 'cash' : 'transfer',
        receiptRef: '',
        paidBy: { kind: 'self' },
        collectedBy: collector,
        recordedAt: at,
      };
      entries.push(paid);
      const roll = rnd();
      if (roll < 0.03) {
        // Recorded against the wrong member or amount: reversed and recorded again.
        entries.push({
          ...paid,
          id: newId(),
          kind: 'reversal',
          reverses: paid.id,
          allocation: allocation.map((a) => ({ month: a.month, amountFen: -a.amountFen })),
          voluntaryFen: -voluntaryFen,
          amountFen: -paid.amountFen,
          recordedAt: instantIn(covered[0]!, 28),
        });
        entries.push({ ...paid, id: newId(), recordedAt: instantIn(covered[0]!, 28).replace('02:30', '03:30') });
      } else if (roll < 0.05) {
        // Paid again on a second device while offline, then credited to the following month.
        const twice: LedgerEntry = { ...paid, id: newId(), recordedAt: at.replace('02:30', '06:30') };
        entries.push(twice);
        const month = covered[0]!;
        entries.push({
          entry: 'resolution',
          id: newId(),
          memberId: member.id,
          branchId: BRANCH,
          month,
          paymentId: twice.id,
          action: rnd() < 0.5 ? 'refund' : 'credit',
          creditMonth: null,
          amountFen: allocation[0]!.amountFen,
          note: '',
          recordedBy: SECRETARY,
          recordedAt: instantIn(month, 28),
        });
        const last = entries[entries.length - 1]!;
        if (last.entry === 'resolution' && last.action === 'credit') last.creditMonth = addMonths(month, stride);
      } else if (roll < 0.07) {
        entries.push({
          entry: 'adjustment',
          id: newId(),
          memberId: member.id,
          branchId: BRANCH,
          month: covered[0]!,
          amountFen: rnd() < 0.5 ? 100 : -100,
          cash: rnd() < 0.5,
          reason: '更正登记错误',
          recordedBy: SECRETARY,
          recordedAt: instantIn(covered[0]!, 28),
        });
      }
    }
  }
  return {
    branchId: BRANCH,
    policy: { branchId: BRANCH, ...DEFAULT_DUES_POLICY },
    from: months[0]!,
    to: months[months.length - 1]!,
    asOf,
    members,
    assessments,
    entries,
    excuses: [],
  };
}

/**
 * The floor any ledger has to stand on: one pass summing every allocation share into a member × month array,
 * with nothing else (no expected dues, no states, no corrections).
 */
export function plainLoop(input: LedgerInput): number {
  const row = new Map<string, number>();
  input.members.forEach((m, i) => row.set(m.id, i));
  const months = monthsBetween(input.from, input.to);
  const column = new Map<string, number>();
  months.forEach((m, i) => column.set(m, i));
  const paid = new Float64Array(input.members.length * months.length);
  for (const e of input.entries) {
    if (e.entry !== 'payment') continue;
    const r = row.get(e.memberId);
    if (r === undefined) continue;
    for (const share of e.allocation) {
      const c = column.get(share.month);
      if (c !== undefined) paid[r * months.length + c]! += share.amountFen;
    }
  }
  let total = 0;
  for (const v of paid) total += v;
  return total;
}

/** What adjustments and duplicate resolutions add to the months shown: the ledger's total less the plain loop's. */
export function correctionsFen(input: LedgerInput): number {
  const shown = (month: string) => month >= input.from && month <= input.to;
  let total = 0;
  for (const e of input.entries) {
    if (e.entry === 'adjustment' && shown(e.month)) total += e.amountFen;
    if (e.entry !== 'resolution') continue;
    if (shown(e.month)) total -= e.amountFen;
    if (e.creditMonth !== null && shown(e.creditMonth)) total += e.amountFen;
  }
  return total;
}

export function ledgerOnce(input: LedgerInput): number {
  return computeBranchLedger(input).paidTotalFen;
}

export interface Timings {
  ledgerMs: number[];
  baselineMs: number[];
  /** What each side computed, so the caller can check they looked at the same money. */
  ledgerPaidFen: number;
  baselinePaidFen: number;
  correctionsFen: number;
  entries: number;
}

/**
 * Times both sides `runs` times, alternating which goes first. A small ledger takes about a millisecond and
 * browsers coarsen performance.now(), so each run repeats the call until at least `minBatchMs` has passed and
 * reports the time per call.
 */
export function timeLedger(input: LedgerInput, runs: number, minBatchMs = 20): Timings {
  const perCall = (fn: () => number): number => {
    let calls = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - started;
    } while (elapsed < minBatchMs);
    return elapsed / calls;
  };
  const ledger = () => ledgerOnce(input);
  const baseline = () => plainLoop(input);
  // Warm both up so the first measured run is not the JIT's.
  perCall(ledger);
  perCall(baseline);
  const ledgerMs: number[] = [];
  const baselineMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      ledgerMs.push(perCall(ledger));
      baselineMs.push(perCall(baseline));
    } else {
      baselineMs.push(perCall(baseline));
      ledgerMs.push(perCall(ledger));
    }
  }
  return { ledgerMs, baselineMs, ledgerPaidFen: ledgerOnce(input), baselinePaidFen: plainLoop(input), correctionsFen: correctionsFen(input), entries: input.entries.length };
}

/** The in-page entry: builds the books here rather than shipping them through the DevTools protocol. */
export function runInPage(memberCount: number, monthCount: number, runs: number): Timings {
  return timeLedger(makeLedgerInput(memberCount, monthCount), runs);
}
