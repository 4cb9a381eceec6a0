import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectionMonth,
  computeBranchLedger,
  monthsBetween,
  reconcileMonth,
  type CashHandover,
  type DuesAssessment,
  type HandoverConfirmation,
  type LedgerEntry,
  type LedgerMember,
} from '../../src/domain';
import {
  BRANCH,
  SECRETARY,
  WORKER,
  WORKER2,
  adjustment,
  assessment,
  confirmation,
  handover,
  payment,
  policy,
  resolution,
  reversal,
} from './ledger-fixtures';

/**
 * Invariants of the ledger and the reconciliation over random books: money is conserved, every share lands in
 * its own month only, and the arrival order of entries changes nothing.
 */

const MEMBERS: LedgerMember[] = [
  { id: '5e6f7081-92a3-4dbe-8f30-4b5c6d7e8f90', name: '王建国', diedOn: null },
  { id: '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1', name: '李秀英', diedOn: null },
  { id: '708192a3-b4c5-4de0-8152-6d7e8f90a1b2', name: '赵德明', diedOn: '2026-08-15' },
];
const ALL_MONTHS = monthsBetween('2025-10', '2027-03');
const COLLECTORS = [WORKER, WORKER2, SECRETARY];
const START = Date.UTC(2025, 11, 1);
const END = Date.UTC(2027, 0, 31, 23, 59);

const instant = fc.integer({ min: START, max: END }).map((ms) => new Date(ms).toISOString());

const paymentArb = fc
  .record({
    member: fc.integer({ min: 0, max: MEMBERS.length - 1 }),
    first: fc.integer({ min: 0, max: ALL_MONTHS.length - 6 }),
    count: fc.integer({ min: 1, max: 6 }),
    amounts: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 6, maxLength: 6 }),
    voluntaryFen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200_000 })),
    method: fc.constantFrom('cash' as const, 'transfer' as const),
    collector: fc.constantFrom(...COLLECTORS),
    recordedAt: instant,
    reversedAfterMs: fc.option(fc.integer({ min: 1, max: 40 * 86_400_000 }), { nil: null }),
  })
  .map((p) => {
    const shares: Record<string, number> = {};
    for (let i = 0; i < p.count; i++) shares[ALL_MONTHS[p.first + i]!] = p.amounts[i]!;
    const paid = payment(p.recordedAt, shares, {
      memberId: MEMBERS[p.member]!.id,
      voluntaryFen: p.voluntaryFen,
      method: p.method,
      collectedBy: p.collector,
    });
    const undo = p.reversedAfterMs === null ? [] : [reversal(paid, new Date(Date.parse(p.recordedAt) + p.reversedAfterMs).toISOString())];
    return [paid, ...undo];
  });

const adjustmentArb = fc
  .record({
    member: fc.integer({ min: 0, max: MEMBERS.length - 1 }),
    month: fc.constantFrom(...ALL_MONTHS),
    amountFen: fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0),
    cash: fc.boolean(),
    recordedAt: instant,
  })
  .map((a) => adjustment(a.month, a.amountFen, a.recordedAt, a.cash, MEMBERS[a.member]!.id));

const booksArb = fc
  .record({
    payments: fc.array(paymentArb, { minLength: 1, maxLength: 25 }),
    adjustments: fc.array(adjustmentArb, { maxLength: 6 }),
    resolutions: fc.array(
      fc.record({ pick: fc.nat(), share: fc.nat(), amountFen: fc.integer({ min: 1, max: 3_000 }), credit: fc.boolean(), recordedAt: instant }),
      { maxLength: 5 },
    ),
    bases: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: MEMBERS.length, maxLength: MEMBERS.length }),
  })
  .map((b) => {
    const payments = b.payments.flat();
    const originals = payments.filter((p) => p.kind === 'payment');
    const resolutions = b.resolutions.map((r) => {
      const paid = originals[r.pick % originals.length]!;
      const month = paid.allocation[r.share % paid.allocation.length]!.month;
      const creditIndex = ALL_MONTHS.indexOf(month) + 1;
      const creditMonth = r.credit && creditIndex < ALL_MONTHS.length ? ALL_MONTHS[creditIndex]! : null;
      return resolution(paid, month, r.amountFen, r.recordedAt, creditMonth);
    });
    const assessments: DuesAssessment[] = MEMBERS.map((m, i) =>
      assessment({ effectiveFrom: '2025-01', baseFen: b.bases[i]!, memberId: m.id }),
    );
    const entries: LedgerEntry[] = [...payments, ...b.adjustments, ...resolutions];
    return { entries, assessments };
  });

function ledgerOf(entries: readonly LedgerEntry[], assessments: DuesAssessment[]) {
  return computeBranchLedger({
    branchId: BRANCH,
    policy: policy(),
    from: ALL_MONTHS[0]!,
    to: ALL_MONTHS[ALL_MONTHS.length - 1]!,
    asOf: '2026-06',
    members: MEMBERS,
    assessments,
    entries,
    excuses: [],
  });
}

function reconcile(entries: readonly LedgerEntry[], assessments: DuesAssessment[], month: string, handovers: CashHandover[] = [], confirmations: HandoverConfirmation[] = []) {
  return reconcileMonth({
    branchId: BRANCH,
    month,
    policy: policy(),
    members: MEMBERS,
    assessments,
    entries,
    handovers,
    confirmations,
    remittances: [],
    closes: [],
    secretaryIds: [SECRETARY],
  });
}

describe('dues ledger properties', () => {
  it('collected in every month = payments − reversals ± cash adjustments − refunds of that collection month', () => {
    fc.assert(
      fc.property(booksArb, ({ entries, assessments }) => {
        for (const month of monthsBetween('2025-12', '2027-01')) {
          let expected = 0;
          for (const e of entries) {
            if (collectionMonth(e.recordedAt) !== month) continue;
            if (e.entry === 'payment') expected += e.kind === 'payment' ? Math.abs(e.amountFen) : -Math.abs(e.amountFen);
            else if (e.entry === 'adjustment' && e.cash) expected += e.amountFen;
            else if (e.entry === 'resolution' && e.action === 'refund') expected -= e.amountFen;
          }
          expect(reconcile(entries, assessments, month).collectedFen).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every allocation share lands in exactly its own month, and only there', () => {
    fc.assert(
      fc.property(booksArb, ({ entries, assessments }) => {
        const payments = entries.filter((e) => e.entry === 'payment');
        const ledger = ledgerOf(payments, assessments);
        let sharesTotal = 0;
        for (const p of payments) {
          for (const share of p.allocation) sharesTotal += share.amountFen;
          const months = new Set(p.allocation.map((a) => a.month));
          const m = ledger.members.find((x) => x.memberId === p.memberId)!;
          for (const cell of m.cells) expect(cell.entryIds.includes(p.id)).toBe(months.has(cell.month));
        }
        for (const m of ledger.members) {
          for (const cell of m.cells) {
            const inMonth = payments
              .filter((p) => p.memberId === m.memberId)
              .flatMap((p) => p.allocation)
              .filter((a) => a.month === cell.month)
              .reduce((s, a) => s + a.amountFen, 0);
            expect(cell.paidFen).toBe(inMonth);
          }
        }
        expect(ledger.paidTotalFen).toBe(sharesTotal);
      }),
      { numRuns: 60 },
    );
  });

  it('conserves money: Σ paid = Σ shares + Σ adjustments − Σ refunds (credits only move it)', () => {
    fc.assert(
      fc.property(booksArb, ({ entries, assessments }) => {
        let total = 0;
        for (const e of entries) {
          if (e.entry === 'payment') total += e.allocation.reduce((s, a) => s + a.amountFen, 0);
          else if (e.entry === 'adjustment') total += e.amountFen;
          else if (e.action === 'refund') total -= e.amountFen;
        }
        expect(ledgerOf(entries, assessments).paidTotalFen).toBe(total);
      }),
      { numRuns: 60 },
    );
  });

  it('is the same whatever order the entries arrive in', () => {
    fc.assert(
      fc.property(
        booksArb.chain((books) => fc.tuple(fc.constant(books), fc.shuffledSubarray(books.entries, { minLength: books.entries.length, maxLength: books.entries.length }))),
        ([{ entries, assessments }, shuffled]) => {
          expect(ledgerOf(shuffled, assessments)).toEqual(ledgerOf(entries, assessments));
          expect(reconcile(shuffled, assessments, '2026-06')).toEqual(reconcile(entries, assessments, '2026-06'));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reconciles to 0 when every handover counts what it covers, and to the shortfall otherwise', () => {
    fc.assert(
      fc.property(
        booksArb,
        fc.array(fc.integer({ min: -2_000, max: 2_000 }), { minLength: 2, maxLength: 2 }),
        fc.constantFrom(...monthsBetween('2025-12', '2027-01')),
        ({ entries, assessments }, deltas, month) => {
          const handovers: CashHandover[] = [];
          const confirmations: HandoverConfirmation[] = [];
          const exact: CashHandover[] = [];
          const exactConfirmations: HandoverConfirmation[] = [];
          let shortfall = 0;
          let everyCoverNonNegative = true;
          [WORKER, WORKER2].forEach((collector, i) => {
            const cash = entries.filter(
              (e) => e.entry === 'payment' && e.method === 'cash' && e.collectedBy === collector && collectionMonth(e.recordedAt) <= month,
            );
            if (cash.length === 0) return;
            const covered = cash.reduce((s, e) => s + (e.entry === 'payment' ? e.amountFen : 0), 0);
            // More reversed than collected cannot be handed over as negative cash.
            if (covered < 0) everyCoverNonNegative = false;
            const ids = cash.map((e) => e.id);
            const counted = Math.max(0, covered + deltas[i]!);
            const h = handover(collector, month, ids, counted);
            handovers.push(h);
            confirmations.push(confirmation(h, SECRETARY));
            shortfall += covered - counted;
            const hx = handover(collector, month, ids, Math.max(0, covered));
            exact.push(hx);
            exactConfirmations.push(confirmation(hx, SECRETARY));
          });
          const balanced = reconcile(entries, assessments, month, exact, exactConfirmations);
          if (everyCoverNonNegative) {
            expect(balanced.differenceFen).toBe(0);
            expect(balanced.cashWithCollectorsFen).toBe(0);
          }
          expect(reconcile(entries, assessments, month, handovers, confirmations).differenceFen).toBe(shortfall);
          // Unconfirmed handovers move nothing: the cash is still with the workers and the books agree.
          const unconfirmed = reconcile(entries, assessments, month, handovers, []);
          expect(unconfirmed.differenceFen).toBe(0);
          expect(unconfirmed.byCollector.reduce((s, p) => s + p.pendingHandoverFen, 0)).toBe(handovers.reduce((s, h) => s + h.countedFen, 0));
        },
      ),
      { numRuns: 60 },
    );
  });
});
