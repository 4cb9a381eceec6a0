import type { MutationBody } from '../../../domain';
import type { Db } from '../../storage/tables';
import { giveConsent, withdrawConsent } from './consent';
import type { HandlerOutcome, MutationContext } from './context';
import { confirmHandover, recordHandover, recordRemittance } from './cash';
import { recordAdjustment, recordExcuse } from './dues-adjust';
import { recordDues } from './dues-record';
import { resolveDuplicate } from './dues-resolution';
import { recordAssessment, setPolicy } from './dues-terms';
import { recordHealthNote } from './health-note';
import { recordAttendance, recordEvaluation, recordMeeting } from './meetings';
import { recordMonthClose } from './month-close';

export type { HandlerOutcome, MutationContext } from './context';
export { decideVisit, type VisitFacts, type VisitWrite } from './visit-submit';

/** Mutations whose handler reads and writes the database itself (visits are decided in memory: decideVisit). */
export type HandledMutation = Exclude<MutationBody, { type: 'visit.submit' }>;

/** Applies one parsed mutation; throws DomainError for a permanent refusal (the caller rolls its savepoint back). */
export function applyMutation(db: Db, ctx: MutationContext, body: HandledMutation): Promise<HandlerOutcome> {
  switch (body.type) {
    case 'consent.give':
      return giveConsent(db, ctx, body.record);
    case 'consent.withdraw':
      return withdrawConsent(db, ctx, body.record);
    case 'health_note.record':
      return recordHealthNote(db, ctx, body.record);
    case 'dues.record':
      return recordDues(db, ctx, body.record);
    case 'dues.adjust':
      return recordAdjustment(db, ctx, body.record);
    case 'dues.resolve_duplicate':
      return resolveDuplicate(db, ctx, body.record);
    case 'dues.excuse':
      return recordExcuse(db, ctx, body.record);
    case 'dues.assess':
      return recordAssessment(db, ctx, body.record);
    case 'dues.set_policy':
      return setPolicy(db, ctx, body.record);
    case 'cash.handover':
      return recordHandover(db, ctx, body.record);
    case 'cash.confirm':
      return confirmHandover(db, ctx, body.record);
    case 'cash.remit':
      return recordRemittance(db, ctx, body.record);
    case 'month.close':
      return recordMonthClose(db, ctx, body.record);
    case 'meeting.record':
      return recordMeeting(db, ctx, body.record);
    case 'attendance.record':
      return recordAttendance(db, ctx, body.record);
    case 'evaluation.record':
      return recordEvaluation(db, ctx, body.record);
  }
}

export const MUTATION_TYPES: readonly MutationBody['type'][] = [
  'visit.submit',
  'consent.give',
  'consent.withdraw',
  'health_note.record',
  'dues.record',
  'dues.adjust',
  'dues.resolve_duplicate',
  'dues.excuse',
  'dues.assess',
  'dues.set_policy',
  'cash.handover',
  'cash.confirm',
  'cash.remit',
  'month.close',
  'meeting.record',
  'attendance.record',
  'evaluation.record',
];
