import { describe, expect, it } from 'vitest';
import { computePlan, planTabs, type PlanItem } from '../../src/domain';
import { BRANCH, at, planInput, settingsRow, tierMember, uuid, visit } from './plan-fixtures';

// 2026-11-22 is a Sunday; the recent past kept is 11-16 … 11-22 and the horizon reaches 11-29.
const today = '2026-11-22';

function only(items: PlanItem[], reason: PlanItem['reason'], state?: PlanItem['state']): PlanItem[] {
  return items.filter((i) => i.reason === reason && (state === undefined || i.state === state));
}

describe('cadence in person by tier (DOMAIN.md §4)', () => {
  it('opens a high-risk member’s window a week after the last visit, due after 30 days', () => {
    const m = tierMember.high(1);
    const items = computePlan(planInput({ members: [m], visits: [visit(10, m.id, at('2026-11-10'))] }));
    expect(only(items, 'cadence')).toEqual([
      {
        key: `cadence:${m.id}:visit:${uuid(10)}:2026-11-17`,
        memberId: m.id,
        reason: 'cadence',
        tier: 'high',
        from: '2026-11-17',
        due: '2026-12-10',
        source: { kind: 'visit', id: uuid(10) },
        resolvedByTypes: ['regular', 'festival', 'sick', 'study_delivery', 'hardship'],
        state: 'open',
        resolvedBy: null,
        detail: null,
      },
    ]);
    expect(planTabs(items, today).today.map((i) => i.reason)).toEqual(['cadence']);
  });

  it('is overdue after maxDays, and due at once for a member never visited', () => {
    const late = tierMember.high(1);
    const never = tierMember.general(2);
    const items = computePlan(planInput({ members: [late, never], visits: [visit(10, late.id, at('2026-10-20'))] }));
    const [lateItem] = only(items.filter((i) => i.memberId === late.id), 'cadence');
    expect(lateItem).toMatchObject({ from: '2026-10-27', due: '2026-11-19', state: 'open' });
    expect(only(items.filter((i) => i.memberId === never.id), 'cadence')).toEqual([
      expect.objectContaining({ key: `cadence:${never.id}:member:${never.id}:first`, from: today, due: today, source: { kind: 'member', id: never.id } }),
    ]);
    const tabs = planTabs(items, today);
    expect(tabs.overdue.map((i) => i.memberId)).toEqual([late.id]);
    expect(tabs.today.map((i) => i.memberId)).toEqual([never.id]);
  });

  it('lists key and general members on the day their month or quarter is up, within the week ahead', () => {
    const key = tierMember.key(1);
    const general = tierMember.general(2);
    const farGeneral = tierMember.general(3);
    const items = computePlan(
      planInput({
        members: [key, general, farGeneral],
        visits: [visit(10, key.id, at('2026-10-25')), visit(11, general.id, at('2026-08-31')), visit(12, farGeneral.id, at('2026-09-01'))],
      }),
    );
    expect(only(items, 'cadence').map((i) => [i.memberId, i.tier, i.from, i.due])).toEqual([
      [key.id, 'key', '2026-11-24', '2026-11-24'],
      [general.id, 'general', '2026-11-29', '2026-11-29'],
    ]);
    const tabs = planTabs(items, today);
    expect(tabs.today.filter((i) => i.reason === 'cadence')).toEqual([]);
    expect(tabs.week.filter((i) => i.reason === 'cadence').map((i) => i.memberId)).toEqual([key.id, general.id]);
  });

  it('counts only visits in person that reached the member: not home, a call or a video resolve nothing', () => {
    const m = tierMember.high(1);
    const visits = [
      visit(10, m.id, at('2026-11-10')),
      visit(11, m.id, at('2026-11-18'), { outcome: 'not_home' }),
      visit(12, m.id, at('2026-11-19'), { type: 'phone' }),
      visit(13, m.id, at('2026-11-20'), { type: 'video' }),
    ];
    const items = computePlan(planInput({ members: [m], visits }));
    expect(only(items, 'cadence')).toEqual([expect.objectContaining({ source: { kind: 'visit', id: uuid(10) }, state: 'open' })]);
  });

  it('reads a visit as its latest correction: the amended date moves the window, an amended type can remove it', () => {
    const m = tierMember.high(1);
    const original = visit(10, m.id, at('2026-11-10'));
    const moved = visit(11, m.id, at('2026-11-12'), { amends: original.id, recordedAt: at('2026-11-12', 20) });
    expect(only(computePlan(planInput({ members: [m], visits: [original, moved] })), 'cadence')).toEqual([
      expect.objectContaining({ source: { kind: 'visit', id: moved.id }, from: '2026-11-19', state: 'open' }),
    ]);
    // A correction of the correction names the first one; the one recorded last stands.
    const asCall = visit(12, m.id, at('2026-11-12'), { amends: moved.id, type: 'phone', recordedAt: at('2026-11-13') });
    const cadence = only(computePlan(planInput({ members: [m], visits: [asCall, original, moved] })), 'cadence');
    expect(cadence).toEqual([expect.objectContaining({ key: `cadence:${m.id}:member:${m.id}:first`, state: 'open' })]);
  });

  it('takes the cadence of the member’s branch over the community’s, and the community’s over the defaults', () => {
    const m = tierMember.high(1);
    const visits = [visit(10, m.id, at('2026-11-10'))];
    const community = settingsRow(50, null, { cadence: { high: { targetDays: 5, maxDays: 20 }, key: { targetDays: 30, maxDays: 30 }, general: { targetDays: 90, maxDays: 90 } } });
    const branch = settingsRow(51, BRANCH, { cadence: { high: { targetDays: 3, maxDays: 10 }, key: { targetDays: 30, maxDays: 30 }, general: { targetDays: 90, maxDays: 90 } } });
    const window = (settings: typeof community[]) => only(computePlan(planInput({ members: [m], visits, settings })), 'cadence').map((i) => [i.from, i.due]);
    expect(window([])).toEqual([['2026-11-17', '2026-12-10']]);
    expect(window([community])).toEqual([['2026-11-15', '2026-11-30']]);
    expect(window([community, branch])).toEqual([['2026-11-13', '2026-11-20']]);
    expect(window([{ ...branch, communityId: uuid(77), branchId: null }])).toEqual([['2026-11-17', '2026-12-10']]);
  });

  it('keeps the window a recent visit resolved, done by it, with the key it had while open', () => {
    const m = tierMember.high(1);
    const before = computePlan(planInput({ members: [m], visits: [visit(10, m.id, at('2026-10-30'))] }));
    const open = only(before, 'cadence', 'open')[0]!;
    const after = computePlan(planInput({ members: [m], visits: [visit(10, m.id, at('2026-10-30')), visit(11, m.id, at(today, 9))] }));
    expect(after.find((i) => i.key === open.key)).toEqual({ ...open, state: 'done', resolvedBy: uuid(11) });
    expect(only(after, 'cadence', 'open')).toEqual([expect.objectContaining({ from: '2026-11-29', source: { kind: 'visit', id: uuid(11) } })]);
    // A week later the done item has left the plan; the first visit ever resolves the 'first' item the same way.
    expect(computePlan(planInput({ today: '2026-11-29', members: [m], visits: [visit(11, m.id, at(today, 9))] })).filter((i) => i.state === 'done')).toEqual([]);
    const first = computePlan(planInput({ members: [m], visits: [visit(11, m.id, at(today, 9))] }));
    expect(only(first, 'cadence', 'done')).toEqual([expect.objectContaining({ key: `cadence:${m.id}:member:${m.id}:first`, resolvedBy: uuid(11) })]);
  });
});

describe('a window of the week ahead (DOMAIN.md §4)', () => {
  it('is done by a visit before it opens, as far ahead as the plan lists, and not beyond', () => {
    const m = tierMember.key(1);
    // Visited 10-30: the month is up on 11-29, the last day the plan lists today.
    const first = visit(10, m.id, at('2026-10-30'));
    const before = only(computePlan(planInput({ members: [m], visits: [first] })), 'cadence', 'open')[0]!;
    expect(before.from).toBe('2026-11-29');
    const early = visit(11, m.id, at(today, 9));
    expect(computePlan(planInput({ members: [m], visits: [first, early] })).find((i) => i.key === before.key)).toEqual({ ...before, state: 'done', resolvedBy: early.id });
    // Visited 10-31: the window opens 11-30, not yet listed, and an early visit leaves no trace of it.
    const later = visit(12, m.id, at('2026-10-31'));
    expect(only(computePlan(planInput({ members: [m], visits: [later] })), 'cadence')).toEqual([]);
    expect(only(computePlan(planInput({ members: [m], visits: [later, early] })), 'cadence', 'done')).toEqual([]);
  });
});

describe('the phone contact between visits (DOMAIN.md §4)', () => {
  it('asks a general member’s call a month after the last contact, while the next visit is further off', () => {
    const m = tierMember.general(1);
    const items = computePlan(planInput({ members: [m], visits: [visit(10, m.id, at('2026-10-25'))] }));
    expect(only(items, 'phone')).toEqual([
      expect.objectContaining({ from: '2026-11-24', due: '2026-11-24', source: { kind: 'visit', id: uuid(10) }, resolvedByTypes: ['regular', 'festival', 'sick', 'study_delivery', 'hardship', 'phone', 'video'] }),
    ]);
  });

  it('steps aside when a visit in person falls due first: key and high members, or a quarter nearly up', () => {
    const key = tierMember.key(1);
    const general = tierMember.general(2);
    const items = computePlan(
      planInput({
        members: [key, general],
        visits: [visit(10, key.id, at('2026-10-25')), visit(11, general.id, at('2026-08-01')), visit(12, general.id, at('2026-10-29'), { type: 'phone' })],
      }),
    );
    // general: the quarter opens 2026-10-30, before the call due 2026-11-28 — the visit is the contact.
    expect(only(items, 'phone')).toEqual([]);
    expect(only(items, 'cadence').map((i) => i.memberId)).toEqual([key.id, general.id]);
  });

  it('is resolved by a call, kept done while recent; the call resets the month', () => {
    const m = tierMember.general(1);
    const visits = [visit(10, m.id, at('2026-09-01')), visit(11, m.id, at('2026-10-20'), { type: 'phone' }), visit(12, m.id, at('2026-11-20'), { type: 'video' })];
    const items = computePlan(planInput({ members: [m], visits }));
    expect(only(items, 'phone')).toEqual([expect.objectContaining({ from: '2026-11-19', state: 'done', resolvedBy: uuid(12) })]);
  });
});
