import { DomainError, checkVisitAnswers, fieldError, findTemplate, recordedVisitTimeProblem, type Visit, type VisitSettingsValues } from '../../../domain';
import type { ChangeEntry } from '../../storage/change-log';
import { hashed } from '../../storage/content-hash';
import type { VisitsTable } from '../../storage/tables';
import { sameRecord, type HandlerOutcome, type MutationContext } from './context';

/** How far ahead of the server's clock a visit's time may be: a phone's clock may be off, not by days. */
export const FUTURE_GRACE_MS = 24 * 60 * 60 * 1000;

/** What deciding a visit needs to know, read for the whole push at once (see VisitLookups in sync-push). */
export interface VisitFacts {
  /**
   * Whether the pusher may record for the member something made at `madeAt`: the member in their scope, or for
   * a worker, a pairing in force then that ended within the grace (member-scope.ts pairedAt).
   */
  mayRecord(memberId: string, madeAt: string | null): boolean;
  /** A visit already stored, or applied earlier in the same push. */
  visit(id: string): { member_id: string; content_hash: string } | undefined;
  /** The visit settings the member lives under: their branch's, their community's, or the defaults. */
  settingsFor(memberId: string): VisitSettingsValues;
  /** Whether a campaign of the member's community has this id (another community's is as none). */
  campaignOfMember(campaignId: string, memberId: string): boolean;
}

/** The writes of an applied visit: its change-log entry and its row, both written later with the push's other rows. */
export interface VisitWrite {
  change: ChangeEntry;
  row: VisitsTable;
}

/**
 * Visits are immutable: a correction is a new visit whose `amends` names the original of the same member.
 *
 * Every check is made on facts read before any write (no statement can fail for a business reason after
 * it), so the caller may apply the writes in bulk with the rest of the push without a savepoint of its own.
 */
export function decideVisit(
  facts: VisitFacts,
  ctx: MutationContext,
  visit: Visit,
): { outcome: HandlerOutcome; write: VisitWrite | null } {
  if (!facts.mayRecord(visit.memberId, ctx.madeAt ?? null)) throw new DomainError('NOT_FOUND');
  const { text, hash } = hashed(visit);
  if (sameRecord(facts.visit(visit.id), hash)) return { outcome: { status: 'duplicate', recordId: visit.id }, write: null };

  const template = findTemplate(visit.templateId, visit.templateVersion);
  if (template === null) {
    throw new DomainError('VISIT_TEMPLATE_UNKNOWN', {
      message: `走访表单 ${visit.templateId} 第 ${visit.templateVersion} 版不存在，请更新应用`,
    });
  }
  const { missing, irrelevant, wrongType } = checkVisitAnswers(template, visit);
  if (wrongType) throw fieldError('record.type', '走访方式', `须与表单 ${template.id} 的走访方式 ${template.visitType} 一致`);
  if (irrelevant.length > 0) {
    throw new DomainError('VALIDATION_FAILED', {
      message: `按本次走访结果，以下项目不适用，应留空：${irrelevant.join('、')}`,
      details: irrelevant.map((key) => ({ path: `record.${key}`, message: '不适用，应留空' })),
    });
  }
  checkVisitTime(facts, ctx, visit);
  if (visit.campaignId !== null) {
    if (visit.type !== 'festival') throw fieldError('record.campaignId', '慰问活动', '只有节日慰问可以关联慰问活动');
    if (!facts.campaignOfMember(visit.campaignId, visit.memberId)) throw fieldError('record.campaignId', '慰问活动', '本社区没有这个慰问活动');
  }
  if (missing.length > 0) {
    throw new DomainError('VISIT_INCOMPLETE', {
      message: `走访记录缺少必填项：${missing.join('、')}`,
      details: missing.map((key) => ({ path: `record.${key}`, message: '必填' })),
    });
  }
  if (visit.amends !== null) {
    const original = facts.visit(visit.amends);
    if (!original || original.member_id !== visit.memberId) throw new DomainError('VISIT_BAD_AMENDS');
  }

  return {
    outcome: { status: 'applied', recordId: visit.id },
    write: {
      change: { entity: 'visit', entityId: visit.id, memberId: visit.memberId, branchId: null, op: 'upsert' },
      row: {
        id: visit.id,
        member_id: visit.memberId,
        amends: visit.amends,
        occurred_at: visit.occurredAt,
        visit_type: visit.type,
        visit_outcome: visit.outcome,
        submitted_by: ctx.user.id,
        content_hash: hash,
        data: text,
        created_at: ctx.now,
        campaign_id: visit.campaignId,
      },
    },
  };
}

/**
 * When a visit may say it happened (docs/DOMAIN.md §4). Between the record's own times, the domain's rule the
 * device applies too (visitTimeProblem): not after it was written up, not more than the member's settings'
 * visitBackdateDays before — judged by the record's `recordedAt`, so a visit synced a week late stays valid.
 * A correction keeps the time of the visit it corrects, however long ago: only the future is refused for it.
 * Against the server's clock, both times within a day's grace (device clocks drift; beyond that the date is a
 * mistake, and a `recordedAt` set ahead would stretch how far back a visit may be dated).
 */
function checkVisitTime(facts: VisitFacts, ctx: MutationContext, visit: Visit): void {
  const latest = Date.parse(ctx.now) + FUTURE_GRACE_MS;
  if (Date.parse(visit.occurredAt) > latest) throw fieldError('record.occurredAt', '走访时间', '不能晚于现在');
  if (Date.parse(visit.recordedAt) > latest) throw fieldError('record.recordedAt', '录入时间', '不能晚于现在');
  const problem = recordedVisitTimeProblem(visit, facts.settingsFor(visit.memberId));
  if (problem) throw new DomainError('VALIDATION_FAILED', { message: problem.message, details: [{ path: 'record.occurredAt', message: problem.message }] });
}
