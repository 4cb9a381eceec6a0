import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { demoPasswordForRun } from '../../src/server/demo';
import { createRandom } from '../../src/server/demo/prng';
import { openStorage } from '../../src/server/storage';
import { startFaultyProxy } from './faulty-proxy';
import { serverProcess } from './server-process';
import { SimulatedDevice } from './simulated-device';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

/**
 * ≥ 10,000 mutations from five devices (two of them the same worker) cross a proxy that drops connections
 * and loses answers after the server committed, while the server process is SIGKILLed and restarted at
 * least ten times. Afterwards the database must hold each record exactly once and the same money the
 * devices recorded.
 */
const postgresUrl = inject('postgresUrl');
const backends = postgresUrl ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

const PER_DEVICE = 2_000;
const DEVICES = ['worker1', 'worker1', 'worker2', 'worker3', 'worker4'];
const KILLS = 12;

async function createDatabase(): Promise<string> {
  const name = `doorstep_fault_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl! });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** What the database holds before any device pushes: the demo's own records. */
async function snapshot(dataDir: string, databaseUrl: string): Promise<{ paymentIds: Set<string>; visits: number; mutations: number }> {
  const storage = openStorage({ dataDir, databaseUrl: databaseUrl || null });
  try {
    const db = storage.db;
    const payments = await db.selectFrom('dues_payments').select('id').execute();
    const visits = await db.selectFrom('visits').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const mutations = await db.selectFrom('sync_mutations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return { paymentIds: new Set(payments.map((p) => p.id)), visits: Number(visits.n), mutations: Number(mutations.n) };
  } finally {
    await storage.close();
  }
}

describe.each(backends)('exactly once through a faulty network and a killed server (%s)', (kind) => {
  it(`delivers ${PER_DEVICE * DEVICES.length} mutations with 0 lost and 0 duplicated`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-fault-'));
    const databaseUrl = kind === 'postgres' ? await createDatabase() : '';
    const server = await serverProcess({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOGIN_RATE_LIMIT: '1000', LOGIN_ACCOUNT_LIMIT: '1000' });
    const random = createRandom(kind === 'sqlite' ? 20261122 : 20261123).next;
    await server.start();
    // The demo community comes with a year of branch books: what the devices add is counted on top of it.
    const demo = await snapshot(dataDir, databaseUrl);
    const proxy = await startFaultyProxy(() => server.port, { dropBeforeRequest: 0.1, loseResponse: 0.15 }, random);
    try {
      const devices = DEVICES.map((username) => new SimulatedDevice(proxy.port, username, DEMO_PASSWORD, random));
      for (const device of devices) {
        await device.logIn();
        await device.record(PER_DEVICE);
      }
      const total = devices.reduce((n, d) => n + d.pending, 0);
      expect(total).toBe(PER_DEVICE * DEVICES.length);

      // Chaos: kill and restart the server each time another twelfth of the mutations has settled.
      let settled = 0;
      let draining = true;
      const chaos = (async () => {
        for (let k = 1; k <= KILLS && draining; k++) {
          while (draining && settled < (total * k) / (KILLS + 1)) await new Promise((r) => setTimeout(r, 20));
          if (!draining) break;
          await server.kill();
          await new Promise((r) => setTimeout(r, 50 + random() * 200));
          await server.start();
        }
      })();
      await Promise.all(devices.map((d) => d.drain(50, (n) => (settled += n))));
      draining = false;
      await chaos;

      expect(server.kills).toBeGreaterThanOrEqual(10);
      expect(devices.flatMap((d) => d.report.rejected)).toEqual([]);
      expect(proxy.stats.lostResponses).toBeGreaterThan(0);
      expect(proxy.stats.dropped).toBeGreaterThan(0);

      await server.stop();
      const storage = openStorage({ dataDir, databaseUrl: databaseUrl || null });
      try {
        const db = storage.db;
        const visits = await db.selectFrom('visits').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        const payments = (await db.selectFrom('dues_payments').select(['id', 'member_id', 'amount_fen']).execute()).filter(
          (p) => !demo.paymentIds.has(p.id),
        );
        const mutations = await db.selectFrom('sync_mutations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        expect(Number(visits.n) - demo.visits).toBe(devices.reduce((n, d) => n + d.report.visits, 0));
        expect(payments.length).toBe(devices.reduce((n, d) => n + d.report.payments, 0));
        expect(Number(mutations.n) - demo.mutations).toBe(total);

        const serverSums = new Map<string, number>();
        for (const p of payments) serverSums.set(p.member_id, (serverSums.get(p.member_id) ?? 0) + Number(p.amount_fen));
        const clientSums = new Map<string, number>();
        for (const d of devices) for (const [member, fen] of d.report.paidByMember) clientSums.set(member, (clientSums.get(member) ?? 0) + fen);
        expect(Object.fromEntries(serverSums)).toEqual(Object.fromEntries(clientSums));
      } finally {
        await storage.close();
      }
      const failures = devices.reduce((n, d) => n + d.report.networkFailures, 0);
      const replays = devices.reduce((n, d) => n + d.report.replays, 0);
      process.stdout.write(
        `[fault ${kind}] ${total} mutations, ${server.kills} kills, ${proxy.stats.dropped} dropped connections, ` +
          `${proxy.stats.lostResponses} lost answers, ${failures} failed requests retried, ${replays} replayed batches\n`,
      );
    } finally {
      await proxy.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
