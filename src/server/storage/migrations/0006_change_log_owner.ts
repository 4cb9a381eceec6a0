import { sql, type Kysely, type Migration } from 'kysely';

/**
 * One sync path (docs/ARCHITECTURE.md): members and pairings become change-log entities like every other
 * record, and some kinds are read by their owner only (a worker's own cash handovers, their own pairings),
 * so the change log names the owner. Existing members and active pairings are logged once, numbered after
 * everything logged so far; existing handover entries get their collector as owner.
 */
export const changeLogOwner: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('change_log').addColumn('owner_id', 'text').execute();
    await sql`UPDATE change_log SET owner_id = (SELECT h.collector_id FROM cash_handovers h WHERE h.id = change_log.entity_id) WHERE entity = 'cash_handover'`.execute(db);
    await sql`UPDATE change_log SET owner_id = (SELECT h.collector_id FROM handover_confirmations c JOIN cash_handovers h ON h.id = c.handover_id WHERE c.id = change_log.entity_id) WHERE entity = 'handover_confirmation'`.execute(db);

    const members = await sql<{ id: string; branch_id: string | null }>`SELECT id, branch_id FROM members ORDER BY id`.execute(db);
    const pairings = await sql<{ id: string; member_id: string; worker_id: string }>`SELECT id, member_id, worker_id FROM pairings WHERE ended_at IS NULL ORDER BY id`.execute(db);
    const entries = [
      ...members.rows.map((m) => ({ entity: 'member', entity_id: m.id, member_id: m.id, branch_id: m.branch_id, owner_id: null as string | null })),
      ...pairings.rows.map((p) => ({ entity: 'pairing', entity_id: p.id, member_id: p.member_id, branch_id: null, owner_id: p.worker_id })),
    ];
    if (entries.length === 0) return;
    const counter = await sql<{ value: number | string }>`UPDATE sync_counter SET value = value + ${entries.length} WHERE id = 1 RETURNING value`.execute(db);
    const first = Number(counter.rows[0]!.value) - entries.length + 1;
    const now = new Date().toISOString();
    const rows = entries.map((e, i) => ({ version: first + i, ...e, op: 'upsert', committed_at: now }));
    // In chunks: both engines cap the number of bound parameters in one statement.
    for (let i = 0; i < rows.length; i += 500) {
      await (db as Kysely<{ change_log: (typeof rows)[number] }>).insertInto('change_log').values(rows.slice(i, i + 500)).execute();
    }
  },
  async down(db: Kysely<unknown>) {
    await sql`DELETE FROM change_log WHERE entity IN ('member', 'pairing')`.execute(db);
    await db.schema.alterTable('change_log').dropColumn('owner_id').execute();
  },
};
