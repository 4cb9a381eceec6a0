import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/storage';
import { MIGRATIONS } from '../../src/server/storage/migrations';
import { createCampaign } from '../../src/server/services/campaigns';
import { seedFixtures, type Fixtures } from './fixtures';
import { backends, createBackend, type TestBackend } from './harness';

/** Migration 0009 (the plan's records) can be taken down and brought up again on both engines. */
describe.each(backends)('migration 0009 (plan records) on %s', (kind) => {
  let backend: TestBackend;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('goes down with its tables and columns, and comes back empty', async () => {
    const db = backend.storage.db;
    await createCampaign(db, fx.users.admin1, {
      kind: 'other',
      name: '慰问',
      startsOn: '2026-12-01',
      endsOn: '2026-12-31',
      cohort: { type: 'everyone' },
      delivery: { kind: 'gift', description: '米面油', amountFen: null },
    });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
    // Down to 0008: everything after it goes, 0009's tables and columns included.
    const down = await migrator.migrateTo('0008_sync_client_state');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0009_plan_records');
    await expect(db.selectFrom('campaigns').select('id').execute()).rejects.toThrow();

    expect(await migrateToLatest(db)).toContain('0009_plan_records');
    expect(await db.selectFrom('campaigns').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('visits').select(['campaign_id']).execute()).toEqual([]);
  });
});
