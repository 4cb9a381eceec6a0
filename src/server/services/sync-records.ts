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
    case 'dues_adjustment':
      return db.selectFrom('dues_adjustments').select(['id', 'data']).where('id', 'in', list).execute();
    case 'duplicate_resolution':
      return db.selectFrom('duplicate_resolutions').select(['id', 'data']).where('id', 'in', list).execute();
    case 'arrears_excuse':
      return db.selectFrom('arrears_excuses').select(['id', 'data']).where('id', 'in', list).execute();
    case 'attendance':
      return db.selectFrom('attendance').select(['id', 'data']).where('id', 'in', list).execute();
    case 'evaluation':
      return db.selectFrom('evaluations').select(['id', 'data']).where('id', 'in', list).execute();
    case 'cash_handover':
      return db.selectFrom('cash_handovers').select(['id', 'data']).where('id', 'in', list).execute();
    case 'handover_confirmation':
      return db.selectFrom('handover_confirmations').select(['id', 'data']).where('id', 'in', list).execute();
    case 'remittance':
      return db.selectFrom('remittances').select(['id', 'data']).where('id', 'in', list).execute();
    case 'month_close':
      return db.selectFrom('month_closes').select(['id', 'data']).where('id', 'in', list).execute();
    case 'meeting':
      return db.selectFrom('meetings').select(['id', 'data']).where('id', 'in', list).execute();
  }
}
