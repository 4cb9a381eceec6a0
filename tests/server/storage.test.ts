import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Member } from '../../src/domain';
import { addMembers } from '../../src/server/services/members';
import { memberInScope } from '../../src/server/services/members';
import { migrateToLatest, openStorage, SQLITE_FILE_NAME } from '../../src/server/storage';
import { MIGRATIONS } from '../../src/server/storage/migrations';
import { fixtureMember, seedFixtures, type Fixtures } from './fixtures';
import { backends, createBackend, type TestBackend } from './harness';

describe.each(backends)('storage on %s', (kind) => {
  let backend: TestBackend;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('migrations are idempotent: running them again applies nothing and keeps the data', async () => {
    expect(await migrateToLatest(backend.storage.db)).toEqual([]);
    expect(await migrateToLatest(backend.storage.db)).toEqual([]);
    // The migrator's own table lists every known migration exactly once.
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(backend.storage.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
    const users = await backend.storage.db.selectFrom('users').select('id').execute();
    expect(users.length).toBe(Object.keys(fx.users).length);
  });

  it('a second connection to a migrated database migrates nothing', async () => {
    const second = openStorage(backend.location);
    try {
      expect(await migrateToLatest(second.db)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('stores and reads back a member with every field filled, unchanged', async () => {
    const full = Member.parse(
      fixtureMember({
        communityId: fx.community.id,
        branchId: fx.branch2.id,
        name: '欧阳秀英',
        gender: 'female',
        phone: '0571-88886666',
        familyContact: { name: '欧阳建国', relation: '儿子', phone: '13900001111' },
        risks: { livingAlone: true, emptyNest: false, bedridden: true, disabled: true },
        status: 'away',
        away: { place: '海南三亚', from: null, expectedReturn: '2026-04-15', phone: null },
        hobbies: ['京剧', '太极拳'],
        serviceNeeds: ['health', 'legal'],
        notes: '候鸟，冬季在三亚',
        updatedAt: '2026-02-03T04:05:06.789Z',
      }),
    );
    await addMembers(backend.storage.db, [full]);
    const admin = fx.users.admin1;
    expect(await memberInScope(backend.storage.db, admin, full.id)).toEqual(full);
  });

  it('refuses an invalid member before it reaches the table', async () => {
    const invalid = fixtureMember({ communityId: fx.community.id, name: '无支部党员', branchId: null, isPartyMember: true, joinedPartyOn: '1970-01-01' });
    await expect(addMembers(backend.storage.db, [invalid])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const row = await backend.storage.db.selectFrom('members').select('id').where('id', '=', invalid.id).executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('enforces foreign keys', async () => {
    const orphan = fixtureMember({ communityId: '0b7a3f0e-5c1d-4e2f-8a9b-1c2d3e4f5a6b', name: '无社区' });
    await expect(addMembers(backend.storage.db, [orphan])).rejects.toThrow();
  });
});

describe('SQLite files', () => {
  it('creates the data folder and doorstep.sqlite in it, closes cleanly even if never used, runs WAL with foreign keys', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'doorstep-dir-'));
    const dataDir = join(parent, 'nested', 'data');
    try {
      const unused = openStorage({ dataDir });
      await unused.close();
      expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true);
      const storage = openStorage({ dataDir });
      expect(storage.kind).toBe('sqlite');
      const applied = await migrateToLatest(storage.db);
      expect(applied).toEqual(Object.keys(MIGRATIONS));
      const pragma = async (name: string) =>
        Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(storage.db)).rows[0] ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      await storage.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
