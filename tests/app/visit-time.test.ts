import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { LI_JIANGUO, ROSTER, ZHANG_XIAOMING, makeUser, pairingFor, uuid } from './support/fixtures';
import { PLAN_NOW, campaign, click, has, seedPulled, submitVisit } from './support/plan-seed';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

/**
 * The visit form's time, type order and campaign (issue 12), on 2026-03-10 at 10:00 in Beijing, offline. The
 * community keeps the default settings: a visit may be dated at most 7 days back.
 */
const VISIT_PATH = `/members/${ZHANG_XIAOMING.id}/visit`;

async function setTime(app: MountedApp, local: string): Promise<void> {
  const input = app.wrapper.find('[data-testid="visit-time-input"]');
  (input.element as HTMLInputElement).value = local;
  await input.trigger('change');
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: PLAN_NOW });
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER, ROSTER.map((m) => pairingFor(m, makeUser().id)));
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the visit’s date and time', () => {
  it('defaults to now in Beijing time, and a visit left at now is stamped when it is saved', async () => {
    const app = await mountAt(`${VISIT_PATH}?type=regular`);
    await vi.waitFor(() => expect(has(app, 'visit-time-input')).toBe(true));
    expect((app.wrapper.find('[data-testid="visit-time-input"]').element as HTMLInputElement).value).toBe('2026-03-10T10:00');
    expect(app.wrapper.find('[data-testid="visit-time-input"]').attributes('min')).toBe('2026-03-03T00:00');
    await submitVisit(app, 'met');
    await vi.waitFor(async () => expect(await db.visits.count()).toBe(1));
    const [row] = await db.visits.toArray();
    // The test's clock moves on a little while the form works (Vant's timers are settled by advancing it).
    expect(row!.payload.occurredAt).toBe(row!.payload.recordedAt);
    expect(Date.parse(row!.payload.recordedAt) - PLAN_NOW.getTime()).toBeLessThan(60_000);
  });

  it('refuses a time in the future or more than 7 days back, in Chinese, and saves a visit written up that evening with its own time', async () => {
    const app = await mountAt(`${VISIT_PATH}?type=regular`);
    await vi.waitFor(() => expect(has(app, 'visit-field-outcome')).toBe(true));
    await setTime(app, '2026-03-10T12:00');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="visit-time-problem"]').text()).toBe('走访时间不能晚于现在'));
    await setTime(app, '2026-03-02T09:00');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="visit-time-problem"]').text()).toBe('走访时间最多只能补记到 7 天前'));
    await submitVisit(app, 'met');
    expect(await db.visits.count()).toBe(0);
    expect(app.router.currentRoute.value.name).toBe('visit');

    // 09:30 Beijing on Monday is 01:30 UTC.
    await setTime(app, '2026-03-09T09:30');
    await vi.waitFor(() => expect(has(app, 'visit-time-problem')).toBe(false));
    await click(app, 'visit-submit');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    const [row] = await db.visits.toArray();
    expect(row!.payload.occurredAt).toBe('2026-03-09T01:30:00.000Z');
    expect(Date.parse(row!.payload.recordedAt) - PLAN_NOW.getTime()).toBeLessThan(60_000);
  });

  it('keeps the chosen time in the draft across a reload', async () => {
    const first = await mountAt(`${VISIT_PATH}?type=regular`);
    await vi.waitFor(() => expect(has(first, 'visit-field-outcome')).toBe(true));
    await setTime(first, '2026-03-08T15:00');
    await click(first, 'visit-option-outcome-met');
    await vi.waitFor(async () => expect((await db.visitDrafts.get(ZHANG_XIAOMING.id))?.payload).toMatchObject({ occurredLocal: '2026-03-08T15:00' }));
    first.wrapper.unmount();
    const second = await mountAt(VISIT_PATH);
    await vi.waitFor(() => expect(has(second, 'visit-draft-restored')).toBe(true));
    expect((second.wrapper.find('[data-testid="visit-time-input"]').element as HTMLInputElement).value).toBe('2026-03-08T15:00');
  });
});

describe('the visit type and the festival campaign', () => {
  it('puts the types this worker records most first', async () => {
    const mine = makeUser().id;
    const colleague = uuid(0x1002);
    await seedPulled([
      ...[1, 2, 3].map((n) => ({ entity: 'visit' as const, data: makeVisit(n, { memberId: LI_JIANGUO.id, type: 'phone', templateId: 'phone', homeSafety: null, visitorIds: [mine] }) })),
      { entity: 'visit', data: makeVisit(4, { memberId: LI_JIANGUO.id, type: 'sick', templateId: 'sick', visitorIds: [mine] }) },
      // A colleague's visits do not change this worker's order.
      ...[5, 6, 7, 8, 9].map((n) => ({ entity: 'visit' as const, data: makeVisit(n, { memberId: LI_JIANGUO.id, type: 'hardship', templateId: 'hardship', visitorIds: [colleague] }) })),
    ]);
    const app = await mountAt(VISIT_PATH);
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid^="visit-type-"]').length).toBeGreaterThan(2));
    const order = () => app.wrapper.findAll('[data-testid^="visit-type-"]').map((b) => b.attributes('data-testid'));
    await vi.waitFor(() => expect(order().slice(0, 2)).toEqual(['visit-type-phone', 'visit-type-sick']));
    expect(order()[2]).toBe('visit-type-regular');
  });

  it('a festival visit names the one open campaign of the member by itself, or none when the worker says so', async () => {
    const open = campaign();
    const closed = campaign({ id: uuid(0xca02), name: '春节慰问', startsOn: '2026-01-20', endsOn: '2026-02-28' });
    const partyOnly = campaign({ id: uuid(0xca03), name: '七一慰问', cohort: { type: 'branch', branchId: uuid(0xb9) } });
    await seedPulled([
      { entity: 'campaign', data: open },
      { entity: 'campaign', data: closed },
      { entity: 'campaign', data: partyOnly },
    ]);
    const app = await mountAt(`${VISIT_PATH}?type=festival`);
    await vi.waitFor(() => expect(has(app, 'visit-campaign')).toBe(true));
    // Only the campaign open today whose cohort holds the member is offered, and it is chosen.
    expect(app.wrapper.findAll('[data-testid^="visit-campaign-"]').map((n) => n.attributes('data-testid'))).toEqual([`visit-campaign-${open.id}`, 'visit-campaign-none']);
    expect(app.wrapper.find(`[data-testid="visit-campaign-${open.id}"]`).attributes('aria-checked')).toBe('true');

    await click(app, 'visit-option-outcome-met');
    await click(app, 'item-add');
    await app.wrapper.find('[data-testid="item-row"] [data-testid="item-description"] input').setValue('米和油');
    await click(app, 'visit-submit');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    const [row] = await db.visits.toArray();
    expect(row!.payload).toMatchObject({ type: 'festival', campaignId: open.id });

    const again = await mountAt(`${VISIT_PATH}?type=festival`);
    await vi.waitFor(() => expect(has(again, 'visit-campaign')).toBe(true));
    await click(again, 'visit-campaign-none');
    await click(again, 'visit-option-outcome-met');
    await click(again, 'item-add');
    await again.wrapper.find('[data-testid="item-row"] [data-testid="item-description"] input').setValue('慰问品');
    await click(again, 'visit-submit');
    await vi.waitFor(async () => expect(await db.visits.count()).toBe(2));
    const rows = await db.visits.toArray();
    expect(rows.map((r) => r.payload.campaignId).sort()).toEqual([null, open.id].sort());
  });
});
