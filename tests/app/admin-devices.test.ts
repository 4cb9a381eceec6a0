import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminDevice, LifeboatFile, type LifeboatImportResult, type SessionInfo } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog } from './support/dom';
import { json, noContent, stubFetch, type StubRequest } from './support/fetch-stub';
import { uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, admin, adminNetwork, callsTo, expectAllControlsNamed, LIU_FANG, on, ORGANISATION, userRow } from './admin-support';

/** The admin's devices and sessions of a user, and the lifeboat import (issue 14). */

const PHONE = uuid(0xd001);
const TABLET = uuid(0xd002);
const device = (id: string, overrides: Partial<AdminDevice> = {}): AdminDevice =>
  AdminDevice.parse({
    id,
    userId: LIU_FANG.id,
    standing: 'active',
    firstSignInAt: '2026-03-01T01:00:00.000Z',
    lastSignInAt: '2026-03-10T01:00:00.000Z',
    lastContactAt: '2026-03-11T01:00:00.000Z',
    userAgent: 'Mozilla/5.0 (Linux; Android 14)',
    wipeRequestedAt: null,
    wipeReason: null,
    wipedAt: null,
    ...overrides,
  });
const SESSION: SessionInfo = {
  id: uuid(0x5e01),
  createdAt: '2026-03-10T01:00:00.000Z',
  lastUsedAt: '2026-03-11T01:00:00.000Z',
  expiresAt: '2026-03-24T01:00:00.000Z',
  userAgent: 'Mozilla/5.0 (Linux; Android 14)',
  address: '10.1.1.1',
  current: false,
};

function server(devices: AdminDevice[], sessions: SessionInfo[]) {
  const change = (id: string, next: Partial<AdminDevice>) => {
    const at = devices.findIndex((d) => d.id === id);
    devices[at] = { ...devices[at]!, ...next };
    return json(200, devices[at]);
  };
  return adminNetwork(
    on('GET', admin('organisation'), () => json(200, ORGANISATION)),
    on('GET', admin('users'), () => json(200, [userRow(ADMIN), userRow(LIU_FANG)])),
    on('GET', admin('users/:id/devices'), () => json(200, { devices })),
    on('GET', admin('users/:id/sessions'), () => json(200, { sessions })),
    on('DELETE', admin('users/:id/sessions/:sid'), (_request, [, sid]) => {
      sessions.splice(sessions.findIndex((s) => s.id === sid), 1);
      return noContent();
    }),
    on('POST', admin('devices/:id/lost'), (_request, [id]) => change(id!, { standing: 'lost', wipeRequestedAt: '2026-03-12T01:00:00.000Z', wipeReason: 'lost' })),
    on('POST', admin('devices/:id/restore'), (_request, [id]) => change(id!, { standing: 'active', wipeRequestedAt: null, wipeReason: null })),
  );
}

const rows = (app: MountedApp) => app.wrapper.findAll('[data-testid="device-row"]');
const rowOf = (app: MountedApp, id: string) => app.wrapper.find(`[data-testid="device-row"][data-device-id="${id}"]`);

beforeEach(async () => {
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('a user’s devices and sessions', () => {
  it('lists the devices with their standing; marks one lost after asking, restores it, and ends a session', async () => {
    const devices = [device(PHONE), device(TABLET, { standing: 'wiped', wipeRequestedAt: '2026-03-05T01:00:00.000Z', wipeReason: 'user_disabled', wipedAt: '2026-03-06T01:00:00.000Z' })];
    const sessions = [SESSION];
    const calls = stubFetch(server(devices, sessions));
    const app = await mountAt(`/admin/users/${LIU_FANG.id}`);
    await vi.waitFor(() => expect(rows(app)).toHaveLength(2));
    expect(app.wrapper.find('h1').text()).toBe('刘芳 的设备与登录');
    expect(rowOf(app, PHONE).find('[data-testid="device-standing"]').text()).toBe('正常');
    expect(rowOf(app, TABLET).find('[data-testid="device-standing"]').text()).toBe('已清除');
    expect(rowOf(app, TABLET).find('[data-testid="device-lost"]').exists()).toBe(false);
    expect(rowOf(app, TABLET).find('[data-testid="device-restore"]').exists()).toBe(false);
    expect(app.wrapper.findAll('[data-testid="session-row"]')).toHaveLength(1);
    expectAllControlsNamed();

    await rowOf(app, PHONE).find('[data-testid="device-lost"]').trigger('click');
    await answerDialog('先上传未同步的记录', 'confirm');
    await vi.waitFor(() => expect(rowOf(app, PHONE).attributes('data-standing')).toBe('lost'));
    expect(rowOf(app, PHONE).find('[data-testid="device-standing"]').text()).toBe('已标记丢失 · 等待清除（丢失）');
    expect(callsTo(calls, 'POST', admin(`devices/${PHONE}/lost`))).toHaveLength(1);

    await rowOf(app, PHONE).find('[data-testid="device-restore"]').trigger('click');
    await vi.waitFor(() => expect(rowOf(app, PHONE).attributes('data-standing')).toBe('active'));
    expect(callsTo(calls, 'POST', admin(`devices/${PHONE}/restore`))).toHaveLength(1);

    await app.wrapper.find('[data-testid="session-end"]').trigger('click');
    await answerDialog('将需要重新登录', 'confirm');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="sessions-none"]').exists()).toBe(true));
    expect(callsTo(calls, 'DELETE', admin(`users/${LIU_FANG.id}/sessions/${SESSION.id}`))).toHaveLength(1);
  });

  it('opens from the accounts list', async () => {
    stubFetch(server([device(PHONE)], []));
    const app = await mountAt('/admin/users');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="user-details-worker1"]').exists()).toBe(true));
    await app.wrapper.find('[data-testid="user-details-worker1"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('admin-user'));
    await vi.waitFor(() => expect(rows(app)).toHaveLength(1));
  });
});

describe('the lifeboat import', () => {
  const xy = 'A'.repeat(43);
  const FILE = LifeboatFile.parse({
    format: 'doorstep-lifeboat',
    version: 1,
    keyId: 'k3yF1ngerPr1nt00',
    clientId: PHONE,
    userId: LIU_FANG.id,
    username: 'worker1',
    createdAt: '2026-03-12T01:00:00.000Z',
    count: 3,
    ephemeralPublicKey: { kty: 'EC', crv: 'P-256', x: xy, y: xy },
    iv: 'AAAAAAAAAAAAAAAA',
    ciphertext: 'c2VhbGVk',
  });

  async function choose(app: MountedApp, file: File): Promise<void> {
    const input = app.wrapper.find('[data-testid="lifeboat-file"] input[type="file"]');
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="lifeboat-picked"], [data-testid="lifeboat-not-a-file"]').exists()).toBe(true));
    await flushPromises();
  }
  const importButton = (app: MountedApp) => app.wrapper.find('[data-testid="lifeboat-import"]');

  it('sends the chosen file and shows what landed; refuses what is not a lifeboat; says the server’s refusal', async () => {
    let answer: (request: StubRequest) => Response = () =>
      json(200, {
        userId: LIU_FANG.id,
        clientId: PHONE,
        applied: 1,
        duplicate: 1,
        rejected: 1,
        results: [
          { mutationId: uuid(0xa1), index: 0, status: 'applied' },
          { mutationId: uuid(0xa2), index: 1, status: 'duplicate' },
          { mutationId: uuid(0xa3), index: 2, status: 'rejected', code: 'NOT_FOUND', message: '未找到该记录' },
        ],
      } satisfies LifeboatImportResult);
    const calls = stubFetch(adminNetwork(on('POST', admin('lifeboats'), (request) => answer(request))));
    const app = await mountAt('/admin/import');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="to-lifeboats"]').exists()).toBe(true));
    await app.wrapper.find('[data-testid="to-lifeboats"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="lifeboat-file"]').exists()).toBe(true));
    expectAllControlsNamed();

    await choose(app, new File(['not json'], 'notes.json'));
    expect(app.wrapper.find('[data-testid="lifeboat-not-a-file"]').text()).toBe('这不是救生包文件');
    expect(importButton(app).attributes('disabled')).toBeDefined();

    await choose(app, new File([JSON.stringify(FILE)], 'lifeboat-worker1.json', { type: 'application/json' }));
    expect(app.wrapper.find('[data-testid="lifeboat-picked"]').text()).toContain('lifeboat-worker1.json（worker1，3 条记录）');
    await importButton(app).trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="lifeboat-result"]').exists()).toBe(true));
    expect(callsTo(calls, 'POST', admin('lifeboats'))[0]!.body).toEqual(FILE);
    expect(app.wrapper.find('[data-testid="lifeboat-applied"]').text()).toBe('新记录 1 条');
    expect(app.wrapper.find('[data-testid="lifeboat-duplicate"]').text()).toBe('已收到过 1 条');
    expect(app.wrapper.find('[data-testid="lifeboat-rejected"]').text()).toBe('被拒绝 1 条');
    expect(app.wrapper.find('[data-testid="lifeboat-rejections"]').text()).toBe('第 3 条：未找到该记录');

    answer = () => json(422, { error: { code: 'LIFEBOAT_UNREADABLE', message: '救生包文件不是为本服务器制作的（密钥不符），无法读取' } });
    await importButton(app).trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="lifeboat-error"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="lifeboat-error"]').text()).toBe('救生包文件不是为本服务器制作的（密钥不符），无法读取');
  });

  it('needs the network', async () => {
    stubFetch(() => 'offline');
    const app = await mountAt('/admin/lifeboats');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="admin-offline"]').exists()).toBe(true));
    await choose(app, new File([JSON.stringify(FILE)], 'lifeboat.json'));
    await vi.waitFor(() => expect(importButton(app).attributes('disabled')).toBeDefined());
  });
});
