import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_BATCH_MAX, VISIT_TEMPLATES } from '../../src/domain';
import { policyForBranch, saveDuesPolicy } from '../../src/server/services/dues-terms';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import {
  consent,
  countRows,
  healthNote,
  outbox,
  payment,
  push,
  pushRaw,
  reversalOf,
  seedFixtureDues,
  statuses,
  visit,
} from './sync-support';

describe.each(backends)('sync push on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const token = (username: string) => tokens[username] ?? '';

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    await seedFixtureDues(backend.storage.db, fx);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'secretary1', 'admin1']) {
      tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
    }
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const db = () => backend.storage.db;
  const w1 = () => fx.users.worker1.id;

  it('applies each type of mutation, and a replay of the batch is all duplicate with nothing written twice', async () => {
    const device = outbox();
    const given = consent(fx.members.m1.id, w1());
    const batch = [
      device.add('visit.submit', visit(fx.members.m1.id, w1())),
      device.add('consent.give', given),
      device.add('health_note.record', healthNote(fx.members.m1.id, given.id, w1())),
      device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-01', '2026-02'], 5000)),
    ];
    const before = await Promise.all([countRows(db(), 'visits'), countRows(db(), 'change_log'), countRows(db(), 'sync_mutations')]);
    const first = await push(app, token('worker1'), device.clientId, batch);
    expect(statuses(first)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(first.results.map((r) => r.mutationId)).toEqual(batch.map((m) => m.id));
    expect(first.lastSettledSeq).toBe(4);
    const after = await Promise.all([countRows(db(), 'visits'), countRows(db(), 'change_log'), countRows(db(), 'sync_mutations')]);
    expect(after).toEqual([before[0] + 1, before[1] + 4, before[2] + 4]);

    const replay = await push(app, token('worker1'), device.clientId, batch);
    expect(statuses(replay)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(replay.lastSettledSeq).toBe(4);
    expect(await Promise.all([countRows(db(), 'visits'), countRows(db(), 'change_log'), countRows(db(), 'sync_mutations')])).toEqual(after);

    const stored = await db().selectFrom('visits').select('data').where('id', '=', (batch[0]?.record as { id: string }).id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toEqual(batch[0]?.record);
  });

  it('the same record from a reinstalled device (new client id, new mutation id) counts once', async () => {
    const paid = payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-03'], 2500);
    const first = await push(app, token('worker1'), randomUUID(), [outbox().add('dues.record', paid)]);
    expect(statuses(first)).toEqual(['applied']);
    const again = await push(app, token('worker1'), randomUUID(), [outbox().add('dues.record', { ...paid, months: [...paid.months] })]);
    expect(statuses(again)).toEqual(['duplicate']);
    const rows = await db().selectFrom('dues_payments').select('id').where('id', '=', paid.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('the same record id with different content is a conflict and changes nothing', async () => {
    const original = visit(fx.members.m1.id, w1());
    await push(app, token('worker1'), randomUUID(), [outbox().add('visit.submit', original)]);
    const altered = { ...original, notes: '改过的内容' };
    const response = await push(app, token('worker1'), randomUUID(), [outbox().add('visit.submit', altered)]);
    expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'CONFLICT', message: '同一记录内容不一致，已拒绝' });
    const stored = await db().selectFrom('visits').select('data').where('id', '=', original.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toEqual(original);
  });

  it('rejects each bad mutation with its code while the others of the batch apply', async () => {
    const device = outbox();
    const withdrawnConsent = consent(fx.members.m4.id, w1());
    await push(app, token('worker1'), randomUUID(), [
      outbox().add('consent.give', withdrawnConsent),
      outbox().add('consent.withdraw', { consentId: withdrawnConsent.id, memberId: fx.members.m4.id, withdrawnAt: AT_LATER }),
    ]);
    const paid = payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-04'], 2500);
    await push(app, token('worker1'), randomUUID(), [outbox().add('dues.record', paid)]);

    const good = () => device.add('visit.submit', visit(fx.members.m1.id, w1()));
    const cases: [string, ReturnType<typeof device.add>][] = [
      ['VALIDATION_FAILED', { ...good(), id: 'not-a-uuid' }],
      ['VALIDATION_FAILED', device.add('visit.submit', { ...visit(fx.members.m1.id, w1()), outcome: 'vanished' })],
      ['UNSUPPORTED_MUTATION', device.add('meeting.attend', { id: randomUUID() })],
      ['NOT_FOUND', device.add('visit.submit', visit(fx.members.m3.id, w1()))],
      ['NO_CONSENT', device.add('health_note.record', healthNote(fx.members.m1.id, randomUUID(), w1()))],
      ['NO_CONSENT', device.add('health_note.record', healthNote(fx.members.m4.id, withdrawnConsent.id, w1()))],
      ['DUES_OTHER_CHANNEL', device.add('dues.record', payment(fx.members.m4.id, fx.branch2.id, w1(), ['2026-01'], 6200))],
      ['DUES_TOO_MANY_MONTHS', device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-05', '2026-06', '2026-07', '2026-08'], 10000))],
      ['DUES_TOO_MANY_MONTHS', device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-05', '2026-05'], 5000))],
      ['DUES_AMOUNT_MISMATCH', device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-05'], 5000))],
      ['DUES_NOT_ASSESSED', device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, w1(), ['2025-12'], 2500))],
      ['DUES_BAD_REVERSAL', device.add('dues.record', { ...reversalOf(paid, w1()), amountFen: -100, allocation: [{ month: '2026-04', amountFen: -100 }] })],
      ['DUES_BAD_REVERSAL', device.add('dues.record', reversalOf(payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-04'], 2500), w1()))],
      ['NOT_A_PARTY_MEMBER', device.add('dues.record', payment(fx.members.m6.id, fx.branch1.id, w1(), ['2026-01'], 2500))],
      ['VISIT_TEMPLATE_UNKNOWN', device.add('visit.submit', visit(fx.members.m1.id, w1(), { templateVersion: 99 }))],
      ['VISIT_INCOMPLETE', device.add('visit.submit', visit(fx.members.m1.id, w1(), { homeSafety: null }))],
      ['VISIT_BAD_AMENDS', device.add('visit.submit', visit(fx.members.m1.id, w1(), { amends: randomUUID() }))],
      ['ACTOR_MISMATCH', device.add('consent.give', consent(fx.members.m1.id, fx.users.worker2.id))],
      ['ACTOR_MISMATCH', device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, fx.users.worker2.id, ['2026-05'], 2500))],
      ['ACTOR_MISMATCH', device.add('visit.submit', visit(fx.members.m1.id, fx.users.worker2.id))],
    ];
    const goods = [good(), good()];
    const batch = [goods[0], ...cases.map(([, m]) => m), goods[1]];
    const visitsBefore = await countRows(db(), 'visits');
    const logBefore = await countRows(db(), 'change_log');
    const response = await push(app, token('worker1'), device.clientId, batch);

    expect(statuses(response)).toEqual(['applied', ...cases.map(([code]) => `rejected:${code}`), 'applied']);
    expect(await countRows(db(), 'visits')).toBe(visitsBefore + 2);
    expect(await countRows(db(), 'change_log')).toBe(logBefore + 2);
    // The malformed envelope is answered by position; its id was unusable.
    expect(response.results[1]).toMatchObject({ index: 1, mutationId: null });
    const mismatch = response.results.find((r) => r.code === 'DUES_AMOUNT_MISMATCH');
    expect(mismatch?.message).toContain('应缴 25.00 元');
    const outOfScope = response.results.find((r) => r.code === 'NOT_FOUND');
    expect(outOfScope?.message).toBe('未找到该记录');

    // A retry answers each rejection again with its stored code, and still writes nothing.
    const retry = await push(app, token('worker1'), device.clientId, batch.slice(2));
    expect(statuses(retry)).toEqual([...cases.slice(1).map(([code]) => `rejected:${code}`), 'duplicate']);
    expect(await countRows(db(), 'visits')).toBe(visitsBefore + 2);
  });

  it('values the databases cannot store are refused per mutation, never failing the whole push', async () => {
    const device = outbox();
    const hugeSeq = { ...device.add('visit.submit', visit(fx.members.m1.id, w1())), seq: 2 ** 40 };
    const nul = device.add('bad\u0000type', { id: randomUUID() });
    const template = device.add('visit.submit', visit(fx.members.m1.id, w1(), { templateId: 'x\u0000y' }));
    const fine = device.add('visit.submit', visit(fx.members.m1.id, w1()));
    const response = await push(app, token('worker1'), device.clientId, [hugeSeq, nul, template, fine]);
    expect(statuses(response)).toEqual(['rejected:VALIDATION_FAILED', 'rejected:UNSUPPORTED_MUTATION', 'rejected:VISIT_TEMPLATE_UNKNOWN', 'applied']);
    expect(response.results[1]?.message).toBe('不支持的同步操作类型：badtype');
  });

  it('a reversal undoes a payment once; a second reversal is refused', async () => {
    const paid = payment(fx.members.m2.id, fx.branch1.id, fx.users.worker2.id, ['2026-01', '2026-02', '2026-03'], 15000);
    const device = outbox();
    const first = await push(app, token('worker2'), device.clientId, [
      device.add('dues.record', paid),
      device.add('dues.record', reversalOf(paid, fx.users.worker2.id)),
      device.add('dues.record', reversalOf(paid, fx.users.worker2.id)),
    ]);
    expect(statuses(first)).toEqual(['applied', 'applied', 'rejected:DUES_BAD_REVERSAL']);
    const sum = await db()
      .selectFrom('dues_payments')
      .select((eb) => eb.fn.sum<number>('amount_fen').as('total'))
      .where('member_id', '=', fx.members.m2.id)
      .executeTakeFirstOrThrow();
    expect(Number(sum.total)).toBe(0);
  });

  it('a branch that does not allow paying ahead refuses months after the collection month, not back-payment', async () => {
    const policy = await policyForBranch(db(), fx.branch1.id);
    await saveDuesPolicy(db(), { ...policy, quarterlyAllowed: false });
    try {
      // AT is 2026-03-05 in Beijing: March is the collection month.
      const device = outbox();
      const answer = await push(app, token('worker2'), device.clientId, [
        device.add('dues.record', payment(fx.members.m3.id, fx.branch1.id, fx.users.worker2.id, ['2026-03', '2026-04'], 40)),
        device.add('dues.record', payment(fx.members.m3.id, fx.branch1.id, fx.users.worker2.id, ['2026-01', '2026-02', '2026-03'], 60)),
      ]);
      expect(statuses(answer)).toEqual(['rejected:DUES_AHEAD_NOT_ALLOWED', 'applied']);
      expect(answer.results[0]?.message).toBe('本支部未同意按季度或提前交纳（预交）：2026-03 收取的党费不能交纳 2026-04');
    } finally {
      await saveDuesPolicy(db(), policy);
    }
  });

  it('a voluntary extra rides on top of the dues; its reversal must undo it too', async () => {
    const device = outbox();
    const generous = payment(fx.members.m2.id, fx.branch1.id, fx.users.worker2.id, ['2026-08'], 105_000, {
      allocation: [{ month: '2026-08', amountFen: 5_000 }],
      voluntaryFen: 100_000,
    });
    const partial = { ...reversalOf(generous, fx.users.worker2.id), amountFen: -5_000, voluntaryFen: 0 };
    const answer = await push(app, token('worker2'), device.clientId, [
      device.add('dues.record', generous),
      device.add('dues.record', partial),
      device.add('dues.record', reversalOf(generous, fx.users.worker2.id)),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'rejected:DUES_BAD_REVERSAL', 'applied']);
  });

  it('the whole-base rule decides the amount: 5,000.01 元 owes 50.00 元 a month, the fixed category 0.20 元', async () => {
    const device = outbox();
    const response = await push(app, token('worker2'), device.clientId, [
      device.add('dues.record', payment(fx.members.m2.id, fx.branch1.id, fx.users.worker2.id, ['2026-06'], 2500)),
      device.add('dues.record', payment(fx.members.m2.id, fx.branch1.id, fx.users.worker2.id, ['2026-06'], 5000)),
      device.add('dues.record', payment(fx.members.m3.id, fx.branch1.id, fx.users.worker2.id, ['2026-06', '2026-07'], 40)),
    ]);
    expect(statuses(response)).toEqual(['rejected:DUES_AMOUNT_MISMATCH', 'applied', 'applied']);
    expect(response.results[0]?.message).toContain('应缴 50.00 元');
  });

  it('only paired workers record health data; a secretary is told NOT_FOUND', async () => {
    const device = outbox();
    const response = await push(app, token('secretary1'), device.clientId, [
      device.add('consent.give', consent(fx.members.m1.id, fx.users.secretary1.id)),
      device.add('dues.record', payment(fx.members.m1.id, fx.branch1.id, fx.users.secretary1.id, ['2026-09'], 2500)),
    ]);
    expect(statuses(response)).toEqual(['rejected:NOT_FOUND', 'applied']);
  });

  it('advances last_settled_seq in the same transaction, including rejected mutations', async () => {
    const device = outbox();
    const response = await push(app, token('worker1'), device.clientId, [
      device.add('visit.submit', visit(fx.members.m1.id, w1())),
      device.add('visit.submit', visit(fx.members.m3.id, w1())),
    ]);
    expect(response.lastSettledSeq).toBe(2);
    const row = await db().selectFrom('sync_clients').selectAll().where('client_id', '=', device.clientId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: w1(), last_settled_seq: 2 });
    const next = await push(app, token('worker1'), device.clientId, [device.add('visit.submit', visit(fx.members.m1.id, w1()))]);
    expect(next.lastSettledSeq).toBe(3);
  });

  it('a client id belongs to one user: another user pushing with it gets 403 and nothing is applied', async () => {
    const device = outbox();
    await push(app, token('worker1'), device.clientId, [device.add('visit.submit', visit(fx.members.m1.id, w1()))]);
    const stolen = visit(fx.members.m2.id, fx.users.worker2.id);
    const response = await pushRaw(app, token('worker2'), { clientId: device.clientId, mutations: [device.add('visit.submit', stolen)] });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await db().selectFrom('visits').select('id').where('id', '=', stolen.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a missing or older protocol with 426 CLIENT_OUTDATED, before reading the batch', async () => {
    const body = { clientId: randomUUID(), mutations: [outbox().add('visit.submit', visit(fx.members.m1.id, w1()))] };
    for (const protocol of [null, '0', 'abc']) {
      const response = await pushRaw(app, token('worker1'), body, protocol);
      expect(response.statusCode, String(protocol)).toBe(426);
      expect(response.json()).toEqual({ error: { code: 'CLIENT_OUTDATED', message: '应用版本过旧，请更新后再同步' } });
    }
    expect(await db().selectFrom('sync_clients').select('client_id').where('client_id', '=', body.clientId).executeTakeFirst()).toBeUndefined();
  });

  it('answers 413 to a push over the body limit and 400 to more than PUSH_BATCH_MAX mutations', async () => {
    const huge = { clientId: randomUUID(), mutations: [outbox().add('visit.submit', { notes: 'x'.repeat(1_100_000) })] };
    const tooLarge = await pushRaw(app, token('worker1'), huge);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const device = outbox();
    const many = Array.from({ length: PUSH_BATCH_MAX + 1 }, () => device.add('visit.submit', visit(fx.members.m1.id, w1())));
    const tooMany = await pushRaw(app, token('worker1'), { clientId: device.clientId, mutations: many });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('needs a session', async () => {
    const response = await pushRaw(app, 'not-a-token', { clientId: randomUUID(), mutations: [] });
    expect(response.statusCode).toBe(401);
  });

  it('serves the versioned visit forms to signed-in users', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/forms', headers: bearer(token('worker1')) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ templates: JSON.parse(JSON.stringify(VISIT_TEMPLATES)) });
    expect((await app.inject({ method: 'GET', url: '/api/forms' })).statusCode).toBe(401);
  });
});

const AT_LATER = '2026-03-06T02:00:00.000Z';
