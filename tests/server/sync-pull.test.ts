import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { setImmediate } from 'node:timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/domain';
import { branchLedger } from '../../src/server/services/ledger';
import { pairWorker } from '../../src/server/services/pairings';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import {
  consent,
  countRows,
  healthNote,
  outbox,
  payment,
  pull,
  pullAll,
  push,
  reversalOf,
  seedFixtureDues,
  statuses,
  visit,
} from './sync-support';

const memberOf = (change: Change): string | null =>
  typeof change.data === 'object' && change.data !== null && 'memberId' in change.data && typeof change.data.memberId === 'string'
    ? change.data.memberId
    : null;

describe.each(backends)('sync pull on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const token = (username: string) => tokens[username] ?? '';
  /** Every record worker1 pushed for members only worker1 looks after (m4, m6): id → member id. */
  const worker1Only = new Map<string, string>();

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    await seedFixtureDues(backend.storage.db, fx);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'secretary1', 'admin1']) {
      tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
    }
    const w1 = fx.users.worker1.id;
    const device = outbox();
    const records = {
      v4: visit(fx.members.m4.id, w1),
      v6: visit(fx.members.m6.id, w1),
      c4: consent(fx.members.m4.id, w1),
      v1: visit(fx.members.m1.id, w1),
      c1: consent(fx.members.m1.id, w1),
    };
    const n4 = healthNote(fx.members.m4.id, records.c4.id, w1);
    const n1 = healthNote(fx.members.m1.id, records.c1.id, w1);
    const answer = await push(app, token('worker1'), device.clientId, [
      device.add('visit.submit', records.v4),
      device.add('visit.submit', records.v6),
      device.add('consent.give', records.c4),
      device.add('health_note.record', n4),
      device.add('visit.submit', records.v1),
      device.add('consent.give', records.c1),
      device.add('health_note.record', n1),
      device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, w1, ['2026-01'], 2500)),
    ]);
    expect(statuses(answer).every((s) => s === 'applied')).toBe(true);
    for (const record of [records.v4, records.v6, records.c4, n4]) worker1Only.set(record.id, record.memberId);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('a worker receives their members’ records, health notes and consents included, and the dues terms', async () => {
    const changes = await pullAll(app, token('worker1'));
    const entities = new Set(changes.map((c) => c.entity));
    expect([...entities].sort()).toEqual(['consent', 'dues_assessment', 'dues_payment', 'dues_policy', 'health_note', 'member', 'pairing', 'visit']);
    for (const id of worker1Only.keys()) expect(changes.some((c) => c.id === id)).toBe(true);
    const policy = changes.find((c) => c.entity === 'dues_policy');
    expect(policy).toMatchObject({ id: fx.branch1.id, op: 'upsert', data: { branchId: fx.branch1.id, maxMonthsPerPayment: 3 } });
    // m1 (B1) and m4 (B2, original unit) are worker1's; m2 and m3 are not.
    const assessed = changes.filter((c) => c.entity === 'dues_assessment').map(memberOf).sort();
    expect(assessed).toEqual([fx.members.m1.id, fx.members.m4.id].sort());
  });

  it('another worker never receives records of members they are not paired with', async () => {
    const changes = await pullAll(app, token('worker2'));
    for (const change of changes) {
      expect(worker1Only.has(change.id), `${change.entity} ${change.id}`).toBe(false);
      const member = memberOf(change);
      if (member !== null) expect([fx.members.m1.id, fx.members.m2.id, fx.members.m3.id, fx.members.m5.id]).toContain(member);
    }
    // As m1's backup worker, worker2 does see m1's records, health note included.
    expect(changes.some((c) => c.entity === 'health_note' && memberOf(c) === fx.members.m1.id)).toBe(true);
  });

  it('a secretary or an admin never receives health notes or consents, even of members in their scope', async () => {
    for (const username of ['secretary1', 'admin1']) {
      const changes = await pullAll(app, token(username));
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.filter((c) => c.entity === 'health_note' || c.entity === 'consent')).toEqual([]);
      expect(changes.some((c) => c.entity === 'visit' && memberOf(c) === fx.members.m1.id)).toBe(true);
    }
    const secretary = await pullAll(app, token('secretary1'));
    expect(secretary.some((c) => memberOf(c) === fx.members.m4.id)).toBe(false);
  });

  it('pages follow the cursor in strictly increasing versions and add up to one full pull', async () => {
    const full = await pull(app, token('worker1'), { limit: 1000 });
    expect(full.hasMore).toBe(false);
    const paged: Change[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const page = await pull(app, token('worker1'), { cursor, limit: 2 });
      expect(page.changes.length).toBeLessThanOrEqual(2);
      if (page.changes.length > 0) expect(page.cursor).toBe(page.changes.at(-1)?.version);
      paged.push(...page.changes);
      cursor = page.cursor;
      pages++;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(Math.ceil(full.changes.length / 2));
    expect(paged).toEqual(full.changes);
    const versions = paged.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    const after = await pull(app, token('worker1'), { cursor: full.cursor });
    expect(after).toMatchObject({ changes: [], cursor: full.cursor, hasMore: false, reset: false });
  });

  it('withdrawing consent purges the member’s health notes and a pull delivers their tombstones', async () => {
    const w1 = fx.users.worker1.id;
    const given = consent(fx.members.m6.id, w1);
    const notes = [healthNote(fx.members.m6.id, given.id, w1), healthNote(fx.members.m6.id, given.id, w1)];
    const device = outbox();
    await push(app, token('worker1'), device.clientId, [
      device.add('consent.give', given),
      ...notes.map((n) => device.add('health_note.record', n)),
    ]);
    const { cursor } = await pull(app, token('worker1'), { limit: 1000 });

    const withdrawal = device.add('consent.withdraw', { consentId: given.id, memberId: fx.members.m6.id, withdrawnAt: '2026-03-09T00:00:00.000Z' });
    expect(statuses(await push(app, token('worker1'), device.clientId, [withdrawal]))).toEqual(['applied']);
    const left = await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', fx.members.m6.id).execute();
    expect(left).toEqual([]);

    const changes = (await pull(app, token('worker1'), { cursor })).changes;
    expect(changes.find((c) => c.entity === 'consent')).toMatchObject({ id: given.id, op: 'upsert', data: { withdrawnAt: '2026-03-09T00:00:00.000Z' } });
    const tombstones = changes.filter((c) => c.entity === 'health_note');
    expect(tombstones.map((c) => [c.id, c.op, c.data]).sort()).toEqual(notes.map((n) => [n.id, 'delete', null]).sort());
    // From 0, the earlier upserts of the purged notes come as deletes too: their content is gone.
    const replay = await pullAll(app, token('worker1'));
    for (const note of notes) {
      expect(replay.filter((c) => c.id === note.id).every((c) => c.op === 'delete' && c.data === null)).toBe(true);
    }
    // Withdrawing again is a duplicate; a note under the withdrawn consent is refused.
    const again = await push(app, token('worker1'), randomUUID(), [
      outbox().add('consent.withdraw', { consentId: given.id, memberId: fx.members.m6.id, withdrawnAt: '2026-03-10T00:00:00.000Z' }),
      outbox().add('health_note.record', healthNote(fx.members.m6.id, given.id, w1)),
    ]);
    expect(statuses(again)).toEqual(['duplicate', 'rejected:NO_CONSENT']);
  });

  /** The months paid twice, as the branch's ledger (the domain's, over the database) flags them. */
  async function duplicateMonths(branchId: string) {
    const ledger = await branchLedger(backend.storage.db, fx.users.admin1, branchId, { from: '2026-01', to: '2026-12', asOf: '2026-12' });
    return ledger.duplicates.map(({ memberId, month, paymentIds }) => ({ memberId, month, paymentIds: [...paymentIds].sort() }));
  }

  it('two different payments for the same month are both kept and the ledger flags them until one is reversed', async () => {
    const first = payment(fx.members.m3.id, fx.branch1.id, fx.users.worker2.id, ['2026-02'], 20);
    const second = payment(fx.members.m3.id, fx.branch1.id, fx.users.secretary1.id, ['2026-02', '2026-03'], 40);
    expect(statuses(await push(app, token('worker2'), randomUUID(), [outbox().add('dues.record', first)]))).toEqual(['applied']);
    expect(statuses(await push(app, token('secretary1'), randomUUID(), [outbox().add('dues.record', second)]))).toEqual(['applied']);

    const found = await duplicateMonths(fx.branch1.id);
    expect(found).toEqual([{ memberId: fx.members.m3.id, month: '2026-02', paymentIds: [first.id, second.id].sort() }]);
    expect(await duplicateMonths(fx.branch2.id)).toEqual([]);

    const reversal = reversalOf(first, fx.users.secretary1.id);
    expect(statuses(await push(app, token('secretary1'), randomUUID(), [outbox().add('dues.record', reversal)]))).toEqual(['applied']);
    expect(await duplicateMonths(fx.branch1.id)).toEqual([]);
  });

  it('a scope change (a pairing ends) answers reset and replays from 0 without the member who left', async () => {
    const before = await pull(app, token('worker1'), { limit: 1000 });
    expect(before.changes.some((c) => memberOf(c) === fx.members.m4.id)).toBe(true);
    const same = await pull(app, token('worker1'), { cursor: before.cursor, scope: before.scope });
    expect(same).toMatchObject({ reset: false, changes: [], scope: before.scope });

    // m4 gets worker2 as primary: worker1's pairing ends.
    await pairWorker(backend.storage.db, { workerUsername: 'worker2', memberId: fx.members.m4.id, role: 'primary' });
    const after = await pull(app, token('worker1'), { cursor: before.cursor, scope: before.scope, limit: 1000 });
    expect(after.reset).toBe(true);
    expect(after.scope).not.toBe(before.scope);
    expect(after.changes[0]?.version).toBe(before.changes[0]?.version);
    const m4Records = [...worker1Only].filter(([, member]) => member === fx.members.m4.id).map(([id]) => id);
    expect(m4Records).toHaveLength(3);
    expect(after.changes.filter((c) => memberOf(c) === fx.members.m4.id || m4Records.includes(c.id))).toEqual([]);
    expect(after.changes.some((c) => memberOf(c) === fx.members.m6.id)).toBe(true);
    // worker2 now receives m4's history, health note included.
    const worker2 = await pullAll(app, token('worker2'));
    expect(worker2.some((c) => c.entity === 'health_note' && memberOf(c) === fx.members.m4.id)).toBe(true);
  });

  it('a cursor beyond the last version (a server restored from backup) answers reset and replays from 0', async () => {
    const full = await pull(app, token('worker1'), { limit: 1000 });
    const ahead = await pull(app, token('worker1'), { cursor: full.cursor + 1_000_000, scope: full.scope, limit: 1000 });
    expect(ahead.reset).toBe(true);
    expect(ahead.changes).toEqual(full.changes);
  });

  it('rejects a bad cursor and needs a session', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/sync/pull?cursor=-1', headers: bearer(token('worker1')) });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/sync/pull' })).statusCode).toBe(401);
    const outdated = await app.inject({ method: 'GET', url: '/api/sync/pull', headers: { ...bearer(token('worker1')), 'x-doorstep-protocol': '0' } });
    expect(outdated.statusCode).toBe(426);
  });

  it('versions are commit-ordered under concurrent pushes: a reader pulling in pages meanwhile skips nothing', async () => {
    const seen: Change[] = [];
    let cursor = (await pull(app, token('admin1'), { limit: 1000 })).cursor;
    const logBefore = await countRows(backend.storage.db, 'change_log');
    let pushing = true;
    const reader = (async () => {
      // Pulls in small pages while pushes commit; once pushing stops, one more round catches up.
      for (let rounds = 0; rounds < 10_000; rounds++) {
        const stillPushing = pushing;
        const page = await pull(app, token('admin1'), { cursor, limit: 3 });
        seen.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore && !stillPushing) return;
        // inject() with synchronous SQLite never leaves the microtask queue: yield, as a real network does.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const pushes = Array.from({ length: 8 }, (_, i) => {
      const [username, memberId, userId] =
        i % 2 === 0 ? ['worker1', fx.members.m1.id, fx.users.worker1.id] : ['worker2', fx.members.m2.id, fx.users.worker2.id];
      const device = outbox();
      return push(app, token(username), device.clientId, Array.from({ length: 5 }, () => device.add('visit.submit', visit(memberId, userId))));
    });
    const answers = await Promise.all(pushes);
    pushing = false;
    await reader;

    for (const answer of answers) expect(statuses(answer)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(await countRows(backend.storage.db, 'change_log')).toBe(logBefore + 40);
    const versions = seen.map((c) => c.version);
    expect(new Set(versions).size).toBe(40);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    // No gaps: every version handed out in that time reached the reader.
    expect(versions.at(-1)! - versions[0]! + 1).toBe(40);
  });
});
