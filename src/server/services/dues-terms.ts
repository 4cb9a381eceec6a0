import { DuesAssessment, DuesPolicy, branchPolicy, parseInput } from '../../domain';
import { appendChanges, inTransaction } from '../storage/change-log';
import { contentHash } from '../storage/content-hash';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';

/**
 * The branch's settings in force (the domain's branchPolicy): its own, a setting it predates read as the
 * default, or the defaults of docs/DOMAIN.md §3 when the branch has not set any.
 */
export async function policyForBranch(db: Db, branchId: string): Promise<DuesPolicy> {
  const row = await db.selectFrom('dues_policies').select('data').where('branch_id', '=', branchId).executeTakeFirst();
  return branchPolicy(branchId, row ? JSON.parse(row.data) : null);
}

/**
 * A member's 核定, as stored. Which one is in force for a month is the domain's assessmentForMonth, whatever
 * order they are read in (same-month ties go to the later assessedAt, then the greater id).
 */
export async function assessmentsOf(db: Db, memberId: string): Promise<DuesAssessment[]> {
  const rows = await db.selectFrom('dues_assessments').select('data').where('member_id', '=', memberId).execute();
  return rows.map((r) => DuesAssessment.parse(JSON.parse(r.data)));
}

/** Sets a branch's policy; devices in the branch receive it with their next pull. */
export async function saveDuesPolicy(db: Db, candidate: DuesPolicy): Promise<DuesPolicy> {
  const policy = parseInput(DuesPolicy, candidate);
  await inTransaction(db, (trx) => storePolicy(trx, policy, nowIso()));
  return policy;
}

/**
 * Writes a branch's policy, one row per branch replaced by the newer one, with its change-log entry: for the
 * demo and for the secretary's dues.set_policy alike. Inside the caller's transaction.
 */
export async function storePolicy(db: Db, policy: DuesPolicy, now: string): Promise<void> {
  await appendChanges(db, [{ entity: 'dues_policy', entityId: policy.branchId, memberId: null, branchId: policy.branchId, op: 'upsert' }], now);
  const data = JSON.stringify(policy);
  const existing = await db.selectFrom('dues_policies').select('branch_id').where('branch_id', '=', policy.branchId).executeTakeFirst();
  if (existing) await db.updateTable('dues_policies').set({ data, updated_at: now }).where('branch_id', '=', policy.branchId).execute();
  else await db.insertInto('dues_policies').values({ branch_id: policy.branchId, data, updated_at: now }).execute();
}

/** Records 核定 (yearly assessments); each is logged so that devices in scope receive it. */
export async function addDuesAssessments(db: Db, candidates: readonly DuesAssessment[]): Promise<DuesAssessment[]> {
  const assessments = candidates.map((c) => parseInput(DuesAssessment, c));
  if (assessments.length === 0) return assessments;
  return inTransaction(db, async (trx) => {
    const now = nowIso();
    await appendChanges(
      trx,
      assessments.map((a) => ({ entity: 'dues_assessment', entityId: a.id, memberId: a.memberId, branchId: a.branchId, op: 'upsert' })),
      now,
    );
    await trx
      .insertInto('dues_assessments')
      .values(
        assessments.map((a) => ({
          id: a.id,
          member_id: a.memberId,
          branch_id: a.branchId,
          year: a.year,
          effective_from: a.effectiveFrom,
          content_hash: contentHash(a),
          data: JSON.stringify(a),
          created_at: now,
        })),
      )
      .execute();
    return assessments;
  });
}
