import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_BATCH_MAX } from '../../src/domain';
import { createRandom, type Random } from '../../src/server/demo/prng';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { AT, consent, healthNote, payment, push, seedFixtureDues, visit, type Envelope } from './sync-support';

/**
 * Exactly once, as a property: whatever retries, duplicate batches, stale re-sends and interleavings of
 * 2–3 devices the network produces, the server ends in the state of one clean delivery of the same
 * mutations. Records use symbolic ids, instantiated twice with fresh UUIDs (clean and messy delivery in one
 * database, one after the other), and the two resulting states are compared after mapping the ids back.
 */

type Make = (id: (symbol: string) => string) => unknown;
interface Planned {
  mutation: string;
  type: string;
  make: Make;
  /** Records the mutation names, so the state of both deliveries can be compared by symbol. */
  records: string[];
}
interface Scenario {
  clients: { user: 'worker1' | 'worker2'; planned: Planned[] }[];
  records: string[];
}

const MONTHLY_FEN: Record<'m1' | 'm2' | 'm3', number> = { m1: 2500, m2: 5000, m3: 20 };

function months(random: Random): string[] {
  const picked = new Set<string>();
  const count = random.int(1, 3);
  while (picked.size < count) picked.add(`2026-${String(random.int(1, 12)).padStart(2, '0')}`);
  return [...picked].sort();
}

function buildScenario(seed: number, clientCount: number, fx: Fixtures): Scenario {
  const random = createRandom(seed);
  const records: string[] = [];
  let counter = 0;
  const symbol = (prefix: string) => `${prefix}${counter++}`;
  const clients: Scenario['clients'] = [
    { user: 'worker1', planned: [] },
    { user: 'worker2', planned: [] },
    ...(clientCount === 3 ? [{ user: 'worker1' as const, planned: [] }] : []),
  ];
  const userId = (user: 'worker1' | 'worker2') => fx.users[user].id;
  const payments: { client: number; record: string; memberKey: 'm1' | 'm2' | 'm3'; months: string[] }[] = [];
  const shareable: Planned[] = [];

  for (const [index, client] of clients.entries()) {
    const add = (type: string, recordSymbol: string, make: Make, shared = false) => {
      const planned = { mutation: symbol('mut'), type, make, records: [recordSymbol] };
      client.planned.push(planned);
      if (!records.includes(recordSymbol)) records.push(recordSymbol);
      if (shared) shareable.push(planned);
    };
    const who = userId(client.user);
    const scope = client.user === 'worker1' ? (['m1', 'm4', 'm6'] as const) : (['m1', 'm2', 'm3'] as const);
    const dueable = client.user === 'worker1' ? (['m1'] as const) : (['m1', 'm2', 'm3'] as const);
    let consentSymbol: string | null = null;
    const steps = random.int(3, 8);
    for (let step = 0; step < steps; step++) {
      const roll = random.int(0, 9);
      if (roll <= 2) {
        const memberKey = random.pick(scope);
        const record = symbol('visit');
        add('visit.submit', record, (id) => ({ ...visit(fx.members[memberKey].id, who), id: id(record) }), true);
      } else if (roll <= 5) {
        const memberKey = random.pick(dueable);
        const record = symbol('pay');
        const covered = months(random);
        const wrong = random.chance(0.15);
        const amount = MONTHLY_FEN[memberKey] * covered.length + (wrong ? 1 : 0);
        add('dues.record', record, (id) => ({ ...payment(fx.members[memberKey].id, fx.branch1.id, who, covered, amount), id: id(record) }), true);
        payments.push({ client: index, record, memberKey, months: covered });
      } else if (roll === 6) {
        const own = payments.filter((p) => p.client === index);
        const target = own.length > 0 ? random.pick(own) : null;
        if (target === null) continue;
        const record = symbol('rev');
        const amount = -MONTHLY_FEN[target.memberKey] * target.months.length;
        add('dues.record', record, (id) => ({
          ...payment(fx.members[target.memberKey].id, fx.branch1.id, who, target.months, amount),
          id: id(record),
          kind: 'reversal',
          reverses: id(target.record),
        }));
      } else if (client.user === 'worker1' && index === 0) {
        if (consentSymbol === null || roll === 9) {
          if (consentSymbol !== null) {
            const withdrawn = consentSymbol;
            add('consent.withdraw', withdrawn, (id) => ({ consentId: id(withdrawn), memberId: fx.members.m6.id, withdrawnAt: AT }));
          }
          const next = symbol('consent');
          add('consent.give', next, (id) => ({ ...consent(fx.members.m6.id, who), id: id(next) }));
          consentSymbol = next;
        } else {
          const current = consentSymbol;
          const record = symbol('note');
          add('health_note.record', record, (id) => ({ ...healthNote(fx.members.m6.id, id(current), who), id: id(record) }));
        }
      } else if (index === 2 && shareable.length > 0) {
        // A reinstalled device sends again a record first recorded on another device: new mutation id.
        const original = random.pick(shareable);
        client.planned.push({ ...original, mutation: symbol('mut') });
      }
    }
  }
  return { clients, records };
}

/** One delivery's instantiation: every symbol gets its own fresh UUID. */
function instantiate(scenario: Scenario) {
  const ids = new Map<string, string>();
  const id = (symbol: string) => {
    let value = ids.get(symbol);
    if (value === undefined) {
      value = randomUUID();
      ids.set(symbol, value);
    }
    return value;
  };
  const outboxes = scenario.clients.map((client) => {
    const envelopes: Envelope[] = client.planned.map((p, i) => ({ id: id(p.mutation), seq: i + 1, type: p.type, record: p.make(id), createdAt: AT }));
    return { user: client.user, clientId: randomUUID(), envelopes };
  });
  return { id, outboxes };
}

/** The network at its worst short of losing data: windows that re-send settled mutations, repeats, stale retries. */
function messySchedule(random: Random, outboxes: ReturnType<typeof instantiate>['outboxes']) {
  const perClient = outboxes.map((box, client) => {
    const sends: { client: number; batch: Envelope[] }[] = [];
    let settled = 0;
    while (settled < box.envelopes.length) {
      const start = random.int(Math.max(0, settled - 3), settled);
      const end = Math.min(box.envelopes.length, random.int(settled + 1, settled + 4));
      const batch = box.envelopes.slice(start, end);
      sends.push({ client, batch });
      if (random.chance(0.3)) sends.push({ client, batch }); // the answer was lost: the same batch again
      settled = end;
    }
    return sends;
  });
  const schedule: { client: number; batch: Envelope[] }[] = [];
  const queues = perClient.map((sends) => [...sends]);
  while (queues.some((q) => q.length > 0)) {
    const candidates = queues.map((q, i) => (q.length > 0 ? i : -1)).filter((i) => i >= 0);
    const next = queues[random.pick(candidates)]?.shift();
    if (next) schedule.push(next);
  }
  // Stale retries arriving late, in any order, from any client — of mutations that client had sent before:
  // an outbox sends in seq order, so nothing arrives for the first time ahead of an earlier mutation.
  for (let i = random.int(0, 3); i > 0; i--) {
    const position = random.int(0, schedule.length);
    const client = random.int(0, outboxes.length - 1);
    const sentBefore = schedule
      .slice(0, position)
      .filter((s) => s.client === client)
      .reduce((max, s) => Math.max(max, ...s.batch.map((e) => e.seq)), 0);
    if (sentBefore === 0) continue;
    const envelopes = outboxes[client]?.envelopes.slice(0, sentBefore) ?? [];
    const start = random.int(0, envelopes.length - 1);
    schedule.splice(position, 0, { client, batch: envelopes.slice(start, start + random.int(1, 3)) });
  }
  return schedule;
}

describe('exactly-once delivery (property, SQLite)', () => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    backend = await createBackend('sqlite');
    fx = await seedFixtures(backend.storage.db);
    await seedFixtureDues(backend.storage.db, fx);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  /** The records of one delivery, keyed by symbol, and the ledger sum per member. */
  async function state(scenario: Scenario, id: (symbol: string) => string) {
    const db = backend.storage.db;
    const bySymbol = new Map(scenario.records.map((s) => [id(s), s]));
    const ids = [...bySymbol.keys()];
    const read = async (table: 'visits' | 'consents' | 'health_notes' | 'dues_payments') =>
      (await db.selectFrom(table).select(['id', 'data']).where('id', 'in', ids).execute())
        .map((row) => {
          const data = JSON.parse(row.data) as Record<string, unknown>;
          // Ids inside the record are instance-specific: compare the content without them.
          const { id: _id, consentId: _consent, reverses: _reverses, ...content } = data;
          return { symbol: bySymbol.get(row.id), content };
        })
        .sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)));
    const ledger = await db
      .selectFrom('dues_payments')
      .select(['member_id', (eb) => eb.fn.sum<number>('amount_fen').as('total'), (eb) => eb.fn.countAll<number>().as('rows')])
      .where('id', 'in', ids)
      .groupBy('member_id')
      .orderBy('member_id')
      .execute();
    return {
      visits: await read('visits'),
      consents: await read('consents'),
      healthNotes: await read('health_notes'),
      payments: await read('dues_payments'),
      ledger: ledger.map((l) => ({ member: l.member_id, total: Number(l.total), rows: Number(l.rows) })),
    };
  }

  it('retries, duplicates and reorderings from 2–3 devices end in the state of one clean delivery', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 3 }), async (seed, clientCount) => {
        const scenario = buildScenario(seed, clientCount, fx);
        const clean = instantiate(scenario);
        for (const box of clean.outboxes) {
          for (let i = 0; i < box.envelopes.length; i += PUSH_BATCH_MAX) {
            await push(app, tokens[box.user] ?? '', box.clientId, box.envelopes.slice(i, i + PUSH_BATCH_MAX));
          }
        }
        // Snapshot now: a withdrawal purges the member's notes of both deliveries, which share the fixtures.
        const cleanState = await state(scenario, clean.id);
        const messy = instantiate(scenario);
        for (const send of messySchedule(createRandom(seed ^ 0x5bd1e995), messy.outboxes)) {
          const box = messy.outboxes[send.client];
          if (!box || send.batch.length === 0) continue;
          const answer = await push(app, tokens[box.user] ?? '', box.clientId, send.batch);
          expect(answer.results).toHaveLength(send.batch.length);
        }
        expect(await state(scenario, messy.id)).toEqual(cleanState);
      }),
      { numRuns: 40 },
    );
  });
});
