import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminPairingList, AdminPairingsResult, Member } from '../../src/domain';
import { addMembers } from '../../src/server/services/members';
import { FIXTURE_PASSWORD, fixtureMember, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { NOWHERE, call } from './admin-support';
import { consent, healthNote, outbox, pull, pullAll, push, statuses } from './sync-support';

type Key = keyof Fixtures['members'];

/** The active pairings of the database as [worker username, member key, role], sorted. */
async function activePairings(backend: TestBackend, fx: Fixtures): Promise<string[]> {
  const keyOf = new Map(Object.entries(fx.members).map(([key, m]) => [m.id, key]));
  const rows = await backend.storage.db
    .selectFrom('pairings')
    .innerJoin('users', 'users.id', 'pairings.worker_id')
    .select(['users.username', 'pairings.member_id', 'pairings.role'])
    .where('pairings.ended_at', 'is', null)
    .execute();
  return rows.map((r) => `${r.username} ${keyOf.get(r.member_id) ?? r.member_id} ${r.role}`).sort();
}

async function setUp(kind: TestBackend['kind']) {
  const backend = await createBackend(kind);
  const fx = await seedFixtures(backend.storage.db);
  const app = await buildTestApp(backend);
  const tokens: Record<string, string> = {};
  for (const username of ['worker1', 'worker2', 'admin1', 'admin2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  return { backend, fx, app, tokens };
}

/** The administrator's 结对 (issue 11 §4): assign several members at once, end one, in their own community only. */
describe.each(backends)('administrator: pairings, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let tokens: Record<string, string>;
  const admin = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => call(app, tokens.admin1!, method, url, body);
  const pairAs = (workerId: string, keys: Key[], role: 'primary' | 'backup') =>
    admin('POST', '/api/admin/pairings', { workerId, memberIds: keys.map((k) => fx.members[k].id), role });

  beforeAll(async () => {
    ({ backend, fx, app, tokens } = await setUp(kind));
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('lists the community’s active pairings only', async () => {
    const ours = AdminPairingList.parse((await admin('GET', '/api/admin/pairings')).body);
    expect(ours).toHaveLength(7);
    expect(ours.every((p) => p.memberId !== fx.members.x1.id)).toBe(true);
    const theirs = AdminPairingList.parse((await call(app, tokens.admin2!, 'GET', '/api/admin/pairings')).body);
    expect(theirs.map((p) => [p.workerId, p.memberId])).toEqual([[fx.users.worker3.id, fx.members.x1.id]]);
  });

  it('pairs a worker with several members at once: a new primary replaces the previous one; the same again changes nothing', async () => {
    const first = await pairAs(fx.users.worker2.id, ['m6', 'm7'], 'primary');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(AdminPairingsResult.parse(first.body)).toEqual({ paired: 2, ended: 1, purgedNotes: 0, unchanged: 0 });
    const again = AdminPairingsResult.parse((await pairAs(fx.users.worker2.id, ['m6', 'm7', 'm7'], 'primary')).body);
    expect(again).toEqual({ paired: 0, ended: 0, purgedNotes: 0, unchanged: 2 });
    expect(await activePairings(backend, fx)).toEqual(
      ['worker1 m1 primary', 'worker1 m4 primary', 'worker2 m1 backup', 'worker2 m2 primary', 'worker2 m3 primary', 'worker2 m5 primary', 'worker2 m6 primary', 'worker2 m7 primary', 'worker3 x1 primary'].sort(),
    );
  });

  it('a backup is never the member’s primary worker: that pairing stays primary; a backup asked to be primary replaces the primary', async () => {
    const backups = AdminPairingsResult.parse((await pairAs(fx.users.worker2.id, ['m2', 'm4'], 'backup')).body);
    expect(backups).toEqual({ paired: 1, ended: 0, purgedNotes: 0, unchanged: 1 });
    const promoted = AdminPairingsResult.parse((await pairAs(fx.users.worker2.id, ['m4'], 'primary')).body);
    expect(promoted).toEqual({ paired: 1, ended: 2, purgedNotes: 0, unchanged: 0 });
    const ofM2AndM4 = (await activePairings(backend, fx)).filter((p) => / m[24] /.test(p));
    expect(ofM2AndM4).toEqual(['worker2 m2 primary', 'worker2 m4 primary']);
  });

  it('refuses a member or worker of another community (404, as one that does not exist), a disabled worker, a non-worker, a transferred member — all or nothing', async () => {
    const before = await activePairings(backend, fx);
    const theirMember = await pairAs(fx.users.worker1.id, ['m3', 'x1'], 'backup');
    const noMember = await admin('POST', '/api/admin/pairings', { workerId: fx.users.worker1.id, memberIds: [fx.members.m3.id, NOWHERE], role: 'backup' });
    expect(theirMember.status).toBe(404);
    expect(theirMember.body).toEqual(noMember.body);
    const theirWorker = await pairAs(fx.users.worker3.id, ['m3'], 'backup');
    const noWorker = await admin('POST', '/api/admin/pairings', { workerId: NOWHERE, memberIds: [fx.members.m3.id], role: 'backup' });
    expect(theirWorker.status).toBe(404);
    expect(theirWorker.body).toEqual(noWorker.body);
    const disabled = await pairAs(fx.users.retired1.id, ['m3'], 'backup');
    expect(disabled.status).toBe(400);
    expect(disabled.body.error.message).toContain('已停用');
    const secretary = await pairAs(fx.users.secretary1.id, ['m3'], 'backup');
    expect(secretary.status).toBe(400);
    expect(secretary.body.error.message).toContain('不是服务专员');
    const [gone] = await addMembers(backend.storage.db, [
      fixtureMember({ communityId: fx.community.id, name: '冯十三', status: 'transferred', transfer: { direction: 'out', on: '2026-05-01', place: '外省' } }),
    ]);
    const transferred = await admin('POST', '/api/admin/pairings', { workerId: fx.users.worker1.id, memberIds: [fx.members.m3.id, gone!.id], role: 'backup' });
    expect(transferred.status).toBe(400);
    expect(transferred.body.error.message).toBe('已转出的人员不能结对：冯十三');
    expect((await admin('POST', '/api/admin/pairings', { workerId: fx.users.worker1.id, memberIds: [], role: 'backup' })).status).toBe(400);
    expect(await activePairings(backend, fx)).toEqual(before);

    const across = await call(app, tokens.admin2!, 'POST', '/api/admin/pairings', { workerId: fx.users.worker1.id, memberIds: [fx.members.m3.id], role: 'backup' });
    expect(across.status).toBe(404);
    expect(await activePairings(backend, fx)).toEqual(before);
  });

  it('ends one pairing: the member’s last one purges their health notes; the worker’s device lets the member go', async () => {
    const m7 = fx.members.m7.id;
    const device = outbox();
    const given = consent(m7, fx.users.worker2.id);
    const pushed = await push(app, tokens.worker2!, device.clientId, [device.add('consent.give', given), device.add('health_note.record', healthNote(m7, given.id, fx.users.worker2.id))]);
    expect(statuses(pushed)).toEqual(['applied', 'applied']);
    const before = await pull(app, tokens.worker2!);

    const pairing = AdminPairingList.parse((await admin('GET', '/api/admin/pairings')).body).find((p) => p.memberId === m7);
    const ended = await admin('DELETE', `/api/admin/pairings/${pairing!.id}`);
    expect(ended.status).toBe(200);
    expect(AdminPairingsResult.parse(ended.body)).toEqual({ paired: 0, ended: 1, purgedNotes: 1, unchanged: 0 });
    expect(await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', m7).execute()).toEqual([]);
    const after = await pull(app, tokens.worker2!, { cursor: before.cursor, scope: before.scope });
    expect(after.reset).toBe(true);
    expect(after.changes.some((c) => c.entity === 'member' && c.id === m7)).toBe(false);

    expect((await admin('DELETE', `/api/admin/pairings/${pairing!.id}`)).status).toBe(404);
  });

  it('never ends another community’s pairing', async () => {
    const ours = AdminPairingList.parse((await admin('GET', '/api/admin/pairings')).body)[0]!;
    const across = await call(app, tokens.admin2!, 'DELETE', `/api/admin/pairings/${ours.id}`);
    expect(across.status).toBe(404);
    expect(across.body).toEqual((await call(app, tokens.admin2!, 'DELETE', `/api/admin/pairings/${NOWHERE}`)).body);
    const theirs = AdminPairingList.parse((await call(app, tokens.admin2!, 'GET', '/api/admin/pairings')).body)[0]!;
    expect((await admin('DELETE', `/api/admin/pairings/${theirs.id}`)).status).toBe(404);
    const stillThere = await backend.storage.db.selectFrom('pairings').select('ended_at').where('id', 'in', [ours.id, theirs.id]).execute();
    expect(stillThere).toEqual([{ ended_at: null }, { ended_at: null }]);
  });
});

/** A leaving worker's members to another worker in one action (issue 11 §4); devices follow on their next sync. */
describe.each(backends)('administrator: moving a worker’s members, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let tokens: Record<string, string>;
  const admin = (method: 'GET' | 'POST', url: string, body?: unknown) => call(app, tokens.admin1!, method, url, body);
  const move = (from: string, to: string, token = tokens.admin1!) => call(app, token, 'POST', '/api/admin/pairings/move', { fromWorkerId: from, toWorkerId: to });

  beforeAll(async () => {
    ({ backend, fx, app, tokens } = await setUp(kind));
    // worker1 is also the backup of m3 (worker2 its primary) and of m7 (no one else).
    for (const key of ['m3', 'm7'] as const) {
      const answer = await admin('POST', '/api/admin/pairings', { workerId: fx.users.worker1.id, memberIds: [fx.members[key].id], role: 'backup' });
      expect(answer.status).toBe(200);
    }
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('refuses a move to oneself, to a disabled worker, or across communities', async () => {
    const before = await activePairings(backend, fx);
    const same = await move(fx.users.worker1.id, fx.users.worker1.id);
    expect(same.status).toBe(400);
    expect(same.body.error.message).toBe('移交双方不能是同一位服务专员');
    expect((await move(fx.users.worker1.id, fx.users.retired1.id)).status).toBe(400);
    const theirs = await move(fx.users.worker1.id, fx.users.worker3.id);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual((await move(fx.users.worker1.id, NOWHERE)).body);
    expect((await move(fx.users.worker3.id, fx.users.worker1.id)).status).toBe(404);
    expect((await move(fx.users.worker1.id, fx.users.worker2.id, tokens.admin2!)).status).toBe(404);
    expect(await activePairings(backend, fx)).toEqual(before);
  });

  it('moves every pairing in one action: primary stays primary, backup stays backup, never both for one member', async () => {
    // A health note of m4, made by worker1: the care goes on with worker2, so it stays and travels to worker2.
    const device = outbox();
    const given = consent(fx.members.m4.id, fx.users.worker1.id);
    const note = healthNote(fx.members.m4.id, given.id, fx.users.worker1.id);
    expect(statuses(await push(app, tokens.worker1!, device.clientId, [device.add('consent.give', given), device.add('health_note.record', note)]))).toEqual(['applied', 'applied']);
    const oldBefore = await pull(app, tokens.worker1!);
    const newBefore = await pull(app, tokens.worker2!);

    const moved = await move(fx.users.worker1.id, fx.users.worker2.id);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // Ended: worker1's five pairings and worker2's backup of m1 (now its primary); m3 keeps worker2 as primary only.
    expect(AdminPairingsResult.parse(moved.body)).toEqual({ paired: 4, ended: 6, purgedNotes: 0, unchanged: 1 });
    expect(await activePairings(backend, fx)).toEqual(
      ['worker2 m1 primary', 'worker2 m2 primary', 'worker2 m3 primary', 'worker2 m4 primary', 'worker2 m5 primary', 'worker2 m6 primary', 'worker2 m7 backup', 'worker3 x1 primary'].sort(),
    );
    expect(await backend.storage.db.selectFrom('health_notes').select('id').where('member_id', '=', fx.members.m4.id).execute()).toEqual([{ id: note.id }]);

    // The old worker's device: its scope changed, the replay has none of the members, nor their notes.
    const oldAfter = await pull(app, tokens.worker1!, { cursor: oldBefore.cursor, scope: oldBefore.scope });
    expect(oldAfter.reset).toBe(true);
    const oldReplay = await pullAll(app, tokens.worker1!);
    expect(oldReplay.filter((c) => c.entity === 'member' || c.entity === 'health_note' || c.entity === 'visit')).toEqual([]);

    // The new worker's device: the members arrive, m4 with its health note.
    const newAfter = await pull(app, tokens.worker2!, { cursor: newBefore.cursor, scope: newBefore.scope });
    expect(newAfter.reset).toBe(true);
    const replay = await pullAll(app, tokens.worker2!);
    const members = replay.filter((c) => c.entity === 'member' && c.op === 'upsert').map((c) => Member.parse(c.data).id);
    for (const key of ['m1', 'm4', 'm6', 'm7'] as const) expect(members).toContain(fx.members[key].id);
    expect(replay.some((c) => c.entity === 'health_note' && c.id === note.id && c.op === 'upsert')).toBe(true);
  });

  it('moving from a worker with nothing left changes nothing', async () => {
    const again = await move(fx.users.worker1.id, fx.users.worker2.id);
    expect(AdminPairingsResult.parse(again.body)).toEqual({ paired: 0, ended: 0, purgedNotes: 0, unchanged: 0 });
    // A leaving worker already disabled can still be moved from.
    expect((await move(fx.users.retired1.id, fx.users.worker2.id)).status).toBe(200);
  });
});
