import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvaluationGrade, Member } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { makeMember, uuid } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';
import { useAttendanceStore } from '../../src/app/stores/attendance-store';
import { SECRETARY, seedMeeting } from './registers-support';

/** The machine running the tests is shared: writes through Dexie may take longer than waitFor's default second. */
const WAIT = { timeout: 5000 };
vi.setConfig({ testTimeout: 20_000 });

/** Twelve party members of the branch: at most four may be rated 优秀. */
const MEMBERS: Member[] = Array.from({ length: 12 }, (_, i) =>
  makeMember({ id: uuid(0x300 + i), name: `党员${String.fromCharCode(0x7532 + i)}` }),
);

function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

async function grade(app: MountedApp, member: Member, value: EvaluationGrade): Promise<void> {
  await app.wrapper.find(`[data-testid="grade-${value}-${member.id}"]`).trigger('click');
  await flushPromises();
}

const warning = (app: MountedApp) => app.wrapper.find('[data-testid="evaluation-over-limit"]');
const saveButton = (app: MountedApp) => app.wrapper.find('[data-testid="evaluation-save"]');

beforeEach(async () => {
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster(MEMBERS, [], SECRETARY.id);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('民主评议', () => {
  it('warns live, naming the limit, when more than a third are rated 优秀, and saves only within the limit', async () => {
    const app = await mountAt('/evaluations');
    await vi.waitFor(() => expect(has(app, `evaluation-row-${MEMBERS[11]!.id}`)).toBe(true), WAIT);
    const year = Number(app.wrapper.find('[data-testid="evaluation-year"]').text());

    for (const member of MEMBERS.slice(0, 5)) await grade(app, member, 'excellent');
    for (const member of MEMBERS.slice(5)) await grade(app, member, 'qualified');
    expect(warning(app).text()).toBe('优秀 5 人，超过参评 12 人的三分之一（最多 4 人）');
    expect(saveButton(app).attributes('disabled')).toBeDefined();
    await saveButton(app).trigger('click');
    await flushPromises();
    expect(await db.evaluations.count()).toBe(0);

    await grade(app, MEMBERS[4]!, 'basically_qualified');
    expect(warning(app).exists()).toBe(false);
    expect(app.wrapper.find('[data-testid="evaluation-limit"]').text()).toBe('优秀 4 人，参评 12 人，最多可评 4 人');
    await saveButton(app).trigger('click');
    await vi.waitFor(async () => expect(await db.evaluations.count()).toBe(12), WAIT);

    const rows = await db.evaluations.toArray();
    expect(rows.every((row) => row.payload.year === year && row.syncState === 'pending' && row.payload.recordedBy === SECRETARY.id)).toBe(true);
    // The server checks the limit as each record arrives: the 优秀 go last.
    const types = (await db.outbox.orderBy('seq').toArray()).map((entry) => (entry.record as { grade: string }).grade);
    expect(types).toHaveLength(12);
    expect(types.slice(-4)).toEqual(['excellent', 'excellent', 'excellent', 'excellent']);
    expect(types.slice(0, 8)).not.toContain('excellent');
  });

  it('shows the grades in force and saves only what changed, lowered grades before raised ones', async () => {
    const app = await mountAt('/evaluations');
    await vi.waitFor(() => expect(has(app, `evaluation-row-${MEMBERS[0]!.id}`)).toBe(true), WAIT);
    for (const [i, member] of MEMBERS.entries()) await grade(app, member, i < 4 ? 'excellent' : 'qualified');
    await saveButton(app).trigger('click');
    await vi.waitFor(async () => expect(await db.evaluations.count()).toBe(12), WAIT);
    // Nothing differs from the grades in force any more.
    await vi.waitFor(() => expect(saveButton(app).attributes('disabled')).toBeDefined(), WAIT);

    // A swap: 甲 loses 优秀, 壬 gets it. Within the limit only if the lowering arrives first.
    await grade(app, MEMBERS[8]!, 'excellent');
    expect(warning(app).text()).toBe('优秀 5 人，超过参评 12 人的三分之一（最多 4 人）');
    await grade(app, MEMBERS[0]!, 'qualified');
    expect(warning(app).exists()).toBe(false);
    await saveButton(app).trigger('click');
    await vi.waitFor(async () => expect(await db.evaluations.count()).toBe(14), WAIT);
    const lastTwo = (await db.outbox.orderBy('seq').toArray()).slice(-2).map((entry) => entry.record as { memberId: string; grade: string });
    expect(lastTwo).toEqual([
      expect.objectContaining({ memberId: MEMBERS[0]!.id, grade: 'qualified' }),
      expect.objectContaining({ memberId: MEMBERS[8]!.id, grade: 'excellent' }),
    ]);
  });

  it('keeps the grades being set when the branch’s data changes meanwhile (a meeting recorded, a pull)', async () => {
    const app = await mountAt('/evaluations');
    await vi.waitFor(() => expect(has(app, `evaluation-row-${MEMBERS[0]!.id}`)).toBe(true), WAIT);
    for (const [i, member] of MEMBERS.entries()) await grade(app, member, i < 4 ? 'excellent' : 'qualified');
    expect(app.wrapper.find('[data-testid="evaluation-limit"]').text()).toBe('优秀 4 人，参评 12 人，最多可评 4 人');
    await seedMeeting('2026-01-10');
    await vi.waitFor(() => expect(useAttendanceStore().meetings).toHaveLength(1), WAIT);
    await flushPromises();
    expect(app.wrapper.find('[data-testid="evaluation-limit"]').text()).toBe('优秀 4 人，参评 12 人，最多可评 4 人');
    expect(saveButton(app).attributes('disabled')).toBeUndefined();
  });
});
