import type { MutationBody } from '../../../domain';
import { ApiError } from '../../http/errors';
import type { Db } from '../../storage/tables';
import { giveConsent, withdrawConsent } from './consent';
import type { HandlerOutcome, MutationContext } from './context';
import { recordDues } from './dues-record';
import { recordHealthNote } from './health-note';

export type { HandlerOutcome, MutationContext } from './context';
export { decideVisit, type VisitFacts, type VisitWrite } from './visit-submit';

/** Mutations whose handler reads and writes the database itself (visits are decided in memory: decideVisit). */
export type HandledMutation = Exclude<MutationBody, { type: 'visit.submit' }>;

/** Applies one parsed mutation; throws ApiError for a permanent refusal (the caller rolls its savepoint back). */
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
    default:
      // TRANSITIONAL (issue 4 in progress): not in MUTATION_TYPES yet, so parseBody refuses these first.
      throw new ApiError('UNSUPPORTED_MUTATION');
  }
}

export const MUTATION_TYPES: readonly MutationBody['type'][] = [
  'visit.submit',
  'consent.give',
  'consent.withdraw',
  'health_note.record',
  'dues.record',
];
