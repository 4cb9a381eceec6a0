import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCampaignList, AdminVisitSettings, Campaign, DEFAULT_VISIT_SETTINGS, addDays, dayInShanghai, type CampaignInput, type Visit, type VisitSettingsValues } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { NOWHERE, call } from './admin-support';
import { AT, countRows, followUpClosure, memberEvent, outbox, pullAll, push, visit } from './sync-support';

/**
 * The records the worker's plan is computed from (issue 12): the community's visit settings and campaigns,
 * written by its administrator and pulled by every device of the community; member events and follow-up
 * closures pushed by paired workers; and what the server checks of a visit's time and campaign.
 */

const USERS = ['worker1', 'worker2', 'worker3', 'secretary1', 'admin1', 'admin2'] as const;
type Username = (typeof USERS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const shift = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    kind: 'national_day',
    name: '2026年国庆中秋慰问',
    startsOn: '2026-09-25',
    endsOn: '2026-10-08',
    cohort: { type: 'everyone' },
    delivery: { kind: 'gift', description: '月饼一盒', amountFen: null },
    ...overrides,
  };
}

/** A 节日慰问 visit as the festival form makes it (goods delivered, no home-safety check). */
function festivalVisit(memberId: string, workerId: string, campaignId: string | null, overrides: Partial<Visit> = {}): Visit {
  return visit(memberId, workerId, {
    type: 'festival',
    templateId: 'festival',
    homeSafety: null,
    itemsDelivered: [{ kind: 'gift', description: '月饼一盒', amountFen: null }],
    campaignId,
    ...overrides,
  });
}

describe.each(backends)('the plan’s records on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens = {} as Record<Username, string>;
  const id = (user: Username) => fx.users[user].id;

  /** One mutation from a fresh device: 'applied', 'duplicate' or 'rejected:CODE', with the message. */
  async function send(user: Username, type: string, record: unknown): Promise<{ outcome: string; message: string | undefined }> {
    const device = outbox();
    const [result] = (await push(app, tokens[user], device.clientId, [device.add(type, record)])).results;
    if (!result) throw new Error('no result');
    return { outcome: result.status === 'rejected' ? `rejected:${result.code}` : result.status, message: result.message };
  }
  const received = async (user: Username, entity: string) => (await pullAll(app, tokens[user])).filter((c) => c.entity === entity);

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const user of USERS) tokens[user] = await loginAs(app, user, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  describe('the administrator’s routes', () => {
    const routes: [method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown][] = [
      ['GET', '/api/admin/visit-settings'],
      ['PUT', '/api/admin/visit-settings', { community: DEFAULT_VISIT_SETTINGS, overrides: [] }],
      ['GET', '/api/admin/campaigns'],
      ['POST', '/api/admin/campaigns', campaignInput()],
      ['POST', `/api/admin/campaigns/${NOWHERE}/cancel`],
    ];

    it('answer 401 without a session and 403 to a worker or a secretary, writing nothing', async () => {
      const before = await countRows(backend.storage.db, 'change_log');
      for (const [method, url, body] of routes) {
        expect((await call(app, null, method, url, body)).status, `${method} ${url}`).toBe(401);
        for (const user of ['worker1', 'secretary1'] as const) {
          const answer = await call(app, tokens[user], method, url, body);
          expect(answer.status, `${method} ${url} by ${user}`).toBe(403);
          expect(answer.body.error.code).toBe('FORBIDDEN');
        }
      }
      expect(await countRows(backend.storage.db, 'change_log')).toBe(before);
    });
  });

  describe('visit settings', () => {
    const values = (overrides: Partial<VisitSettingsValues>): VisitSettingsValues => ({ ...DEFAULT_VISIT_SETTINGS, ...overrides });

    it('start as the defaults, with no row of the community', async () => {
      const answer = await call(app, tokens.admin1, 'GET', '/api/admin/visit-settings');
      expect(answer.status).toBe(200);
      expect(AdminVisitSettings.parse(answer.body)).toEqual({ defaults: DEFAULT_VISIT_SETTINGS, community: null, overrides: [] });
    });

    it('are saved for the community with a branch’s override, by the admin, and reach every device of the community only', async () => {
      const input = { community: values({ visitBackdateDays: 10 }), overrides: [{ branchId: fx.branch1.id, values: values({ visitBackdateDays: 0 }) }] };
      const answer = await call(app, tokens.admin1, 'PUT', '/api/admin/visit-settings', input);
      expect(answer.status).toBe(200);
      const saved = AdminVisitSettings.parse(answer.body);
      expect(saved.community).toMatchObject({ communityId: fx.community.id, branchId: null, values: input.community, updatedBy: id('admin1') });
      expect(saved.overrides).toEqual([expect.objectContaining({ communityId: fx.community.id, branchId: fx.branch1.id, values: input.overrides[0]!.values })]);
      expect(AdminVisitSettings.parse((await call(app, tokens.admin1, 'GET', '/api/admin/visit-settings')).body)).toEqual(saved);

      // Every role of the community, whatever its members and branch; never the other community.
      for (const user of ['worker1', 'worker2', 'secretary1', 'admin1'] as const) {
        const changes = await received(user, 'visit_settings');
        expect(changes.map((c) => c.data).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)), user).toEqual(
          [saved.community, ...saved.overrides].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
        );
      }
      for (const user of ['worker3', 'admin2'] as const) expect(await received(user, 'visit_settings'), user).toEqual([]);
      expect(AdminVisitSettings.parse((await call(app, tokens.admin2, 'GET', '/api/admin/visit-settings')).body).community).toBeNull();
    });

    it('saved again unchanged write nothing the devices would pull', async () => {
      const current = AdminVisitSettings.parse((await call(app, tokens.admin1, 'GET', '/api/admin/visit-settings')).body);
      const before = await countRows(backend.storage.db, 'change_log');
      const again = await call(app, tokens.admin1, 'PUT', '/api/admin/visit-settings', {
        community: current.community!.values,
        overrides: current.overrides.map((o) => ({ branchId: o.branchId, values: o.values })),
      });
      expect(again.status).toBe(200);
      expect(AdminVisitSettings.parse(again.body)).toEqual(current);
      expect(await countRows(backend.storage.db, 'change_log')).toBe(before);
    });

    it('refuse another community’s branch as a missing one, and values the domain refuses, in Chinese', async () => {
      for (const branchId of [fx.otherBranch.id, NOWHERE]) {
        const answer = await call(app, tokens.admin1, 'PUT', '/api/admin/visit-settings', { community: DEFAULT_VISIT_SETTINGS, overrides: [{ branchId, values: DEFAULT_VISIT_SETTINGS }] });
        expect(answer.status).toBe(404);
        expect(answer.body.error.message).toBe('未找到该党支部');
      }
      const shorter = values({ cadence: { ...DEFAULT_VISIT_SETTINGS.cadence, key: { targetDays: 30, maxDays: 20 } } });
      const bad = await call(app, tokens.admin1, 'PUT', '/api/admin/visit-settings', { community: shorter, overrides: [] });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.error.details)).toContain('最长间隔不能短于目标间隔');
      const twice = await call(app, tokens.admin1, 'PUT', '/api/admin/visit-settings', {
        community: DEFAULT_VISIT_SETTINGS,
        overrides: [fx.branch2.id, fx.branch2.id].map((branchId) => ({ branchId, values: DEFAULT_VISIT_SETTINGS })),
      });
      expect(twice.status).toBe(400);
      const after = AdminVisitSettings.parse((await call(app, tokens.admin1, 'GET', '/api/admin/visit-settings')).body);
      expect(after.community?.values.visitBackdateDays).toBe(10);
    });
  });

  describe('a visit’s time (the settings’ visitBackdateDays: community 10 days, branch B1 the same day only)', () => {
    const recordedAt = AT;

    it('after it was written up is refused, in Chinese, and nothing is stored', async () => {
      const before = await countRows(backend.storage.db, 'visits');
      const future = await send('worker1', 'visit.submit', visit(fx.members.m4.id, id('worker1'), { occurredAt: shift(recordedAt, HOUR), recordedAt }));
      expect(future).toEqual({ outcome: 'rejected:VALIDATION_FAILED', message: '走访时间不能晚于现在' });
      // Past the server's own clock by more than a phone's drift, whatever the record says: the visit, or the
      // writing up (which would stretch how far back the visit may be dated).
      const now = new Date().toISOString();
      const ahead = shift(now, 2 * DAY);
      expect(await send('worker1', 'visit.submit', visit(fx.members.m4.id, id('worker1'), { occurredAt: ahead, recordedAt: ahead }))).toEqual({
        outcome: 'rejected:VALIDATION_FAILED',
        message: '走访时间：不能晚于现在',
      });
      expect(await send('worker1', 'visit.submit', visit(fx.members.m4.id, id('worker1'), { occurredAt: now, recordedAt: ahead }))).toEqual({
        outcome: 'rejected:VALIDATION_FAILED',
        message: '录入时间：不能晚于现在',
      });
      expect(await countRows(backend.storage.db, 'visits')).toBe(before);
    });

    it('a few minutes after it (a phone’s clock) is accepted', async () => {
      expect((await send('worker1', 'visit.submit', visit(fx.members.m4.id, id('worker1'), { occurredAt: shift(recordedAt, 4 * 60_000), recordedAt }))).outcome).toBe('applied');
    });

    it('further back than the member’s settings allow is refused, in Chinese, by the record’s own recordedAt', async () => {
      // m4 is of B2: the community's 10 days. Shanghai days: 03-05 written up, 02-23 is 10 days back, 02-22 is 11.
      const m4 = (occurredAt: string) => visit(fx.members.m4.id, id('worker1'), { occurredAt, recordedAt });
      expect((await send('worker1', 'visit.submit', m4('2026-02-23T02:00:00.000Z'))).outcome).toBe('applied');
      expect(await send('worker1', 'visit.submit', m4('2026-02-22T02:00:00.000Z'))).toEqual({
        outcome: 'rejected:VALIDATION_FAILED',
        message: '走访时间最多只能补记到 10 天前',
      });
      // m1 is of B1, whose override allows the same day only.
      const m1 = (occurredAt: string) => visit(fx.members.m1.id, id('worker1'), { occurredAt, recordedAt });
      expect((await send('worker1', 'visit.submit', m1('2026-03-04T16:30:00.000Z'))).outcome).toBe('applied');
      expect(await send('worker1', 'visit.submit', m1('2026-03-04T15:30:00.000Z'))).toEqual({ outcome: 'rejected:VALIDATION_FAILED', message: '走访时间只能是今天' });
    });

    it('of a correction is the corrected visit’s, however long ago (only the future is refused)', async () => {
      const original = visit(fx.members.m6.id, id('worker1'));
      expect((await send('worker1', 'visit.submit', original)).outcome).toBe('applied');
      const now = new Date().toISOString();
      const amendment = { ...original, id: randomUUID(), notes: '更正：老人说上周已由女儿陪同复查', amends: original.id, recordedAt: now };
      expect((await send('worker1', 'visit.submit', amendment)).outcome).toBe('applied');
      const ahead = { ...amendment, id: randomUUID(), occurredAt: shift(now, HOUR) };
      expect((await send('worker1', 'visit.submit', ahead)).outcome).toBe('rejected:VALIDATION_FAILED');
    });
  });

  describe('campaigns', () => {
    let ours: Campaign;
    let theirs: Campaign;

    it('are opened by the admin for their community and listed newest first; every device of the community pulls them, no other', async () => {
      // Open today (in Beijing), so that it can still be cancelled below.
      const today = dayInShanghai(new Date().toISOString());
      const window = { startsOn: addDays(today, -3), endsOn: addDays(today, 10) };
      const created = await call(app, tokens.admin1, 'POST', '/api/admin/campaigns', campaignInput({ kind: 'winter_warmth', name: '冬送温暖', ...window }));
      expect(created.status).toBe(201);
      ours = Campaign.parse(created.body);
      expect(ours).toMatchObject({ communityId: fx.community.id, kind: 'winter_warmth', ...window, createdBy: id('admin1'), cancelledAt: null });
      const earlier = Campaign.parse(
        (
          await call(app, tokens.admin1, 'POST', '/api/admin/campaigns', {
            ...campaignInput({ kind: 'july_first', name: '七一走访慰问老党员', startsOn: '2026-06-25', endsOn: '2026-07-05' }),
            cohort: { type: 'party' },
            delivery: { kind: 'cash', description: '慰问金', amountFen: 50_000 },
          })
        ).body,
      );
      theirs = Campaign.parse((await call(app, tokens.admin2, 'POST', '/api/admin/campaigns', campaignInput({ kind: 'national_day', name: '朝阳社区国庆慰问' }))).body);

      expect(AdminCampaignList.parse((await call(app, tokens.admin1, 'GET', '/api/admin/campaigns')).body).map((c) => c.id)).toEqual([ours.id, earlier.id]);
      expect(AdminCampaignList.parse((await call(app, tokens.admin2, 'GET', '/api/admin/campaigns')).body).map((c) => c.id)).toEqual([theirs.id]);
      for (const user of ['worker1', 'worker2', 'secretary1', 'admin1'] as const) {
        expect((await received(user, 'campaign')).map((c) => c.id).sort(), user).toEqual([ours.id, earlier.id].sort());
      }
      expect((await received('worker3', 'campaign')).map((c) => c.id)).toEqual([theirs.id]);
    });

    it('are refused with the reason in Chinese: dates the wrong way round, money without an amount, another community’s branch', async () => {
      const backwards = await call(app, tokens.admin1, 'POST', '/api/admin/campaigns', campaignInput({ startsOn: '2026-10-08', endsOn: '2026-09-25' }));
      expect(backwards.status).toBe(400);
      expect(JSON.stringify(backwards.body.error.details)).toContain('结束日期不能早于开始日期');
      const noAmount = await call(app, tokens.admin1, 'POST', '/api/admin/campaigns', campaignInput({ delivery: { kind: 'cash', description: '慰问金', amountFen: null } }));
      expect(noAmount.status).toBe(400);
      expect(JSON.stringify(noAmount.body.error.details)).toContain('慰问金必须填写金额');
      const yearLong = await call(app, tokens.admin1, 'POST', '/api/admin/campaigns', campaignInput({ endsOn: '2027-10-08' }));
      expect(yearLong.status).toBe(400);
      const otherBranch = await call(app, tokens.admin1, 'POST', '/api/admin/campaigns', campaignInput({ cohort: { type: 'branch', branchId: fx.otherBranch.id } }));
      expect(otherBranch.status).toBe(404);
      expect(otherBranch.body.error.message).toBe('未找到该党支部');
    });

    it('are cancelled by their community’s admin only (another’s: 404); again it is unchanged; devices pull the cancellation', async () => {
      const answer = await call(app, tokens.admin1, 'POST', `/api/admin/campaigns/${ours.id}/cancel`);
      expect(answer.status).toBe(200);
      const cancelled = Campaign.parse(answer.body);
      expect(cancelled).toEqual({ ...ours, cancelledAt: expect.any(String) });
      expect(Campaign.parse((await call(app, tokens.admin1, 'POST', `/api/admin/campaigns/${ours.id}/cancel`)).body)).toEqual(cancelled);
      const changes = await received('worker1', 'campaign');
      expect(changes.filter((c) => c.id === ours.id).at(-1)?.data).toEqual(cancelled);
      for (const campaignId of [theirs.id, NOWHERE]) {
        const refused = await call(app, tokens.admin1, 'POST', `/api/admin/campaigns/${campaignId}/cancel`);
        expect(refused.status).toBe(404);
        expect(refused.body.error.message).toBe('未找到该慰问活动');
      }
      expect(Campaign.parse((await call(app, tokens.admin2, 'GET', '/api/admin/campaigns')).body[0]).cancelledAt).toBeNull();
    });

    it('already over cannot be cancelled: what was open when stays as it was', async () => {
      const past = Campaign.parse((await call(app, tokens.admin1, 'POST', '/api/admin/campaigns', campaignInput({ kind: 'spring_festival', name: '春节慰问', startsOn: '2026-02-10', endsOn: '2026-02-20' }))).body);
      const answer = await call(app, tokens.admin1, 'POST', `/api/admin/campaigns/${past.id}/cancel`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBe('该活动已于 2026-02-20 结束，不能再取消');
    });

    it('are named by festival visits of their own community; another community’s campaign, an unknown one or a visit of another type is refused', async () => {
      const w1 = id('worker1');
      expect((await send('worker1', 'visit.submit', festivalVisit(fx.members.m4.id, w1, ours.id))).outcome).toBe('applied');
      expect((await send('worker1', 'visit.submit', festivalVisit(fx.members.m4.id, w1, null))).outcome).toBe('applied');
      const stored = await backend.storage.db.selectFrom('visits').select('campaign_id').where('member_id', '=', fx.members.m4.id).where('campaign_id', 'is not', null).execute();
      expect(stored).toEqual([{ campaign_id: ours.id }]);

      const before = await countRows(backend.storage.db, 'visits');
      for (const campaignId of [theirs.id, NOWHERE]) {
        expect(await send('worker1', 'visit.submit', festivalVisit(fx.members.m4.id, w1, campaignId))).toEqual({
          outcome: 'rejected:VALIDATION_FAILED',
          message: '慰问活动：本社区没有这个慰问活动',
        });
      }
      expect(await send('worker1', 'visit.submit', visit(fx.members.m4.id, w1, { campaignId: ours.id }))).toEqual({
        outcome: 'rejected:VALIDATION_FAILED',
        message: '慰问活动：只有节日慰问可以关联慰问活动',
      });
      expect(await countRows(backend.storage.db, 'visits')).toBe(before);
      // And the other community's worker cannot name this community's campaign for their own member.
      expect((await send('worker3', 'visit.submit', festivalVisit(fx.members.x1.id, id('worker3'), ours.id))).outcome).toBe('rejected:VALIDATION_FAILED');
    });
  });

  describe('visit settings, afterwards', () => {
    it('a branch override left out is deleted: its members follow the community again and devices drop it', async () => {
      const before = AdminVisitSettings.parse((await call(app, tokens.admin1, 'GET', '/api/admin/visit-settings')).body);
      const [override] = before.overrides;
      expect(override?.branchId).toBe(fx.branch1.id);
      const answer = await call(app, tokens.admin1, 'PUT', '/api/admin/visit-settings', { community: before.community!.values, overrides: [] });
      expect(AdminVisitSettings.parse(answer.body)).toEqual({ ...before, overrides: [] });
      const changes = (await received('worker2', 'visit_settings')).filter((c) => c.id === override!.id);
      expect(changes.at(-1)).toMatchObject({ op: 'delete', data: null });
      // m1 (B1) now has the community's 10 days back.
      const tenDaysBack = visit(fx.members.m1.id, id('worker1'), { occurredAt: '2026-02-23T02:00:00.000Z', recordedAt: AT });
      expect((await send('worker1', 'visit.submit', tenDaysBack)).outcome).toBe('applied');
    });
  });

  describe('member events and follow-up closures', () => {
    it('a paired worker records an event (四必访); an unpaired one, a secretary or the other community are refused', async () => {
      const event = memberEvent(fx.members.m1.id, id('worker1'));
      expect((await send('worker1', 'visit.submit', visit(fx.members.m1.id, id('worker1')))).outcome).toBe('applied');
      expect((await send('worker1', 'member_event.record', event)).outcome).toBe('applied');
      // worker1's pairing with m2 ended in 2025, before the event was recorded.
      expect((await send('worker1', 'member_event.record', memberEvent(fx.members.m2.id, id('worker1')))).outcome).toBe('rejected:NOT_FOUND');
      expect((await send('worker3', 'member_event.record', memberEvent(fx.members.m1.id, id('worker3')))).outcome).toBe('rejected:NOT_FOUND');
      expect((await send('secretary1', 'member_event.record', memberEvent(fx.members.m1.id, id('secretary1')))).outcome).toBe('rejected:FORBIDDEN');
      // Named as recorded by someone else: the server trusts no device about who acted.
      expect((await send('worker2', 'member_event.record', memberEvent(fx.members.m1.id, id('worker1')))).outcome).toBe('rejected:ACTOR_MISMATCH');

      for (const user of ['worker2', 'secretary1', 'admin1'] as const) {
        expect((await received(user, 'member_event')).map((c) => c.data), user).toEqual([event]);
      }
      expect(await received('worker3', 'member_event')).toEqual([]);
    });

    it('an event dated after today is refused in Chinese', async () => {
      expect(await send('worker1', 'member_event.record', memberEvent(fx.members.m1.id, id('worker1'), { occurredOn: '2099-01-01' }))).toEqual({
        outcome: 'rejected:VALIDATION_FAILED',
        message: '发生日期：不能晚于今天',
      });
    });

    it('a paired worker marks a visit’s follow-up done; the visit must be the member’s and have that follow-up', async () => {
      const w1 = id('worker1');
      const withFollowUps = visit(fx.members.m1.id, w1, {
        followUps: [
          { what: '联系物业修理楼道灯', owner: '物业', deadline: '2026-03-20', status: 'open' },
          { what: '帮助申请助餐服务', owner: '社区', deadline: '2026-03-31', status: 'open' },
        ],
      });
      expect((await send('worker1', 'visit.submit', withFollowUps)).outcome).toBe('applied');
      const closure = followUpClosure(fx.members.m1.id, withFollowUps.id, 1, w1);
      expect((await send('worker1', 'follow_up.close', closure)).outcome).toBe('applied');
      // worker2 (m1's backup) closing it too, offline: both stand, either resolves it.
      expect((await send('worker2', 'follow_up.close', followUpClosure(fx.members.m1.id, withFollowUps.id, 1, id('worker2')))).outcome).toBe('applied');

      expect(await send('worker1', 'follow_up.close', followUpClosure(fx.members.m1.id, withFollowUps.id, 2, w1))).toEqual({
        outcome: 'rejected:VALIDATION_FAILED',
        message: '后续事项：该走访记录没有这一项后续事项',
      });
      // The visit is m1's, the closure says m4 (also worker1's).
      expect(await send('worker1', 'follow_up.close', followUpClosure(fx.members.m4.id, withFollowUps.id, 0, w1))).toEqual({
        outcome: 'rejected:VALIDATION_FAILED',
        message: '走访记录：不存在或不属于该成员',
      });
      expect((await send('worker1', 'follow_up.close', followUpClosure(fx.members.m2.id, withFollowUps.id, 0, w1))).outcome).toBe('rejected:NOT_FOUND');
      expect((await send('secretary1', 'follow_up.close', followUpClosure(fx.members.m1.id, withFollowUps.id, 0, id('secretary1')))).outcome).toBe('rejected:FORBIDDEN');

      const pulled = (await received('secretary1', 'follow_up_closure')).map((c) => c.data as { id: string });
      expect(pulled.map((c) => c.id)).toContain(closure.id);
      expect(pulled).toHaveLength(2);
    });

    it('a closure pushed right after its visit, in the same batch, finds it', async () => {
      const w2 = id('worker2');
      const device = outbox();
      const made = visit(fx.members.m3.id, w2, { followUps: [{ what: '送老花镜', owner: '刘芳', deadline: '2026-03-10', status: 'open' }] });
      const response = await push(app, tokens.worker2, device.clientId, [
        device.add('visit.submit', made),
        device.add('follow_up.close', followUpClosure(fx.members.m3.id, made.id, 0, w2)),
      ]);
      expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    });
  });
});
