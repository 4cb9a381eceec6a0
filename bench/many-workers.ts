import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mutation } from '../src/domain';
import { seedDemo } from '../src/server/demo';
import { pairWorker } from '../src/server/services/pairings';
import { createUser } from '../src/server/services/users';
import { migrateToLatest, openStorage } from '../src/server/storage';
import { logIn, postJson } from './http-client';
import { visitMutations } from './mutations';
import { startProcess, type BenchProcess, type ProcessCpu } from './processes/server-process';
import { heading, line, median, percentile } from './report';

interface Account {
  token: string;
  userId: string;
  memberIds: string[];
}

/** Each worker's push of one round: a morning's ten visits, from a device of its own. */
function roundOfPushes(accounts: readonly Account[]): { token: string; body: { clientId: string; mutations: Mutation[] } }[] {
  return accounts.map((a) => ({ token: a.token, body: { clientId: randomUUID(), mutations: visitMutations(a.userId, a.memberIds, 10, 1) } }));
}

interface BurstResult {
  latencies: number[];
  errors: number;
  /** CPU time per round of the server process and its main thread (null where it cannot be read), and of the simulated phones. */
  serverCpu: ProcessCpu[] | null;
  phonesCpuMs: number[];
}

/**
 * Three rounds of every worker pushing to `path`, all at the same instant or spread over `spreadMs`; latency
 * per push, and the CPU time each round cost the server and the simulated phones (this process).
 */
async function burst(target: BenchProcess, path: string, accounts: readonly Account[], spreadMs: number): Promise<BurstResult> {
  const url = `${target.url}${path}`;
  const latencies: number[] = [];
  let errors = 0;
  let serverCpu: ProcessCpu[] | null = [];
  const phonesCpuMs: number[] = [];
  for (let round = 0; round < 3; round++) {
    const pushes = roundOfPushes(accounts);
    const serverBefore = target.cpu();
    const phonesBefore = process.cpuUsage();
    await Promise.all(
      pushes.map(async ({ token, body }) => {
        if (spreadMs > 0) await new Promise((r) => setTimeout(r, Math.random() * spreadMs));
        const answer = await postJson(url, body, token);
        latencies.push(answer.ms);
        const results = (answer.body as { results?: { status: string }[] }).results ?? [];
        if (answer.status !== 200 || results.length !== body.mutations.length || results.some((r) => r.status !== 'applied')) errors++;
      }),
    );
    const serverAfter = target.cpu();
    const phones = process.cpuUsage(phonesBefore);
    phonesCpuMs.push((phones.user + phones.system) / 1000);
    if (serverBefore === null || serverAfter === null) serverCpu = null;
    else {
      const processMs = serverAfter.processMs - serverBefore.processMs;
      serverCpu?.push({ processMs, mainThreadMs: serverAfter.mainThreadMs - serverBefore.mainThreadMs });
    }
  }
  return { latencies, errors, serverCpu, phonesCpuMs };
}

/**
 * 300 workers syncing at once, as after a morning meeting when everyone's phone finds the office Wi-Fi: each
 * pushes a batch of 10 visits, three rounds; latency per push request. The server runs as `npm start` runs it
 * (its own process, request log on, SQLite) and the simulated phones in this one, as they are other devices;
 * the same burst against a bare route in a process of its own shows what HTTP alone costs on this machine.
 */
export async function benchManyWorkers(workers: number, password: string): Promise<void> {
  heading(`${workers} workers pushing (batches of 10 visits, 3 rounds each way; server in its own process)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-workers-'));
  const processes: BenchProcess[] = [];
  try {
    const users = await arrangeWorkers(dataDir, workers, password);
    const server = await startProcess('src/server/main.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      STATIC_DIR: join(dataDir, 'no-app'),
      DEMO: '0',
      // Hundreds of logins from one address.
      LOGIN_RATE_LIMIT: '100000',
    });
    processes.push(server);
    const accounts: Account[] = [];
    for (let i = 0; i < users.length; i += 25) {
      accounts.push(...(await Promise.all(users.slice(i, i + 25).map(async (u) => ({ ...(await logIn(server.url, u.username, password)), memberIds: u.memberIds })))));
    }
    // A server that has been up all morning: its code warmed by earlier syncs, not measured.
    await burst(server, '/api/sync/push', accounts, 2_000);

    const bare = await startProcess('bench/processes/bare-route.ts', {});
    processes.push(bare);
    await burst(bare, '/bare', accounts, 0);
    const floor = await burst(bare, '/bare', accounts, 0);
    line(`bare route (parse + answer only), all at the same instant: p99`, `${percentile(floor.latencies, 99).toFixed(0)} ms`);
    if (floor.serverCpu) line('bare route: its CPU time per round', `${median(floor.serverCpu.map((c) => c.processMs)).toFixed(0)} ms`);

    // Burst: every phone pushes at the same instant (the morning meeting's Wi-Fi). Spread: the same pushes
    // arriving over 10 s, as 300 phones regaining signal on their rounds do.
    for (const [label, spreadMs] of [['all at the same instant', 0], ['spread over 10 s', 10_000]] as const) {
      const { latencies, errors, serverCpu, phonesCpuMs } = await burst(server, '/api/sync/push', accounts, spreadMs);
      line(`${label}: push requests`, `${latencies.length}`);
      line(`${label}: median latency`, `${median(latencies).toFixed(0)} ms`);
      line(`${label}: p99 latency (goal < 250 ms)`, `${percentile(latencies, 99).toFixed(0)} ms`);
      line(`${label}: errors (goal 0)`, `${errors}`);
      if (spreadMs === 0 && serverCpu) reportCpu(serverCpu, phonesCpuMs, workers);
    }
  } finally {
    for (const p of processes) await p.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * What one instant round costs in CPU time, and so the least the last push of a round can wait on this machine:
 * the server's main thread handles the round's requests one at a time, and the server and the simulated
 * phones share the machine's cores.
 */
function reportCpu(serverCpu: readonly ProcessCpu[], phonesCpuMs: number[], workers: number): void {
  const server = median(serverCpu.map((c) => c.processMs));
  const mainThread = median(serverCpu.map((c) => c.mainThreadMs));
  const phones = median(phonesCpuMs);
  const cores = availableParallelism();
  line(`server CPU time per round (${workers * 10} visits)`, `${server.toFixed(0)} ms`);
  line(`  of which its main thread (one request at a time)`, `${mainThread.toFixed(0)} ms`);
  line(`simulated phones' CPU time per round`, `${phones.toFixed(0)} ms`);
  line(`server and phones over this machine's ${cores} cores`, `${((server + phones) / cores).toFixed(0)} ms`);
}

/** The demo community and `count` workers, each paired with two of its members, written before the server starts. */
async function arrangeWorkers(dataDir: string, count: number, password: string): Promise<{ username: string; memberIds: string[] }[]> {
  const storage = openStorage({ dataDir });
  try {
    const db = storage.db;
    await migrateToLatest(db);
    await seedDemo(db);
    const community = await db.selectFrom('organisations').select('id').where('kind', '=', 'community').executeTakeFirstOrThrow();
    const members = await db.selectFrom('members').select('id').where('status', '=', 'active').execute();
    const users: { username: string; memberIds: string[] }[] = [];
    for (let i = 0; i < count; i++) {
      const username = `bench${String(i).padStart(3, '0')}`;
      await createUser(db, { username, password, displayName: `压测专员${i}`, role: 'worker', communityId: community.id, branchId: null });
      const memberIds = [members[i % members.length]!.id, members[(i + 7) % members.length]!.id];
      for (const memberId of memberIds) await pairWorker(db, { workerUsername: username, memberId, role: 'backup' });
      users.push({ username, memberIds });
    }
    return users;
  } finally {
    await storage.close();
  }
}
