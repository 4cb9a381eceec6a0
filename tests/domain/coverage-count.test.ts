import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VISIT_SETTINGS,
  campaignAsOf,
  countsInCampaign,
  coverageAsOf,
  memberMonth,
  monthInstants,
  type Campaign,
  type PlanMember,
} from '../../src/domain';

const member = (overrides: Partial<PlanMember> = {}): PlanMember => ({
  id: '00000000-0000-4000-8000-000000000001',
  communityId: '00000000-0000-4000-8000-000000000002',
  branchId: null,
  birthDate: '1960-05-01',
  risks: { livingAlone: false, emptyNest: false, bedridden: false, disabled: false },
  status: 'active',
  diedOn: null,
  away: null,
  transfer: null,
  isPartyMember: false,
  joinedPartyOn: null,
  ...overrides,
});
const none = { lastInPersonBefore: null, visitedInMonth: false, phonedInMonth: false };

describe('coverage months (docs/DOMAIN.md §9)', () => {
  it('runs a Shanghai month between the UTC instants of its midnights, across a year’s end', () => {
    expect(monthInstants('2026-01')).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z' });
    expect(monthInstants('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });

  it('reads a month over on its last day, the running one today, and none not yet begun', () => {
    expect(coverageAsOf('2026-10', '2026-11-15')).toBe('2026-10-31');
    expect(coverageAsOf('2028-02', '2028-03-01')).toBe('2028-02-29');
    expect(coverageAsOf('2026-11', '2026-11-15')).toBe('2026-11-15');
    expect(coverageAsOf('2026-11', '2026-11-30')).toBe('2026-11-30');
    expect(coverageAsOf('2026-12', '2026-11-30')).toBeNull();
  });
});

describe('memberMonth', () => {
  it('leaves out a member whose care ended before the month, keeps one whose care ended in it', () => {
    const diedBefore = member({ status: 'deceased', diedOn: '2026-09-30' });
    expect(memberMonth(diedBefore, none, '2026-10', '2026-10-31', DEFAULT_VISIT_SETTINGS)).toMatchObject({ inCare: false, due: false, overdue: false });
    const diedDuring = member({ status: 'deceased', diedOn: '2026-10-01' });
    expect(memberMonth(diedDuring, none, '2026-10', '2026-10-31', DEFAULT_VISIT_SETTINGS)).toMatchObject({ inCare: true, due: true, overdue: true });
    // A 转出 recorded without its date: gone, whenever it was.
    expect(memberMonth(member({ status: 'transferred' }), none, '2026-10', '2026-10-31', DEFAULT_VISIT_SETTINGS).inCare).toBe(false);
  });

  it('is overdue only when due and not visited', () => {
    const bedridden = member({ risks: { livingAlone: false, emptyNest: false, bedridden: true, disabled: false } });
    const visited = { ...none, visitedInMonth: true };
    expect(memberMonth(bedridden, visited, '2026-10', '2026-10-31', DEFAULT_VISIT_SETTINGS)).toMatchObject({ tier: 'high', due: true, overdue: false, visited: true });
    expect(memberMonth(bedridden, none, '2026-10', '2026-10-31', DEFAULT_VISIT_SETTINGS)).toMatchObject({ due: true, overdue: true, visited: false });
    // A general member visited in September is not due in October (quarterly), so never overdue there.
    const recently = { ...none, lastInPersonBefore: '2026-09-15' };
    expect(memberMonth(member(), recently, '2026-10', '2026-10-31', DEFAULT_VISIT_SETTINGS)).toMatchObject({ tier: 'general', due: false, overdue: false });
  });

  it('counts an away member in care and phoned, not due', () => {
    const away = member({ status: 'away', away: { place: '海南', from: '2026-06-01', expectedReturn: null, phone: null } });
    expect(memberMonth(away, { ...none, phonedInMonth: true }, '2026-10', '2026-10-31', DEFAULT_VISIT_SETTINGS)).toMatchObject({
      inCare: true,
      away: true,
      due: false,
      phoned: true,
    });
  });
});

describe('campaign progress', () => {
  const campaign: Pick<Campaign, 'cohort' | 'endsOn' | 'cancelledAt'> = { cohort: { type: 'everyone' }, endsOn: '2026-10-10', cancelledAt: null };

  it('is read today while the campaign runs, on its last day once over, on the day it was cancelled (Shanghai)', () => {
    expect(campaignAsOf(campaign, '2026-10-03')).toBe('2026-10-03');
    expect(campaignAsOf(campaign, '2026-12-01')).toBe('2026-10-10');
    expect(campaignAsOf({ ...campaign, cancelledAt: '2026-10-04T17:00:00.000Z' }, '2026-12-01')).toBe('2026-10-05');
    expect(campaignAsOf({ ...campaign, cancelledAt: '2026-10-04T17:00:00.000Z' }, '2026-10-05')).toBe('2026-10-05');
  });

  it('keeps in the cohort a member who left only if visited for it first', () => {
    const died = member({ status: 'deceased', diedOn: '2026-10-02' });
    expect(countsInCampaign(campaign, died, '2026-10-10', 80, false)).toBe(false);
    expect(countsInCampaign(campaign, died, '2026-10-10', 80, true)).toBe(true);
    expect(countsInCampaign(campaign, died, '2026-10-01', 80, false)).toBe(true);
    expect(countsInCampaign({ cohort: { type: 'party' } }, member(), '2026-10-10', 80, true)).toBe(false);
  });
});
