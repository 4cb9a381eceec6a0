import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Fewer index writes per pushed record. A visit pushed writes its row, its change-log entry and its
 * sync_mutations row, and every index on those tables is written too; these three were written on every push
 * and read by no query:
 *
 * - `visits_member` (member_id, occurred_at): visits are read by id only (the push's checks, the pull's
 *   records). Members are never deleted, so the member foreign key never needs it either.
 * - `sync_mutations_client` (client_id, seq): mutations are looked up by mutation id (the primary key); a
 *   client's progress is `sync_clients.last_settled_seq`. Sync clients are never deleted.
 * - `change_log_branch` (branch_id, version) held an entry for every change, though only branch-level records
 *   (policies, the secretary's branch records) and dues payments have a branch: it becomes a partial index of
 *   the rows with a branch, which is all the pull asks it for (`branch_id in (…)`), on SQLite and PostgreSQL.
 */
export const ingest: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('visits_member').execute();
    await db.schema.dropIndex('sync_mutations_client').execute();
    await db.schema.dropIndex('change_log_branch').execute();
    await db.schema
      .createIndex('change_log_branch')
      .on('change_log')
      .columns(['branch_id', 'version'])
      .where(sql.ref('branch_id'), 'is not', null)
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('change_log_branch').execute();
    await db.schema.createIndex('change_log_branch').on('change_log').columns(['branch_id', 'version']).execute();
    await db.schema.createIndex('sync_mutations_client').on('sync_mutations').columns(['client_id', 'seq']).execute();
    await db.schema.createIndex('visits_member').on('visits').columns(['member_id', 'occurred_at']).execute();
  },
};
