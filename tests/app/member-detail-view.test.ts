import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DUES_POLICY, type Change } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { applyPulledPage } from '../../src/app/repositories/pull-repository';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import {
  CHEN_ZHIQIANG,
  LI_JIANGUO,
  ROSTER,
  ZHANG_XIAOMING,
  ZHAO_DESHENG,
  BRANCH_ID,
  makeMember,
  makeUser,
  pairingFor,
  uuid,
} from './support/fixtures';
import { assessmentOf, SECRETARY } from './support/ledger-seed';
import { makePayment, makeVisit } from './support/records';
import { rosterChanges, seedRoster, seedSession } from './support/seed';

/** A pull as the sync writes it: through the app's own pull code. */
async function pull(changes: Change[], options: { reset?: boolean } = {}): Promise<void> {
  await applyPulledPage({ changes, cursor: 1000 + changes.length, scope: 'seeded', reset: options.reset ?? false });
}

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

  it('gives the phone to call a member who is away on, and says where a member was transferred to', async () => {
    const away = makeMember({ ...ZHAO_DESHENG, away: { place: '海南三亚', from: '2026-11-01', expectedReturn: '2027-03-31', phone: '139 0000 1111' } });
    const gone = makeMember({ ...LI_JIANGUO, status: 'transferred', transfer: { direction: 'out', on: '2026-05-01', place: '西湖区文新社区' } });
    await seedRoster([away, gone]);
    const app = await openMember(away.id);
    expect(app.wrapper.find('[data-testid="member-away-phone"]').attributes('href')).toBe('tel:13900001111');
    expect(app.wrapper.text()).toContain('2026-11-01');
    unmountAll();
    const other = await openMember(gone.id);
    expect(cell(other, 'member-transfer')).toContain('转出');
    expect(cell(other, 'member-transfer')).toContain('2026-05-01 · 西湖区文新社区');
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

  it('follows the device: a member edited on the server and a visit pulled meanwhile show on the open page', async () => {
    const app = await openMember(ZHANG_XIAOMING.id);
    expect(app.wrapper.findAll('[data-testid="record-line"]')).toHaveLength(0);

    const edited = makeMember({ ...ZHANG_XIAOMING, phone: '13900001111', notes: '已装助听器', updatedAt: '2026-03-02T02:00:00.000Z' });
    const visit = makeVisit(1);
    await pull([
      { version: 1, entity: 'member', id: edited.id, op: 'upsert', data: edited },
      { version: 2, entity: 'visit', id: visit.id, op: 'upsert', data: visit },
    ]);

    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-phone"]').text()).toBe('13900001111'));
    expect(app.wrapper.text()).toContain('已装助听器');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="record-line"]')).toHaveLength(1));
    expect(app.wrapper.find('[data-testid="record-line"]').attributes('data-record-id')).toBe(visit.id);
  });

  it('a member whose pairing ended leaves the open page with the replay', async () => {
    const app = await openMember(ZHANG_XIAOMING.id);
    await pull(rosterChanges(ROSTER.filter((m) => m.id !== ZHANG_XIAOMING.id)), { reset: true });
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-not-found"]').exists()).toBe(true));
    expect(await db.members.get(ZHANG_XIAOMING.id)).toBeUndefined();
  });

  it('offers a worker to record visits, health notes and dues', async () => {
    await pull([
      { version: 1, entity: 'dues_assessment', id: assessmentOf(ZHANG_XIAOMING.id, 1, 500_000).id, op: 'upsert', data: assessmentOf(ZHANG_XIAOMING.id, 1, 500_000) },
      { version: 2, entity: 'dues_policy', id: BRANCH_ID, op: 'upsert', data: { branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY } },
      { version: 3, entity: 'visit', id: makeVisit(1).id, op: 'upsert', data: makeVisit(1) },
      { version: 4, entity: 'dues_payment', id: makePayment(1).id, op: 'upsert', data: makePayment(1) },
    ]);
    const app = await openMember(ZHANG_XIAOMING.id);
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="action-dues"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="action-visit"]').exists()).toBe(true);
    expect(app.wrapper.find('[data-testid="action-health"]').exists()).toBe(true);
    expect(app.wrapper.find('[data-testid="record-amend"]').exists()).toBe(true);
    expect(app.wrapper.find('[data-testid="record-reverse"]').exists()).toBe(true);
  });
});

describe('MemberDetailView for a user who is not a worker', () => {
  beforeEach(async () => {
    await resetDevice();
    await seedSession(SECRETARY);
    await seedRoster(ROSTER);
    await pull([
      { version: 1, entity: 'dues_assessment', id: assessmentOf(ZHANG_XIAOMING.id, 1, 500_000).id, op: 'upsert', data: assessmentOf(ZHANG_XIAOMING.id, 1, 500_000) },
      { version: 2, entity: 'dues_policy', id: BRANCH_ID, op: 'upsert', data: { branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY } },
      { version: 3, entity: 'visit', id: makeVisit(1).id, op: 'upsert', data: makeVisit(1) },
      { version: 4, entity: 'dues_payment', id: makePayment(1).id, op: 'upsert', data: makePayment(1) },
    ]);
  });

  it('a secretary is offered dues only: no visit, consent or health note, no amending a visit', async () => {
    const app = await openMember(ZHANG_XIAOMING.id);
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="action-dues"]').exists()).toBe(true));
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="record-line"]')).toHaveLength(2));
    expect(app.wrapper.find('[data-testid="action-visit"]').exists()).toBe(false);
    expect(app.wrapper.find('[data-testid="action-health"]').exists()).toBe(false);
    expect(app.wrapper.find('[data-testid="record-amend"]').exists()).toBe(false);
    // Secretaries collect dues on the 主题党日, and correct them with a reversal.
    expect(app.wrapper.find('[data-testid="record-reverse"]').exists()).toBe(true);
  });

  it('a secretary who opens a visit or health form by its address lands on the roster', async () => {
    for (const form of ['visit', 'health']) {
      const app = await mountAt(`/members/${ZHANG_XIAOMING.id}/${form}`);
      expect(app.router.currentRoute.value.name).toBe('roster');
      unmountAll();
    }
    const app = await mountAt(`/members/${ZHANG_XIAOMING.id}/dues`);
    expect(app.router.currentRoute.value.name).toBe('dues');
  });

  it('an admin is offered none of them', async () => {
    await seedSession(makeUser({ id: uuid(0x3001), username: 'admin1', displayName: '管理员', role: 'admin' }));
    const app = await openMember(ZHANG_XIAOMING.id);
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="record-line"]')).toHaveLength(2));
    for (const action of ['action-visit', 'action-health', 'action-dues', 'record-amend', 'record-reverse']) {
      expect(app.wrapper.find(`[data-testid="${action}"]`).exists(), action).toBe(false);
    }
    const form = await mountAt(`/members/${ZHANG_XIAOMING.id}/dues`);
    expect(form.router.currentRoute.value.name).toBe('roster');
  });
});
