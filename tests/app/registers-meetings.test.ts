import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { Attendance } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { createAppRouter } from '../../src/app/router';
import { recordAttendance } from '../../src/app/repositories/attendance-repository';
import { todayInShanghai } from '../../src/app/format/dates';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { byTestId } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, WANG_XIUYING, ZHANG_XIAOMING, ZHAO_DESHENG, makeUser, uuid } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';
import { SECRETARY, seedMeeting } from './registers-support';

/** The machine running the tests is shared: writes through Dexie may take longer than waitFor's default second. */
const WAIT = { timeout: 5000 };
vi.setConfig({ testTimeout: 20_000 });

function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

/** The popups are teleported to <body>: they are typed into through the page, not the wrapper. */
function typeInto(testId: string, value: string): void {
  const input = byTestId(testId).querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

async function click(testId: string): Promise<void> {
  byTestId(testId).click();
  await flushPromises();
}

async function openMeeting(id: string): Promise<MountedApp> {
  const app = await mountAt(`/meetings/${id}`);
  await vi.waitFor(() => expect(has(app, `meeting-row-${ZHANG_XIAOMING.id}`)).toBe(true), WAIT);
  return app;
}

const counts = (app: MountedApp) => [app.wrapper.find('[data-testid="meeting-expected"]').text(), app.wrapper.find('[data-testid="meeting-attended"]').text()];
const statusOf = (app: MountedApp, memberId: string) => app.wrapper.find(`[data-testid="meeting-status-${memberId}"]`).attributes('data-status');

beforeEach(async () => {
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster(ROSTER, [], SECRETARY.id);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('meetings', () => {
  it('creates a meeting offline: the record and its outbox entry are on the device, and its attendance page opens', async () => {
    const app = await mountAt('/meetings');
    await vi.waitFor(() => expect(has(app, 'meeting-create')).toBe(true), WAIT);
    await app.wrapper.find('[data-testid="meeting-create"]').trigger('click');
    await vi.waitFor(() => byTestId('meeting-form'), WAIT);

    await click('meeting-type-theme_day');
    typeInto('meeting-date', '2026-03-05');
    typeInto('meeting-place', '社区党群服务中心');
    typeInto('meeting-host', '王书记');
    await click('meeting-save');
    // The topic is missing: nothing is saved and the form says what is missing.
    expect(byTestId('meeting-problem').textContent).toContain('请填写议题');
    expect(await db.meetings.count()).toBe(0);

    typeInto('meeting-topic', '学习二十届三中全会精神');
    await click('meeting-save');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('meeting'), WAIT);

    // The schedule tries to send it at once and fails offline: the record waits, pending, once that try is over.
    // (The same read is checked: a retry may mark it 'sending' again a moment later.)
    const row = await vi.waitFor(async () => {
      const [stored] = await db.meetings.toArray();
      expect(stored).toMatchObject({ syncState: 'pending' });
      return stored;
    }, WAIT);
    expect(row).toMatchObject({ branchId: BRANCH_ID, memberId: null, syncState: 'pending' });
    expect(row!.payload).toMatchObject({ type: 'theme_day', date: '2026-03-05', host: '王书记', topic: '学习二十届三中全会精神', recordedBy: SECRETARY.id });
    expect(app.router.currentRoute.value.params.id).toBe(row!.id);
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    // Waiting to be sent: 'sending' while a retry tries again, 'pending' between tries.
    expect(entries[0]).toMatchObject({ type: 'meeting.record', recordId: row!.id, memberId: BRANCH_ID, state: expect.stringMatching(/^(pending|sending)$/) });
    expect(entries[0]!.record).toEqual(row!.payload);
  });

  it('lists the branch’s meetings newest first with their 应到 and 实到', async () => {
    await seedMeeting('2026-02-10', 'lecture');
    await seedMeeting('2026-04-10', 'committee');
    const app = await mountAt('/meetings');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid^="meeting-item-"]')).toHaveLength(2), WAIT);
    const items = app.wrapper.findAll('[data-testid^="meeting-item-"]').map((item) => item.text());
    expect(items[0]).toContain('2026-04-10');
    expect(items[0]).toContain('支委会');
    expect(items[1]).toContain('党课');
    // Four party members of the branch: the transferred one, the non-member and 肖明远, recorded 已故, are not
    // expected (docs/DOMAIN.md §5).
    expect(items[1]).toContain('应到 4 · 实到 0');
  });
});

describe('attendance at a meeting', () => {
  it('records a status with one tap, as a record and an outbox entry; 实到 follows', async () => {
    const meeting = await seedMeeting(todayInShanghai());
    const app = await openMeeting(meeting.id);
    expect(counts(app)).toEqual(['4', '0']);

    await app.wrapper.find(`[data-testid="mark-present-${ZHANG_XIAOMING.id}"]`).trigger('click');
    await vi.waitFor(() => expect(counts(app)).toEqual(['4', '1']), WAIT);
    await app.wrapper.find(`[data-testid="mark-delivered-${WANG_XIUYING.id}"]`).trigger('click');
    await vi.waitFor(() => expect(counts(app)).toEqual(['4', '2']), WAIT);

    const rows = await db.attendance.orderBy('memberId').toArray();
    expect(rows.map((row) => [row.memberId, row.payload.status, row.meetingId, row.syncState])).toEqual(
      [
        [ZHANG_XIAOMING.id, 'present', meeting.id, 'pending'],
        [WANG_XIUYING.id, 'delivered', meeting.id, 'pending'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const ids = new Set(rows.map((row) => row.id));
    const entries = (await db.outbox.toArray()).filter((e) => ids.has(e.recordId)).map((e) => [e.type, e.memberId]);
    expect(entries).toHaveLength(2);
    expect(entries.every(([type]) => type === 'attendance.record')).toBe(true);
  });

  it('asks a reason for leave and both a reason and the branch decision for excusing; excusing lowers 应到', async () => {
    const meeting = await seedMeeting(todayInShanghai());
    const app = await openMeeting(meeting.id);

    await app.wrapper.find(`[data-testid="mark-leave-${LI_JIANGUO.id}"]`).trigger('click');
    await vi.waitFor(() => byTestId('mark-explain'), WAIT);
    await click('mark-save');
    expect(byTestId('mark-problem').textContent).toBe('请假须注明原因');
    expect(await db.attendance.count()).toBe(0);
    typeInto('mark-reason', '住院治疗');
    await click('mark-save');
    await vi.waitFor(() => expect(statusOf(app, LI_JIANGUO.id)).toBe('leave'), WAIT);
    expect((await db.attendance.toArray()).map((row) => row.payload.reason)).toEqual(['住院治疗']);

    await app.wrapper.find(`[data-testid="mark-excused-${ZHAO_DESHENG.id}"]`).trigger('click');
    await vi.waitFor(() => byTestId('mark-decision'), WAIT);
    typeInto('mark-reason', '长期卧床');
    await click('mark-save');
    expect(byTestId('mark-problem').textContent).toBe('免除应到须注明原因和支部决定文号');
    expect(await db.attendance.count()).toBe(1);
    typeInto('mark-decision', '支委会〔2026〕3号');
    await click('mark-save');
    await vi.waitFor(() => expect(statusOf(app, ZHAO_DESHENG.id)).toBe('excused'), WAIT);
    expect(counts(app)).toEqual(['3', '0']);
    const excused = await db.attendance.where('memberId').equals(ZHAO_DESHENG.id).first();
    expect(excused!.payload).toMatchObject({ status: 'excused', reason: '长期卧床', decisionRef: '支委会〔2026〕3号' });
    expect(await db.outbox.count()).toBe(1 + 2);
  });

  it('corrects a status with a new record: the latest is in force, the first stays as the trail', async () => {
    const meeting = await seedMeeting(todayInShanghai());
    const app = await openMeeting(meeting.id);
    await app.wrapper.find(`[data-testid="mark-present-${ZHANG_XIAOMING.id}"]`).trigger('click');
    await vi.waitFor(() => expect(statusOf(app, ZHANG_XIAOMING.id)).toBe('present'), WAIT);
    // recordedAt has millisecond resolution: make sure the correction is later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await app.wrapper.find(`[data-testid="mark-delivered-${ZHANG_XIAOMING.id}"]`).trigger('click');
    await vi.waitFor(() => expect(statusOf(app, ZHANG_XIAOMING.id)).toBe('delivered'), WAIT);

    const rows = await db.attendance.where('memberId').equals(ZHANG_XIAOMING.id).toArray();
    expect(rows.map((row) => row.payload.status).sort()).toEqual(['delivered', 'present']);
    expect(counts(app)).toEqual(['4', '1']);
    // Tapping the status in force again records nothing.
    await app.wrapper.find(`[data-testid="mark-delivered-${ZHANG_XIAOMING.id}"]`).trigger('click');
    await flushPromises();
    expect(await db.attendance.count()).toBe(2);
  });

  it('reads the record in force by time, not as text: a correction without milliseconds is not later for its “Z”', async () => {
    const meeting = await seedMeeting('2026-02-10');
    const record = (status: Attendance['status'], recordedAt: string, n: number) =>
      Attendance.parse({ id: uuid(0x7f00 + n), meetingId: meeting.id, memberId: ZHANG_XIAOMING.id, branchId: BRANCH_ID, status, reason: '', decisionRef: '', recordedBy: SECRETARY.id, recordedAt });
    // As text '…03:00:00Z' sorts after '…03:00:00.500Z'; as times the half second is later, and it says present.
    await recordAttendance([record('present', '2026-02-10T03:00:00.500Z', 1), record('absent', '2026-02-10T03:00:00Z', 2)]);
    const app = await openMeeting(meeting.id);
    await vi.waitFor(() => expect(statusOf(app, ZHANG_XIAOMING.id)).toBe('present'), WAIT);
    expect(counts(app)).toEqual(['4', '1']);
  });

  it('marks everyone not yet recorded as present in one go', async () => {
    const meeting = await seedMeeting(todayInShanghai());
    const app = await openMeeting(meeting.id);
    await app.wrapper.find(`[data-testid="mark-present-${ZHANG_XIAOMING.id}"]`).trigger('click');
    await vi.waitFor(() => expect(counts(app)).toEqual(['4', '1']), WAIT);
    await app.wrapper.find('[data-testid="mark-all-present"]').trigger('click');
    await vi.waitFor(() => expect(counts(app)).toEqual(['4', '4']), WAIT);
    expect(await db.attendance.count()).toBe(4);
    expect(has(app, 'mark-all-present')).toBe(false);
  });

  it('writes several records in one transaction: when one cannot be saved, none is, and no outbox entry is left', async () => {
    const meeting = await seedMeeting('2026-03-05');
    const record = (memberId: string, meetingId: string, n: number) =>
      Attendance.parse({
        id: uuid(0x900 + n),
        meetingId,
        memberId,
        branchId: BRANCH_ID,
        status: 'present',
        reason: '',
        decisionRef: '',
        recordedBy: SECRETARY.id,
        recordedAt: '2026-03-05T03:00:00.000Z',
      });
    const before = await db.outbox.count();
    await expect(recordAttendance([record(ZHANG_XIAOMING.id, meeting.id, 1), record(LI_JIANGUO.id, uuid(0xdead), 2)])).rejects.toThrow();
    expect(await db.attendance.count()).toBe(0);
    expect(await db.outbox.count()).toBe(before);

    // The schema refuses leave without a reason before anything is written.
    expect(() => Attendance.parse({ ...record(ZHANG_XIAOMING.id, meeting.id, 3), status: 'leave' })).toThrow('请假或免除应到须注明原因');
  });
});

describe('who may open the registers', () => {
  it('sends a service worker to the roster: meetings, register, evaluations and exports are the secretary’s', async () => {
    await seedSession(makeUser());
    setActivePinia(createPinia());
    // The guard alone decides: the roster page itself need not render here.
    const router = createAppRouter(createMemoryHistory());
    for (const path of ['/meetings', '/meetings/x', '/attendance', '/evaluations', '/ledger/export']) {
      await router.push(path);
      expect(router.currentRoute.value.name, path).toBe('roster');
    }
  });
});
