import { describe, expect, it } from 'vitest';
import { computePlan, followUpTarget, planTabs, type PlanItem } from '../../src/domain';
import { at, closure, followUp, memberEvent, planInput, tierMember, uuid, visit } from './plan-fixtures';

const today = '2026-11-22';

function only(items: PlanItem[], reason: PlanItem['reason'], state?: PlanItem['state']): PlanItem[] {
  return items.filter((i) => i.reason === reason && (state === undefined || i.state === state));
}

describe('四必访 from what was recorded (DOMAIN.md §4)', () => {
  it('asks a sick visit within sickVisitWithinDays of a 住院 outcome, and the sick visit resolves it', () => {
    const m = tierMember.general(1);
    const found = visit(10, m.id, at('2026-11-20'), { outcome: 'in_hospital' });
    const open = only(computePlan(planInput({ members: [m], visits: [found] })), 'sick');
    expect(open).toEqual([
      expect.objectContaining({ key: `sick:${m.id}:visit:${found.id}:2026-11-20`, from: '2026-11-20', due: '2026-11-23', resolvedByTypes: ['sick'], state: 'open' }),
    ]);
    const sickVisit = visit(11, m.id, at('2026-11-21'), { type: 'sick', outcome: 'in_hospital' });
    expect(only(computePlan(planInput({ members: [m], visits: [found, sickVisit] })), 'sick')).toEqual([
      { ...open[0], state: 'done', resolvedBy: sickVisit.id },
    ]);
  });

  it('does not ask another sick visit from a sick visit’s own 住院 outcome, nor take a regular visit for one', () => {
    const m = tierMember.general(1);
    const visits = [visit(10, m.id, at('2026-11-18'), { type: 'sick', outcome: 'in_hospital' })];
    expect(only(computePlan(planInput({ members: [m], visits })), 'sick')).toEqual([]);
    const event = memberEvent(20, m.id, 'hospitalised', '2026-11-19');
    const items = computePlan(planInput({ members: [m], visits: [visit(11, m.id, at('2026-11-20'))], events: [event] }));
    expect(only(items, 'sick')).toEqual([expect.objectContaining({ source: { kind: 'member_event', id: event.id }, due: '2026-11-22', state: 'open' })]);
  });

  it('replaces an unanswered trigger by a newer one, which keeps the earlier deadline', () => {
    const m = tierMember.general(1);
    const event = memberEvent(20, m.id, 'hospitalised', '2026-11-19');
    const found = visit(10, m.id, at('2026-11-21'), { type: 'phone', outcome: 'in_hospital' });
    const items = only(computePlan(planInput({ members: [m], visits: [found], events: [event] })), 'sick');
    const newer = `sick:${m.id}:visit:${found.id}:2026-11-21`;
    expect(items).toEqual([
      expect.objectContaining({ source: { kind: 'member_event', id: event.id }, state: 'replaced', resolvedBy: newer, due: '2026-11-22' }),
      expect.objectContaining({ key: newer, from: '2026-11-19', due: '2026-11-22', state: 'open' }),
    ]);
  });

  it('asks a visit within eventVisitWithinDays of a bereavement or hardship; a visit that day answers it', () => {
    const m = tierMember.general(1);
    const bereavement = memberEvent(20, m.id, 'bereavement', '2026-11-21');
    const hardship = memberEvent(21, m.id, 'hardship', '2026-11-01');
    const items = computePlan(planInput({ members: [m], visits: [visit(10, m.id, at('2026-10-30'))], events: [hardship, bereavement] }));
    const events = only(items, 'event').sort((a, b) => a.state.localeCompare(b.state));
    expect(events).toEqual([
      expect.objectContaining({ source: { kind: 'member_event', id: uuid(20) }, from: '2026-11-01', due: '2026-11-02', state: 'open', detail: 'bereavement' }),
      expect.objectContaining({ source: { kind: 'member_event', id: uuid(21) }, state: 'replaced', resolvedBy: events[0]!.key, due: '2026-11-02', detail: 'hardship' }),
    ]);
    expect(planTabs(items, today).overdue.map((i) => i.reason)).toContain('event');
    const answered = computePlan(planInput({ members: [m], visits: [visit(11, m.id, at('2026-11-21', 8))], events: [bereavement] }));
    expect(only(answered, 'event')).toEqual([expect.objectContaining({ state: 'done', resolvedBy: uuid(11) })]);
  });
});

describe('follow-ups (后续事项, DOMAIN.md §4)', () => {
  it('falls due on its deadline, listed a week ahead, overdue after', () => {
    const m = tierMember.general(1);
    const v = visit(10, m.id, at('2026-11-10'), { followUps: [followUp('联系物业修水管', '2026-11-25'), followUp('办理高龄补贴', '2026-12-20'), followUp('送轮椅', '2026-11-20')] });
    const items = only(computePlan(planInput({ members: [m], visits: [v] })), 'follow_up');
    expect(items.map((i) => [i.key, i.from, i.due, i.detail, i.state])).toEqual([
      [`follow_up:${m.id}:visit:${v.id}#2:2026-11-20`, '2026-11-20', '2026-11-20', '送轮椅', 'open'],
      [`follow_up:${m.id}:visit:${v.id}#0:2026-11-25`, '2026-11-25', '2026-11-25', '联系物业修水管', 'open'],
    ]);
    expect(items.every((i) => i.resolvedByTypes.length === 0)).toBe(true);
    expect(items.map(followUpTarget)).toEqual([
      { visitId: v.id, index: 2 },
      { visitId: v.id, index: 0 },
    ]);
    expect(followUpTarget({ ...items[0]!, reason: 'cadence' })).toBeNull();
  });

  it('is done by a closure naming the visit (any version of it) and its position, or by the latest version', () => {
    const m = tierMember.general(1);
    const v = visit(10, m.id, at('2026-11-10'), { followUps: [followUp('修水管', '2026-11-25'), followUp('送轮椅', '2026-11-20')] });
    const closed = computePlan(planInput({ members: [m], visits: [v], closures: [closure(30, m.id, v.id, 1, at('2026-11-19'))] }));
    expect(only(closed, 'follow_up').map((i) => [i.detail, i.state, i.resolvedBy])).toEqual([
      ['送轮椅', 'done', uuid(30)],
      ['修水管', 'open', null],
    ]);
    const corrected = visit(11, m.id, v.occurredAt, { amends: v.id, recordedAt: at('2026-11-18'), followUps: [followUp('修水管', '2026-11-25', 'done'), followUp('送轮椅', '2026-11-20')] });
    const items = computePlan(planInput({ members: [m], visits: [v, corrected], closures: [closure(30, m.id, v.id, 1, at('2026-11-19'))] }));
    expect(only(items, 'follow_up').map((i) => [i.source?.id, i.detail, i.state, i.resolvedBy])).toEqual([
      [corrected.id, '送轮椅', 'done', uuid(30)],
      [corrected.id, '修水管', 'done', corrected.id],
    ]);
  });

  it('drops a follow-up the correction removed, and keeps a closure long past out of the plan', () => {
    const m = tierMember.general(1);
    const v = visit(10, m.id, at('2026-10-01'), { followUps: [followUp('修水管', '2026-10-10')] });
    const corrected = visit(11, m.id, v.occurredAt, { amends: v.id, recordedAt: at('2026-10-02'), followUps: [] });
    expect(only(computePlan(planInput({ members: [m], visits: [v, corrected] })), 'follow_up')).toEqual([]);
    expect(only(computePlan(planInput({ members: [m], visits: [v], closures: [closure(30, m.id, v.id, 0, at('2026-10-12'))] })), 'follow_up')).toEqual([]);
  });
});

describe('members away, deceased or transferred (DOMAIN.md §4)', () => {
  it('phones a member away on their tier’s cadence instead, the home visit no longer applicable from the day they left', () => {
    const m = tierMember.high(1, { status: 'away', away: { place: '海南三亚', from: '2026-11-18', expectedReturn: '2027-03-01', phone: null } });
    const last = visit(10, m.id, at('2026-11-10'));
    const items = computePlan(planInput({ members: [m], visits: [last] }));
    expect(items.map((i) => [i.reason, i.from, i.due, i.state])).toEqual([
      ['cadence', '2026-11-17', '2026-12-10', 'not_applicable'],
      ['phone', '2026-11-17', '2026-12-10', 'open'],
    ]);
    expect(items[0]!.key).toBe(`cadence:${m.id}:visit:${last.id}:2026-11-17`);
    const call = visit(11, m.id, at(today, 9), { type: 'phone' });
    expect(only(computePlan(planInput({ members: [m], visits: [last, call] })), 'phone').map((i) => [i.state, i.resolvedBy, i.from])).toEqual([
      ['done', call.id, '2026-11-17'],
      ['open', null, '2026-11-29'],
    ]);
  });

  it('lets a call answer a sick or event visit for a member away; one long away has no home-visit item left', () => {
    const m = tierMember.general(1, { status: 'away', away: { place: '北京', from: null, expectedReturn: null, phone: null } });
    const event = memberEvent(20, m.id, 'hospitalised', '2026-11-20');
    const open = computePlan(planInput({ members: [m], events: [event] }));
    expect(open.map((i) => [i.reason, i.state])).toEqual([
      ['sick', 'open'],
      ['phone', 'open'],
    ]);
    expect(open.every((i) => i.resolvedByTypes.includes('phone'))).toBe(true);
    const called = computePlan(planInput({ members: [m], events: [event], visits: [visit(10, m.id, at('2026-11-21'), { type: 'video' })] }));
    expect(only(called, 'sick')).toEqual([expect.objectContaining({ state: 'done', resolvedBy: uuid(10) })]);
  });

  it('turns what was open not applicable on the day of death, shown a week, then nothing', () => {
    const alive = tierMember.high(1);
    const visits = [visit(10, alive.id, at('2026-11-10'), { followUps: [followUp('送轮椅', '2026-11-25')] })];
    const deceased = { ...alive, status: 'deceased' as const, diedOn: '2026-11-20' };
    const items = computePlan(planInput({ members: [deceased], visits }));
    expect(items.map((i) => [i.reason, i.state])).toEqual([
      ['cadence', 'not_applicable'],
      ['follow_up', 'not_applicable'],
    ]);
    expect(planTabs(items, today)).toMatchObject({ today: [], week: [], overdue: [] });
    expect(computePlan(planInput({ today: '2026-11-27', members: [deceased], visits }))).toEqual([]);
    const transferred = { ...alive, status: 'transferred' as const, transfer: { direction: 'out' as const, on: '2026-06-30', place: '济南' } };
    expect(computePlan(planInput({ members: [transferred], visits }))).toEqual([]);
  });
});
