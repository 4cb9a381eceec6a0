import { describe, expect, it } from 'vitest';
import { planTabs, type PlanItem } from '../../src/domain';
import { uuid } from './plan-fixtures';

const today = '2026-11-22';

function item(n: number, fields: Partial<PlanItem>): PlanItem {
  return {
    key: `k${n}`,
    memberId: uuid(n),
    reason: 'cadence',
    tier: 'general',
    from: today,
    due: today,
    source: null,
    resolvedByTypes: [],
    state: 'open',
    resolvedBy: null,
    detail: null,
    ...fields,
  };
}

const door = (n: number, building: string, room: string) => ({ id: uuid(n), address: { compound: '光明小区', building, unit: '1', room } });

describe('the plan’s tabs (DOMAIN.md §4)', () => {
  it('puts open items in 今天 when their window has opened, 本周 when it opens within seven days, 逾期 when past due', () => {
    const items = [
      item(1, { from: '2026-11-17', due: '2026-12-10' }),
      item(2, { from: '2026-11-29', due: '2026-11-29' }),
      item(3, { from: '2026-11-30', due: '2026-11-30' }),
      item(4, { from: '2026-10-27', due: '2026-11-21' }),
      item(5, { state: 'done', resolvedBy: uuid(99) }),
    ];
    const tabs = planTabs(items, today);
    expect(tabs.today.map((i) => i.key)).toEqual(['k1']);
    expect(tabs.week.map((i) => i.key)).toEqual(['k2', 'k1']);
    expect(tabs.overdue.map((i) => i.key)).toEqual(['k4']);
    expect(tabs.settled.map((i) => i.key)).toEqual(['k5']);
  });

  it('sorts by tier, then due day, then the order a worker walks the doors', () => {
    const items = [
      item(1, { tier: 'general', due: '2026-11-22' }),
      item(2, { tier: 'key', due: '2026-11-25' }),
      item(3, { tier: 'high', due: '2026-12-01' }),
      item(4, { tier: 'key', due: '2026-11-23' }),
      item(5, { tier: 'general', due: '2026-11-22' }),
      item(6, { tier: 'general', due: '2026-11-22' }),
    ];
    const members = [door(1, '10', '101'), door(5, '2', '602'), door(6, '2', '201')];
    expect(planTabs(items, today, members).today.map((i) => i.key)).toEqual(['k3', 'k4', 'k2', 'k6', 'k5', 'k1']);
  });

  it('lists the most overdue first among the overdue of one tier, and the most recent first among those handled', () => {
    const items = [
      item(1, { tier: 'key', from: '2026-10-01', due: '2026-11-01' }),
      item(2, { tier: 'high', from: '2026-11-01', due: '2026-11-20' }),
      item(3, { tier: 'key', from: '2026-10-01', due: '2026-10-20' }),
      item(4, { state: 'not_applicable', due: '2026-11-10' }),
      item(5, { state: 'replaced', due: '2026-11-20' }),
    ];
    const tabs = planTabs(items, today);
    expect(tabs.overdue.map((i) => i.key)).toEqual(['k2', 'k3', 'k1']);
    expect(tabs.settled.map((i) => i.key)).toEqual(['k5', 'k4']);
  });
});
