import { type Kysely, type Migration } from 'kysely';

/**
 * The records the worker's plan is computed from (issue 12, docs/DOMAIN.md §4 and §9):
 * - community-level records an administrator writes through the admin API and every device of the community
 *   pulls: visit settings (one row per community and per overriding branch: `scope_id` is the branch id, or the
 *   community id for the community's own row, and is unique) and festival campaigns;
 * - member-level records a paired worker pushes: member events (四必访) and follow-up closures, immutable, with
 *   the hash of their content as first submitted like every other pushed record;
 * - `change_log.community_id`, by which a pull finds the community-level changes of the user's community;
 * - `visits.campaign_id`, the campaign a festival visit names (null for every visit before this migration, and
 *   for a festival visit that counts for every campaign open that day), so progress is counted in SQL.
 * Only text and integer columns, so SQLite and PostgreSQL agree.
 */
export const planRecords: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('visit_settings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('branch_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('scope_id', 'text', (c) => c.notNull().unique())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('visit_settings_community').on('visit_settings').column('community_id').execute();

    await db.schema
      .createTable('campaigns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('campaigns_community').on('campaigns').columns(['community_id', 'starts_on']).execute();

    await db.schema
      .createTable('member_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('occurred_on', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_events_member').on('member_events').columns(['member_id', 'occurred_on']).execute();

    await db.schema
      .createTable('follow_up_closures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('visit_id', 'text', (c) => c.notNull().references('visits.id'))
      .addColumn('follow_up_index', 'integer', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('follow_up_closures_member').on('follow_up_closures').column('member_id').execute();
    await db.schema.createIndex('follow_up_closures_visit').on('follow_up_closures').columns(['visit_id', 'follow_up_index']).execute();

    await db.schema.alterTable('change_log').addColumn('community_id', 'text').execute();
    await db.schema.createIndex('change_log_community').on('change_log').columns(['community_id', 'version']).execute();

    await db.schema.alterTable('visits').addColumn('campaign_id', 'text').execute();
    await db.schema.createIndex('visits_campaign').on('visits').column('campaign_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('visits_campaign').execute();
    await db.schema.alterTable('visits').dropColumn('campaign_id').execute();
    await db.schema.dropIndex('change_log_community').execute();
    await db.schema.alterTable('change_log').dropColumn('community_id').execute();
    for (const table of ['follow_up_closures', 'member_events', 'campaigns', 'visit_settings']) await db.schema.dropTable(table).execute();
  },
};
