import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Records that devices create offline, the dues terms they are checked against, and the bookkeeping of the
 * sync protocol. Each record keeps its full domain JSON in `data` (what a pull sends) plus the columns that
 * queries filter on, and `content_hash`, the SHA-256 of the record's canonical JSON as first submitted: the
 * same record id pushed again is a duplicate when the hash matches and a conflict when it does not.
 */
export const sync: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('visits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('amends', 'text', (c) => c.references('visits.id'))
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('submitted_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('visits_member').on('visits').columns(['member_id', 'occurred_at']).execute();

    await db.schema
      .createTable('consents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('withdrawn_at', 'text')
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consents_member').on('consents').column('member_id').execute();

    await db.schema
      .createTable('health_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('consent_id', 'text', (c) => c.notNull().references('consents.id'))
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('health_notes_member').on('health_notes').column('member_id').execute();

    await db.schema
      .createTable('dues_policies')
      .addColumn('branch_id', 'text', (c) => c.primaryKey().references('organisations.id'))
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('dues_assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('effective_from', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // "The latest assessment effective on or before a month" is a range scan on this index.
    await db.schema
      .createIndex('dues_assessments_member')
      .on('dues_assessments')
      .columns(['member_id', 'effective_from'])
      .execute();

    await db.schema
      .createTable('dues_payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('payment', 'reversal')`))
      // NULLs never collide in a unique index on either engine: a payment is reversed at most once.
      .addColumn('reverses', 'text', (c) => c.unique().references('dues_payments.id'))
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dues_payments_member').on('dues_payments').column('member_id').execute();
    await db.schema.createIndex('dues_payments_branch').on('dues_payments').column('branch_id').execute();

    // One row per month a payment covers, so ledgers and the duplicate check query months without parsing JSON.
    await db.schema
      .createTable('dues_payment_months')
      .addColumn('payment_id', 'text', (c) => c.notNull().references('dues_payments.id'))
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dues_payment_months_pk', ['payment_id', 'month'])
      .execute();
    await db.schema
      .createIndex('dues_payment_months_branch')
      .on('dues_payment_months')
      .columns(['branch_id', 'member_id', 'month'])
      .execute();

    await db.schema
      .createTable('sync_clients')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('last_settled_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sync_mutations')
      .addColumn('mutation_id', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull().references('sync_clients.client_id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('applied', 'duplicate', 'rejected')`))
      .addColumn('code', 'text')
      .addColumn('message', 'text')
      .addColumn('record_id', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sync_mutations_client').on('sync_mutations').columns(['client_id', 'seq']).execute();

    await db.schema
      .createTable('change_log')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text')
      .addColumn('branch_id', 'text')
      .addColumn('op', 'text', (c) => c.notNull().check(sql`op in ('upsert', 'delete')`))
      .addColumn('committed_at', 'text', (c) => c.notNull())
      .execute();
    // A pull reads "changes after v for these members" or "for these branches" (policies).
    await db.schema.createIndex('change_log_member').on('change_log').columns(['member_id', 'version']).execute();
    await db.schema.createIndex('change_log_branch').on('change_log').columns(['branch_id', 'version']).execute();

    await db.schema
      .createTable('sync_counter')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();
    await sql`insert into sync_counter (id, value) values (1, 0)`.execute(db);
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'sync_counter',
      'change_log',
      'sync_mutations',
      'sync_clients',
      'dues_payment_months',
      'dues_payments',
      'dues_assessments',
      'dues_policies',
      'health_notes',
      'consents',
      'visits',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
