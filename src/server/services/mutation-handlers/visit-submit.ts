import { checkAnswers, findTemplate, type Visit } from '../../../domain';
import { ApiError } from '../../http/errors';
import { appendChanges } from '../../storage/change-log';
import { contentHash } from '../../storage/content-hash';
import type { Db } from '../../storage/tables';
import { requireMemberInScope, sameRecord, type HandlerOutcome, type MutationContext } from './context';

/** Visits are immutable: a correction is a new visit whose `amends` names the original of the same member. */
export async function submitVisit(db: Db, ctx: MutationContext, visit: Visit): Promise<HandlerOutcome> {
  await requireMemberInScope(db, ctx, visit.memberId);
  const hash = contentHash(visit);
  const existing = await db.selectFrom('visits').select('content_hash').where('id', '=', visit.id).executeTakeFirst();
  if (sameRecord(existing, hash)) return { status: 'duplicate', recordId: visit.id };

  const template = findTemplate(visit.templateId, visit.templateVersion);
  if (template === null) {
    throw new ApiError('VISIT_TEMPLATE_UNKNOWN', {
      message: `走访表单 ${visit.templateId} 第 ${visit.templateVersion} 版不存在，请更新应用`,
    });
  }
  const { missing } = checkAnswers(template, visit);
  if (missing.length > 0) {
    throw new ApiError('VISIT_INCOMPLETE', {
      message: `走访记录缺少必填项：${missing.join('、')}`,
      details: missing.map((key) => ({ path: `record.${key}`, message: '必填' })),
    });
  }
  if (visit.amends !== null) {
    const original = await db.selectFrom('visits').select('member_id').where('id', '=', visit.amends).executeTakeFirst();
    if (!original || original.member_id !== visit.memberId) throw new ApiError('VISIT_BAD_AMENDS');
  }

  await appendChanges(db, [{ entity: 'visit', entityId: visit.id, memberId: visit.memberId, branchId: null, op: 'upsert' }], ctx.now);
  await db
    .insertInto('visits')
    .values({
      id: visit.id,
      member_id: visit.memberId,
      amends: visit.amends,
      occurred_at: visit.occurredAt,
      submitted_by: ctx.user.id,
      content_hash: hash,
      data: JSON.stringify(visit),
      created_at: ctx.now,
    })
    .execute();
  return { status: 'applied', recordId: visit.id };
}
