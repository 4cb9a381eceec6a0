import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coverage, CoverageHistory, NotVisitedList, type Visit } from '../../src/domain';
import { call } from './admin-support';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { outbox, pull, push, statuses, visit } from './sync-support';

/**
 * GET /api/coverage (issue 12's contract, docs/DOMAIN.md §9) over the fixtures' community in October 2026, a month
 * that is over (read on its last day):
 *
 *   m1 B1 worker1  high (卧床)                 visited on 1 Oct, Shanghai time (30 Sep in UTC), recorded by the backup
 *                                              worker2 naming worker1 as co-visitor; phoned by worker2 alone
 *   m2 B1 worker2  high (85, 独居)             last visit 1 Aug; phoned in Oct; a visit on 1 Nov Shanghai (31 Oct UTC)
 *   m3 B1 worker2  general                     visited 15 Sep; its Oct visit amended into a phone call
 *   m4 B2 worker1  general, never visited      visited in Oct by worker1 with worker2 as co-visitor
 *   m5 B2 worker2  key (独居)                   visited 1 Jul; the 20 Sep visit amended into a call; nobody home in Oct
 *   m6 —  worker1  died 10 Sep                 not in care in Oct
 *   m7 —  nobody   away since June             not due
 */
describe.each(backends)('coverage on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const w1Device = outbox();
  const w2Device = outbox();

  const at = (instant: string, overrides: Partial<Visit> = {}) => ({ occurredAt: instant, recordedAt: instant, ...overrides });
  const phoneCall: Partial<Visit> = { type: 'phone', templateId: 'phone', livingSituation: '', homeSafety: null, needs: [], solvedOnSpot: '' };
  const nobodyHome: Partial<Visit> = { outcome: 'not_home', livingSituation: '', homeSafety: null, needs: [], solvedOnSpot: '' };

  beforeAll(async () => {
    backend = await createBackend(kind);
    const db = backend.storage.db;
    fx = await seedFixtures(db);
    const { m1, m2, m3, m4, m5, m6, m7 } = fx.members;
    await db.updateTable('members').set({ risk_bedridden: 1 }).where('id', '=', m1.id).execute();
    await db.updateTable('members').set({ birth_date: '1941-03-01', risk_living_alone: 1 }).where('id', '=', m2.id).execute();
    await db.updateTable('members').set({ birth_date: '1960-05-01' }).where('id', 'in', [m3.id, m4.id, m7.id]).execute();
    await db.updateTable('members').set({ birth_date: '1960-05-01', risk_living_alone: 1 }).where('id', '=', m5.id).execute();
    await db.updateTable('members').set({ status: 'deceased', died_on: '2026-09-10' }).where('id', '=', m6.id).execute();
    await db.updateTable('members').set({ status: 'away', away_place: '海南三亚', away_from: '2026-06-01' }).where('id', '=', m7.id).execute();

    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'secretary1', 'admin1', 'admin2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
    const w1 = fx.users.worker1.id;
    const w2 = fx.users.worker2.id;

    const m3October = visit(m3.id, w2, at('2026-10-12T02:00:00.000Z'));
    const m5September = visit(m5.id, w2, at('2026-09-20T02:00:00.000Z'));
    const w2Visits = [
      visit(m2.id, w2, at('2026-08-01T02:00:00.000Z')),
      visit(m2.id, w2, at('2026-10-20T02:00:00.000Z', phoneCall)),
      visit(m2.id, w2, at('2026-10-31T16:30:00.000Z')),
      visit(m3.id, w2, at('2026-09-15T02:00:00.000Z')),
      m3October,
      visit(m3.id, w2, at('2026-10-13T02:00:00.000Z', { ...phoneCall, amends: m3October.id })),
      visit(m5.id, w2, at('2026-10-08T02:00:00.000Z', nobodyHome)),
      visit(m1.id, w2, at('2026-09-30T16:30:00.000Z', { visitorIds: [w2, w1] })),
      visit(m1.id, w2, at('2026-10-21T02:00:00.000Z', phoneCall)),
      visit(m5.id, w2, at('2026-07-01T02:00:00.000Z')),
      m5September,
      visit(m5.id, w2, at('2026-09-20T02:00:00.000Z', { ...phoneCall, amends: m5September.id })),
    ];
    const w1Visits = [visit(m4.id, w1, at('2026-10-09T02:00:00.000Z', { visitorIds: [w1, w2] }))];
    const pushed = [
      await push(app, tokens.worker2!, w2Device.clientId, w2Visits.map((v) => w2Device.add('visit.submit', v))),
      await push(app, tokens.worker1!, w1Device.clientId, w1Visits.map((v) => w1Device.add('visit.submit', v))),
    ];
    expect(pushed.flatMap(statuses)).toEqual(Array(13).fill('applied'));
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const counts = (members: number, visited: number, phoned: number, due: number, overdue: number, dueVisited: number) => ({
    members,
    visited,
    phoned,
    due,
    overdue,
    dueVisited,
  });

  it('answers the administrator for the whole community in the contract’s shape: members, not visits, counted', async () => {
    const answer = await call(app, tokens.admin1!, 'GET', '/api/coverage?month=2026-10');
    expect(answer.status).toBe(200);
    const body = Coverage.parse(answer.body);
    expect(Object.keys(answer.body)).toEqual(['month', 'asOf', 'workers', 'branches', 'community']);
    expect(body.month).toBe('2026-10');
    expect(body.asOf).toBe('2026-10-31');
    // m6 died before October: not counted at all; m7 is away the whole month: counted, not due.
    expect(body.community).toEqual({ ...counts(6, 2, 3, 4, 2, 2), highRisk: { members: 2, visited: 1 } });
    expect(body.workers.map((w) => w.workerId)).toEqual([fx.users.worker1.id, fx.users.worker2.id]);
    const [worker1, worker2] = body.workers;
    // worker1: m1 as co-visitor of worker2's record, and m4; worker2's call to m1 is not worker1's.
    expect(worker1).toMatchObject({ name: '测试worker1', ...counts(2, 2, 0, 2, 0, 2) });
    // worker2: visited m4 with worker1, but m4 is worker1's; their own were phoned or nobody was home.
    expect(worker2).toMatchObject({ name: '测试worker2', ...counts(3, 0, 2, 2, 2, 0) });
    for (const worker of body.workers) expect(Object.keys(worker)).toEqual(expect.arrayContaining(['workerId', 'name', 'members', 'visited', 'phoned', 'due', 'overdue', 'devices']));
    const byBranch = new Map(body.branches.map((b) => [b.branchId, b]));
    expect(byBranch.get(fx.branch1.id)).toEqual({ branchId: fx.branch1.id, name: '第一党支部', ...counts(3, 1, 3, 2, 1, 1) });
    expect(byBranch.get(fx.branch2.id)).toEqual({ branchId: fx.branch2.id, name: '非建制党支部', ...counts(2, 1, 0, 2, 1, 1) });
    expect(body.branches).toHaveLength(2);
  });

  it('limits a branch secretary to their branch: its members, the workers of them, its own line', async () => {
    const answer = await call(app, tokens.secretary1!, 'GET', '/api/coverage?month=2026-10');
    expect(answer.status).toBe(200);
    const body = Coverage.parse(answer.body);
    expect(body.branches.map((b) => b.branchId)).toEqual([fx.branch1.id]);
    expect(body.community).toEqual({ ...counts(3, 1, 3, 2, 1, 1), highRisk: { members: 2, visited: 1 } });
    expect(body.workers.map((w) => [w.workerId, w.members, w.visited, w.phoned, w.due, w.overdue])).toEqual([
      [fx.users.worker1.id, 1, 1, 0, 1, 0],
      [fx.users.worker2.id, 2, 0, 2, 1, 1],
    ]);
    const notVisited = NotVisitedList.parse((await call(app, tokens.secretary1!, 'GET', '/api/coverage/not-visited?month=2026-10')).body);
    expect(notVisited.members.map((m) => m.memberId)).toEqual([fx.members.m2.id]);
  });

  it('shows another community’s administrator nothing of this one', async () => {
    const body = Coverage.parse((await call(app, tokens.admin2!, 'GET', '/api/coverage?month=2026-10')).body);
    expect(body.workers.map((w) => w.workerId)).toEqual([fx.users.worker3.id]);
    expect(body.branches.map((b) => b.branchId)).toEqual([fx.otherBranch.id]);
    expect(body.community.members).toBe(2);
    expect(body.community.visited).toBe(0);
  });

  it('refuses a worker (403) and a request without a session (401), on every coverage route', async () => {
    for (const url of ['/api/coverage?month=2026-10', '/api/coverage/history?month=2026-10', '/api/coverage/not-visited?month=2026-10']) {
      const refused = await call(app, tokens.worker1!, 'GET', url);
      expect(refused.status, url).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      expect((await call(app, null, 'GET', url)).status, url).toBe(401);
    }
  });

  it('answers 400 for a month that is malformed, missing, not yet begun or before 2000', async () => {
    for (const query of ['month=2026-13', 'month=2026-1', 'month=october', '', 'month=2099-01', 'month=1999-12']) {
      const answer = await call(app, tokens.admin1!, 'GET', `/api/coverage?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code, query).toBe('VALIDATION_FAILED');
    }
    expect((await call(app, tokens.admin1!, 'GET', '/api/coverage/history?month=2026-10&months=25')).status).toBe(400);
    expect((await call(app, tokens.admin1!, 'GET', '/api/coverage/not-visited?month=2099-01')).status).toBe(400);
  });

  it('lists who was due and not visited, overdue first, then by tier, with their worker and whether they were phoned', async () => {
    const body = NotVisitedList.parse((await call(app, tokens.admin1!, 'GET', '/api/coverage/not-visited?month=2026-10')).body);
    expect(body.members).toEqual([
      { memberId: fx.members.m2.id, name: '李二', branchId: fx.branch1.id, tier: 'high', workerId: fx.users.worker2.id, lastInPersonOn: '2026-08-01', phoned: true, overdue: true, away: false },
      { memberId: fx.members.m5.id, name: '钱五', branchId: fx.branch2.id, tier: 'key', workerId: fx.users.worker2.id, lastInPersonOn: '2026-07-01', phoned: false, overdue: true, away: false },
    ]);
  });

  it('gives a history month by month whose last month is the month’s coverage', async () => {
    const answer = await call(app, tokens.admin1!, 'GET', '/api/coverage/history?month=2026-10&months=3');
    expect(answer.status).toBe(200);
    const history = CoverageHistory.parse(answer.body);
    expect(history.months.map((m) => [m.month, m.asOf])).toEqual([
      ['2026-08', '2026-08-31'],
      ['2026-09', '2026-09-30'],
      ['2026-10', '2026-10-31'],
    ]);
    // August: m6 is still in care (died in September); everyone due but the away m7; only m2 visited.
    expect(history.months[0]).toMatchObject({ ...counts(7, 1, 0, 6, 5, 1), highRisk: { members: 2, visited: 1 } });
    // September: m3 visited, m5 phoned (the amendment); m2 now overdue (1 Aug + 30 days); m6 died in the month and
    // still counts.
    expect(history.months[1]).toMatchObject({ ...counts(7, 1, 1, 6, 5, 1), highRisk: { members: 2, visited: 0 } });
    const october = Coverage.parse((await call(app, tokens.admin1!, 'GET', '/api/coverage?month=2026-10')).body);
    expect({ ...history.months[2], month: undefined, asOf: undefined }).toEqual({ ...october.community, month: undefined, asOf: undefined });
    // The default is twelve months.
    expect(CoverageHistory.parse((await call(app, tokens.admin1!, 'GET', '/api/coverage/history?month=2026-10')).body).months).toHaveLength(12);
  });

  it('shows how fresh each worker’s figure is: what their devices reported with their last complete pull', async () => {
    // worker1's phone reports its outbox and version; worker2's is an older app that says nothing of them.
    const reported = { cursor: 0, limit: 1000, clientId: w1Device.clientId, unsent: 3, oldestPendingAt: '2026-10-30T01:00:00.000Z', appVersion: '0.1.0' };
    expect((await pull(app, tokens.worker1!, reported)).hasMore).toBe(false);
    expect((await pull(app, tokens.worker2!, { cursor: 0, limit: 1000, clientId: w2Device.clientId })).hasMore).toBe(false);
    const body = Coverage.parse((await call(app, tokens.admin1!, 'GET', '/api/coverage?month=2026-10')).body);
    const [worker1, worker2] = body.workers;
    expect(worker1!.devices).toEqual([{ lastSyncAt: expect.any(String), pending: 3, oldestPendingAt: '2026-10-30T01:00:00.000Z', appVersion: '0.1.0' }]);
    expect(Date.now() - Date.parse(worker1!.devices[0]!.lastSyncAt!)).toBeLessThan(60_000);
    expect(worker2!.devices).toEqual([{ lastSyncAt: expect.any(String), pending: null, oldestPendingAt: null, appVersion: null }]);

    // The next pull says the outbox is empty: no oldest record any more.
    await pull(app, tokens.worker1!, { cursor: 0, limit: 1000, clientId: w1Device.clientId, unsent: 0, appVersion: '0.2.0' });
    const after = Coverage.parse((await call(app, tokens.secretary1!, 'GET', '/api/coverage?month=2026-10')).body);
    expect(after.workers[0]!.devices).toEqual([{ lastSyncAt: expect.any(String), pending: 0, oldestPendingAt: null, appVersion: '0.2.0' }]);

    // What a device reports is checked like the rest of the query.
    const bads: Record<string, string>[] = [{ oldestPendingAt: 'yesterday' }, { oldestPendingAt: '2026-10-30T09:00:00+08:00' }, { appVersion: 'x'.repeat(33) }];
    for (const bad of bads) {
      const search = new URLSearchParams({ cursor: '0', clientId: w1Device.clientId, ...bad });
      const answer = await call(app, tokens.worker1!, 'GET', `/api/sync/pull?${search}`);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
    }
  });
});
