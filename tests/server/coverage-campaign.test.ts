import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, CampaignProgress, type CampaignInput, type Visit } from '../../src/domain';
import { call } from './admin-support';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { outbox, push, statuses, visit } from './sync-support';

/**
 * GET /api/admin/campaigns/:id/progress (docs/DOMAIN.md §9): a 国庆·中秋 campaign for party members, 20 Sep – 10 Oct
 * 2026, 慰问金 200 元 and mooncakes. The fixtures' party members are m1–m5 (m6, m7 belong to no branch):
 *
 *   m1 B1 worker1  visited by worker2 (backup) on 12 Oct naming the campaign: counts, whatever the day
 *   m2 B1 worker2  festival visit naming no campaign on 25 Sep: counts (the campaign was open)
 *   m3 B1 worker2  festival visits naming none on 15 Oct (after it) and on 28 Sep amended into a regular visit: no
 *   m4 B2 worker1  nobody home on 1 Oct: in the cohort, not visited
 *   m5 B2 worker2  died on 22 Sep, never visited: no longer in the cohort
 *   m6 —  worker1  visited in the window, but not a party member: not in the cohort
 */
describe.each(backends)('a campaign’s progress on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let campaign: Campaign;
  const tokens: Record<string, string> = {};

  const gifts: Visit['itemsDelivered'] = [
    { kind: 'cash', description: '慰问金', amountFen: 20_000 },
    { kind: 'gift', description: '月饼一盒', amountFen: null },
  ];
  const festival = (instant: string, overrides: Partial<Visit> = {}): Partial<Visit> => ({
    type: 'festival',
    templateId: 'festival',
    homeSafety: null,
    itemsDelivered: gifts,
    occurredAt: instant,
    recordedAt: instant,
    ...overrides,
  });

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    await backend.storage.db.updateTable('members').set({ status: 'deceased', died_on: '2026-09-22' }).where('id', '=', fx.members.m5.id).execute();
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'secretary1', 'admin1', 'admin2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);

    const input: CampaignInput = {
      kind: 'national_day',
      name: '国庆中秋慰问',
      startsOn: '2026-09-20',
      endsOn: '2026-10-10',
      cohort: { type: 'party' },
      delivery: { kind: 'cash', description: '慰问金', amountFen: 20_000 },
    };
    const created = await call(app, tokens.admin1!, 'POST', '/api/admin/campaigns', input);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    campaign = Campaign.parse(created.body);

    const { m1, m2, m3, m4, m6 } = fx.members;
    const w1 = fx.users.worker1.id;
    const w2 = fx.users.worker2.id;
    const amended = visit(m3.id, w2, festival('2026-09-28T02:00:00.000Z'));
    const byWorker2 = [
      visit(m1.id, w2, festival('2026-10-12T02:00:00.000Z', { campaignId: campaign.id })),
      visit(m2.id, w2, festival('2026-09-25T02:00:00.000Z')),
      visit(m3.id, w2, festival('2026-10-15T02:00:00.000Z')),
      amended,
      visit(m3.id, w2, { occurredAt: amended.occurredAt, recordedAt: '2026-09-29T02:00:00.000Z', amends: amended.id }),
    ];
    const byWorker1 = [
      visit(m4.id, w1, festival('2026-10-01T02:00:00.000Z', { outcome: 'not_home', livingSituation: '', needs: [], itemsDelivered: [] })),
      visit(m6.id, w1, festival('2026-10-01T03:00:00.000Z')),
    ];
    const phone2 = outbox();
    const phone1 = outbox();
    const results = [
      await push(app, tokens.worker2!, phone2.clientId, byWorker2.map((v) => phone2.add('visit.submit', v))),
      await push(app, tokens.worker1!, phone1.clientId, byWorker1.map((v) => phone1.add('visit.submit', v))),
    ];
    expect(results.flatMap(statuses)).toEqual(Array(7).fill('applied'));
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('counts the cohort visited and what was delivered, per worker and per branch, once the campaign is over', async () => {
    const answer = await call(app, tokens.admin1!, 'GET', `/api/admin/campaigns/${campaign.id}/progress`);
    expect(answer.status).toBe(200);
    const progress = CampaignProgress.parse(answer.body);
    expect(progress).toEqual({
      campaignId: campaign.id,
      asOf: '2026-10-10',
      cohort: 4,
      visited: 2,
      delivered: { items: 4, cashFen: 40_000 },
      workers: [
        { workerId: fx.users.worker1.id, name: '测试worker1', cohort: 2, visited: 1, delivered: { items: 2, cashFen: 20_000 } },
        { workerId: fx.users.worker2.id, name: '测试worker2', cohort: 2, visited: 1, delivered: { items: 2, cashFen: 20_000 } },
      ],
      branches: [
        { branchId: fx.branch1.id, name: '第一党支部', cohort: 3, visited: 2, delivered: { items: 4, cashFen: 40_000 } },
        { branchId: fx.branch2.id, name: '非建制党支部', cohort: 1, visited: 0, delivered: { items: 0, cashFen: 0 } },
      ],
    });
  });

  it('is the administrator’s, of their own community only', async () => {
    for (const username of ['worker1', 'secretary1']) {
      expect((await call(app, tokens[username]!, 'GET', `/api/admin/campaigns/${campaign.id}/progress`)).status, username).toBe(403);
    }
    const elsewhere = await call(app, tokens.admin2!, 'GET', `/api/admin/campaigns/${campaign.id}/progress`);
    expect(elsewhere.status).toBe(404);
    expect((await call(app, tokens.admin1!, 'GET', `/api/admin/campaigns/${fx.members.m1.id}/progress`)).status).toBe(404);
    expect((await call(app, tokens.admin1!, 'GET', '/api/admin/campaigns/not-an-id/progress')).status).toBe(400);
  });
});
