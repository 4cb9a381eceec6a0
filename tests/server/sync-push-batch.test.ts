import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_BATCH_MAX } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { consent, countRows, healthNote, outbox, payment, push, reversalOf, seedFixtureDues, statuses, visit } from './sync-support';

/**
 * A push reads what its checks need for the whole batch at once and writes its rows in bulk: a later
 * mutation of the same batch must still see the effects of an earlier one exactly as if each mutation had
 * been applied on its own.
 */
describe.each(backends)('sync push, effects within one batch, on %s', (kind) => {
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
    for (const username of ['worker1', 'worker2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const db = () => backend.storage.db;
  const w1 = () => fx.users.worker1.id;
  const counts = () => Promise.all([countRows(db(), 'visits'), countRows(db(), 'change_log'), countRows(db(), 'sync_mutations')]);
  const lastVersion = async () =>
    Number((await db().selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow()).value);
  const changesAfter = (version: number) =>
    db().selectFrom('change_log').select(['version', 'entity', 'entity_id', 'op']).where('version', '>', version).orderBy('version').execute();

  it('the same mutation id twice in one batch is settled once, the second answered from the first', async () => {
    const device = outbox();
    const good = device.add('visit.submit', visit(fx.members.m1.id, w1()));
    const bad = device.add('visit.submit', visit(fx.members.m3.id, w1()));
    const before = await counts();
    const response = await push(app, token('worker1'), device.clientId, [good, bad, good, bad]);
    expect(statuses(response)).toEqual(['applied', 'rejected:NOT_FOUND', 'duplicate', 'rejected:NOT_FOUND']);
    expect(response.results[3]?.message).toBe(response.results[1]?.message);
    expect(response.lastSettledSeq).toBe(2);
    expect(await counts()).toEqual([before[0] + 1, before[1] + 1, before[2] + 2]);
  });

  it('the same visit twice in one batch counts once; with other content the second is a conflict', async () => {
    const device = outbox();
    const record = visit(fx.members.m1.id, w1());
    const before = await counts();
    const response = await push(app, token('worker1'), device.clientId, [
      device.add('visit.submit', record),
      device.add('visit.submit', { ...record, visitorIds: [...record.visitorIds] }),
      device.add('visit.submit', { ...record, notes: '另一份内容' }),
    ]);
    expect(statuses(response)).toEqual(['applied', 'duplicate', 'rejected:CONFLICT']);
    expect(await counts()).toEqual([before[0] + 1, before[1] + 1, before[2] + 3]);
    const stored = await db().selectFrom('visits').select('data').where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toEqual(record);
  });

  it('a visit may amend one applied earlier in the same batch, of the same member only', async () => {
    const device = outbox();
    const original = visit(fx.members.m1.id, w1());
    const other = visit(fx.members.m4.id, w1());
    const refused = visit(fx.members.m1.id, w1(), { templateVersion: 99 });
    const response = await push(app, token('worker1'), device.clientId, [
      device.add('visit.submit', visit(fx.members.m1.id, w1(), { amends: original.id })),
      device.add('visit.submit', original),
      device.add('visit.submit', other),
      device.add('visit.submit', visit(fx.members.m1.id, w1(), { amends: original.id })),
      device.add('visit.submit', visit(fx.members.m1.id, w1(), { amends: other.id })),
      device.add('visit.submit', refused),
      // Refused earlier in the batch, so there is nothing to amend.
      device.add('visit.submit', visit(fx.members.m1.id, w1(), { amends: refused.id })),
    ]);
    expect(statuses(response)).toEqual([
      'rejected:VISIT_BAD_AMENDS',
      'applied',
      'applied',
      'applied',
      'rejected:VISIT_BAD_AMENDS',
      'rejected:VISIT_TEMPLATE_UNKNOWN',
      'rejected:VISIT_BAD_AMENDS',
    ]);
  });

  it('a refused mutation between applied ones contributes nothing, and the versions stay contiguous in batch order', async () => {
    const device = outbox();
    const first = visit(fx.members.m1.id, w1());
    const third = visit(fx.members.m4.id, w1());
    const before = await counts();
    const version = await lastVersion();
    const response = await push(app, token('worker1'), device.clientId, [
      device.add('visit.submit', first),
      device.add('visit.submit', visit(fx.members.m1.id, w1(), { templateVersion: 99 })),
      device.add('visit.submit', third),
    ]);
    expect(statuses(response)).toEqual(['applied', 'rejected:VISIT_TEMPLATE_UNKNOWN', 'applied']);
    expect(await counts()).toEqual([before[0] + 2, before[1] + 2, before[2] + 3]);
    const changes = await changesAfter(version);
    expect(changes.map((c) => [Number(c.version), c.entity_id])).toEqual([
      [version + 1, first.id],
      [version + 2, third.id],
    ]);
  });

  it('visits, consent, health note, a payment and its reversal in one batch apply in array order', async () => {
    const device = outbox();
    const v1 = visit(fx.members.m1.id, w1());
    const given = consent(fx.members.m1.id, w1());
    const v2 = visit(fx.members.m1.id, w1(), { amends: v1.id });
    const note = healthNote(fx.members.m1.id, given.id, w1());
    const paid = payment(fx.members.m1.id, fx.branch1.id, w1(), ['2026-04'], 2500);
    const reversal = reversalOf(paid, w1());
    const v3 = visit(fx.members.m4.id, w1());
    const version = await lastVersion();
    const response = await push(app, token('worker1'), device.clientId, [
      device.add('visit.submit', v1),
      device.add('consent.give', given),
      device.add('visit.submit', v2),
      device.add('health_note.record', note),
      device.add('dues.record', paid),
      device.add('dues.record', reversal),
      device.add('dues.record', reversalOf(paid, w1())),
      device.add('visit.submit', v3),
    ]);
    expect(statuses(response)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'rejected:DUES_BAD_REVERSAL', 'applied']);
    expect(response.lastSettledSeq).toBe(8);
    const changes = await changesAfter(version);
    expect(changes.map((c) => [Number(c.version) - version, c.entity, c.entity_id])).toEqual([
      [1, 'visit', v1.id],
      [2, 'consent', given.id],
      [3, 'visit', v2.id],
      [4, 'health_note', note.id],
      [5, 'dues_payment', paid.id],
      [6, 'dues_payment', reversal.id],
      [7, 'visit', v3.id],
    ]);
    const outcomes = await db()
      .selectFrom('sync_mutations')
      .select(['seq', 'status', 'code'])
      .where('client_id', '=', device.clientId)
      .orderBy('seq')
      .execute();
    expect(outcomes.map((o) => `${o.seq}:${o.status}${o.code ? `:${o.code}` : ''}`)).toEqual([
      '1:applied', '2:applied', '3:applied', '4:applied', '5:applied', '6:applied', '7:rejected:DUES_BAD_REVERSAL', '8:applied',
    ]);
  });

  it('a consent withdrawn earlier in the batch refuses a later health note of that member', async () => {
    const device = outbox();
    const given = consent(fx.members.m1.id, w1());
    const response = await push(app, token('worker1'), device.clientId, [
      device.add('consent.give', given),
      device.add('health_note.record', healthNote(fx.members.m1.id, given.id, w1())),
      device.add('visit.submit', visit(fx.members.m1.id, w1())),
      device.add('consent.withdraw', { consentId: given.id, memberId: fx.members.m1.id, withdrawnAt: '2026-03-06T02:00:00.000Z' }),
      device.add('health_note.record', healthNote(fx.members.m1.id, given.id, w1())),
      device.add('visit.submit', visit(fx.members.m1.id, w1())),
    ]);
    expect(statuses(response)).toEqual(['applied', 'applied', 'applied', 'applied', 'rejected:NO_CONSENT', 'applied']);
    const notes = await db().selectFrom('health_notes').select('id').where('consent_id', '=', given.id).execute();
    expect(notes).toEqual([]);
  });

  it('a full batch of visits over several members applies with one contiguous run of versions', async () => {
    const device = outbox();
    const members = [fx.members.m1.id, fx.members.m4.id, fx.members.m6.id];
    const records = Array.from({ length: PUSH_BATCH_MAX }, (_, i) => visit(members[i % members.length]!, w1()));
    const version = await lastVersion();
    const response = await push(app, token('worker1'), device.clientId, records.map((r) => device.add('visit.submit', r)));
    expect(new Set(statuses(response))).toEqual(new Set(['applied']));
    const changes = await changesAfter(version);
    expect(changes.map((c) => c.entity_id)).toEqual(records.map((r) => r.id));
    expect(changes.map((c) => Number(c.version))).toEqual(records.map((_, i) => version + 1 + i));
    expect(await lastVersion()).toBe(version + PUSH_BATCH_MAX);

    // Delivered again, with a shorter batch in between, all of it is duplicate.
    const again = await push(app, token('worker1'), device.clientId, [
      ...records.slice(0, 50).map((r) => outbox().add('visit.submit', r)),
    ]);
    expect(new Set(statuses(again))).toEqual(new Set(['duplicate']));
    expect(await lastVersion()).toBe(version + PUSH_BATCH_MAX);
  });
});
