import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The secretary's append-only ledger records (issue 4). Like 0002's records, each keeps its domain JSON in
 * `data`, the SHA-256 of its canonical JSON as first submitted in `content_hash` (same id + same hash = the
 * same record again, other hash = conflict), and only the columns that checks and ledgers filter on.
 * Only text and integer columns, so SQLite and PostgreSQL agree.
 */
export const ledger: Migration = {
  async up(db: Kysely<unknown>) {
    const record = (name: string) =>
      db.schema
        .createTable(name)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull());
    const memberRecord = (name: string) =>
      record(name)
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('branch_id', 'text', (c) => c.notNull().references('organisations.id'));
    const branchRecord = (name: string) => record(name).addColumn('branch_id', 'text', (c) => c.notNull().references('organisations.id'));

    await memberRecord('dues_adjustments')
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dues_adjustments_branch').on('dues_adjustments').columns(['branch_id', 'member_id', 'month']).execute();

    await memberRecord('duplicate_resolutions')
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('payment_id', 'text', (c) => c.notNull().references('dues_payments.id'))
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('duplicate_resolutions_branch')
      .on('duplicate_resolutions')
      .columns(['branch_id', 'member_id', 'month'])
      .execute();

    await memberRecord('arrears_excuses')
      .addColumn('from_month', 'text', (c) => c.notNull())
      .addColumn('to_month', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('arrears_excuses_branch').on('arrears_excuses').columns(['branch_id', 'member_id']).execute();

    await branchRecord('cash_handovers')
      .addColumn('collector_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('counted_fen', 'integer', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
      .execute();
    await db.schema.createIndex('cash_handovers_branch').on('cash_handovers').columns(['branch_id', 'month']).execute();

    // The payment id is the key: the database itself refuses to hand the same cash over twice.
    await db.schema
      .createTable('cash_handover_payments')
      .addColumn('payment_id', 'text', (c) => c.primaryKey().references('dues_payments.id'))
      .addColumn('handover_id', 'text', (c) => c.notNull().references('cash_handovers.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cash_handover_payments_handover').on('cash_handover_payments').column('handover_id').execute();

    // One confirmation per handover: the other party's.
    await branchRecord('handover_confirmations')
      .addColumn('handover_id', 'text', (c) => c.notNull().unique().references('cash_handovers.id'))
      .addColumn('confirmed_by', 'text', (c) => c.notNull().references('users.id'))
      .execute();
    await db.schema.createIndex('handover_confirmations_branch').on('handover_confirmations').column('branch_id').execute();

    await branchRecord('remittances')
      .addColumn('remitted_on', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('remittances_branch').on('remittances').columns(['branch_id', 'remitted_on']).execute();

    await branchRecord('month_closes')
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('lock', 'unlock')`))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('month_closes_branch').on('month_closes').columns(['branch_id', 'month']).execute();

    await branchRecord('meetings')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meetings_branch').on('meetings').columns(['branch_id', 'date']).execute();

    await memberRecord('attendance')
      .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attendance_meeting').on('attendance').columns(['meeting_id', 'member_id']).execute();
    await db.schema.createIndex('attendance_branch').on('attendance').columns(['branch_id', 'member_id']).execute();

    await memberRecord('evaluations')
      .addColumn('year', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('evaluations_branch').on('evaluations').columns(['branch_id', 'year']).execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'evaluations',
      'attendance',
      'meetings',
      'month_closes',
      'remittances',
      'handover_confirmations',
      'cash_handover_payments',
      'cash_handovers',
      'arrears_excuses',
      'duplicate_resolutions',
      'dues_adjustments',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
