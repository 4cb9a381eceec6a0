import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest globalSetup for the server tests: a throwaway PostgreSQL cluster, so every server test runs against
 * SQLite and PostgreSQL alike. Test files read the URL with inject('postgresUrl') and create their own databases.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the throwaway cluster, or null when PostgreSQL is not installed (outside CI). */
    postgresUrl: string | null;
  }
}

function findPostgresBin(): string | null {
  const hasTools = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && hasTools(dir)) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    if (hasTools(dir)) return dir;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const bin = findPostgresBin();
  if (bin === null) {
    if (process.env.CI) throw new Error('PostgreSQL (initdb, pg_ctl) not found: CI must test both databases');
    console.warn('PostgreSQL not found (initdb/pg_ctl): server tests run on SQLite only, PostgreSQL tests are skipped.');
    project.provide('postgresUrl', null);
    return undefined;
  }

  const dir = mkdtempSync(join(tmpdir(), 'doorstep-pg-'));
  // initdb refuses to run as root: hand the directory to the postgres user and run the tools as that user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (tool: string, args: string[]) => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    try {
      execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
      throw new Error(`${tool} failed: ${stderr || String(error)}`, { cause: error });
    }
  };

  const data = join(dir, 'data');
  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    // Test files run in parallel, each with its own database and pool.
    '-c max_connections=300',
  ].join(' ');
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // -l: the server's output goes to a file, not to our pipe (which would keep execFileSync waiting).
    run('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'postgres.log'), '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);

  return async () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
