import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { ROSTER, ZHANG_XIAOMING, makeUser } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';

const VISIT_PATH = `/members/${ZHANG_XIAOMING.id}/visit`;

function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

async function click(app: MountedApp, testId: string): Promise<void> {
  await vi.waitFor(() => expect(has(app, testId), testId).toBe(true));
  await app.wrapper.find(`[data-testid="${testId}"]`).trigger('click');
  await flushPromises();
}

async function type(app: MountedApp, testId: string, value: string): Promise<void> {
  const input = app.wrapper.find(`[data-testid="${testId}"] textarea, [data-testid="${testId}"] input`);
  await input.setValue(value);
  await flushPromises();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
  // Offline throughout: a visit is recorded where there is no signal.
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('visit form', () => {
  it('opens from the member page and asks about home safety only when the member was met', async () => {
    const app = await mountAt(`/members/${ZHANG_XIAOMING.id}`);
    await click(app, 'action-visit');
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe(VISIT_PATH));

    await click(app, 'visit-type-regular');
    expect(has(app, 'visit-field-outcome')).toBe(true);
    expect(has(app, 'visit-field-homeSafety')).toBe(false);
    await click(app, 'visit-option-outcome-met');
    expect(has(app, 'visit-field-homeSafety')).toBe(true);
    await click(app, 'visit-option-outcome-not_home');
    expect(has(app, 'visit-field-homeSafety')).toBe(false);
    expect(has(app, 'visit-field-needs')).toBe(false);
  });

  it('lists the missing required fields in Chinese on submit', async () => {
    const app = await mountAt(VISIT_PATH);
    await click(app, 'visit-type-regular');
    await click(app, 'visit-submit');
    expect(app.wrapper.find('[data-testid="visit-missing"]').text()).toBe('请填写：走访结果');
    await click(app, 'visit-option-outcome-met');
    await click(app, 'visit-submit');
    expect(app.wrapper.find('[data-testid="visit-missing"]').text()).toBe('请填写：居家安全');
    expect(await db.visits.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps the draft across a reload', async () => {
    const first = await mountAt(VISIT_PATH);
    await click(first, 'visit-type-regular');
    await click(first, 'visit-option-outcome-met');
    await type(first, 'visit-input-livingSituation', '独自在家，精神不错');
    await vi.waitFor(async () => expect((await db.visitDrafts.get(ZHANG_XIAOMING.id))?.payload).toMatchObject({ answers: { livingSituation: '独自在家，精神不错' } }));
    first.wrapper.unmount();

    const second = await mountAt(VISIT_PATH);
    await vi.waitFor(() => expect(has(second, 'visit-draft-restored')).toBe(true));
    expect(second.wrapper.find('[data-testid="visit-input-livingSituation"] textarea').element).toHaveProperty('value', '独自在家，精神不错');
    expect(second.wrapper.find('[data-testid="visit-option-outcome-met"]').attributes('aria-checked')).toBe('true');
    expect(has(second, 'visit-field-homeSafety')).toBe(true);
  });

  it('submits an immutable visit with its template version, writes the outbox entry and shows it as saved on the device', async () => {
    const app = await mountAt(VISIT_PATH);
    await click(app, 'visit-type-regular');
    await click(app, 'visit-option-outcome-met');
    for (const key of ['gas', 'electricity', 'heating']) await click(app, `visit-safety-${key}-ok`);
    await click(app, 'visit-safety-smokeAlarm-missing');
    await click(app, 'visit-option-needs-daily_care');
    await click(app, 'followup-add');
    await type(app, 'followup-what', '联系物业安装烟雾报警器');
    await type(app, 'followup-owner', '刘芳');
    await type(app, 'followup-deadline', '2026-03-20');
    await click(app, 'visit-submit');

    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe(`/members/${ZHANG_XIAOMING.id}`));
    const [row] = await db.visits.toArray();
    expect(row?.payload).toMatchObject({
      memberId: ZHANG_XIAOMING.id,
      visitorIds: [makeUser().id],
      type: 'regular',
      outcome: 'met',
      templateId: 'regular',
      templateVersion: 1,
      homeSafety: { gas: 'ok', electricity: 'ok', heating: 'ok', smokeAlarm: 'missing' },
      needs: ['daily_care'],
      followUps: [{ what: '联系物业安装烟雾报警器', owner: '刘芳', deadline: '2026-03-20', status: 'open' }],
      amends: null,
    });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'visit.submit', recordId: row?.id, state: 'pending' });
    expect(await db.visitDrafts.count()).toBe(0);

    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="record-state"]').exists()).toBe(true));
    const badge = app.wrapper.find('[data-testid="record-state"]');
    expect(['pending', 'sending']).toContain(badge.attributes('data-state'));
    expect(app.wrapper.find('[data-testid="record-line"]').text()).toContain('定期走访');
  });

  it('records the items delivered on a festival visit, a row removed before submitting', async () => {
    const app = await mountAt(VISIT_PATH);
    await click(app, 'visit-type-festival');
    await click(app, 'visit-option-outcome-met');
    await click(app, 'item-add');
    await click(app, 'item-add');
    const rows = () => app.wrapper.findAll('[data-testid="item-row"]');
    expect(rows()).toHaveLength(2);
    // First row: 慰问金 with its amount; the second, a gift, is removed again.
    await rows()[0]!.find('[data-testid="item-kind-cash"]').trigger('click');
    await flushPromises();
    await rows()[0]!.find('[data-testid="item-description"] input').setValue('春节慰问金');
    await rows()[0]!.find('[data-testid="item-amount"] input').setValue('500');
    await rows()[1]!.find('[data-testid="item-description"] input').setValue('大米一袋');
    expect(rows()[1]!.find('[data-testid="item-amount"]').exists()).toBe(false);
    await rows()[1]!.find('button').trigger('click');
    await flushPromises();
    expect(rows()).toHaveLength(1);
    await click(app, 'visit-submit');

    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe(`/members/${ZHANG_XIAOMING.id}`));
    const [row] = await db.visits.toArray();
    expect(row?.payload.itemsDelivered).toEqual([{ kind: 'cash', description: '春节慰问金', amountFen: 50000 }]);
  });

  it('a correction is a new visit naming the one it amends', async () => {
    const app = await mountAt(VISIT_PATH);
    await click(app, 'visit-type-phone');
    await click(app, 'visit-option-outcome-in_hospital');
    await click(app, 'visit-submit');
    await vi.waitFor(() => expect(has(app, 'record-amend')).toBe(true));
    const [original] = await db.visits.toArray();

    await click(app, 'record-amend');
    await vi.waitFor(() => expect(has(app, 'visit-amending')).toBe(true));
    await click(app, 'visit-type-phone');
    await click(app, 'visit-option-outcome-met');
    await click(app, 'visit-submit');
    await vi.waitFor(async () => expect(await db.visits.count()).toBe(2));
    const correction = (await db.visits.toArray()).find((row) => row.id !== original!.id);
    expect(correction?.payload.amends).toBe(original!.id);
    expect((await db.visits.get(original!.id))?.payload.outcome).toBe('in_hospital');
  });
});
