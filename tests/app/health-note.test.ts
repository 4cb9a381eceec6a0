import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { answerDialog } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { ROSTER, ZHANG_XIAOMING, makeUser } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';

function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

async function click(app: MountedApp, testId: string): Promise<void> {
  await vi.waitFor(() => expect(has(app, testId), testId).toBe(true));
  await app.wrapper.find(`[data-testid="${testId}"]`).trigger('click');
  await flushPromises();
}

async function openHealth(): Promise<MountedApp> {
  const app = await mountAt(`/members/${ZHANG_XIAOMING.id}`);
  await click(app, 'action-health');
  await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('health'));
  return app;
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('health notes', () => {
  it('are not collected without consent: only the consent form is shown', async () => {
    const app = await openHealth();
    await vi.waitFor(() => expect(has(app, 'consent-needed')).toBe(true));
    expect(has(app, 'health-form')).toBe(false);
    expect(has(app, 'health-submit')).toBe(false);
  });

  it('records a relative’s consent, then a note, then withdraws the consent and purges the note', async () => {
    const app = await openHealth();
    await click(app, 'consent-by-relative');
    await app.wrapper.find('[data-testid="consent-relative-name"] input').setValue('张丽');
    await app.wrapper.find('[data-testid="consent-relation"] input').setValue('女儿');
    await click(app, 'consent-give');
    await vi.waitFor(() => expect(has(app, 'health-form')).toBe(true));
    const [consent] = await db.consents.toArray();
    expect(consent?.payload).toMatchObject({
      memberId: ZHANG_XIAOMING.id,
      scope: 'health_notes',
      givenBy: { kind: 'relative', name: '张丽', relation: '女儿' },
      recordedBy: makeUser().id,
      withdrawnAt: null,
    });

    await click(app, 'health-overall-fair');
    await click(app, 'health-mood-needs_attention');
    await app.wrapper.find('[data-testid="health-note"] textarea').setValue('近来睡眠不好');
    await click(app, 'health-submit');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    const [note] = await db.healthNotes.toArray();
    expect(note?.payload).toMatchObject({ consentId: consent?.id, overall: 'fair', mood: 'needs_attention', note: '近来睡眠不好' });
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.type)).toEqual(['consent.give', 'health_note.record']);
    await vi.waitFor(() => expect(has(app, 'record-line')).toBe(true));
    expect(app.wrapper.find('[data-kind="health"]').exists()).toBe(true);

    await click(app, 'action-health');
    await click(app, 'consent-withdraw');
    await answerDialog('健康记录将被删除', 'cancel');
    expect(await db.healthNotes.count()).toBe(1);
    await click(app, 'consent-withdraw');
    await answerDialog('健康记录将被删除', 'confirm');
    await vi.waitFor(() => expect(has(app, 'consent-needed')).toBe(true));
    expect(await db.healthNotes.count()).toBe(0);
    expect((await db.outbox.orderBy('seq').last())?.type).toBe('consent.withdraw');
  });
});
