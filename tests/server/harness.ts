import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type AppDeps } from '../../src/server/app';
import { migrateToLatest, openStorage, type DatabaseKind, type Storage } from '../../src/server/storage';

/**
 * Every server test file runs `describe.each(backends)`: the same tests against SQLite and PostgreSQL,
 * each on a fresh database of its own. PostgreSQL comes from the throwaway cluster of the global setup.
 */
const postgresUrl = inject('postgresUrl');
export const backends: DatabaseKind[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestBackend {
  kind: DatabaseKind;
  storage: Storage;
  /** Environment that points the CLI (or a second server) at this same database. */
  env: NodeJS.ProcessEnv;
  /** Options for startServer that open this same database. */
  location: { dataDir: string; databaseUrl: string | null };
  destroy(): Promise<void>;
}

/** A new, migrated, empty database. */
export async function createBackend(kind: DatabaseKind): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-test-'));
  if (kind === 'sqlite') {
    const storage = openStorage({ dataDir });
    await migrateToLatest(storage.db);
    return {
      kind,
      storage,
      // DATABASE_URL empty, not absent, so a developer's own DATABASE_URL cannot leak into a subprocess.
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      location: { dataDir, databaseUrl: null },
      async destroy() {
        await storage.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }

  if (!postgresUrl) throw new Error('PostgreSQL backend requested but the cluster is not running');
  const name = `doorstep_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(postgresUrl, `create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const storage = openStorage({ dataDir, databaseUrl });
  await migrateToLatest(storage.db);
  return {
    kind,
    storage,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    location: { dataDir, databaseUrl },
    async destroy() {
      await storage.close();
      await adminQuery(postgresUrl, `drop database if exists ${name} with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The HTTP app on this backend, API only, with a login limit high enough not to get in the way. */
export function buildTestApp(backend: TestBackend, overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  return buildApp({
    storage: backend.storage,
    sessionTtlHours: 336,
    loginRateLimit: { max: 1000, windowMs: 60_000 },
    loginAccountLimit: 1000,
    staticDir: null,
    ...overrides,
  });
}

export async function loginAs(app: FastifyInstance, username: string, password: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login as ${username} failed: ${response.body}`);
  const body: { token: string } = response.json();
  return body.token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
