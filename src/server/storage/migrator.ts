import { Migrator } from 'kysely';
import { MIGRATIONS } from './migrations';
import type { Db } from './tables';

/** Brings the schema up to date; safe to run on every start since applied migrations are skipped. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const where = failed ? `（迁移 ${failed.migrationName}）` : '';
    throw new Error(`数据库迁移失败${where} / database migration failed`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
