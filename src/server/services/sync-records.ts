import type { SyncEntity } from '../../domain';
import type { Db } from '../storage/tables';

/**
 * Where each kind of pulled record is stored: its id and its domain JSON. A new SyncEntity needs a case here
 * (the switch is exhaustive, so the type-check says so).
 */
export function readRecords(db: Db, entity: SyncEntity, ids: readonly string[]): Promise<{ id: string; data: string }[]> {
  const list = [...ids];
  switch (entity) {
    case 'visit':
      return db.selectFrom('visits').select(['id', 'data']).where('id', 'in', list).execute();
    case 'consent':
      return db.selectFrom('consents').select(['id', 'data']).where('id', 'in', list).execute();
    case 'health_note':
      return db.selectFrom('health_notes').select(['id', 'data']).where('id', 'in', list).execute();
    case 'dues_payment':
      return db.selectFrom('dues_payments').select(['id', 'data']).where('id', 'in', list).execute();
    case 'dues_assessment':
      return db.selectFrom('dues_assessments').select(['id', 'data']).where('id', 'in', list).execute();
    case 'dues_policy':
      return db.selectFrom('dues_policies').select(['branch_id as id', 'data']).where('branch_id', 'in', list).execute();
    default:
      // TRANSITIONAL (issue 4 in progress): ledger entities have no tables yet and are never logged.
      return Promise.resolve([]);
  }
}
