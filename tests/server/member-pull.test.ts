import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Member, Pairing } from '../../src/domain';
import { addMembers } from '../../src/server/services/members';
import { endPairing, recordDeath } from '../../src/server/services/member-lifecycle';
import { FIXTURE_PASSWORD, fixtureMember, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { pull, pullAll } from './sync-support';

/**
 * One sync path: members and pairings reach devices through the change-log pull like every other record,
 * scoped per role, from cursor 0 on a first sync and incrementally afterwards.
 */
describe.each(backends)('members and pairings through the pull on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'worker3', 'secretary1', 'admin1', 'admin2']) {
      tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
    }
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  /** What a first sync from cursor 0 gives the user: members and pairings as they are now. */
  async function roster(username: string, limit = 500): Promise<{ members: Member[]; pairings: Pairing[]; total: number }> {
    const changes = await pullAll(app, tokens[username] ?? '', limit);
    const latest = new Map(changes.map((c) => [`${c.entity}:${c.id}`, c]));
    const live = [...latest.values()].filter((c) => c.op === 'upsert');
    const members = live.filter((c) => c.entity === 'member').map((c) => Member.parse(c.data)).sort((a, b) => a.id.localeCompare(b.id));
    const pairings = live.filter((c) => c.entity === 'pairing').map((c) => Pairing.parse(c.data));
    return { members, pairings, total: members.length };
  }
  const ids = (...keys: (keyof Fixtures['members'])[]) => keys.map((k) => fx.members[k].id).sort();
  const pairingKey = (p: Pairing) => `${p.workerId}>${p.memberId}:${p.role}`;

  it('a worker sees exactly the members actively paired with them, not ended pairings', async () => {
    const page = await roster('worker1');
    expect(page.members.map((m) => m.id)).toEqual(ids('m1', 'm4', 'm6'));
    expect(page.total).toBe(3);
    // Only their own pairings: worker2's backup pairing with m1 is not revealed to worker1.
    expect(page.pairings.map(pairingKey).sort()).toEqual(
      ['m1', 'm4', 'm6'].map((m) => `${fx.users.worker1.id}>${fx.members[m as 'm1'].id}:primary`).sort(),
    );
    expect(page.members.find((m) => m.id === fx.members.m1.id)).toEqual(fx.members.m1);
  });

  it('a worker in another community sees only their own', async () => {
    const page = await roster('worker3');
    expect(page.members.map((m) => m.id)).toEqual(ids('x1'));
  });

  it('a secretary sees exactly their branch, with all its active pairings', async () => {
    const page = await roster('secretary1');
    expect(page.members.map((m) => m.id)).toEqual(ids('m1', 'm2', 'm3'));
    expect(page.total).toBe(3);
    const active = page.pairings.map(pairingKey).sort();
    expect(active).toEqual(
      [
        `${fx.users.worker1.id}>${fx.members.m1.id}:primary`,
        `${fx.users.worker2.id}>${fx.members.m1.id}:backup`,
        `${fx.users.worker2.id}>${fx.members.m2.id}:primary`,
        `${fx.users.worker2.id}>${fx.members.m3.id}:primary`,
      ].sort(),
    );
  });

  it('an admin sees all members of their community and none of another', async () => {
    const page = await roster('admin1');
    expect(page.members.map((m) => m.id)).toEqual(ids('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'));
    expect(page.total).toBe(7);
    const other = await roster('admin2');
    expect(other.members.map((m) => m.id)).toEqual(ids('x1', 'x2'));
  });

  it('every member comes back as a valid domain Member', async () => {
    const page = await roster('admin1');
    for (const member of page.members) expect(() => Member.parse(member)).not.toThrow();
  });

  it('GET /api/members/:id returns a member in scope', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/members/${fx.members.m4.id}`, headers: bearer(tokens.worker1 ?? '') });
    expect(response.statusCode).toBe(200);
    expect(Member.parse(response.json())).toEqual(fx.members.m4);
  });

  it('a member outside the scope is 404, exactly like one that does not exist', async () => {
    const notFound = { error: { code: 'NOT_FOUND', message: '未找到该记录' } };
    const cases: [string, string][] = [
      ['worker1', fx.members.m2.id], // ended pairing
      ['worker1', fx.members.m3.id], // never paired
      ['worker1', fx.members.x1.id], // another community
      ['secretary1', fx.members.m4.id], // another branch
      ['admin1', fx.members.x2.id], // another community
      ['admin1', '8e5c2a52-4b0e-4f7e-9c3a-2f1d6b7a9e10'], // no such member
    ];
    for (const [username, id] of cases) {
      const response = await app.inject({ method: 'GET', url: `/api/members/${id}`, headers: bearer(tokens[username] ?? '') });
      expect(response.statusCode, `${username} → ${id}`).toBe(404);
      expect(response.json()).toEqual(notFound);
    }
  });

  it('needs a session', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/sync/pull' });
    expect(response.statusCode).toBe(401);
    const member = await app.inject({ method: 'GET', url: `/api/members/${fx.members.m1.id}` });
    expect(member.statusCode).toBe(401);
    expect(member.body).not.toContain(fx.members.m1.name);
  });

  describe('paging and change', () => {
    let expected: string[];

    beforeAll(async () => {
      // Enough members in another community of the same street to need several pages.
      const extra = Array.from({ length: 23 }, (_, i) =>
        fixtureMember({ communityId: fx.otherCommunity.id, name: `翻页${i}`, branchId: null }),
      );
      await addMembers(backend.storage.db, extra);
      expected = [fx.members.x1.id, fx.members.x2.id, ...extra.map((m) => m.id)].sort();
    });

    it('every member exactly once over several pages, with what remains counted for the progress bar', async () => {
      const first = await pull(app, tokens.admin2 ?? '', { cursor: 0, limit: 4 });
      expect(first.changes).toHaveLength(4);
      expect(first.hasMore).toBe(true);
      // Members of the other community (25) and their active pairings: what a first sync will bring.
      const all = await pullAll(app, tokens.admin2 ?? '', 4);
      expect(first.remaining).toBe(all.length - 4);
      const page = await roster('admin2', 4);
      expect(page.members.map((m) => m.id)).toEqual(expected);
      const last = await pull(app, tokens.admin2 ?? '', { cursor: all.at(-1)!.version, limit: 4 });
      expect(last).toMatchObject({ changes: [], hasMore: false, remaining: 0 });
    });

    it('a member changed on the server reaches the device on its next pull, without starting again', async () => {
      const before = await pull(app, tokens.worker1 ?? '', { cursor: 0, limit: 1000 });
      await recordDeath(backend.storage.db, { memberId: fx.members.m6.id, diedOn: '2026-01-05' });
      const next = await pull(app, tokens.worker1 ?? '', { cursor: before.cursor, scope: before.scope });
      expect(next.reset).toBe(false);
      const changed = next.changes.filter((c) => c.entity === 'member');
      expect(changed.map((c) => c.id)).toEqual([fx.members.m6.id]);
      expect(Member.parse(changed[0]!.data)).toMatchObject({ status: 'deceased', diedOn: '2026-01-05' });
    });

    it('a pairing ended: the next pull starts again and the member is no longer in it', async () => {
      const before = await pull(app, tokens.worker1 ?? '', { cursor: 0, limit: 1000 });
      await endPairing(backend.storage.db, { workerUsername: 'worker1', memberId: fx.members.m4.id });
      const next = await pull(app, tokens.worker1 ?? '', { cursor: before.cursor, scope: before.scope, limit: 1000 });
      expect(next.reset).toBe(true);
      expect(next.changes.some((c) => c.id === fx.members.m4.id)).toBe(false);
      expect([...new Set(next.changes.filter((c) => c.entity === 'member').map((c) => c.id))].sort()).toEqual(ids('m1', 'm6'));
    });
  });
});
