import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/server/storage/migrations';
import { migrateToLatest } from '../../src/server/storage';
import { seedFixtures, type Fixtures } from './fixtures';
import { backends, createBackend, type TestBackend } from './harness';
import { visit } from './sync-support';

/**
 * Migration 0010 on a database that already holds visits: their type and outcome are copied out of the stored
 * record, more than one backfill page of them, on both engines; and it can be taken back.
 */
describe.each(backends)('migration 0010 (coverage) on %s', (kind) => {
  let backend: TestBackend;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('fills visit_type and visit_outcome of every visit stored before it', async () => {
    const db = backend.storage.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
    const { error } = await migrator.migrateTo('0009_plan_records');
    expect(error).toBeUndefined();

    const kinds = [
      { type: 'regular', outcome: 'met' },
      { type: 'phone', outcome: 'in_hospital' },
      { type: 'festival', outcome: 'not_home' },
    ] as const;
    const stored = Array.from({ length: 2_300 }, (_, i) => visit(fx.members.m1.id, fx.users.worker1.id, kinds[i % kinds.length]));
    for (let i = 0; i < stored.length; i += 500) {
      const rows = stored.slice(i, i + 500).map((v) => sql`(${v.id}, ${v.memberId}, ${v.occurredAt}, ${fx.users.worker1.id}, ${'hash'}, ${JSON.stringify(v)}, ${v.recordedAt})`);
      await sql`INSERT INTO visits (id, member_id, occurred_at, submitted_by, content_hash, data, created_at) VALUES ${sql.join(rows)}`.execute(db);
    }

    expect(await migrateToLatest(db)).toContain('0010_coverage');
    const rows = await db.selectFrom('visits').select(['id', 'visit_type', 'visit_outcome']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows).toHaveLength(stored.length);
    for (const v of stored) expect(byId.get(v.id)).toEqual({ id: v.id, visit_type: v.type, visit_outcome: v.outcome });

    // Down and up again: the columns and indexes go and come back with the same values.
    expect((await migrator.migrateDown()).error).toBeUndefined();
    await migrateToLatest(db);
    const again = await db.selectFrom('visits').select(['visit_type']).where('id', '=', stored[1]!.id).executeTakeFirstOrThrow();
    expect(again.visit_type).toBe('phone');
  });
});
