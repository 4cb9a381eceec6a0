import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain';
import { membersInScope, pairedNow, workerPairings } from '../../src/server/services/member-scope';
import type { Db } from '../../src/server/storage';
import { seedFixtures, type Fixtures } from './fixtures';
import { backends, createBackend, type TestBackend } from './harness';

/** The members each worker is paired with now, by the batched query. */
async function membersPairedWith(db: Db, workers: readonly User[], memberIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const found = await workerPairings(db, workers, memberIds, null);
  return new Map([...found].map(([workerId, byMember]) => [workerId, new Set([...byMember].filter(([, periods]) => pairedNow(periods)).map(([memberId]) => memberId))]));
}

/** The batched worker scope of a group commit must say exactly what membersInScope says, worker by worker. */
describe.each(backends)('member scope for several workers at once, on %s', (kind) => {
  let backend: TestBackend;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    // A pairing that crosses communities (bad data, or a worker moved): the community rule must still hold.
    await backend.storage.db
      .insertInto('pairings')
      .values({ id: randomUUID(), worker_id: fx.users.worker1.id, member_id: fx.members.x2.id, role: 'backup', since: '2026-01-01T00:00:00.000Z', ended_at: null })
      .execute();
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('gives each worker the asked members that membersInScope gives them, and no other', async () => {
    const db = backend.storage.db;
    const workers = [fx.users.worker1, fx.users.worker2, fx.users.worker3, fx.users.retired1];
    const asked = Object.values(fx.members).map((m) => m.id);
    const batched = await membersPairedWith(db, workers, asked);
    for (const worker of workers) {
      const one = await membersInScope(db, worker).select('members.id').where('members.id', 'in', asked).execute();
      expect([...(batched.get(worker.id) ?? [])].sort(), worker.username).toEqual(one.map((r) => r.id).sort());
    }
    // The fixtures' own story: an ended pairing and another community's member are not seen.
    expect(batched.get(fx.users.worker1.id)).toEqual(new Set([fx.members.m1.id, fx.members.m4.id, fx.members.m6.id]));
    expect(batched.get(fx.users.worker3.id)).toEqual(new Set([fx.members.x1.id]));
  });

  it('limits the answer to the members asked about, and answers an empty question with empty sets', async () => {
    const db = backend.storage.db;
    const only = await membersPairedWith(db, [fx.users.worker2], [fx.members.m3.id, fx.members.m4.id]);
    expect(only.get(fx.users.worker2.id)).toEqual(new Set([fx.members.m3.id]));
    expect(await membersPairedWith(db, [fx.users.worker1], [])).toEqual(new Map([[fx.users.worker1.id, new Set()]]));
    expect(await membersPairedWith(db, [], [fx.members.m1.id])).toEqual(new Map());
  });
});
