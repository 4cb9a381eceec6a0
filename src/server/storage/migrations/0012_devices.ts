import type { Kysely, Migration } from 'kysely';

/**
 * Device security (issue 14 §3–4, docs/DOMAIN.md §6):
 *
 * - `devices`: each device (named by its sync client id) a user signed in on, with the secret its encrypted data
 *   is unlocked with, its standing (active, lost, wiped), when a wipe was asked for and why, and when the device
 *   confirmed it. A client id belongs to one user at a time: it passing to another user replaces the row.
 * - `sessions.device_id`: the device a session was opened on (null without one: the CLI, tests, older apps), so
 *   that a device told to wipe keeps a session that can only push, and its sessions end when it confirms.
 * - `server_keys`: the server's lifeboat key pair (ECDH P-256), made at first start; devices get its public half.
 */
export const devices: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('standing', 'text', (c) => c.notNull())
      .addColumn('first_sign_in_at', 'text', (c) => c.notNull())
      .addColumn('last_sign_in_at', 'text', (c) => c.notNull())
      .addColumn('last_contact_at', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('wipe_requested_at', 'text')
      .addColumn('wipe_reason', 'text')
      .addColumn('wiped_at', 'text')
      .execute();
    await db.schema.createIndex('devices_user').on('devices').column('user_id').execute();

    await db.schema.alterTable('sessions').addColumn('device_id', 'text').execute();
    await db.schema.createIndex('sessions_device').on('sessions').column('device_id').execute();

    await db.schema
      .createTable('server_keys')
      .addColumn('purpose', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('server_keys').execute();
    await db.schema.dropIndex('sessions_device').execute();
    await db.schema.alterTable('sessions').dropColumn('device_id').execute();
    await db.schema.dropIndex('devices_user').execute();
    await db.schema.dropTable('devices').execute();
  },
};
