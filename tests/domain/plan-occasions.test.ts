import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, anniversaryIn, computePlan, daysBetween, monthBounds, shanghaiDay, weekStart, type PlanItem } from '../../src/domain';
import { BRANCH, at, campaign, planInput, tierMember, uuid, visit } from './plan-fixtures';

// planInput's today is 2026-11-22, a Sunday: this week is 11-16 … 11-22, next week 11-23 … 11-29.

function only(items: PlanItem[], reason: PlanItem['reason']): PlanItem[] {
  return items.filter((i) => i.reason === reason);
}

describe('days', () => {
  it('finds the Monday of a week and a 29 February’s anniversary', () => {
    expect(weekStart('2026-11-22')).toBe('2026-11-16');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
    expect(anniversaryIn('1944-02-29', 2026)).toBe('2026-03-01');
    expect(anniversaryIn('1944-02-29', 2028)).toBe('2028-02-29');
  });
});

describe('80/90/100 birthdays and 政治生日, in their week (DOMAIN.md §4)', () => {
  it('lists the 80th, 90th and 100th birthdays in their week, and no other', () => {
    const eighty = tierMember.general(1, { birthDate: '1946-11-25' });
    const ninety = tierMember.general(2, { birthDate: '1936-11-18' });
    const hundred = tierMember.general(3, { birthDate: '1926-11-29' });
    const eightyFive = tierMember.general(4, { birthDate: '1941-11-20' });
    const items = only(computePlan(planInput({ members: [eighty, ninety, hundred, eightyFive] })), 'birthday');
    expect(items.map((i) => [i.memberId, i.from, i.due, i.detail, i.state])).toEqual([
      [eighty.id, '2026-11-23', '2026-11-29', '80', 'open'],
      [ninety.id, '2026-11-16', '2026-11-22', '90', 'open'],
      [hundred.id, '2026-11-23', '2026-11-29', '100', 'open'],
    ]);
  });

  it('is done by a visit in person in its week; missed, it stays overdue a month, then is no longer applicable', () => {
    const visited = tierMember.general(1, { birthDate: '1946-11-18' });
    const done = computePlan(planInput({ members: [visited], visits: [visit(10, visited.id, at('2026-11-17'))] }));
    expect(only(done, 'birthday')).toEqual([expect.objectContaining({ state: 'done', resolvedBy: uuid(10) })]);
    const missed = tierMember.general(2, { birthDate: '1946-10-20' });
    expect(only(computePlan(planInput({ members: [missed] })), 'birthday')).toEqual([expect.objectContaining({ from: '2026-10-19', due: '2026-10-25', state: 'open' })]);
    const lapsed = tierMember.general(3, { birthDate: '1946-10-14' });
    expect(only(computePlan(planInput({ members: [lapsed] })), 'birthday')).toEqual([expect.objectContaining({ due: '2026-10-18', state: 'not_applicable' })]);
    const longAgo = tierMember.general(4, { birthDate: '1946-09-01' });
    expect(only(computePlan(planInput({ members: [longAgo] })), 'birthday')).toEqual([]);
  });

  it('lists the anniversary of joining the party for party members only', () => {
    const member = tierMember.general(1, { joinedPartyOn: '1960-11-24' });
    expect(only(computePlan(planInput({ members: [member] })), 'political_birthday')).toEqual([
      expect.objectContaining({ key: `political_birthday:${member.id}:member:${member.id}:2026-11-23`, due: '2026-11-29', detail: '66', state: 'open' }),
    ]);
    const nonMember = tierMember.general(2, { isPartyMember: false, joinedPartyOn: null, branchId: null });
    expect(only(computePlan(planInput({ members: [nonMember] })), 'political_birthday')).toEqual([]);
  });

  it('sees the first days of next year’s occasions at the turn of the year', () => {
    const member = tierMember.general(1, { birthDate: '1947-01-02' });
    expect(only(computePlan(planInput({ today: '2026-12-27', members: [member] })), 'birthday')).toEqual([
      expect.objectContaining({ from: '2026-12-28', due: '2027-01-03', detail: '80' }),
    ]);
  });
});

describe('festival campaigns (DOMAIN.md §9)', () => {
  it('asks a festival visit of every member of the cohort while the campaign is open', () => {
    const party = tierMember.general(1);
    const other = tierMember.general(2, { isPartyMember: false, joinedPartyOn: null, branchId: null });
    const c = campaign(40, '2026-11-15', '2026-11-30', { cohort: { type: 'party' }, name: '冬送温暖' });
    const items = only(computePlan(planInput({ members: [party, other], campaigns: [c] })), 'campaign');
    expect(items).toEqual([
      {
        key: `campaign:${party.id}:campaign:${c.id}:2026-11-15`,
        memberId: party.id,
        reason: 'campaign',
        tier: 'general',
        from: '2026-11-15',
        due: '2026-11-30',
        source: { kind: 'campaign', id: c.id },
        resolvedByTypes: ['festival'],
        state: 'open',
        resolvedBy: null,
        detail: '冬送温暖',
      },
    ]);
  });

  it('holds members by risk flags (高龄 on the day) or by branch, and only the campaign’s own community', () => {
    const old = tierMember.general(1, { birthDate: '1940-01-01' });
    const young = tierMember.general(2);
    const byRisk = campaign(40, '2026-11-15', '2026-11-30', { cohort: { type: 'risk', flags: ['advancedAge'] } });
    const byBranch = campaign(41, '2026-11-15', '2026-11-30', { cohort: { type: 'branch', branchId: BRANCH } });
    const elsewhere = campaign(42, '2026-11-15', '2026-11-30', { communityId: uuid(77) });
    const items = only(computePlan(planInput({ members: [old, young], campaigns: [byRisk, byBranch, elsewhere] })), 'campaign');
    expect(items.map((i) => [i.memberId, i.source?.id])).toEqual([
      [old.id, byRisk.id],
      [old.id, byBranch.id],
      [young.id, byBranch.id],
    ]);
  });

  it('is done by a festival visit naming it, or naming none while it is open; not by one naming another', () => {
    const m = tierMember.general(1);
    const c = campaign(40, '2026-11-15', '2026-11-30');
    const other = campaign(41, '2026-11-01', '2026-11-30', { name: '其他' });
    const state = (v: ReturnType<typeof visit>) =>
      only(computePlan(planInput({ members: [m], campaigns: [c], visits: [v] })), 'campaign').map((i) => [i.state, i.resolvedBy]);
    expect(state(visit(10, m.id, at('2026-11-20'), { type: 'festival' }))).toEqual([['done', uuid(10)]]);
    expect(state(visit(10, m.id, at('2026-11-20'), { type: 'festival', campaignId: c.id }))).toEqual([['done', uuid(10)]]);
    expect(state(visit(10, m.id, at('2026-11-20'), { type: 'festival', campaignId: other.id }))).toEqual([['open', null]]);
    expect(state(visit(10, m.id, at('2026-11-14'), { type: 'festival' }))).toEqual([['open', null]]);
    expect(state(visit(10, m.id, at('2026-11-20'), { type: 'regular' }))).toEqual([['open', null]]);
    expect(state(visit(10, m.id, at('2026-11-20'), { type: 'festival', outcome: 'not_home' }))).toEqual([['open', null]]);
  });

  it('is no longer applicable once closed by its end date or cancelled, and for a member away', () => {
    const m = tierMember.general(1);
    const ended = campaign(40, '2026-11-01', '2026-11-19');
    const cancelled = campaign(41, '2026-11-15', '2026-11-30', { cancelledAt: at('2026-11-21') });
    const items = only(computePlan(planInput({ members: [m], campaigns: [ended, cancelled] })), 'campaign');
    expect(items.map((i) => [i.source?.id, i.state])).toEqual([
      [ended.id, 'not_applicable'],
      [cancelled.id, 'not_applicable'],
    ]);
    const beforeCancel = visit(10, m.id, at('2026-11-20'), { type: 'festival' });
    expect(only(computePlan(planInput({ members: [m], campaigns: [cancelled], visits: [beforeCancel] })), 'campaign')).toEqual([expect.objectContaining({ state: 'done' })]);
    const away = tierMember.general(2, { status: 'away', away: { place: '海南', from: '2026-10-01', expectedReturn: null, phone: null } });
    expect(only(computePlan(planInput({ members: [away], campaigns: [campaign(42, '2026-11-20', '2026-11-30')] })), 'campaign')).toEqual([
      expect.objectContaining({ state: 'not_applicable' }),
    ]);
    expect(only(computePlan(planInput({ today: '2026-12-20', members: [m], campaigns: [ended, cancelled] })), 'campaign')).toEqual([]);
  });

  it('lists a campaign a week before it opens, not earlier', () => {
    const m = tierMember.general(1);
    expect(only(computePlan(planInput({ members: [m], campaigns: [campaign(40, '2026-11-29', '2026-12-10')] })), 'campaign')).toHaveLength(1);
    expect(only(computePlan(planInput({ members: [m], campaigns: [campaign(40, '2026-11-30', '2026-12-10')] })), 'campaign')).toHaveLength(0);
  });
});

describe('day arithmetic agrees with the calendar', () => {
  it('adds and subtracts days and finds month ends as Date does, across centuries and leap days', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) }), fc.integer({ min: -3000, max: 3000 }), (ms, n) => {
        const day = new Date(ms).toISOString().slice(0, 10);
        const expected = new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(day, n)).toBe(expected);
        expect(daysBetween(day, expected)).toBe(n);
        const month = day.slice(0, 7);
        const last = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).toISOString().slice(0, 10);
        expect(monthBounds(month)).toEqual({ first: `${month}-01`, last });
        const monday = weekStart(day);
        expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(daysBetween(monday, day)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(monday, day)).toBeLessThan(7);
      }),
    );
  });

  it('reads the Beijing day of an instant, 16:00 UTC being midnight there', () => {
    expect(shanghaiDay('2026-12-31T15:59:59.999Z')).toBe('2026-12-31');
    expect(shanghaiDay('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    expect(shanghaiDay('2028-02-28T16:00:00Z')).toBe('2028-02-29');
    expect(shanghaiDay('2026-06-01T23:00Z')).toBe('2026-06-02');
  });
});
