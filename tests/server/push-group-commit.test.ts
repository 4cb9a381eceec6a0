import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse, type PushRequest, type User } from '../../src/domain';
import { pushTogether, type PushJob } from '../../src/server/services/sync-push';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { consent, countRows, healthNote, outbox, pushRaw, statuses, visit } from './sync-support';

/**
 * Group commit: pushes that arrive together are applied in one transaction, one after the other. Each must
 * be answered exactly as if it had been applied alone right after the ones before it, and a push that fails
 * must not change the others' answers.
 */
describe.each(backends)('sync push, group commit, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const token = (username: string) => tokens[username] ?? '';

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const db = () => backend.storage.db;
  const w1 = () => fx.users.worker1.id;
  const w2 = () => fx.users.worker2.id;
  const silent = { warn() {} };
  const job = (user: User, request: PushRequest): PushJob => ({ user, request, log: silent });
  const answer = (outcome: Awaited<ReturnType<typeof pushTogether>>[number] | undefined): PushResponse => {
    if (!outcome?.ok) throw new Error(`push failed: ${String(outcome?.error)}`);
    return outcome.response;
  };

  it('many pushes at once are all applied, with commit-ordered versions without gaps', async () => {
    const before = Number((await db().selectFrom('sync_counter').select('value').executeTakeFirstOrThrow()).value);
    const devices = Array.from({ length: 40 }, (_, i) => ({ username: i % 2 ? 'worker1' : 'worker2', device: outbox() }));
    const responses = await Promise.all(
      devices.map(({ username, device }) => {
        const memberId = username === 'worker1' ? fx.members.m1.id : fx.members.m2.id;
        const userId = username === 'worker1' ? w1() : w2();
        const mutations = Array.from({ length: 5 }, () => device.add('visit.submit', visit(memberId, userId)));
        return pushRaw(app, token(username), { clientId: device.clientId, mutations });
      }),
    );
    for (const response of responses) {
      expect(response.statusCode, response.body).toBe(200);
      const body = PushResponse.parse(response.json());
      expect(statuses(body)).toEqual(Array(5).fill('applied'));
      expect(body.lastSettledSeq).toBe(5);
    }
    const versions = await db().selectFrom('change_log').select('version').where('version', '>', before).orderBy('version').execute();
    expect(versions.map((v) => Number(v.version))).toEqual(Array.from({ length: 200 }, (_, i) => before + i + 1));
    const clients = await db()
      .selectFrom('sync_clients')
      .select(['client_id', 'last_settled_seq'])
      .where('client_id', 'in', devices.map((d) => d.device.clientId))
      .execute();
    expect(clients.map((c) => c.last_settled_seq)).toEqual(Array(40).fill(5));
  });

  it('the same mutations pushed twice at once (a retry racing the original) are applied once', async () => {
    const device = outbox();
    const mutations = [device.add('visit.submit', visit(fx.members.m1.id, w1())), device.add('visit.submit', visit(fx.members.m3.id, w1()))];
    const before = await countRows(db(), 'visits');
    const [first, second] = await Promise.all([
      pushRaw(app, token('worker1'), { clientId: device.clientId, mutations }),
      pushRaw(app, token('worker1'), { clientId: device.clientId, mutations }),
    ]);
    const answers = [first, second].map((r) => statuses(PushResponse.parse(r?.json())));
    expect(answers).toContainEqual(['applied', 'rejected:NOT_FOUND']);
    expect(answers).toContainEqual(['duplicate', 'rejected:NOT_FOUND']);
    expect(await countRows(db(), 'visits')).toBe(before + 1);
  });

  it('a push refused as a whole (another user’s client id) is refused alone; the pushes with it are applied', async () => {
    const taken = outbox();
    const owner = await pushRaw(app, token('worker1'), { clientId: taken.clientId, mutations: [taken.add('visit.submit', visit(fx.members.m1.id, w1()))] });
    expect(owner.statusCode).toBe(200);
    const stolen = visit(fx.members.m2.id, w2());
    const others = Array.from({ length: 4 }, () => outbox());
    const [refused, ...applied] = await Promise.all([
      pushRaw(app, token('worker2'), { clientId: taken.clientId, mutations: [outbox(taken.clientId).add('visit.submit', stolen)] }),
      ...others.map((device) => pushRaw(app, token('worker2'), { clientId: device.clientId, mutations: [device.add('visit.submit', visit(fx.members.m2.id, w2()))] })),
    ]);
    expect(refused?.statusCode).toBe(403);
    expect(refused?.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    for (const response of applied) expect(statuses(PushResponse.parse(response.json()))).toEqual(['applied']);
    expect(await db().selectFrom('visits').select('id').where('id', '=', stolen.id).executeTakeFirst()).toBeUndefined();
  });

  it('a later push of the group sees an earlier one: a client id claimed, a consent given, a visit amended', async () => {
    const device = outbox();
    const given = consent(fx.members.m1.id, w1());
    const original = visit(fx.members.m1.id, w1());
    const outcomes = await pushTogether(db(), [
      job(fx.users.worker1, { clientId: device.clientId, mutations: [device.add('consent.give', given), device.add('visit.submit', original)] }),
      job(fx.users.worker1, {
        clientId: device.clientId,
        mutations: [
          device.add('health_note.record', healthNote(fx.members.m1.id, given.id, w1())),
          device.add('visit.submit', visit(fx.members.m1.id, w1(), { amends: original.id })),
          device.add('visit.submit', original),
        ],
      }),
      job(fx.users.worker2, { clientId: device.clientId, mutations: [outbox().add('visit.submit', visit(fx.members.m2.id, w2()))] }),
    ]);
    expect(statuses(answer(outcomes[0]))).toEqual(['applied', 'applied']);
    expect(answer(outcomes[0]).lastSettledSeq).toBe(2);
    expect(statuses(answer(outcomes[1]))).toEqual(['applied', 'applied', 'duplicate']);
    expect(answer(outcomes[1]).lastSettledSeq).toBe(5);
    expect(outcomes[2]?.ok).toBe(false);
    expect(outcomes[2]?.ok === false && outcomes[2].error).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the same pushes in the other order are answered as in that order', async () => {
    const device = outbox();
    const given = consent(fx.members.m1.id, w1());
    const note = device.add('health_note.record', healthNote(fx.members.m1.id, given.id, w1()));
    const give = device.add('consent.give', given);
    const outcomes = await pushTogether(db(), [
      job(fx.users.worker1, { clientId: device.clientId, mutations: [note] }),
      job(fx.users.worker1, { clientId: device.clientId, mutations: [give] }),
    ]);
    expect(statuses(answer(outcomes[0]))).toEqual(['rejected:NO_CONSENT']);
    expect(statuses(answer(outcomes[1]))).toEqual(['applied']);
    expect(answer(outcomes[1]).lastSettledSeq).toBe(2);
  });

  it('a push failing in the database fails alone: the others are applied as if it had not been there', async () => {
    const ghost: User = { ...fx.users.worker1, id: randomUUID() };
    const good = [outbox(), outbox()];
    const ghostDevice = outbox();
    const before = await countRows(db(), 'visits');
    const outcomes = await pushTogether(db(), [
      job(fx.users.worker1, { clientId: good[0]!.clientId, mutations: [good[0]!.add('visit.submit', visit(fx.members.m1.id, w1()))] }),
      // A user that does not exist: its sync client row breaks a foreign key, a database error.
      job(ghost, { clientId: ghostDevice.clientId, mutations: [ghostDevice.add('visit.submit', visit(fx.members.m6.id, ghost.id))] }),
      job(fx.users.worker1, { clientId: good[1]!.clientId, mutations: [good[1]!.add('visit.submit', visit(fx.members.m4.id, w1()))] }),
    ]);
    expect(statuses(answer(outcomes[0]))).toEqual(['applied']);
    expect(outcomes[1]?.ok).toBe(false);
    expect(statuses(answer(outcomes[2]))).toEqual(['applied']);
    expect(await countRows(db(), 'visits')).toBe(before + 2);
    expect(await db().selectFrom('sync_clients').select('client_id').where('client_id', '=', ghostDevice.clientId).executeTakeFirst()).toBeUndefined();
  });
});
