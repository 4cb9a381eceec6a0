import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createWebHistory } from 'vue-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../src/app/App.vue';
import { db } from '../../src/app/db/database';
import { createAppI18n } from '../../src/app/i18n';
import { saveDraft, submitVisit } from '../../src/app/repositories/visit-repository';
import { createAppRouter } from '../../src/app/router';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { ROSTER, ZHANG_XIAOMING } from './support/fixtures';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

// The wrong screens of a worker's day that issue 13 lists (items 1, 2, 3, 8 and 12), each as the worker meets it.

const MEMBER_PATH = `/members/${ZHANG_XIAOMING.id}`;
const VISIT_PATH = `${MEMBER_PATH}/visit`;

function find(app: MountedApp, testId: string) {
  return app.wrapper.find(`[data-testid="${testId}"]`);
}

async function click(app: MountedApp, testId: string): Promise<void> {
  await vi.waitFor(() => expect(find(app, testId).exists(), testId).toBe(true));
  await find(app, testId).trigger('click');
  await flushPromises();
}

function textareaValue(app: MountedApp, key: string): string {
  return (find(app, `visit-input-${key}`).find('textarea').element as HTMLTextAreaElement).value;
}

function outcomeChecked(app: MountedApp, value: string): string | undefined {
  return find(app, `visit-option-outcome-${value}`).attributes('aria-checked');
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
  // A staircase without signal: nothing reaches the server.
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('更正 (issue 13, wrong screen 1)', () => {
  const first = makeVisit(1, { outcome: 'in_hospital', livingSituation: '', homeSafety: null, notes: '住院观察，家属陪护', occurredAt: '2026-03-02T01:30:00.000Z' });
  const second = makeVisit(2, { notes: '精神不错，烟雾报警器已装', occurredAt: '2026-03-09T01:30:00.000Z', recordedAt: '2026-03-09T01:40:00.000Z' });

  beforeEach(async () => {
    await submitVisit(first);
    await submitVisit(second);
  });

  it('opens the correction filled with the visit being corrected, not an empty form or the member’s new-visit draft', async () => {
    // A new visit half-typed for the same member: it must neither show in a correction nor be lost by one.
    await saveDraft(ZHANG_XIAOMING.id, {
      templateId: 'regular', templateVersion: 1, answers: { outcome: 'not_home', notes: '新走访的草稿' }, multi: {}, safety: {}, followUps: [], items: [], amends: null,
    });
    const app = await mountAt(`${VISIT_PATH}?amends=${first.id}`);
    await vi.waitFor(() => expect(find(app, 'visit-input-notes').exists()).toBe(true));
    expect(find(app, 'visit-amending').exists()).toBe(true);
    expect(find(app, 'visit-draft-restored').exists()).toBe(false);
    expect(textareaValue(app, 'notes')).toBe('住院观察，家属陪护');
    expect(outcomeChecked(app, 'in_hospital')).toBe('true');
    expect(find(app, 'visit-type-regular').classes()).toContain('van-button--primary');
    unmountAll();

    // The new visit's draft is still there, untouched by the correction.
    const fresh = await mountAt(VISIT_PATH);
    await vi.waitFor(() => expect(find(fresh, 'visit-draft-restored').exists()).toBe(true));
    expect(textareaValue(fresh, 'notes')).toBe('新走访的草稿');
    expect(find(fresh, 'visit-amending').exists()).toBe(false);
  });

  it('keeps each correction’s draft to its own visit', async () => {
    const app = await mountAt(`${VISIT_PATH}?amends=${first.id}`);
    await vi.waitFor(() => expect(textareaValue(app, 'notes')).toBe('住院观察，家属陪护'));
    await find(app, 'visit-input-notes').find('textarea').setValue('住院观察，已出院回家');
    await flushPromises();
    await vi.waitFor(async () => expect(JSON.stringify(await db.visitDrafts.toArray())).toContain('已出院回家'));
    unmountAll();

    // Correcting the other visit shows that visit, not the first one's correction.
    const other = await mountAt(`${VISIT_PATH}?amends=${second.id}`);
    await vi.waitFor(() => expect(find(other, 'visit-input-notes').exists()).toBe(true));
    expect(textareaValue(other, 'notes')).toBe('精神不错，烟雾报警器已装');
    expect(outcomeChecked(other, 'met')).toBe('true');
    expect(find(other, 'visit-draft-restored').exists()).toBe(false);
    unmountAll();

    // A new visit opens empty: no correction's draft crosses into it.
    const fresh = await mountAt(VISIT_PATH);
    await vi.waitFor(() => expect(find(fresh, 'visit-type-regular').exists()).toBe(true));
    expect(find(fresh, 'visit-input-notes').exists()).toBe(false);
    expect(find(fresh, 'visit-amending').exists()).toBe(false);
    unmountAll();

    // Back on the first correction, what was typed is there; submitting it ends that draft only.
    const again = await mountAt(`${VISIT_PATH}?amends=${first.id}`);
    await vi.waitFor(() => expect(find(again, 'visit-draft-restored').exists()).toBe(true));
    expect(textareaValue(again, 'notes')).toBe('住院观察，已出院回家');
    await click(again, 'visit-submit');
    await vi.waitFor(async () => expect(await db.visits.count()).toBe(3));
    const correction = (await db.visits.toArray()).find((row) => row.payload.amends === first.id);
    expect(correction?.payload).toMatchObject({ notes: '住院观察，已出院回家', outcome: 'in_hospital', occurredAt: first.occurredAt });
    expect(JSON.stringify(await db.visitDrafts.toArray())).not.toContain('已出院回家');
  });
});

describe('a correction’s draft saved by the app before drafts were kept apart', () => {
  it('opens in that visit’s correction, and never as a new visit', async () => {
    const first = makeVisit(7, { notes: '原来的备注' });
    await submitVisit(first);
    await db.visitDrafts.put({
      memberId: ZHANG_XIAOMING.id,
      updatedAt: '2026-03-02T02:00:00.000Z',
      payload: { templateId: 'regular', templateVersion: 1, answers: { outcome: 'met', notes: '更正到一半' }, multi: {}, safety: {}, followUps: [], items: [], amends: first.id },
    });
    const fresh = await mountAt(VISIT_PATH);
    await vi.waitFor(() => expect(find(fresh, 'visit-type-regular').exists()).toBe(true));
    expect(find(fresh, 'visit-draft-restored').exists()).toBe(false);
    expect(find(fresh, 'visit-amending').exists()).toBe(false);
    // A new visit typed meanwhile takes the member's draft without losing the correction's.
    await click(fresh, 'visit-type-regular');
    await find(fresh, 'visit-input-notes').find('textarea').setValue('新的走访');
    await vi.waitFor(async () => expect(JSON.stringify(await db.visitDrafts.toArray())).toContain('新的走访'));
    unmountAll();

    const correction = await mountAt(`${VISIT_PATH}?amends=${first.id}`);
    await vi.waitFor(() => expect(find(correction, 'visit-draft-restored').exists()).toBe(true));
    expect(textareaValue(correction, 'notes')).toBe('更正到一半');
    unmountAll();
    const again = await mountAt(VISIT_PATH);
    await vi.waitFor(() => expect(find(again, 'visit-draft-restored').exists()).toBe(true));
    expect(textareaValue(again, 'notes')).toBe('新的走访');
  });
});

describe('validation messages (issue 13, wrong screen 2)', () => {
  it('clears 请填写 for a field once it is answered, and names only what is still missing', async () => {
    const app = await mountAt(VISIT_PATH);
    await click(app, 'visit-type-regular');
    await click(app, 'visit-submit');
    expect(find(app, 'visit-missing').text()).toBe('请填写：走访结果');
    await click(app, 'visit-option-outcome-not_home');
    expect(find(app, 'visit-missing').exists()).toBe(false);
    // Met: home safety becomes required, and the message (already asked for once) says so at once.
    await click(app, 'visit-option-outcome-met');
    expect(find(app, 'visit-missing').text()).toBe('请填写：居家安全');
    await click(app, 'visit-option-outcome-not_home');
    expect(find(app, 'visit-missing').exists()).toBe(false);
  });
});

describe('back after saving (issue 13, wrong screen 3)', () => {
  it('returns from the member page to the roster in one tap after a record was saved', async () => {
    // The browser's own history, as on the phone: the back arrow reads what the history holds.
    window.history.replaceState(null, '', '/');
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createWebHistory());
    await router.push('/roster');
    const wrapper = mount(App, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
    const app: MountedApp = { wrapper, router, pinia };
    try {
      await router.isReady();
      await router.push(MEMBER_PATH);
      await click(app, 'action-visit');
      await vi.waitFor(() => expect(router.currentRoute.value.path).toBe(VISIT_PATH));
      await click(app, 'visit-type-phone');
      await click(app, 'visit-option-outcome-in_hospital');
      await click(app, 'visit-submit');
      await vi.waitFor(() => expect(router.currentRoute.value.path).toBe(MEMBER_PATH));
      await vi.waitFor(() => expect(find(app, 'record-line').exists()).toBe(true));

      await app.wrapper.find('.member-page .van-nav-bar__left').trigger('click');
      await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('roster'));
    } finally {
      wrapper.unmount();
    }
  });
});

describe('the sync bar offline (issue 13, wrong screen 8)', () => {
  function bar(app: MountedApp) {
    return find(app, 'sync-bar');
  }

  it('offline with nothing to send is a calm state, not a red failure', async () => {
    const app = await mountAt('/roster');
    // The sync has tried and found no network; it waits to try again.
    await vi.waitFor(() => expect(bar(app).attributes('data-phase')).toBe('waiting'));
    expect(find(app, 'sync-pending').text()).toBe('离线 · 无待同步');
    expect(find(app, 'sync-error').exists()).toBe(false);
    expect(bar(app).find('[role="alert"]').exists()).toBe(false);
    expect(bar(app).text()).not.toContain('同步失败');
  });

  it('offline with records waiting says how many wait, still not an error', async () => {
    await submitVisit(makeVisit(1));
    await submitVisit(makeVisit(2));
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(bar(app).attributes('data-phase')).toBe('waiting'));
    expect(find(app, 'sync-pending').text()).toBe('离线 · 2 条待发送，联网后自动发送');
    expect(find(app, 'sync-error').exists()).toBe(false);
    expect(bar(app).text()).not.toContain('同步失败');
  });

  it('in English too', async () => {
    const app = await mountAt('/roster', 'en');
    await vi.waitFor(() => expect(bar(app).attributes('data-phase')).toBe('waiting'));
    expect(find(app, 'sync-pending').text()).toBe('Offline · nothing waiting');
  });
});

describe('a past visit read back (issue 13, wrong screen 12)', () => {
  it('opens from the member page, offline, with its notes, follow-ups and what was found', async () => {
    // A 困难帮扶 visit: its form asks for everything a visit can hold.
    const earlier = makeVisit(3, {
      type: 'hardship',
      templateId: 'hardship',
      occurredAt: '2026-03-02T01:30:00.000Z',
      livingSituation: '独居，女儿每周来两次',
      homeSafety: { gas: 'issue', electricity: 'ok', heating: 'ok', smokeAlarm: 'missing' },
      needs: ['health'],
      followUps: [{ what: '联系物业安装烟雾报警器', owner: '刘芳', deadline: '2026-03-20', status: 'open' }],
      itemsDelivered: [{ kind: 'cash', description: '春节慰问金', amountFen: 50000 }],
      notes: '燃气软管老化，已提醒家属更换',
    });
    const later = makeVisit(4, { occurredAt: '2026-03-09T01:30:00.000Z', recordedAt: '2026-03-09T01:40:00.000Z', notes: '软管已换' });
    await submitVisit(earlier);
    await submitVisit(later);
    const app = await mountAt(MEMBER_PATH);
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="record-view"]')).toHaveLength(2));

    const line = app.wrapper.find(`[data-testid="record-line"][data-record-id="${earlier.id}"]`);
    // Each 查看 says to a screen reader which visit it opens.
    expect(line.find('[data-testid="record-view"]').attributes('aria-label')).toBe('查看 困难帮扶 2026-03-02 09:30');
    await line.find('[data-testid="record-view"]').trigger('click');
    await flushPromises();
    const sheet = () => document.querySelector<HTMLElement>('[data-testid="visit-detail"]');
    await vi.waitFor(() => expect(sheet()?.textContent).toContain('燃气软管老化'));
    const text = sheet()!.textContent ?? '';
    expect(text).toContain('走访详情');
    expect(text).toContain('困难帮扶');
    expect(text).toContain('2026-03-02 09:30');
    expect(text).toContain('见到本人');
    expect(text).toContain('独居，女儿每周来两次');
    expect(text).toContain('燃气 有隐患');
    expect(text).toContain('烟雾报警器 没有');
    expect(text).toContain('联系物业安装烟雾报警器（负责人：刘芳，期限：2026-03-20）');
    expect(text).toContain('慰问金：春节慰问金');
    expect(text).toContain('500.00 元');
    expect(text).toContain('医疗健康');
    expect(text).toContain('燃气软管老化，已提醒家属更换');
    expect(text).not.toContain('软管已换');

    // Closed again with the 44 px cross; the member page is where it was.
    sheet()!.closest('.van-popup')!.querySelector<HTMLElement>('[data-testid="sheet-close"]')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-testid="visit-detail"]')?.closest('.van-popup')?.getAttribute('style') ?? 'display: none').toContain('display: none'));
    expect(app.router.currentRoute.value.path).toBe(MEMBER_PATH);
  });

  it('says when a visit has been corrected since, and a correction names the visit it corrects', async () => {
    const original = makeVisit(5, { outcome: 'not_home', homeSafety: null, notes: '原记录' });
    const correction = makeVisit(6, { notes: '更正后的记录', amends: original.id, recordedAt: '2026-03-03T01:40:00.000Z' });
    await submitVisit(original);
    await submitVisit(correction);
    const app = await mountAt(MEMBER_PATH);
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="record-view"]')).toHaveLength(2));
    await app.wrapper.find(`[data-record-id="${original.id}"] [data-testid="record-view"]`).trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="visit-detail"]')?.textContent).toContain('此记录已被更正，以最新更正为准'));
    await vi.waitFor(() => expect(document.querySelector('[data-testid="visit-detail"]')?.textContent).toContain('原记录'));
    // Nobody was met: home safety was never asked, so it is not listed as if left blank.
    expect(document.querySelector('[data-testid="visit-detail"]')?.textContent).toContain('不在家');
    expect(document.querySelector('[data-testid="visit-detail"]')?.textContent).not.toContain('居家安全');
    await app.wrapper.find(`[data-record-id="${correction.id}"] [data-testid="record-view"]`).trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="visit-detail"]')?.textContent).toContain('这是对 2026-03-02 09:30 走访的更正'));
    await vi.waitFor(() => expect(document.querySelector('[data-testid="visit-detail"]')?.textContent).toContain('更正后的记录'));
  });
});
