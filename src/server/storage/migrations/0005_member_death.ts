import type { Kysely, Migration } from 'kysely';

/** The date a member died: dues close from the following month and health notes are purged (docs/DOMAIN.md §4, §6). */
export const memberDeath: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('members').addColumn('died_on', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('members').dropColumn('died_on').execute();
  },
};
