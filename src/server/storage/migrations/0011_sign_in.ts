import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Sign-in safeguards (issue 14 §6, docs/DOMAIN.md §6):
 *
 * - `sessions.id`, `user_agent` and `address`: a session named by an id of its own (never its token's digest),
 *   with the device and the client address it was opened from, so that its user and their administrator can
 *   list sessions and end one. Sessions opened before this migration get an id here and no device or address.
 * - `login_throttle`: failed logins counted per client address (across usernames) and per account, and until
 *   when each must wait (services/login-throttle.ts). In the database rather than in memory, so that a restart
 *   does not forgive an attacker and servers sharing one PostgreSQL count together.
 */
export const signIn: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('address', 'text').execute();
    const { rows } = await sql<{ token_hash: string }>`SELECT token_hash FROM sessions`.execute(db);
    for (const row of rows) await sql`UPDATE sessions SET id = ${randomUUID()} WHERE token_hash = ${row.token_hash}`.execute(db);
    await db.schema.createIndex('sessions_id').on('sessions').column('id').unique().execute();

    await db.schema
      .createTable('login_throttle')
      // 'address:<ip>' or 'account:<normalised username>' (an unknown username is counted like a real one).
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failure_at', 'text', (c) => c.notNull())
      .addColumn('blocked_until', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('login_throttle').execute();
    await db.schema.dropIndex('sessions_id').execute();
    await db.schema.alterTable('sessions').dropColumn('address').execute();
    await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
    await db.schema.alterTable('sessions').dropColumn('id').execute();
  },
};
