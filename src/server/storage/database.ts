import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
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
  // SQLite's default page cache is 2 MiB; a community's coverage (members, and an index walk per member over
  // visits) touches tens of MiB, which then came from the OS on every request. 64 MiB, allocated as used.
  database.pragma(`cache_size = ${-PAGE_CACHE_KIB}`);
  // Checkpoints (copying the WAL into the database file, with an fsync) run on a thread of their own, so a
  // commit no longer pays for one every thousand pages; the writer's own autocheckpoint stays as a backstop
  // should that thread fall behind.
  database.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const checkpointer = startCheckpointer(file);
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: reusingStatements(database) }) });
  return {
    db,
    kind: 'sqlite',
    location: file,
    async close() {
      // Kysely only closes a connection it has used: a storage closed before any query must close it here.
      await checkpointer.stop();
      await db.destroy();
      if (database.open) database.close();
    },
  };
}

const BACKSTOP_CHECKPOINT_PAGES = 20_000;
const PAGE_CACHE_KIB = 64 * 1024;
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * A worker thread with its own connection that runs a PASSIVE checkpoint every CHECKPOINT_INTERVAL_MS.
 * PASSIVE never blocks the writer or readers (it copies what it can and stops); the writer restarts the WAL
 * from its beginning once everything has been copied, so the file stays small. Durability is unchanged:
 * a commit is in the WAL either way (synchronous = NORMAL), and a crash mid-checkpoint is recovered from
 * the WAL on the next open. The thread does not keep the process alive.
 */
function startCheckpointer(file: string): { stop(): Promise<void> } {
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  // A failing checkpoint thread only means checkpoints fall back to the writer (the backstop above).
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Referenced again while it finishes, or a process with nothing else to do would exit before it does.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Statements kept per SQL text; beyond this the least recently used is dropped (batch inserts vary in length). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The database as Kysely's SqliteDialect sees it, preparing each SQL text once: Kysely calls prepare() for
 * every query it runs, and better-sqlite3 would parse and plan the same text again each time — on a push,
 * as much work as running the statements. A prepared statement survives schema changes (SQLite prepares it
 * again itself when needed). Safe to share: SQLite has the one connection, which Kysely lends to one query at
 * a time, and the server never streams (iterate) a query.
 */
function reusingStatements(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (statement) {
        statements.delete(sqlText);
      } else {
        statement = database.prepare(sqlText);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sqlText, statement);
      return statement;
    },
  };
}

function openPostgres(connectionString: string, onBackgroundError?: (error: Error) => void): Storage {
  // JIT off: the queries here are short reads and small writes, and PostgreSQL's JIT, kicking in on a large
  // community's coverage query by its estimated cost, spent ~290 ms compiling a query that runs in less.
  const pool = new pg.Pool({ connectionString, max: 10, options: '-c jit=off' });
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
