import { LARGE_VOLUNTARY_FEN, type DuesPayment } from './dues';
import { inRecordedOrder } from './dues-ledger';
import { assessmentForMonth, expectedDuesFen } from './dues-terms';
import { collectionMonth, compareInstants } from './months';
import type { CashHandover, MonthClose } from './ledger-records';
import type { CollectorPosition, LedgerEntry, MemberReconciliation, MonthReconciliation, ReconciliationInput } from './ledger-types';

/**
 * Monthly reconciliation (账账相符、账款相符, docs/DOMAIN.md §3): what was expected, what was collected in the month, and
 * where that money is now — with the workers, with the secretary, or remitted upward.
 *
 * Money flows are bucketed by collection month (collectionMonth(recordedAt)): a payment collected in March for
 * January…June is March's cash. Positions (where the cash is) are cumulative through the end of the month:
 * - with a collector: their cash collected − Σ amounts of the payments their confirmed handovers cover. Cash a
 *   secretary collected is with the secretary from the start.
 * - with the secretary: confirmed handovers' counted cash + the secretaries' own cash + every transfer (it lands
 *   in the branch account) + cash adjustments − refunds − remitted.
 * - remitted: remittances dated on or before the month's last day.
 * largeVoluntaryFen is the 大额党费 collected in the month (voluntary parts of 1,000 元 or more), less any such
 * payment reversed in the month, since it is remitted separately.
 * A handover counts once confirmed by someone other than whoever recorded it, and for the month it names. So
 * differenceFen = collected − (collectors + secretary + remitted) = Σ (covered − counted) over confirmed
 * handovers: non-zero exactly when a worker handed over more or less cash than the payments it covered.
 */

/** The month's lock state: its last lock/unlock record (by time, then id) decides; never closed → unlocked. */
export function isMonthLocked(closes: readonly MonthClose[], branchId: string, month: string): boolean {
  let last: MonthClose | null = null;
  for (const c of closes) {
    if (c.branchId !== branchId || c.month !== month) continue;
    if (last === null || isLater(c.at, c.id, last.at, last.id)) last = c;
  }
  return last?.action === 'lock';
}

/** Compares instants as times (with or without milliseconds), then ids to break a tie. */
function isLater(at: string, id: string, thanAt: string, thanId: string): boolean {
  const d = compareInstants(at, thanAt);
  return d > 0 || (d === 0 && id > thanId);
}

/**
 * The locked collection month an entry would fall in, or null when it may be recorded. A locked month accepts
 * only adjustments (each with its reason); payments, reversals and duplicate resolutions collected in it are
 * refused (MONTH_LOCKED) — the secretary records an adjustment instead, or unlocks the month explicitly.
 */
export function lockedMonthFor(closes: readonly MonthClose[], entry: LedgerEntry): string | null {
  if (entry.entry === 'adjustment') return null;
  const month = collectionMonth(entry.recordedAt);
  return isMonthLocked(closes, entry.branchId, month) ? month : null;
}

/** Confirmed by the other side: a confirmation by anyone but the person who recorded the handover. */
export function isHandoverConfirmed(handover: CashHandover, confirmations: readonly { handoverId: string; confirmedBy: string }[]): boolean {
  return confirmations.some((c) => c.handoverId === handover.id && c.confirmedBy !== handover.recordedBy);
}

/** Money one entry moves into (or out of) the branch's hands; 0 for book-only corrections. */
function cashEffect(e: LedgerEntry): number {
  switch (e.entry) {
    case 'payment':
      return e.amountFen;
    case 'adjustment':
      return e.cash ? e.amountFen : 0;
    case 'resolution':
      return e.action === 'refund' ? -e.amountFen : 0;
  }
}

function emptyPosition(collectorId: string): CollectorPosition {
  return { collectorId, cashFen: 0, transferFen: 0, handedOverFen: 0, pendingHandoverFen: 0, monthHandedOverFen: 0, monthPendingHandoverFen: 0, withCollectorFen: 0, handoverDifferenceFen: 0 };
}

export function reconcileMonth(input: ReconciliationInput): MonthReconciliation {
  const M = input.month;
  const secretaries = new Set(input.secretaryIds);
  const entries = inRecordedOrder(input.entries.filter((e) => e.branchId === input.branchId));
  const monthOf = new Map<string, string>();
  for (const e of entries) monthOf.set(e.id, collectionMonth(e.recordedAt));
  const payments = new Map<string, DuesPayment>();
  for (const e of entries) if (e.entry === 'payment') payments.set(e.id, e);

  let collectedFen = 0;
  let collectedThroughFen = 0;
  let secretaryFen = 0;
  let largeVoluntaryFen = 0;
  const collectedByMember = new Map<string, number>();
  const positions = new Map<string, CollectorPosition>();
  const position = (id: string): CollectorPosition => {
    let p = positions.get(id);
    if (!p) {
      p = emptyPosition(id);
      positions.set(id, p);
    }
    return p;
  };

  for (const e of entries) {
    const month = monthOf.get(e.id)!;
    if (month > M) continue;
    const fen = cashEffect(e);
    collectedThroughFen += fen;
    if (month === M) {
      collectedFen += fen;
      collectedByMember.set(e.memberId, (collectedByMember.get(e.memberId) ?? 0) + fen);
    }
    if (e.entry !== 'payment') {
      // Book corrections with money, and refunds, pass through the secretary's hands.
      secretaryFen += fen;
      continue;
    }
    const p = position(e.collectedBy);
    if (month === M) {
      if (e.method === 'cash') p.cashFen += e.amountFen;
      else p.transferFen += e.amountFen;
      if (Math.abs(e.voluntaryFen) >= LARGE_VOLUNTARY_FEN) largeVoluntaryFen += e.voluntaryFen;
    }
    if (e.method === 'transfer' || secretaries.has(e.collectedBy)) secretaryFen += e.amountFen;
    else p.withCollectorFen += e.amountFen;
  }

  for (const h of input.handovers) {
    if (h.branchId !== input.branchId || h.month > M) continue;
    const p = position(h.collectorId);
    const ofMonth = h.month === M;
    if (!isHandoverConfirmed(h, input.confirmations)) {
      p.pendingHandoverFen += h.countedFen;
      if (ofMonth) p.monthPendingHandoverFen += h.countedFen;
      continue;
    }
    const coveredFen = h.paymentIds.reduce((sum, id) => sum + (payments.get(id)?.amountFen ?? 0), 0);
    p.handedOverFen += h.countedFen;
    if (ofMonth) p.monthHandedOverFen += h.countedFen;
    p.withCollectorFen -= coveredFen;
    p.handoverDifferenceFen += h.countedFen - coveredFen;
    secretaryFen += h.countedFen;
  }

  let remittedFen = 0;
  for (const r of input.remittances) if (r.branchId === input.branchId && r.remittedOn.slice(0, 7) <= M) remittedFen += r.amountFen;

  const byCollector = [...positions.values()].sort((a, b) => (a.collectorId < b.collectorId ? -1 : a.collectorId > b.collectorId ? 1 : 0));
  const cashWithCollectorsFen = byCollector.reduce((sum, p) => sum + p.withCollectorFen, 0);
  const cashWithSecretaryFen = secretaryFen - remittedFen;

  const assessments = input.assessments.filter((a) => a.branchId === input.branchId);
  const byMember: MemberReconciliation[] = [];
  let expectedFen = 0;
  const listed = new Set<string>();
  for (const member of input.members) {
    listed.add(member.id);
    const dead = member.diedOn !== null && M > member.diedOn.slice(0, 7);
    const expected = dead ? 0 : (expectedDuesFen(assessmentForMonth(assessments, member.id, M), input.policy, M) ?? 0);
    const collected = collectedByMember.get(member.id) ?? 0;
    expectedFen += expected;
    byMember.push({ memberId: member.id, name: member.name, expectedFen: expected, collectedFen: collected, varianceFen: collected - expected });
  }
  // Money from someone no longer on the roster still has to be accounted for.
  for (const [memberId, collected] of collectedByMember) {
    if (!listed.has(memberId)) byMember.push({ memberId, name: '', expectedFen: 0, collectedFen: collected, varianceFen: collected });
  }

  const closes = input.closes
    .filter((c) => c.branchId === input.branchId && c.month === M)
    .sort((a, b) => (isLater(a.at, a.id, b.at, b.id) ? 1 : -1));

  return {
    month: M,
    expectedFen,
    collectedFen,
    varianceFen: collectedFen - expectedFen,
    byMember,
    byCollector,
    cashWithCollectorsFen,
    cashWithSecretaryFen,
    remittedFen,
    largeVoluntaryFen,
    differenceFen: collectedThroughFen - (cashWithCollectorsFen + cashWithSecretaryFen + remittedFen),
    locked: isMonthLocked(input.closes, input.branchId, M),
    closes,
  };
}
