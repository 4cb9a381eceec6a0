import type { MutationBody } from '../../../domain';
import type { Db } from '../../storage/tables';
import { giveConsent, withdrawConsent } from './consent';
import type { HandlerOutcome, MutationContext } from './context';
import { recordDues } from './dues-record';
import { recordHealthNote } from './health-note';
import { submitVisit } from './visit-submit';

export type { HandlerOutcome, MutationContext } from './context';

/** Applies one parsed mutation; throws ApiError for a permanent refusal (the caller rolls its savepoint back). */
export function applyMutation(db: Db, ctx: MutationContext, body: MutationBody): Promise<HandlerOutcome> {
  switch (body.type) {
    case 'visit.submit':
      return submitVisit(db, ctx, body.record);
    case 'consent.give':
      return giveConsent(db, ctx, body.record);
    case 'consent.withdraw':
      return withdrawConsent(db, ctx, body.record);
    case 'health_note.record':
      return recordHealthNote(db, ctx, body.record);
    case 'dues.record':
      return recordDues(db, ctx, body.record);
  }
}

export const MUTATION_TYPES: readonly MutationBody['type'][] = [
  'visit.submit',
  'consent.give',
  'consent.withdraw',
  'health_note.record',
  'dues.record',
];
