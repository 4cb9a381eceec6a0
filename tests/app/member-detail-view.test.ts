import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import {
  CHEN_ZHIQIANG,
  LI_JIANGUO,
  ROSTER,
  ZHANG_XIAOMING,
  ZHAO_DESHENG,
  makeUser,
  pairingFor,
  uuid,
} from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';

async function openMember(id: string) {
  const app = await mountAt(`/members/${id}`);
  await vi.waitFor(() =>
    expect(
      app.wrapper.find('[data-testid="member-name"]').exists() ||
        app.wrapper.find('[data-testid="member-not-found"]').exists(),
    ).toBe(true),
  );
  await flushPromises();
  return app;
}

function cell(app: Awaited<ReturnType<typeof openMember>>, testId: string): string {
  return app.wrapper.find(`[data-testid="${testId}"]`).text().replace(/\s+/g, ' ').trim();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER, [pairingFor(ZHANG_XIAOMING, makeUser().id, 'backup')]);
  // Offline: the page must come from IndexedDB alone.
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('MemberDetailView', () => {
  it('shows every field of a member from the device', async () => {
    const app = await openMember(ZHANG_XIAOMING.id);
    const page = app.wrapper.text();

    expect(app.wrapper.find('[data-testid="member-name"]').text()).toBe('张晓明');
    const phone = app.wrapper.find('[data-testid="member-phone"]');
    expect(phone.attributes('href')).toBe('tel:13812345678');
    expect(phone.text()).toBe('138 1234-5678');
    expect(cell(app, 'member-family')).toContain('张丽（女儿）');
    expect(app.wrapper.find('[data-testid="member-family"] a').attributes('href')).toBe('tel:13987654321');
    expect(cell(app, 'member-address')).toContain('光明小区 3栋2单元502室');
    expect(cell(app, 'member-party')).toContain('是');
    expect(page).toContain('1975-07-01');
    expect(cell(app, 'member-branch')).toContain('光明社区离退休干部第一党支部');
    expect(cell(app, 'member-status')).toContain('在册');
    expect(page).toContain('1938-05-12');
    expect(page).toMatch(/男/);
    expect(app.wrapper.findAll('[data-testid="risk-tag"]').map((tag) => tag.text())).toContain('独居');
    expect(page).toContain('书法');
    expect(page).toContain('京剧');
    expect(cell(app, 'member-needs')).toContain('医疗健康');
    expect(cell(app, 'member-needs')).toContain('生活照料');
    expect(page).toContain('耳背，敲门要用力');
    expect(page).toContain('我是备岗专员');
    // 02:30 UTC is 10:30 in Beijing.
    expect(page).toContain('2026-01-05 10:30');
  });

  it('shows where a member who is away stays and when they come back', async () => {
    const app = await openMember(ZHAO_DESHENG.id);
    expect(cell(app, 'member-status')).toContain('外出');
    expect(cell(app, 'member-away-place')).toContain('海南三亚');
    expect(app.wrapper.text()).toContain('2026-04-01');
    expect(app.wrapper.text()).not.toContain('我是');
  });

  it('shows a cadre who is not a party member without a branch', async () => {
    const app = await openMember(CHEN_ZHIQIANG.id);
    expect(cell(app, 'member-party')).toContain('否');
    expect(app.wrapper.find('[data-testid="member-branch"]').exists()).toBe(false);
    expect(app.wrapper.find('[data-testid="member-phone"]').attributes('href')).toBe('tel:13800000000');
  });

  it('says so when the member is not on the device', async () => {
    const app = await openMember(uuid(999));
    expect(app.wrapper.find('[data-testid="member-name"]').exists()).toBe(false);
    expect(cell(app, 'member-not-found')).toContain('本机花名册中没有此人');
  });

  it('opens from a roster row', async () => {
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(app.wrapper.find(`[data-member-id="${LI_JIANGUO.id}"]`).exists()).toBe(true));
    await app.wrapper.find(`[data-member-id="${LI_JIANGUO.id}"]`).trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-name"]').exists()).toBe(true));
    expect(app.router.currentRoute.value.fullPath).toBe(`/members/${LI_JIANGUO.id}`);
    expect(app.wrapper.find('[data-testid="member-name"]').text()).toBe('李建国');
    // The roster's background refresh (failing offline) settles before the next test clears the device.
    await vi.waitFor(() => expect(useRosterStore(app.pinia).downloading).toBe(false));
  });
});
