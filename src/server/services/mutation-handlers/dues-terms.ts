import { branchPolicy, type DuesAssessment, type DuesPolicy } from '../../../domain';
import { storePolicy } from '../dues-terms';
import { canonicalJson } from '../../storage/content-hash';
import type { Db } from '../../storage/tables';
import { requireSecretaryOfBranch, requireSecretaryOfMember, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/**
 * 核定 entered on the secretary's tablet. A change during the year is a new assessment effective from its
 * month (earlier months keep their terms), so assessments are append-only records like payments.
 */
export async function recordAssessment(db: Db, ctx: MutationContext, assessment: DuesAssessment): Promise<HandlerOutcome> {
  await requireSecretaryOfMember(db, ctx, assessment.memberId, assessment.branchId);
  const hash = await newRecordHash(db, 'dues_assessment', assessment);
  if (hash === null) return duplicate(assessment.id);
  return storeRecord(
    db,
    ctx,
    'dues_assessment',
    {
      id: assessment.id,
      member_id: assessment.memberId,
      branch_id: assessment.branchId,
      year: assessment.year,
      effective_from: assessment.effectiveFrom,
      content_hash: hash,
      data: JSON.stringify(assessment),
    },
    { memberId: assessment.memberId, branchId: assessment.branchId },
  );
}

/**
 * The branch's dues settings. A setting, not a ledger entry: the latest replaces the one before (the ledger
 * keeps each payment's frozen allocation, so past months do not change). The same settings again change
 * nothing and are answered duplicate.
 */
export async function setPolicy(db: Db, ctx: MutationContext, policy: DuesPolicy): Promise<HandlerOutcome> {
  await requireSecretaryOfBranch(db, ctx, policy.branchId);
  const existing = await db.selectFrom('dues_policies').select('data').where('branch_id', '=', policy.branchId).executeTakeFirst();
  // Compared as the domain reads them: a policy stored before a setting existed reads with its default.
  if (existing && canonicalJson(branchPolicy(policy.branchId, JSON.parse(existing.data))) === canonicalJson(policy)) {
    return { status: 'duplicate', recordId: policy.branchId };
  }
  await storePolicy(db, policy, ctx.now);
  return { status: 'applied', recordId: policy.branchId };
}
