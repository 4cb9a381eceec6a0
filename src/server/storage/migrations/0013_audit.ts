import type { Kysely, Migration } from 'kysely';

/**
 * The audit trail (issue 14 §5, docs/DOMAIN.md §6): one row per thing done to or seen of personal data, appended
 * in the transaction of the change it records and never updated; only the retention purge deletes, by age
 * (services/audit.ts). `details` is small JSON — counts, ids, field names — never a personal value.
 *
 * Indexes: the admin reads within a community, newest first, by member, actor or kind (each with `at`, `id` for
 * the page order); the purge finds old rows by `at` alone.
 */
export const audit: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      // Null for the CLI, which names its operator (the OS user or --operator) in actor_operator.
      .addColumn('actor_id', 'text')
      .addColumn('actor_operator', 'text')
      .addColumn('actor_role', 'text')
      // Null for what belongs to no community (a street created from the CLI).
      .addColumn('community_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('record_kind', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text')
      .addColumn('member_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('via', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_community_time').on('audit_log').columns(['community_id', 'at', 'id']).execute();
    await db.schema.createIndex('audit_member_time').on('audit_log').columns(['community_id', 'member_id', 'at', 'id']).execute();
    await db.schema.createIndex('audit_actor_time').on('audit_log').columns(['community_id', 'actor_id', 'at', 'id']).execute();
    await db.schema.createIndex('audit_kind_time').on('audit_log').columns(['community_id', 'record_kind', 'at', 'id']).execute();
    await db.schema.createIndex('audit_time').on('audit_log').column('at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_log').execute();
  },
};
