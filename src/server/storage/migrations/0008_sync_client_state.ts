import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What the administrator sees of each device (issue 11 §3): when it last synced successfully (a push settled,
 * or a pull that reached the end) and how many records its outbox held then, as the device reported it with
 * its pull (null: an older app that does not say). A client that pushed before this migration last synced
 * when it last pushed.
 */
export const syncClientState: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sync_clients').addColumn('last_sync_at', 'text').execute();
    await db.schema.alterTable('sync_clients').addColumn('unsent', 'integer').execute();
    await sql`UPDATE sync_clients SET last_sync_at = updated_at`.execute(db);
    await db.schema.createIndex('sync_clients_user').on('sync_clients').columns(['user_id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('sync_clients_user').execute();
    await db.schema.alterTable('sync_clients').dropColumn('unsent').execute();
    await db.schema.alterTable('sync_clients').dropColumn('last_sync_at').execute();
  },
};
