import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What the coverage (月探访率, docs/DOMAIN.md §9) is counted from, and how fresh each worker's figure is (issue 12):
 *
 * - `visits.visit_type` and `visit_outcome`: the visit's type and outcome, copied out of `data` (backfilled here,
 *   written by the visit handler), so that a visit in person that reached the member is told from a phone call or
 *   a door nobody opened without reading each record's JSON;
 * - `visits_member_time` (member_id, occurred_at, visit_type, visit_outcome, submitted_by, id) and `visits_month`
 *   (occurred_at, member_id, …the same): everything coverage reads of a visit but its co-visitors, so that it
 *   reads an index alone — each member's last visit in person before a month by walking back from the month's
 *   start, a few entries each; a month's visits as one range per member (SQLite) or of the whole table
 *   (PostgreSQL, which would otherwise read the table); `visits_amends` (amends, only rows that amend): the visits
 *   an amendment replaced, which coverage skips. Migration 0003 dropped the member index when nothing read it;
 *   coverage does, at the cost of two index entries per visit pushed;
 * - `sync_clients.oldest_pending_at` and `app_version`: what a device reports with its pull besides its unsent
 *   count — when the oldest record still in its outbox was made, and which version of the app it runs.
 *
 * The backfill reads the JSON in code, a page at a time, so the same migration runs on SQLite and PostgreSQL.
 */
export const coverage: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sync_clients').addColumn('oldest_pending_at', 'text').execute();
    await db.schema.alterTable('sync_clients').addColumn('app_version', 'text').execute();

    await db.schema.alterTable('visits').addColumn('visit_type', 'text').execute();
    await db.schema.alterTable('visits').addColumn('visit_outcome', 'text').execute();
    const PAGE = 1_000;
    for (;;) {
      const { rows } = await sql<{ id: string; data: string }>`
        SELECT id, data FROM visits WHERE visit_type IS NULL ORDER BY id LIMIT ${PAGE}`.execute(db);
      if (rows.length === 0) break;
      const byValues = new Map<string, { type: string; outcome: string; ids: string[] }>();
      for (const row of rows) {
        const { type, outcome } = JSON.parse(row.data) as { type: string; outcome: string };
        const key = `${type} ${outcome}`;
        const group = byValues.get(key) ?? { type, outcome, ids: [] };
        group.ids.push(row.id);
        byValues.set(key, group);
      }
      for (const { type, outcome, ids } of byValues.values()) {
        await sql`UPDATE visits SET visit_type = ${type}, visit_outcome = ${outcome} WHERE id IN (${sql.join(ids)})`.execute(db);
      }
    }
    await db.schema
      .createIndex('visits_member_time')
      .on('visits')
      .columns(['member_id', 'occurred_at', 'visit_type', 'visit_outcome', 'submitted_by', 'id'])
      .execute();
    await db.schema
      .createIndex('visits_month')
      .on('visits')
      .columns(['occurred_at', 'member_id', 'visit_type', 'visit_outcome', 'submitted_by', 'id'])
      .execute();
    await db.schema.createIndex('visits_amends').on('visits').column('amends').where(sql.ref('amends'), 'is not', null).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('visits_amends').execute();
    await db.schema.dropIndex('visits_month').execute();
    await db.schema.dropIndex('visits_member_time').execute();
    await db.schema.alterTable('visits').dropColumn('visit_outcome').execute();
    await db.schema.alterTable('visits').dropColumn('visit_type').execute();
    await db.schema.alterTable('sync_clients').dropColumn('app_version').execute();
    await db.schema.alterTable('sync_clients').dropColumn('oldest_pending_at').execute();
  },
};
