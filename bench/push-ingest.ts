import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import type { Mutation } from '../src/domain';
import { logIn, memberIdsInScope, postJson } from './http-client';
import { visitMutations } from './mutations';
import { heading, line, median } from './report';

/** Alternating timings of the floor and of the push; each side's median is reported. */
const ROUNDS = 3;

/**
 * Push ingest over HTTP against a floor: a bare route on the same machine that receives the same batches,
 * parses them and inserts the rows in one transaction with no validation, scope, idempotency or change log.
 * The ratio is what correctness costs.
 */
async function floorServer(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-floor-'));
  const sqlite = new Database(join(dir, 'floor.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table visits (id text primary key, member_id text not null, data text not null)');
  const insert = sqlite.prepare('insert into visits (id, member_id, data) values (?, ?, ?)');
  const insertAll = sqlite.transaction((mutations: Mutation[]) => {
    for (const m of mutations) {
      const record = m.record as { id: string; memberId: string };
      insert.run(record.id, record.memberId, JSON.stringify(record));
    }
  });
  const app = Fastify({ bodyLimit: 4 * 1024 * 1024 });
  app.post('/floor', async (request) => {
    const body = request.body as { mutations: Mutation[] };
    insertAll(body.mutations);
    return { results: body.mutations.map((m, index) => ({ mutationId: m.id, index, status: 'applied' })) };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/floor`,
    async close() {
      await app.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pushAll(url: string, token: string | undefined, clients: Mutation[][][]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    clients.map(async (batches) => {
      const clientId = randomUUID();
      for (const mutations of batches) {
        const answer = await postJson(url, { clientId, mutations }, token);
        if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
        const results = (answer.body as { results: { status: string; code?: string }[] }).results;
        const notApplied = results.find((r) => r.status !== 'applied');
        if (notApplied) throw new Error(`a benchmark mutation was not applied: ${JSON.stringify(notApplied)}`);
      }
    }),
  );
  return performance.now() - started;
}

export async function benchPushIngest(baseUrl: string, password: string, total: number): Promise<void> {
  heading(`Server push ingest over HTTP (SQLite, 4 devices in parallel, batches of 100; median of ${ROUNDS} alternating timings)`);
  const { token, userId } = await logIn(baseUrl, 'worker1', password);
  const memberIds = await memberIdsInScope(baseUrl, token);
  const makeClients = () =>
    Array.from({ length: 4 }, () =>
      Array.from({ length: total / 400 }, (_, b) => visitMutations(userId, memberIds, 100, 1 + b * 100)),
    );

  const floor = await floorServer();
  try {
    // Warm both paths (JIT, statement caches) before timing.
    await pushAll(floor.url, undefined, [[visitMutations(userId, memberIds, 100, 1)]]);
    await pushAll(`${baseUrl}/api/sync/push`, token, [[visitMutations(userId, memberIds, 100, 1)]]);
    // Floor and push alternate, three times each, and each is reported by its median: on a shared machine a
    // single timing of either can land in someone else's busy second and make the ratio meaningless.
    const floorRuns: number[] = [];
    const ingestRuns: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floorRuns.push(await pushAll(floor.url, undefined, makeClients()));
      ingestRuns.push(await pushAll(`${baseUrl}/api/sync/push`, token, makeClients()));
    }
    const floorRate = (total / median(floorRuns)) * 1000;
    const ingestRate = (total / median(ingestRuns)) * 1000;
    line(`floor: bare route, parse + one-transaction insert`, `${Math.round(floorRate)} mut/s`);
    line(`push: validated, scoped, idempotent, change log`, `${Math.round(ingestRate)} mut/s`, {
      value: ingestRate / floorRate,
      against: 'of the floor',
      goal: '≥ 0.50',
    });
  } finally {
    await floor.close();
  }
}
