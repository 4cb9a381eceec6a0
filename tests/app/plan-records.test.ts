import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { answerDialog } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { LI_JIANGUO, ROSTER, makeUser, pairingFor } from './support/fixtures';
import { PLAN_NOW, click, has, seedPulled } from './support/plan-seed';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

/**
 * Records the plan itself asks for (issue 12), offline on 2026-03-10: a follow-up marked done (a FollowUpClosure)
 * and a 四必访 event, each written with its outbox entry; the plan follows at once.
 */
const FOLLOW_UP_VISIT = makeVisit(1, {
  memberId: LI_JIANGUO.id,
  occurredAt: '2026-03-01T02:00:00.000Z',
  recordedAt: '2026-03-01T03:00:00.000Z',
  followUps: [
    { what: '联系物业修楼道灯', owner: '刘芳', deadline: '2026-03-20', status: 'open' },
    { what: '帮助申请助餐补贴', owner: '刘芳', deadline: '2026-03-10', status: 'open' },
  ],
});

const memberPlan = (app: Awaited<ReturnType<typeof mountAt>>) => app.wrapper.findAll('[data-testid="member-plan"] [data-testid="plan-item"]');

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: PLAN_NOW });
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER, ROSTER.map((m) => pairingFor(m, makeUser().id)));
  await seedPulled([{ entity: 'visit', data: FOLLOW_UP_VISIT }]);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('follow-ups and events', () => {
  it('a follow-up due today is in 今天 with its words; marked done it moves to 已处理 and a closure waits in the outbox', async () => {
    const app = await mountAt('/plan');
    const row = () => app.wrapper.find(`[data-testid="plan-list"] [data-testid="plan-item"][data-reason="follow_up"]`);
    await vi.waitFor(() => expect(row().exists()).toBe(true));
    expect(row().find('[data-testid="plan-item-reason"]').text()).toBe('后续事项：帮助申请助餐补贴');
    expect(row().find('[data-testid="plan-item-record"]').exists()).toBe(false);

    await row().find('[data-testid="plan-item-done"]').trigger('click');
    await app.wrapper.find('[data-testid="mark-done-note"] input').setValue('已递交街道');
    await answerDialog('帮助申请助餐补贴', 'confirm');

    await vi.waitFor(() => expect(row().exists()).toBe(false));
    const settled = app.wrapper.find('[data-testid="plan-settled"] [data-testid="plan-item"][data-reason="follow_up"]');
    expect(settled.attributes('data-state')).toBe('done');
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'follow_up.close', memberId: LI_JIANGUO.id, state: 'pending' });
    // The second follow-up of the visit (index 1) is the one closed; the first is still to do on the 20th.
    expect(entry!.record).toMatchObject({ visitId: FOLLOW_UP_VISIT.id, index: 1, note: '已递交街道', closedBy: makeUser().id });
  });

  it('an event recorded from the member page adds its visit to the member’s plan at once: 住院 calls for a sick visit', async () => {
    const app = await mountAt(`/members/${LI_JIANGUO.id}`);
    await click(app, 'action-event');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member-event'));
    await click(app, 'event-kind-hospitalised');
    const date = app.wrapper.find('[data-testid="event-date"]');
    (date.element as HTMLInputElement).value = '2026-03-11';
    await date.trigger('input');
    await vi.waitFor(() => expect(has(app, 'event-bad-date')).toBe(true));
    (date.element as HTMLInputElement).value = '2026-03-09';
    await date.trigger('input');
    await vi.waitFor(() => expect(has(app, 'event-bad-date')).toBe(false));
    await click(app, 'event-submit');

    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    await vi.waitFor(() =>
      expect(memberPlan(app).map((n) => n.find('[data-testid="plan-item-reason"]').text())).toContain('住院探望'),
    );
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'member_event.record', memberId: LI_JIANGUO.id });
    expect(entry!.record).toMatchObject({ kind: 'hospitalised', occurredOn: '2026-03-09', recordedBy: makeUser().id });
  });

  it('a bereavement calls for a visit within a day, shown as 四必访 with its kind', async () => {
    const app = await mountAt(`/members/${LI_JIANGUO.id}/event`);
    await click(app, 'event-kind-bereavement');
    await click(app, 'event-submit');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    await app.router.push('/plan');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="plan-list"] [data-reason="event"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="plan-list"] [data-reason="event"] [data-testid="plan-item-reason"]').text()).toBe('四必访：丧偶或亲人去世');
  });
});
