import { checkAnswers, findTemplate, type Visit, DomainError } from '../../../domain';
import type { ChangeEntry } from '../../storage/change-log';
import { contentHash } from '../../storage/content-hash';
import type { VisitsTable } from '../../storage/tables';
import { sameRecord, type HandlerOutcome, type MutationContext } from './context';

/** What deciding a visit needs to know, read for the whole push at once (see VisitLookups in sync-push). */
export interface VisitFacts {
  /** Whether the member is in the pusher's scope (membersInScope). */
  inScope(memberId: string): boolean;
  /** A visit already stored, or applied earlier in the same push. */
  visit(id: string): { member_id: string; content_hash: string } | undefined;
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
  if (!facts.inScope(visit.memberId)) throw new DomainError('NOT_FOUND');
  const hash = contentHash(visit);
  if (sameRecord(facts.visit(visit.id), hash)) return { outcome: { status: 'duplicate', recordId: visit.id }, write: null };

  const template = findTemplate(visit.templateId, visit.templateVersion);
  if (template === null) {
    throw new DomainError('VISIT_TEMPLATE_UNKNOWN', {
      message: `走访表单 ${visit.templateId} 第 ${visit.templateVersion} 版不存在，请更新应用`,
    });
  }
  const { missing } = checkAnswers(template, visit);
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
        submitted_by: ctx.user.id,
        content_hash: hash,
        data: JSON.stringify(visit),
        created_at: ctx.now,
      },
    },
  };
}
