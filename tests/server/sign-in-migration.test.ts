import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Id, SessionList } from '../../src/domain';
import { MIGRATIONS } from '../../src/server/storage/migrations';
import { migrateToLatest } from '../../src/server/storage';
import { hashToken } from '../../src/server/services/sessions';
import { seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, type TestBackend } from './harness';

/**
 * Migration 0011 on a database with sessions opened before it: each gets an id of its own (not its token's
 * digest) and goes on working, listed without a device or address; the migration can be taken back.
 */
describe.each(backends)('migration 0011 (sign-in) on %s', (kind) => {
  let backend: TestBackend;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('names the sessions opened before it, which keep working', async () => {
    const db = backend.storage.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
    expect((await migrator.migrateTo('0010_coverage')).error).toBeUndefined();

    const tokens = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
    const now = new Date();
    for (const token of tokens) {
      await sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_used_at)
        VALUES (${hashToken(token)}, ${fx.users.worker1.id}, ${now.toISOString()}, ${new Date(now.getTime() + 3_600_000).toISOString()}, ${now.toISOString()})`.execute(db);
    }

    expect(await migrateToLatest(db)).toContain('0011_sign_in');
    const rows = await db.selectFrom('sessions').select(['id', 'token_hash', 'user_agent', 'address']).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Id.safeParse(row.id).success).toBe(true);
      expect(row.token_hash).not.toContain(row.id.replaceAll('-', ''));
      expect([row.user_agent, row.address]).toEqual([null, null]);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);

    const app = await buildTestApp(backend);
    try {
      const listed = await app.inject({ method: 'GET', url: '/api/me/sessions', headers: bearer(tokens[0]!) });
      expect(listed.statusCode).toBe(200);
      const sessions = SessionList.parse(listed.json()).sessions;
      expect(sessions.map((s) => [s.userAgent, s.address, s.current]).sort()).toEqual([
        [null, null, false],
        [null, null, true],
      ]);
    } finally {
      await app.close();
    }

    // Down and up again: the columns and the throttle table go and come back.
    // (to 0010 by name: later migrations go down first)
    expect((await migrator.migrateTo('0010_coverage')).error).toBeUndefined();
    expect(await migrateToLatest(db)).toContain('0011_sign_in');
    expect(await db.selectFrom('login_throttle').selectAll().execute()).toEqual([]);
  });
});
