import { DuesPayment, assessmentForMonth, branchPolicy, toLedgerEntries, type DuesAssessment, type DuesPolicy } from '../../domain';
import { db, type RecordRow } from '../db/database';
import { counted, policyInForce } from './counted';
import { rowsOfMembers } from './member-rows';
import { addMemberRecord, writeTables } from './outbox-repository';

/** Payments and reversals alike: the ledger is append-only, a reversal names the payment it reverses. */
export async function recordDuesPayment(payment: DuesPayment): Promise<void> {
  const record = DuesPayment.parse(payment);
  await db.transaction('rw', writeTables(), async () => {
    await addMemberRecord(db.duesPayments, { type: 'dues.record', record }, record.recordedAt, record.recordedAt);
  });
}

export async function listDuesPaymentsOf(memberId: string): Promise<RecordRow<DuesPayment>[]> {
  const rows = await db.duesPayments.where('memberId').equals(memberId).sortBy('at');
  return rows.reverse();
}

export async function listAssessmentsOf(memberId: string): Promise<DuesAssessment[]> {
  // A 核定 the server refused is in force nowhere: the quote must ask what the server's check will.
  return counted(await db.duesAssessments.where('memberId').equals(memberId).toArray());
}

/** The assessment in force for a month: the domain's assessmentForMonth over the member's rows, as the server decides. */
export async function assessmentFor(memberId: string, month: string): Promise<DuesAssessment | null> {
  return assessmentForMonth(await listAssessmentsOf(memberId), memberId, month);
}

/**
 * The member's payments and reversals the server has or will have (pending ones are pushed before anything
 * recorded after them): all but those it refused. What a new payment's check counts as paid so far.
 */
export async function paymentsInForceOf(memberId: string): Promise<DuesPayment[]> {
  return counted(await db.duesPayments.where('memberId').equals(memberId).toArray());
}

/** The branch's own settings as pulled or set here (a setting they predate reads as its default); null when none. */
export async function policyOf(branchId: string): Promise<DuesPolicy | null> {
  const row = await db.duesPolicies.where('branchId').equals(branchId).first();
  const policy = policyInForce(row);
  return policy ? branchPolicy(branchId, policy) : null;
}

/**
 * The reversals, on this device and not refused, of any of the given payments, whoever recorded them: a
 * collector's own list of payments misses a reversal the secretary made.
 */
export async function reversalsOf(payments: readonly DuesPayment[]): Promise<DuesPayment[]> {
  if (payments.length === 0) return [];
  const ids = new Set(payments.map((p) => p.id));
  const rows = await rowsOfMembers(db.duesPayments, [...new Set(payments.map((p) => p.memberId))]);
  return counted(rows).filter((payment) => payment.kind === 'reversal' && payment.reverses !== null && ids.has(payment.reverses));
}

/**
 * What the ledger knows of one member's dues, as far as this device holds it (all but refused records): the
 * input of the domain's memberDuesStanding. A worker's device has no adjustments, resolutions or excuses (the
 * secretary's books); a secretary's has them, and they count as on the ledger.
 */
export async function memberDuesRecords(memberId: string, branchId: string) {
  const [assessments, payments, adjustments, resolutions, excuses, policy] = await Promise.all([
    listAssessmentsOf(memberId),
    paymentsInForceOf(memberId),
    db.duesAdjustments.where('memberId').equals(memberId).toArray(),
    db.duplicateResolutions.where('memberId').equals(memberId).toArray(),
    db.arrearsExcuses.where('memberId').equals(memberId).toArray(),
    policyOf(branchId),
  ]);
  return {
    assessments,
    entries: toLedgerEntries({ payments, adjustments: counted(adjustments), resolutions: counted(resolutions) }),
    excuses: counted(excuses),
    policy: policy ?? branchPolicy(branchId, null),
  };
}
