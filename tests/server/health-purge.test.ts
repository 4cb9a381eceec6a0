import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endPairing, recordDeath } from '../../src/server/services/member-lifecycle';
import { pairWorker } from '../../src/server/services/pairings';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { consent, healthNote, outbox, pull, pullAll, push, statuses } from './sync-support';

/**
 * docs/DOMAIN.md §6 / PIPL Art. 47: health notes are deleted on the server when their purpose ends — the member's last
 * pairing ends or the member dies (withdrawal of consent is covered with the sync tests) — and every device
 * that holds a copy is told to delete it.
 */
describe.each(backends)('health notes purged when their purpose ends, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const notes: Record<'m1' | 'm4', string> = { m1: '', m4: '' };
  const consents: Record<'m1' | 'm4', string> = { m1: '', m4: '' };

  const healthNotesOf = async (memberId: string) =>
    (await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', memberId).execute()).map((r) => r.id);

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
    const w1 = fx.users.worker1.id;
    const device = outbox();
    const mutations = [];
    for (const key of ['m1', 'm4'] as const) {
      const given = consent(fx.members[key].id, w1);
      const note = healthNote(fx.members[key].id, given.id, w1);
      consents[key] = given.id;
      notes[key] = note.id;
      mutations.push(device.add('consent.give', given), device.add('health_note.record', note));
    }
    expect(statuses(await push(app, tokens.worker1!, device.clientId, mutations))).toEqual(['applied', 'applied', 'applied', 'applied']);
  });

  afterAll(async () => {
    await app.close();
    await backend.destroy();
  });

  it('keeps the notes while another worker is still paired (m1: worker2 was the backup)', async () => {
    const result = await endPairing(backend.storage.db, { workerUsername: 'worker2', memberId: fx.members.m1.id });
    expect(result).toEqual({ endedPairings: 1, purgedNotes: 0 });
    expect(await healthNotesOf(fx.members.m1.id)).toEqual([notes.m1]);
  });

  it('deletes the notes with the last pairing, and a worker paired later never receives them', async () => {
    const before = await pull(app, tokens.worker1!);
    const result = await endPairing(backend.storage.db, { workerUsername: 'worker1', memberId: fx.members.m4.id });
    expect(result).toEqual({ endedPairings: 1, purgedNotes: 1 });
    expect(await healthNotesOf(fx.members.m4.id)).toEqual([]);
    // The consent stays as the evidence of what was agreed.
    const kept = await backend.storage.db.selectFrom('consents').select('id').where('member_id', '=', fx.members.m4.id).execute();
    expect(kept.map((c) => c.id)).toEqual([consents.m4]);

    // worker1's scope changed: the device is told to start again, and the replay has no note of m4.
    const again = await pull(app, tokens.worker1!, { cursor: before.cursor, scope: before.scope });
    expect(again.reset).toBe(true);

    await pairWorker(backend.storage.db, { workerUsername: 'worker2', memberId: fx.members.m4.id, role: 'primary' });
    const changes = await pullAll(app, tokens.worker2!);
    const ofM4Notes = changes.filter((c) => c.entity === 'health_note' && c.id === notes.m4);
    expect(ofM4Notes.every((c) => c.op === 'delete' && c.data === null)).toBe(true);
  });

  it('refuses to end a pairing that does not exist', async () => {
    await expect(endPairing(backend.storage.db, { workerUsername: 'worker1', memberId: fx.members.m4.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('on a death: the member is 已故 with the date, notes deleted with tombstones to the paired device, no new note accepted', async () => {
    const before = await pull(app, tokens.worker1!);
    await expect(recordDeath(backend.storage.db, { memberId: fx.members.m1.id, diedOn: '2999-01-01' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await healthNotesOf(fx.members.m1.id)).toEqual([notes.m1]);

    expect(await recordDeath(backend.storage.db, { memberId: fx.members.m1.id, diedOn: '2026-09-14' })).toEqual({ purgedNotes: 1 });
    const member = await backend.storage.db.selectFrom('members').select(['status', 'died_on']).where('id', '=', fx.members.m1.id).executeTakeFirstOrThrow();
    expect(member).toEqual({ status: 'deceased', died_on: '2026-09-14' });
    expect(await healthNotesOf(fx.members.m1.id)).toEqual([]);

    const after = await pull(app, tokens.worker1!, { cursor: before.cursor, scope: before.scope });
    expect(after.reset).toBe(false);
    expect(after.changes.filter((c) => c.entity === 'health_note')).toEqual([
      expect.objectContaining({ id: notes.m1, op: 'delete', data: null }),
    ]);

    const device = outbox();
    const late = healthNote(fx.members.m1.id, consents.m1, fx.users.worker1.id);
    const answer = await push(app, tokens.worker1!, device.clientId, [device.add('health_note.record', late)]);
    expect(statuses(answer)).toEqual(['rejected:MEMBER_DECEASED']);
    expect(answer.results[0]?.message).toBe('该成员已故，不再记录健康信息');
  });
});
