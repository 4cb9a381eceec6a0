import { branchPolicy, type DuesAssessment, type DuesPolicy } from '../../../domain';
import { appendChanges } from '../../storage/change-log';
import { canonicalJson, contentHash } from '../../storage/content-hash';
import type { Db } from '../../storage/tables';
import { requireSecretaryOfBranch, requireSecretaryOfMember, sameRecord, type HandlerOutcome, type MutationContext } from './context';

/**
 * 核定 entered on the secretary's tablet. A change during the year is a new assessment effective from its
 * month (earlier months keep their terms), so assessments are append-only records like payments.
 */
export async function recordAssessment(db: Db, ctx: MutationContext, assessment: DuesAssessment): Promise<HandlerOutcome> {
  await requireSecretaryOfMember(db, ctx, assessment.memberId, assessment.branchId);
  const hash = contentHash(assessment);
  const existing = await db.selectFrom('dues_assessments').select('content_hash').where('id', '=', assessment.id).executeTakeFirst();
  if (sameRecord(existing, hash)) return { status: 'duplicate', recordId: assessment.id };
  await appendChanges(
    db,
    [{ entity: 'dues_assessment', entityId: assessment.id, memberId: assessment.memberId, branchId: assessment.branchId, op: 'upsert' }],
    ctx.now,
  );
  await db
    .insertInto('dues_assessments')
    .values({
      id: assessment.id,
      member_id: assessment.memberId,
      branch_id: assessment.branchId,
      year: assessment.year,
      effective_from: assessment.effectiveFrom,
      content_hash: hash,
      data: JSON.stringify(assessment),
      created_at: ctx.now,
    })
    .execute();
  return { status: 'applied', recordId: assessment.id };
}

/**
 * The branch's dues settings. A setting, not a ledger entry: the latest replaces the one before (the ledger
 * keeps each payment's frozen allocation, so past months do not change). The same settings again change
 * nothing and are answered duplicate.
 */
export async function setPolicy(db: Db, ctx: MutationContext, policy: DuesPolicy): Promise<HandlerOutcome> {
  await requireSecretaryOfBranch(db, ctx, policy.branchId);
  const data = JSON.stringify(policy);
  const existing = await db.selectFrom('dues_policies').select('data').where('branch_id', '=', policy.branchId).executeTakeFirst();
  // Compared as the domain reads them: a policy stored before a setting existed reads with its default.
  if (existing && canonicalJson(branchPolicy(policy.branchId, JSON.parse(existing.data))) === canonicalJson(policy)) {
    return { status: 'duplicate', recordId: policy.branchId };
  }
  await appendChanges(db, [{ entity: 'dues_policy', entityId: policy.branchId, memberId: null, branchId: policy.branchId, op: 'upsert' }], ctx.now);
  if (existing) {
    await db.updateTable('dues_policies').set({ data, updated_at: ctx.now }).where('branch_id', '=', policy.branchId).execute();
  } else {
    await db.insertInto('dues_policies').values({ branch_id: policy.branchId, data, updated_at: ctx.now }).execute();
  }
  return { status: 'applied', recordId: policy.branchId };
}
