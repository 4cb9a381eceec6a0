import { DuesPayment, type DuesAssessment, type DuesPolicy } from '../../domain';
import { db, type RecordRow } from '../db/database';
import { enqueue, writeTables } from './outbox-repository';

/** Payments and reversals alike: the ledger is append-only, a reversal names the payment it reverses. */
export async function recordDuesPayment(payment: DuesPayment): Promise<void> {
  const record = DuesPayment.parse(payment);
  await db.transaction('rw', writeTables(), async () => {
    await db.duesPayments.add({
      id: record.id,
      memberId: record.memberId,
      at: record.recordedAt,
      syncState: 'pending',
      rejection: null,
      payload: record,
    });
    await enqueue({ type: 'dues.record', record }, record.id, record.memberId, record.recordedAt);
  });
}

export async function listDuesPaymentsOf(memberId: string): Promise<RecordRow<DuesPayment>[]> {
  const rows = await db.duesPayments.where('memberId').equals(memberId).sortBy('at');
  return rows.reverse();
}

export async function listAssessmentsOf(memberId: string): Promise<DuesAssessment[]> {
  const rows = await db.duesAssessments.where('memberId').equals(memberId).toArray();
  return rows.map((row) => row.payload);
}

/** The assessment in force for a month is the latest one effective on or before it. */
export async function assessmentFor(memberId: string, month: string): Promise<DuesAssessment | null> {
  const rows = await db.duesAssessments.where('memberId').equals(memberId).toArray();
  const applicable = rows
    .filter((row) => row.effectiveFrom <= month)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  return applicable[0]?.payload ?? null;
}

export async function policyOf(branchId: string): Promise<DuesPolicy | null> {
  const row = await db.duesPolicies.where('branchId').equals(branchId).first();
  return row?.payload ?? null;
}
