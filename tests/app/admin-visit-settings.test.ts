import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminVisitSettings, AdminVisitSettingsInput, DEFAULT_VISIT_SETTINGS, VisitSettings, type VisitSettingsValues } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { json, stubFetch, type StubRequest } from './support/fetch-stub';
import { BRANCH_ID, COMMUNITY_ID, uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, admin, adminNetwork, callsTo, expectAllControlsNamed, on, ORGANISATION, SECOND_BRANCH } from './admin-support';

vi.setConfig({ testTimeout: 20_000 });

const COMMUNITY_VALUES: VisitSettingsValues = { ...DEFAULT_VISIT_SETTINGS, cadence: { ...DEFAULT_VISIT_SETTINGS.cadence, high: { targetDays: 7, maxDays: 14 } } };

function row(branchId: string | null, values: VisitSettingsValues, n: number): VisitSettings {
  return VisitSettings.parse({ id: uuid(0x5e00 + n), communityId: COMMUNITY_ID, branchId, values, updatedBy: ADMIN.id, updatedAt: '2026-03-01T02:00:00.000Z' });
}

/** The server's side: what it holds, and on PUT what it keeps of the request (each test says). */
function settingsServer(held: AdminVisitSettings) {
  return on('GET', admin('visit-settings'), () => json(200, held));
}
function saving(onPut: (input: AdminVisitSettingsInput) => AdminVisitSettings) {
  return on('PUT', admin('visit-settings'), (request: StubRequest) => json(200, onPut(AdminVisitSettingsInput.parse(request.body))));
}

const field = (app: MountedApp, testId: string) => app.wrapper.find(`[data-testid="${testId}"]`);

async function open(held: AdminVisitSettings, onPut: (input: AdminVisitSettingsInput) => AdminVisitSettings = () => held) {
  const calls = stubFetch(adminNetwork(settingsServer(held), saving(onPut), on('GET', admin('organisation'), () => json(200, ORGANISATION))));
  const app = await mountAt('/admin/visit-settings');
  await vi.waitFor(() => expect(field(app, 'settings-table').exists()).toBe(true));
  return { app, calls };
}

beforeEach(async () => {
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('探访设置', () => {
  it('shows the community’s values beside the defaults, a branch following them until it has its own', async () => {
    const override = row(SECOND_BRANCH.id, { ...COMMUNITY_VALUES, phoneEveryDays: 14 }, 2);
    const { app } = await open(AdminVisitSettings.parse({ defaults: DEFAULT_VISIT_SETTINGS, community: row(null, COMMUNITY_VALUES, 1), overrides: [override] }));

    const high = field(app, 'settings-row-cadence_high_maxDays');
    expect(high.find('th').text()).toBe('高风险：最长间隔（天）');
    expect(high.find('[data-testid="settings-default"]').text()).toBe('30');
    expect((field(app, 'settings-community-cadence_high_maxDays').element as HTMLInputElement).value).toBe('14');
    // The first branch has no row: its column shows the community's values and no input.
    expect((field(app, `settings-own-${BRANCH_ID}`).element as HTMLInputElement).checked).toBe(false);
    expect(field(app, `settings-${BRANCH_ID}-cadence_high_maxDays`).exists()).toBe(false);
    // The second has its own: its inputs hold its values.
    expect((field(app, `settings-own-${SECOND_BRANCH.id}`).element as HTMLInputElement).checked).toBe(true);
    expect((field(app, `settings-${SECOND_BRANCH.id}-phoneEveryDays`).element as HTMLInputElement).value).toBe('14');
    expect(field(app, 'settings-save').attributes('disabled')).toBeDefined();
    expectAllControlsNamed(app.wrapper.element);
  });

  it('sends the whole of it — the community’s values and each branch override — and shows what the server keeps', async () => {
    const held = AdminVisitSettings.parse({ defaults: DEFAULT_VISIT_SETTINGS, community: null, overrides: [] });
    let sent: AdminVisitSettingsInput | null = null;
    const { app, calls } = await open(held, (input) => {
      sent = input;
      return AdminVisitSettings.parse({
        defaults: DEFAULT_VISIT_SETTINGS,
        community: row(null, input.community, 1),
        overrides: input.overrides.map((o, i) => row(o.branchId, o.values, 10 + i)),
      });
    });

    await field(app, 'settings-community-cadence_key_targetDays').setValue('21');
    await field(app, `settings-own-${BRANCH_ID}`).setValue(true);
    // A branch's own settings start from the community's as typed.
    expect((field(app, `settings-${BRANCH_ID}-cadence_key_targetDays`).element as HTMLInputElement).value).toBe('21');
    await field(app, `settings-${BRANCH_ID}-sickVisitWithinDays`).setValue(' 2 ');
    expectAllControlsNamed(app.wrapper.element);
    await field(app, 'settings-save').trigger('click');

    await vi.waitFor(() => expect(callsTo(calls, 'PUT', admin('visit-settings'))).toHaveLength(1));
    expect(sent).toEqual({
      community: { ...DEFAULT_VISIT_SETTINGS, cadence: { ...DEFAULT_VISIT_SETTINGS.cadence, key: { targetDays: 21, maxDays: 30 } } },
      overrides: [{ branchId: BRANCH_ID, values: { ...DEFAULT_VISIT_SETTINGS, cadence: { ...DEFAULT_VISIT_SETTINGS.cadence, key: { targetDays: 21, maxDays: 30 } }, sickVisitWithinDays: 2 } }],
    });
    await vi.waitFor(() => expect(document.body.textContent).toContain('已保存，服务专员下次同步后按新设置安排走访'));
    // The form is the server's again: nothing left to save.
    expect(field(app, 'settings-save').attributes('disabled')).toBeDefined();
    expect(field(app, 'visit-settings').text()).toContain('社区设置最后修改于 2026-03-01 10:00');
  });

  it('a branch unticked goes back to the community’s settings: its override is left out of the request', async () => {
    const override = row(SECOND_BRANCH.id, { ...COMMUNITY_VALUES, phoneEveryDays: 14 }, 2);
    const held = AdminVisitSettings.parse({ defaults: DEFAULT_VISIT_SETTINGS, community: row(null, COMMUNITY_VALUES, 1), overrides: [override] });
    let sent: AdminVisitSettingsInput | null = null;
    const { app } = await open(held, (input) => {
      sent = input;
      return AdminVisitSettings.parse({ ...held, overrides: [] });
    });
    await field(app, `settings-own-${SECOND_BRANCH.id}`).setValue(false);
    await field(app, 'settings-save').trigger('click');
    await vi.waitFor(() => expect(sent).not.toBeNull());
    expect(sent!.overrides).toEqual([]);
    expect(sent!.community).toEqual(COMMUNITY_VALUES);
  });

  it('names each wrong field in Chinese, with the domain’s own rule, and sends nothing', async () => {
    const { app, calls } = await open(AdminVisitSettings.parse({ defaults: DEFAULT_VISIT_SETTINGS, community: null, overrides: [] }));
    await field(app, `settings-own-${BRANCH_ID}`).setValue(true);
    await field(app, `settings-${BRANCH_ID}-visitBackdateDays`).setValue('3.5');
    await field(app, 'settings-community-phoneEveryDays').setValue('七');
    await field(app, 'settings-community-advancedAge').setValue('120');
    await field(app, 'settings-save').trigger('click');

    const problems = () => field(app, 'settings-problems').findAll('li').map((li) => li.text());
    expect(problems()).toEqual([
      '社区 · 高龄起始年龄（岁）：不能大于 100',
      '社区 · 电话联系间隔（天）：请填写整数',
      '光明社区离退休干部第一党支部 · 走访最多可补记几天前：请填写整数',
    ]);
    expect(field(app, 'settings-community-phoneEveryDays').attributes('aria-invalid')).toBe('true');
    expect(field(app, `settings-${BRANCH_ID}-visitBackdateDays`).attributes('aria-invalid')).toBe('true');
    expect(callsTo(calls, 'PUT', admin('visit-settings'))).toEqual([]);

    // Once every number is whole and in range, the rule between two of them: the longest interval not the shorter.
    await field(app, `settings-${BRANCH_ID}-visitBackdateDays`).setValue('3');
    await field(app, 'settings-community-phoneEveryDays').setValue('30');
    await field(app, 'settings-community-advancedAge').setValue('80');
    await field(app, 'settings-community-cadence_general_maxDays').setValue('60');
    await field(app, 'settings-save').trigger('click');
    expect(problems()).toEqual(['社区 · 一般：最长间隔（天）：最长间隔不能短于目标间隔']);
    expect(field(app, 'settings-community-cadence_general_maxDays').attributes('aria-invalid')).toBe('true');
    expect(callsTo(calls, 'PUT', admin('visit-settings'))).toEqual([]);
  });

  it('says plainly that it needs the network', async () => {
    stubFetch(() => 'offline');
    const app = await mountAt('/admin/visit-settings');
    await vi.waitFor(() => expect(field(app, 'settings-error').text()).toBe('管理功能需要联网，请检查网络后重试'));
  });
});
