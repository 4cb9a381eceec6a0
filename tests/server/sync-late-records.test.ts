import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminPairingList } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { call } from './admin-support';
import { consent, healthNote, outbox, pull, pullAll, push, statuses, visit } from './sync-support';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/**
 * docs/DOMAIN.md §6: a record made offline while a pairing was in force is kept when it arrives after the
 * pairing ended — within the grace (LATE_RECORD_GRACE_DAYS, 30 by default) — and only then.
 */
describe.each(backends)('records made while a pairing was in force, arriving after it ended, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const w1 = () => fx.users.worker1.id;
  const tuesday = daysAgo(2);

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'admin1']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('Tuesday’s visit, consent and health note, recorded offline; m4 reassigned on Wednesday; online on Thursday: they land', async () => {
    const m4 = fx.members.m4.id;
    const phone = outbox();
    const tuesdayVisit = visit(m4, w1(), { occurredAt: tuesday, recordedAt: tuesday });
    const given = consent(m4, w1(), { givenAt: tuesday });
    const note = healthNote(m4, given.id, w1(), { recordedAt: tuesday });
    const offline = [phone.add('visit.submit', tuesdayVisit), phone.add('consent.give', given), phone.add('health_note.record', note)];

    // Wednesday: the admin makes worker2 m4's primary worker; worker1's pairing ends.
    const reassigned = await call(app, tokens.admin1!, 'POST', '/api/admin/pairings', { workerId: fx.users.worker2.id, memberIds: [m4], role: 'primary' });
    expect(reassigned.body).toMatchObject({ paired: 1, ended: 1 });

    // Thursday: the phone is back online.
    expect(statuses(await push(app, tokens.worker1!, phone.clientId, offline))).toEqual(['applied', 'applied', 'applied']);
    expect(await backend.storage.db.selectFrom('visits').select('submitted_by').where('id', '=', tuesdayVisit.id).executeTakeFirst()).toEqual({ submitted_by: w1() });
    // The care goes on with worker2: the note stays, and reaches worker2's device.
    expect(await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', m4).execute()).toEqual([{ id: note.id }]);
    const worker2 = await pullAll(app, tokens.worker2!);
    expect(worker2.some((c) => c.entity === 'visit' && c.id === tuesdayVisit.id)).toBe(true);
    expect(worker2.some((c) => c.entity === 'health_note' && c.id === note.id && c.op === 'upsert')).toBe(true);
    // worker1's device receives nothing of m4 any more.
    const worker1 = await pullAll(app, tokens.worker1!);
    expect(worker1.some((c) => c.entity === 'member' && c.id === m4)).toBe(false);
  });

  it('a withdrawal made on Tuesday still lands after the reassignment, by its withdrawnAt, and purges the notes', async () => {
    const m4 = fx.members.m4.id;
    const given = await backend.storage.db.selectFrom('consents').select('id').where('member_id', '=', m4).executeTakeFirstOrThrow();
    const phone = outbox();
    const withdrawal = phone.add('consent.withdraw', { consentId: given.id, memberId: m4, withdrawnAt: tuesday });
    expect(statuses(await push(app, tokens.worker1!, phone.clientId, [withdrawal]))).toEqual(['applied']);
    expect(await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', m4).execute()).toEqual([]);
  });

  it('nothing made after the pairing ended is accepted, nor anything naming someone else as who acted', async () => {
    const m4 = fx.members.m4.id;
    const phone = outbox();
    const later = new Date(Date.now() + 60_000).toISOString();
    const afterwards = phone.add('visit.submit', visit(m4, w1(), { occurredAt: later, recordedAt: later }));
    const notMine = phone.add('visit.submit', visit(m4, fx.users.worker2.id, { occurredAt: tuesday, recordedAt: tuesday }));
    expect(statuses(await push(app, tokens.worker1!, phone.clientId, [afterwards, notMine]))).toEqual(['rejected:NOT_FOUND', 'rejected:ACTOR_MISMATCH']);
  });

  it('a health note arriving after the member’s last pairing ended is accepted and purged in the same transaction', async () => {
    const m6 = fx.members.m6.id;
    const phone = outbox();
    const given = consent(m6, w1(), { givenAt: tuesday });
    expect(statuses(await push(app, tokens.worker1!, phone.clientId, [phone.add('consent.give', given)]))).toEqual(['applied']);
    const pairing = AdminPairingList.parse((await call(app, tokens.admin1!, 'GET', '/api/admin/pairings')).body).find((p) => p.memberId === m6);
    expect((await call(app, tokens.admin1!, 'DELETE', `/api/admin/pairings/${pairing!.id}`)).status).toBe(200);

    const note = healthNote(m6, given.id, w1(), { recordedAt: tuesday });
    expect(statuses(await push(app, tokens.worker1!, phone.clientId, [phone.add('health_note.record', note)]))).toEqual(['applied']);
    expect(await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', m6).execute()).toEqual([]);
    // Logged as written, then deleted: a device that pulls it deletes it.
    const log = await backend.storage.db.selectFrom('change_log').select(['op']).where('entity', '=', 'health_note').where('entity_id', '=', note.id).orderBy('version').execute();
    expect(log.map((l) => l.op)).toEqual(['upsert', 'delete']);
    // The same note delivered again is settled as before, never stored.
    expect(statuses(await push(app, tokens.worker1!, phone.clientId, [phone.add('health_note.record', note)]))).toEqual(['applied']);
    expect(await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', m6).execute()).toEqual([]);
  });

  it('a pairing that ended beyond the grace admits nothing; nor does one the record predates; nor a member never paired', async () => {
    // worker1 looked after m5 from 100 to 40 days ago.
    const m5 = fx.members.m5.id;
    await backend.storage.db
      .insertInto('pairings')
      .values({ id: randomUUID(), worker_id: w1(), member_id: m5, role: 'backup', since: daysAgo(100), ended_at: daysAgo(40) })
      .execute();
    const phone = outbox();
    const backDated = visit(m5, w1(), { occurredAt: daysAgo(50), recordedAt: daysAgo(50) });
    const beforeItBegan = visit(m5, w1(), { occurredAt: daysAgo(120), recordedAt: daysAgo(120) });
    const neverPaired = visit(fx.members.m7.id, w1(), { occurredAt: tuesday, recordedAt: tuesday });
    const otherCommunity = visit(fx.members.x1.id, w1(), { occurredAt: tuesday, recordedAt: tuesday });
    const answers = await push(app, tokens.worker1!, phone.clientId, [
      phone.add('visit.submit', backDated),
      phone.add('visit.submit', beforeItBegan),
      phone.add('visit.submit', neverPaired),
      phone.add('visit.submit', otherCommunity),
    ]);
    expect(statuses(answers)).toEqual(['rejected:NOT_FOUND', 'rejected:NOT_FOUND', 'rejected:NOT_FOUND', 'rejected:NOT_FOUND']);

    // The grace is a setting: a server allowing 60 days accepts the record made 50 days ago, still not the one
    // made before the pairing began.
    const lenient = await buildTestApp(backend, { lateRecordGraceDays: 60 });
    try {
      const token = await loginAs(lenient, 'worker1', FIXTURE_PASSWORD);
      const device = outbox();
      const again = [{ ...backDated, id: randomUUID() }, { ...beforeItBegan, id: randomUUID() }];
      expect(statuses(await push(lenient, token, device.clientId, again.map((v) => device.add('visit.submit', v))))).toEqual(['applied', 'rejected:NOT_FOUND']);
      // What it accepted does not put m5 back in worker1's scope.
      const seen = await pull(lenient, token);
      expect(seen.changes.some((c) => c.entity === 'member' && c.id === m5)).toBe(false);
    } finally {
      await lenient.close();
    }
  });
});
