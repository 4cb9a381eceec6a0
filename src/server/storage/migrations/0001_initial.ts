import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Written against Kysely<unknown> on purpose: a migration must keep meaning what it meant when it shipped,
 * whatever the current table types say. Only text and integer columns, so SQLite and PostgreSQL agree.
 */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('street', 'community', 'branch')`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('branch_type', 'text', (c) => c.check(sql`branch_type in ('established', 'non_established')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('organisations_parent').on('organisations').columns(['parent_id', 'kind']).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('worker', 'secretary', 'admin')`))
      .addColumn('community_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('branch_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0).check(sql`disabled in (0, 1)`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_community').on('users').column('community_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('branch_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('male', 'female')`))
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('address_compound', 'text', (c) => c.notNull())
      .addColumn('address_building', 'text', (c) => c.notNull())
      .addColumn('address_unit', 'text', (c) => c.notNull())
      .addColumn('address_room', 'text', (c) => c.notNull())
      .addColumn('family_name', 'text')
      .addColumn('family_relation', 'text')
      .addColumn('family_phone', 'text')
      .addColumn('is_party_member', 'integer', (c) => c.notNull().check(sql`is_party_member in (0, 1)`))
      .addColumn('joined_party_on', 'text')
      .addColumn('risk_living_alone', 'integer', (c) => c.notNull().check(sql`risk_living_alone in (0, 1)`))
      .addColumn('risk_empty_nest', 'integer', (c) => c.notNull().check(sql`risk_empty_nest in (0, 1)`))
      .addColumn('risk_bedridden', 'integer', (c) => c.notNull().check(sql`risk_bedridden in (0, 1)`))
      .addColumn('risk_disabled', 'integer', (c) => c.notNull().check(sql`risk_disabled in (0, 1)`))
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('active', 'away', 'deceased', 'transferred')`),
      )
      .addColumn('away_place', 'text')
      .addColumn('away_expected_return', 'text')
      .addColumn('hobbies', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('service_needs', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // The roster is paged by id within a scope: an admin's community or a secretary's branch.
    await db.schema.createIndex('members_community_id').on('members').columns(['community_id', 'id']).execute();
    await db.schema.createIndex('members_branch_id').on('members').columns(['branch_id', 'id']).execute();

    await db.schema
      .createTable('pairings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('worker_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('primary', 'backup')`))
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .execute();
    // A worker's scope is "members with an active pairing to me"; the page's pairings are looked up by member.
    await db.schema.createIndex('pairings_worker').on('pairings').columns(['worker_id', 'ended_at', 'member_id']).execute();
    await db.schema.createIndex('pairings_member').on('pairings').columns(['member_id', 'ended_at']).execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of ['pairings', 'members', 'sessions', 'users', 'organisations']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
