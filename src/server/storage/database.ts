import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema, Db } from './tables';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Storage {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, for start-up messages: the SQLite file, or the PostgreSQL host and database. */
  location: string;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** PostgreSQL when set; otherwise SQLite in dataDir. */
  databaseUrl?: string | null;
  dataDir: string;
  /** Errors raised by idle pooled connections (e.g. PostgreSQL restarted) — without a listener they crash the process. */
  onBackgroundError?: (error: Error) => void;
}

export const SQLITE_FILE_NAME = 'doorstep.sqlite';

export function openStorage(options: StorageOptions): Storage {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.onBackgroundError) : openSqlite(options.dataDir);
}

function openSqlite(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE_NAME);
  const database = new BetterSqlite3(file);
  // WAL lets readers continue while a sync writes; foreign keys are off by default in SQLite.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    kind: 'sqlite',
    location: file,
    async close() {
      // Kysely only closes a connection it has used: a storage closed before any query must close it here.
      await db.destroy();
      if (database.open) database.close();
    },
  };
}

function openPostgres(connectionString: string, onBackgroundError?: (error: Error) => void): Storage {
  const pool = new pg.Pool({ connectionString, max: 10 });
  pool.on('error', (error) => onBackgroundError?.(error));
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    location: describePostgresUrl(connectionString),
    async close() {
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

/** Host and database name only: the URL may carry a password that must not reach a log. */
function describePostgresUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** A round trip to the database, for the health check. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
