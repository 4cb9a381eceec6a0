import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Member, RosterPage, type Pairing } from '../../src/domain';
import { addMembers } from '../../src/server/services/members';
import { FIXTURE_PASSWORD, fixtureMember, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

describe.each(backends)('roster and member scope on %s', (kind) => {
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

  async function roster(username: string, query = ''): Promise<RosterPage> {
    const response = await app.inject({ method: 'GET', url: `/api/roster${query}`, headers: bearer(tokens[username] ?? '') });
    expect(response.statusCode).toBe(200);
    return RosterPage.parse(response.json());
  }
  const ids = (...keys: (keyof Fixtures['members'])[]) => keys.map((k) => fx.members[k].id).sort();
  const pairingKey = (p: Pairing) => `${p.workerId}>${p.memberId}:${p.role}`;

  it('a worker sees exactly the members actively paired with them, not ended pairings', async () => {
    const page = await roster('worker1');
    expect(page.members.map((m) => m.id)).toEqual(ids('m1', 'm4', 'm6'));
    expect(page.total).toBe(3);
    expect(page.nextCursor).toBeNull();
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
    const response = await app.inject({ method: 'GET', url: '/api/roster' });
    expect(response.statusCode).toBe(401);
    const member = await app.inject({ method: 'GET', url: `/api/members/${fx.members.m1.id}` });
    expect(member.statusCode).toBe(401);
    expect(member.body).not.toContain(fx.members.m1.name);
  });

  describe('paging', () => {
    let expected: string[];

    beforeAll(async () => {
      // Enough members in another community of the same street to need several pages.
      const extra = Array.from({ length: 23 }, (_, i) =>
        fixtureMember({ communityId: fx.otherCommunity.id, name: `翻页${i}`, branchId: null }),
      );
      await addMembers(backend.storage.db, extra);
      expected = [fx.members.x1.id, fx.members.x2.id, ...extra.map((m) => m.id)].sort();
    });

    it('returns every member exactly once, in id order, with a cursor until the end', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: RosterPage = await roster('admin2', `?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.total).toBe(25);
        expect(page.members.length).toBeLessThanOrEqual(4);
        seen.push(...page.members.map((m) => m.id));
        cursor = page.nextCursor;
        if (cursor !== null) expect(cursor).toBe(page.members.at(-1)?.id);
        pages++;
      } while (cursor !== null && pages < 20);
      expect(pages).toBe(7);
      expect(seen).toEqual(expected);
    });

    it('a page that ends exactly at the last member has no next cursor', async () => {
      const page = await roster('admin2', '?limit=25');
      expect(page.members).toHaveLength(25);
      expect(page.nextCursor).toBeNull();
      const last = await roster('admin2', `?limit=5&cursor=${expected[19]}`);
      expect(last.members.map((m) => m.id)).toEqual(expected.slice(20));
      expect(last.nextCursor).toBeNull();
    });

    it('pairings come only for the members of the page', async () => {
      const page = await roster('admin2', `?limit=1`);
      expect(page.members.map((m) => m.id)).toEqual([expected[0]]);
      for (const pairing of page.pairings) expect(pairing.memberId).toBe(expected[0]);
    });
  });
});
