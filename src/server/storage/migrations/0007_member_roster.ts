import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What a community's 花名册 holds beyond the visits' needs (docs/DOMAIN.md §8): the 身份证号 (server only, the
 * re-import key, unique within a community), the profile, the dues channel and the proposed 核定 base; the
 * away period's start and phone; the latest transfer. Every status change is kept in member_status_changes
 * with who made it and when.
 */
export const memberRoster: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('members').addColumn('id_number', 'text').execute();
    await db.schema.alterTable('members').addColumn('profile', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    await db.schema.alterTable('members').addColumn('dues_channel', 'text', (c) => c.notNull().defaultTo('this_branch')).execute();
    await db.schema.alterTable('members').addColumn('proposed_base_fen', 'integer').execute();
    await db.schema.alterTable('members').addColumn('away_from', 'text').execute();
    await db.schema.alterTable('members').addColumn('away_phone', 'text').execute();
    await db.schema.alterTable('members').addColumn('transfer', 'text').execute();
    await db.schema
      .createIndex('members_community_id_number')
      .on('members')
      .columns(['community_id', 'id_number'])
      .unique()
      .where(sql.ref('id_number'), 'is not', null)
      .execute();
    await db.schema.createIndex('members_community_name_birth').on('members').columns(['community_id', 'name', 'birth_date']).execute();

    await db.schema
      .createTable('member_status_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('community_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('effective_on', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('changed_by', 'text')
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_status_changes_member').on('member_status_changes').columns(['member_id', 'changed_at']).execute();

    /** A user's last successful sign-in, for the administrator's list of users. */
    await db.schema.alterTable('users').addColumn('last_login_at', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('users').dropColumn('last_login_at').execute();
    await db.schema.dropTable('member_status_changes').execute();
    await db.schema.dropIndex('members_community_name_birth').execute();
    await db.schema.dropIndex('members_community_id_number').execute();
    for (const column of ['transfer', 'away_phone', 'away_from', 'proposed_base_fen', 'dues_channel', 'profile', 'id_number']) {
      await db.schema.alterTable('members').dropColumn(column).execute();
    }
  },
};
