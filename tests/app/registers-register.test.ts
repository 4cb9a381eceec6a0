import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { DEFAULT_DUES_POLICY, addMonths } from '../../src/domain';
import { recordPolicy } from '../../src/app/repositories/ledger-repository';
import { settleRejected } from '../../src/app/repositories/outbox-repository';
import { currentMonthInShanghai } from '../../src/app/format/dates';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, WANG_XIUYING, XIAO_MINGYUAN, ZHANG_XIAOMING, ZHAO_DESHENG } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';
import { SECRETARY, seedAttendance, seedMeeting } from './registers-support';

/** The machine running the tests is shared: writes through Dexie may take longer than waitFor's default second. */
const WAIT = { timeout: 5000 };
vi.setConfig({ testTimeout: 20_000 });

const NOW = currentMonthInShanghai();

function text(app: MountedApp, testId: string): string {
  return app.wrapper.find(`[data-testid="${testId}"]`).text();
}

function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession(SECRETARY);
  // 肖明远 is 已故 in the shared fixtures; here he stands for a living member who never came (a member who died is
  // flagged for nothing: registers-departed.test.ts).
  await seedRoster(
    ROSTER.map((member) => (member.id === XIAO_MINGYUAN.id ? { ...member, status: 'active' as const } : member)),
    [],
    SECRETARY.id,
  );
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('attendance register', () => {
  /**
   * Two meetings: eight months ago and two months ago. 张晓明 came only to the first: eight months without
   * organisational life, flagged. 李建国 and 王秀英 came to the recent one. 赵德胜 was excused from the recent one by
   * branch decision: only the old one was expected of him, outside the six months, so no flag. 肖明远 has no
   * record at all: flagged, never in the window.
   */
  async function seedYear(): Promise<void> {
    const old = await seedMeeting(`${addMonths(NOW, -8)}-15`, 'party_congress');
    const recent = await seedMeeting(`${addMonths(NOW, -2)}-10`, 'theme_day');
    await seedAttendance(old, ZHANG_XIAOMING.id, 'present');
    await seedAttendance(recent, ZHANG_XIAOMING.id, 'absent');
    await seedAttendance(recent, LI_JIANGUO.id, 'present');
    await seedAttendance(old, WANG_XIUYING.id, 'leave', { reason: '住院' });
    await seedAttendance(recent, WANG_XIUYING.id, 'delivered');
    await seedAttendance(old, ZHAO_DESHENG.id, 'absent');
    await seedAttendance(recent, ZHAO_DESHENG.id, 'excused', { reason: '长期卧床', decisionRef: '支委会〔2026〕3号' });
  }

  it('shows the member × meeting matrix of 12 months with 应到, 实到 and the six-month flag', async () => {
    await seedYear();
    const app = await mountAt('/attendance');
    await vi.waitFor(() => expect(has(app, `register-row-${ZHANG_XIAOMING.id}`)).toBe(true), WAIT);

    expect(text(app, 'register-window')).toContain(`${addMonths(NOW, -11)} 至 ${NOW}`);
    expect(app.wrapper.findAll('[data-testid="register-table"] thead th')).toHaveLength(1 + 2 + 3);

    expect(text(app, `register-flag-${ZHANG_XIAOMING.id}`)).toBe('8 个月未参加组织生活');
    expect(text(app, `register-flag-${XIAO_MINGYUAN.id}`)).toBe('12 个月内未参加组织生活');
    for (const member of [LI_JIANGUO, WANG_XIUYING, ZHAO_DESHENG]) expect(has(app, `register-flag-${member.id}`), member.name).toBe(false);
    expect(text(app, 'register-flagged')).toBe('2 人连续 6 个月以上未参加组织生活');

    const row = (id: string) => app.wrapper.find(`[data-testid="register-row-${id}"]`).findAll('td').map((td) => td.text());
    expect(row(ZHANG_XIAOMING.id)).toEqual(['到', '缺', '2', '1', '50%']);
    expect(row(WANG_XIUYING.id)).toEqual(['假', '送', '2', '1', '50%']);
    expect(row(ZHAO_DESHENG.id)).toEqual(['缺', '免', '1', '0', '0%']);
    expect(row(LI_JIANGUO.id)).toEqual(['—', '到', '2', '1', '50%']);
    // 2 + 2 + 2 + 1 + 2 expected, 1 + 1 + 1 + 0 + 0 attended.
    expect(text(app, 'register-window')).toContain('总出席率 33%');
  });

  it('follows the device: a meeting recorded meanwhile shows at once, and counts nowhere once the server refuses it', async () => {
    await seedYear();
    const app = await mountAt('/attendance');
    await vi.waitFor(() => expect(has(app, `register-row-${ZHANG_XIAOMING.id}`)).toBe(true), WAIT);
    const columns = () => app.wrapper.findAll('[data-testid="register-table"] thead th').length;
    const rows = () => app.wrapper.findAll('[data-testid^="register-row-"]').map((row) => row.text());
    const before = rows();
    expect(columns()).toBe(1 + 2 + 3);
    // Recorded outside the register's store (another tab, say), with 肖明远 present: pending, it counts.
    const late = await seedMeeting(`${addMonths(NOW, -1)}-10`, 'theme_day');
    await seedAttendance(late, XIAO_MINGYUAN.id, 'present');
    await vi.waitFor(() => expect(has(app, `register-flag-${XIAO_MINGYUAN.id}`)).toBe(false), WAIT);
    expect(columns()).toBe(1 + 3 + 3);

    // The server refuses the meeting and so the attendance at it: the register is the server's again.
    const refused = (await db.outbox.toArray()).filter((entry) => entry.recordId === late.id || (entry.type === 'attendance.record' && entry.memberId === XIAO_MINGYUAN.id));
    expect(refused).toHaveLength(2);
    for (const entry of refused) await settleRejected(entry, { code: 'NOT_FOUND', message: '未找到' });
    await vi.waitFor(() => expect(text(app, `register-flag-${XIAO_MINGYUAN.id}`)).toBe('12 个月内未参加组织生活'), WAIT);
    expect(columns()).toBe(1 + 2 + 3);
    expect(text(app, 'register-flagged')).toBe('2 人连续 6 个月以上未参加组织生活');
    expect(rows()).toEqual(before);
  });

  it('flags after the branch’s own number of months (its dues settings), not a fixed six', async () => {
    await seedYear();
    // 9 months: the meeting 8 months ago is inside the window. 张小明 attended it, so his flag lifts; 赵德胜 was
    // absent there (the recent one excused), so he is now expected without attending and flagged.
    await recordPolicy({ branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY, attendanceFlagMonths: 9 }, `${NOW}-01T00:00:00.000Z`);
    const app = await mountAt('/attendance');
    await vi.waitFor(() => expect(has(app, `register-row-${ZHANG_XIAOMING.id}`)).toBe(true), WAIT);
    expect(has(app, `register-flag-${ZHANG_XIAOMING.id}`)).toBe(false);
    expect(has(app, `register-flag-${ZHAO_DESHENG.id}`)).toBe(true);
    expect(text(app, `register-flag-${XIAO_MINGYUAN.id}`)).toBe('12 个月内未参加组织生活');
    expect(text(app, 'register-flagged')).toBe('2 人连续 9 个月以上未参加组织生活');
  });

  it('works from the device alone and lifts the flag once the member attends', async () => {
    await seedYear();
    const recent = (await db.meetings.toArray()).map((row) => row.payload).find((m) => m.type === 'theme_day')!;
    await seedAttendance(recent, ZHANG_XIAOMING.id, 'delivered', { recordedAt: `${recent.date}T09:00:00.000Z` });
    const app = await mountAt('/attendance');
    await vi.waitFor(() => expect(has(app, `register-row-${ZHANG_XIAOMING.id}`)).toBe(true), WAIT);
    expect(has(app, `register-flag-${ZHANG_XIAOMING.id}`)).toBe(false);
    expect(text(app, 'register-flagged')).toBe('1 人连续 6 个月以上未参加组织生活');
  });
});
