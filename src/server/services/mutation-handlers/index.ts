import type { MutationBody, MutationType, RecordOf } from '../../../domain';
import type { Db } from '../../storage/tables';
import { giveConsent, withdrawConsent } from './consent';
import type { HandlerOutcome, MutationContext } from './context';
import { confirmHandover, recordHandover, recordRemittance } from './cash';
import { recordAdjustment, recordExcuse } from './dues-adjust';
import { recordDues } from './dues-record';
import { closeFollowUp } from './follow-up-closure';
import { resolveDuplicate } from './dues-resolution';
import { recordAssessment, setPolicy } from './dues-terms';
import { recordHealthNote } from './health-note';
import { recordAttendance, recordEvaluation, recordMeeting } from './meetings';
import { recordMemberEvent } from './member-event';
import { recordMonthClose } from './month-close';

export type { HandlerOutcome, MutationContext } from './context';
export { decideVisit, type VisitFacts, type VisitWrite } from './visit-submit';

/** Mutations whose handler reads and writes the database itself (visits are decided in memory: decideVisit). */
export type HandledType = Exclude<MutationType, 'visit.submit'>;
export type HandledMutation = Extract<MutationBody, { type: HandledType }>;

type Handler<T extends HandledType> = (db: Db, ctx: MutationContext, record: RecordOf<T>) => Promise<HandlerOutcome>;

/**
 * The handler of every registered mutation type (src/domain/registry.ts). The mapped type keeps it complete:
 * a kind registered without its handler fails the type-check. Who acted and which role may push are checked
 * generically before a handler runs (sync-push.ts); a handler checks scope and the kind's own rules.
 */
const HANDLERS: { [T in HandledType]: Handler<T> } = {
  'consent.give': giveConsent,
  'consent.withdraw': withdrawConsent,
  'health_note.record': recordHealthNote,
  'dues.record': recordDues,
  'dues.adjust': recordAdjustment,
  'dues.resolve_duplicate': resolveDuplicate,
  'dues.excuse': recordExcuse,
  'dues.assess': recordAssessment,
  'dues.set_policy': setPolicy,
  'cash.handover': recordHandover,
  'cash.confirm': confirmHandover,
  'cash.remit': recordRemittance,
  'month.close': recordMonthClose,
  'meeting.record': recordMeeting,
  'attendance.record': recordAttendance,
  'evaluation.record': recordEvaluation,
  'member_event.record': recordMemberEvent,
  'follow_up.close': closeFollowUp,
};

/** Applies one parsed mutation; throws DomainError for a permanent refusal (the caller rolls its savepoint back). */
export function applyMutation(db: Db, ctx: MutationContext, body: HandledMutation): Promise<HandlerOutcome> {
  const handler = HANDLERS[body.type] as Handler<HandledType>;
  return handler(db, ctx, body.record as never);
}
