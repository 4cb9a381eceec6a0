import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addMonths, type Member } from '../../src/domain';
import { currentMonthInShanghai } from '../../src/app/format/dates';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { LI_JIANGUO, ROSTER, XIAO_MINGYUAN, ZHANG_XIAOMING, makeMember, uuid } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';
import { SECRETARY, seedAttendance, seedMeeting } from './registers-support';

/**
 * Issue 13, wrong screen 5: a member who died is not missing organisational life. 肖明远 is recorded 已故 with no
 * date; 周国华 died last month, after missing the meetings before it. Neither is flagged in the register or the
 * overview, nor listed for the year's 民主评议; the register says 已故 instead.
 */

const WAIT = { timeout: 5000 };
vi.setConfig({ testTimeout: 20_000 });

const NOW = currentMonthInShanghai();
const DIED = `${addMonths(NOW, -1)}-03`;
const ZHOU_GUOHUA: Member = makeMember({ id: uuid(0x61), name: '周国华', status: 'deceased', diedOn: DIED });

const has = (app: MountedApp, testId: string) => app.wrapper.find(`[data-testid="${testId}"]`).exists();
const text = (app: MountedApp, testId: string) => app.wrapper.find(`[data-testid="${testId}"]`).text();

beforeEach(async () => {
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster([...ROSTER, ZHOU_GUOHUA], [], SECRETARY.id);
  stubFetch(() => 'offline');
  // Meetings three and two months ago, and this month: only 李建国 and 张晓明 came.
  for (const date of [`${addMonths(NOW, -3)}-10`, `${addMonths(NOW, -2)}-10`, `${NOW}-01`]) {
    const meeting = await seedMeeting(date, 'theme_day');
    await seedAttendance(meeting, LI_JIANGUO.id, 'present');
    await seedAttendance(meeting, ZHANG_XIAOMING.id, 'present');
  }
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('a member who died, in the secretary’s registers', () => {
  it('is marked 已故 in the register, expected only while alive, and flagged nowhere', async () => {
    const app = await mountAt('/attendance');
    await vi.waitFor(() => expect(has(app, `register-row-${ZHOU_GUOHUA.id}`)).toBe(true), WAIT);
    expect(has(app, `register-flag-${ZHOU_GUOHUA.id}`)).toBe(false);
    expect(has(app, `register-flag-${XIAO_MINGYUAN.id}`)).toBe(false);
    expect(text(app, `register-deceased-${ZHOU_GUOHUA.id}`)).toBe(`已故 ${DIED}`);
    expect(text(app, `register-deceased-${XIAO_MINGYUAN.id}`)).toBe('已故');
    // Two meetings before the death; none for the member recorded 已故 without a date.
    expect(text(app, `register-expected-${ZHOU_GUOHUA.id}`)).toBe('2');
    expect(text(app, `register-expected-${XIAO_MINGYUAN.id}`)).toBe('0');
    // 王秀英 and 赵德胜 (away, still expected: docs/DOMAIN.md §5), alive and without records, are the ones flagged.
    expect(text(app, 'register-flagged')).toBe('2 人连续 6 个月以上未参加组织生活');
  });

  it('is not among those without organisational life in the overview', async () => {
    const app = await mountAt('/ledger/summary');
    await vi.waitFor(() => expect(has(app, 'summary-attendance-rate')).toBe(true), WAIT);
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="summary-attendance-flag"]').length).toBeGreaterThan(0), WAIT);
    const flagged = app.wrapper.findAll('[data-testid="summary-attendance-flag"]').map((node) => node.text());
    expect(flagged.some((line) => line.includes('周国华') || line.includes('肖明远'))).toBe(false);
  });

  it('is not listed for 民主评议 of the year they died in', async () => {
    const app = await mountAt('/evaluations');
    await vi.waitFor(() => expect(has(app, `evaluation-row-${LI_JIANGUO.id}`)).toBe(true), WAIT);
    const year = Number(text(app, 'evaluation-year'));
    if (Number(DIED.slice(0, 4)) === year) expect(has(app, `evaluation-row-${ZHOU_GUOHUA.id}`)).toBe(false);
    expect(has(app, `evaluation-row-${XIAO_MINGYUAN.id}`)).toBe(false);
  });
});

describe('民主评议 being graded (wrong screen 4)', () => {
  it('keeps the grades not yet saved when the secretary goes to another screen and comes back', async () => {
    const app = await mountAt('/evaluations');
    await vi.waitFor(() => expect(has(app, `evaluation-row-${LI_JIANGUO.id}`)).toBe(true), WAIT);
    await app.wrapper.find(`[data-testid="grade-basically_qualified-${LI_JIANGUO.id}"]`).trigger('click');
    await app.wrapper.find(`[data-testid="grade-qualified-${ZHANG_XIAOMING.id}"]`).trigger('click');
    await flushPromises();

    await app.router.push({ name: 'ledger-export' });
    await vi.waitFor(() => expect(has(app, `evaluation-row-${LI_JIANGUO.id}`)).toBe(false), WAIT);
    await app.router.push({ name: 'evaluations' });
    await vi.waitFor(() => expect(has(app, `evaluation-row-${LI_JIANGUO.id}`)).toBe(true), WAIT);
    await flushPromises();

    expect(app.wrapper.find(`[data-testid="grade-basically_qualified-${LI_JIANGUO.id}"]`).attributes('aria-checked')).toBe('true');
    expect(app.wrapper.find(`[data-testid="grade-qualified-${ZHANG_XIAOMING.id}"]`).attributes('aria-checked')).toBe('true');
    expect(app.wrapper.find('[data-testid="evaluation-save"]').attributes('disabled')).toBeUndefined();
    expect(text(app, 'evaluation-unsaved')).toContain('2');
  });
});
