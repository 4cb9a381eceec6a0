import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/start';

/** The real server on a free port, its own SQLite database, the built PWA and the demo community. */
export async function startDemoServer(): Promise<RunningServer & { stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, staticDir: 'dist', seedDemo: true });
  return Object.assign(server, {
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** What the database says a worker may see: members with an active pairing to them. */
export async function pairedMemberIds(server: RunningServer, username: string): Promise<string[]> {
  const rows = await server.db
    .selectFrom('pairings')
    .innerJoin('users', 'users.id', 'pairings.worker_id')
    .select('pairings.member_id')
    .where('users.username', '=', username)
    .where('pairings.ended_at', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.member_id))].sort();
}

export async function memberName(server: RunningServer, id: string): Promise<string> {
  const row = await server.db.selectFrom('members').select('name').where('id', '=', id).executeTakeFirstOrThrow();
  return row.name;
}
