import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { AuditEntry, AuditPage } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { apiError, json, stubFetch } from './support/fetch-stub';
import { LI_JIANGUO, ZHANG_XIAOMING, uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, LIU_FANG, admin, adminNetwork, callsTo, expectAllControlsNamed, memberRow, on, userRow } from './admin-support';

vi.setConfig({ testTimeout: 20_000 });

function entry(n: number, overrides: Partial<AuditEntry>): AuditEntry {
  return AuditEntry.parse({
    id: uuid(0xa000 + n),
    at: '2026-03-20T02:00:00.000Z',
    actorId: LIU_FANG.id,
    actorName: LIU_FANG.displayName,
    actorRole: 'worker',
    operator: null,
    action: 'health_note.record',
    kind: 'health_note',
    recordId: uuid(0xb000 + n),
    memberId: ZHANG_XIAOMING.id,
    details: {},
    address: '10.0.0.7',
    via: 'app',
    ...overrides,
  });
}

const NOTE = entry(1, {});
const PULL = entry(2, { at: '2026-03-19T02:00:00.000Z', action: 'pull', memberId: null, details: { memberIds: [ZHANG_XIAOMING.id, LI_JIANGUO.id], count: 2 } });
const EDIT = entry(3, {
  at: '2026-03-18T02:00:00.000Z',
  actorId: ADMIN.id,
  actorName: ADMIN.displayName,
  actorRole: 'admin',
  action: 'member.update',
  kind: 'member',
  memberId: LI_JIANGUO.id,
  details: { fields: ['phone', 'address'] },
});
const DEATH_CLI = entry(4, {
  at: '2026-03-17T02:00:00.000Z',
  actorId: null,
  actorName: null,
  actorRole: null,
  operator: 'ops-wang',
  action: 'member.death',
  kind: 'member',
  memberId: ZHANG_XIAOMING.id,
  details: { status: 'deceased', purgedNotes: 1, endedPairings: 0 },
  address: null,
  via: 'cli',
});

const find = (app: MountedApp, testId: string) => app.wrapper.find(`[data-testid="${testId}"]`);
const body = (testId: string) => document.body.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;

async function setValue(testId: string, value: string, event: 'change' | 'input' = 'change'): Promise<void> {
  const input = body(testId) as HTMLInputElement | HTMLSelectElement;
  input.value = value;
  input.dispatchEvent(new Event(event));
  await nextTick();
}

/** The audit route answering by its query: the first page, the second page after a cursor, or filtered. */
function network() {
  return adminNetwork(
    on('GET', admin('members'), () => json(200, [memberRow(ZHANG_XIAOMING), memberRow(LI_JIANGUO)])),
    on('GET', admin('users'), () => json(200, [userRow(ADMIN), userRow(LIU_FANG)])),
    on('GET', admin('audit'), (request) => {
      const q = request.url.searchParams;
      if (q.get('cursor') === 'page-2') return json(200, AuditPage.parse({ entries: [DEATH_CLI], nextCursor: null }));
      if (q.get('memberId') === LI_JIANGUO.id) return json(200, AuditPage.parse({ entries: [PULL, EDIT], nextCursor: null }));
      if (q.get('kind') === 'nonsense') return apiError('VALIDATION_FAILED');
      return json(200, { entries: [NOTE, PULL, EDIT], nextCursor: 'page-2' });
    }),
  );
}

beforeEach(async () => {
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('审计日志', () => {
  it('shows the trail newest first in Chinese words, names members and users from the admin’s lists, and pages on', async () => {
    const calls = stubFetch(network());
    const app = await mountAt('/admin/audit');
    await vi.waitFor(() => expect(find(app, 'audit-table').exists()).toBe(true));
    const rows = () => app.wrapper.findAll('[data-testid="audit-row"]');
    expect(rows().map((r) => r.attributes('data-action'))).toEqual(['health_note.record', 'pull', 'member.update']);
    const [note, pull, edit] = rows();
    expect(note!.text()).toContain('2026-03-20 10:00');
    expect(note!.text()).toContain('记录健康信息');
    expect(note!.text()).toContain('健康信息');
    expect(note!.find('[data-testid="audit-actor-cell"]').text()).toBe(`${LIU_FANG.displayName}（服务专员）`);
    expect(note!.find('[data-testid="audit-member-cell"]').text()).toBe(ZHANG_XIAOMING.name);
    expect(note!.text()).toContain('10.0.0.7');
    expect(pull!.text()).toContain('同步到设备');
    expect(pull!.find('[data-testid="audit-member-cell"]').text()).toBe(`${ZHANG_XIAOMING.name}、${LI_JIANGUO.name}`);
    expect(edit!.text()).toContain('修改项：phone、address');
    // The first page asked for 50, newest first; the next continues after its cursor.
    expect(callsTo(calls, 'GET', admin('audit'))[0]!.url.searchParams.get('limit')).toBe('50');
    await find(app, 'audit-more').trigger('click');
    await vi.waitFor(() => expect(rows()).toHaveLength(4));
    const last = rows()[3]!;
    expect(last.find('[data-testid="audit-actor-cell"]').text()).toBe('命令行（ops-wang）');
    expect(last.text()).toContain('登记去世');
    expect(last.text()).toContain('删除健康信息：1');
    expect(find(app, 'audit-more').exists()).toBe(false);
    expectAllControlsNamed(app.wrapper.element);
  });

  it('filters by a member found by name, a user, a kind, an action and Beijing days, and clears them', async () => {
    const calls = stubFetch(network());
    const app = await mountAt('/admin/audit');
    await vi.waitFor(() => expect(find(app, 'audit-table').exists()).toBe(true));
    await setValue('audit-member-search', '李', 'input');
    const options = [...(body('audit-member') as HTMLSelectElement).options].map((o) => o.textContent?.trim());
    expect(options).toEqual(['全部', LI_JIANGUO.name]);
    await setValue('audit-member', LI_JIANGUO.id);
    await setValue('audit-actor', ADMIN.id);
    await setValue('audit-kind', 'member');
    await setValue('audit-action', 'member.update');
    await setValue('audit-from', '2026-03-01');
    await setValue('audit-to', '2026-03-31');
    await find(app, 'audit-filters').trigger('submit');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="audit-row"]')).toHaveLength(2));
    const asked = callsTo(calls, 'GET', admin('audit')).at(-1)!.url.searchParams;
    expect(Object.fromEntries(asked)).toEqual({
      limit: '50',
      memberId: LI_JIANGUO.id,
      actorId: ADMIN.id,
      kind: 'member',
      action: 'member.update',
      from: '2026-03-01',
      to: '2026-03-31',
    });
    await find(app, 'audit-clear').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="audit-row"]')).toHaveLength(3));
    expect(Object.fromEntries(callsTo(calls, 'GET', admin('audit')).at(-1)!.url.searchParams)).toEqual({ limit: '50' });
  });

  it('is reached from the admin’s section bar', async () => {
    stubFetch(network());
    const app = await mountAt('/admin/audit');
    await vi.waitFor(() => expect(find(app, 'audit-table').exists()).toBe(true));
    const tab = find(app, 'admin-nav-admin-audit');
    expect(tab.exists()).toBe(true);
    expect(tab.text()).toContain('审计');
  });

  it('says what went wrong when the server refuses', async () => {
    stubFetch(adminNetwork(on('GET', admin('members'), () => json(200, [])), on('GET', admin('users'), () => json(200, [])), on('GET', admin('audit'), () => apiError('FORBIDDEN'))));
    const app = await mountAt('/admin/audit');
    await vi.waitFor(() => expect(find(app, 'audit-error').exists()).toBe(true));
    expect(find(app, 'audit-table').exists()).toBe(false);
  });
});
