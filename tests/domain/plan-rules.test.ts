import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VISIT_SETTINGS,
  awayAllMonth,
  careEndedOn,
  countsAsCall,
  countsInPerson,
  inPersonTypes,
  isDueInMonth,
  isOverdueInMonth,
  visitTier,
  visitTimeError,
  visitTimeProblem,
  recordedVisitTimeProblem,
  VisitOutcome,
  VisitType,
} from '../../src/domain';
import { validMember } from './fixtures';

const none = { livingAlone: false, emptyNest: false, bedridden: false, disabled: false };

describe('visit tier (DOMAIN.md §4)', () => {
  const today = '2026-11-22';
  it('is high when bedridden, or 高龄 and living alone', () => {
    expect(visitTier(validMember({ birthDate: '1960-01-01', risks: { ...none, bedridden: true } }), today, DEFAULT_VISIT_SETTINGS)).toBe('high');
    expect(visitTier(validMember({ birthDate: '1946-11-22', risks: { ...none, livingAlone: true } }), today, DEFAULT_VISIT_SETTINGS)).toBe('high');
  });

  it('is key with any other flag, 高龄 alone included, and turns on the birthday itself', () => {
    expect(visitTier(validMember({ birthDate: '1946-11-23', risks: { ...none, livingAlone: true } }), today, DEFAULT_VISIT_SETTINGS)).toBe('key');
    expect(visitTier(validMember({ birthDate: '1946-11-22', risks: none }), today, DEFAULT_VISIT_SETTINGS)).toBe('key');
    expect(visitTier(validMember({ birthDate: '1960-01-01', risks: { ...none, emptyNest: true } }), today, DEFAULT_VISIT_SETTINGS)).toBe('key');
    expect(visitTier(validMember({ birthDate: '1960-01-01', risks: { ...none, disabled: true } }), today, DEFAULT_VISIT_SETTINGS)).toBe('key');
    expect(visitTier(validMember({ birthDate: '1960-01-01', risks: none }), today, DEFAULT_VISIT_SETTINGS)).toBe('general');
  });

  it('reads 高龄 from the setting', () => {
    const member = validMember({ birthDate: '1944-01-01', risks: { ...none, livingAlone: true } });
    expect(visitTier(member, today, { advancedAge: 85 })).toBe('key');
    expect(visitTier(member, today, { advancedAge: 80 })).toBe('high');
  });
});

describe('visit time (DOMAIN.md §4)', () => {
  const settings = { visitBackdateDays: 7 };
  it('accepts now, five minutes of clock skew and seven Beijing days back', () => {
    expect(visitTimeProblem('2026-11-22T02:00:00.000Z', '2026-11-22T02:00:00.000Z', settings)).toBeNull();
    expect(visitTimeProblem('2026-11-22T02:05:00.000Z', '2026-11-22T02:00:00.000Z', settings)).toBeNull();
    // Recorded 2026-11-22 09:00 Beijing; 2026-11-15 00:30 Beijing is seven calendar days back.
    expect(visitTimeProblem('2026-11-14T16:30:00.000Z', '2026-11-22T01:00:00.000Z', settings)).toBeNull();
  });

  it('refuses the future beyond the skew and the eighth day back', () => {
    expect(visitTimeProblem('2026-11-22T02:05:00.001Z', '2026-11-22T02:00:00.000Z', settings)?.reason).toBe('future');
    const back = visitTimeProblem('2026-11-14T15:59:59.000Z', '2026-11-22T01:00:00.000Z', settings);
    expect(back).toEqual({ reason: 'too_far_back', backdateDays: 7, message: '走访时间最多只能补记到 7 天前' });
    expect(visitTimeProblem('2026-11-21T15:00:00.000Z', '2026-11-22T01:00:00.000Z', { visitBackdateDays: 0 })?.message).toBe('走访时间只能是今天');
  });

  it('lets a correction keep its original’s time however long ago, never the future', () => {
    const recordedAt = '2026-11-22T01:00:00.000Z';
    const march = { occurredAt: '2026-03-02T02:00:00.000Z', recordedAt };
    expect(recordedVisitTimeProblem({ ...march, amends: null }, settings)?.reason).toBe('too_far_back');
    expect(recordedVisitTimeProblem({ ...march, amends: '0b5c7f52-8d3e-4e86-9f55-3b7a2d1c9e01' }, settings)).toBeNull();
    const ahead = { occurredAt: '2026-11-23T01:00:00.000Z', recordedAt, amends: '0b5c7f52-8d3e-4e86-9f55-3b7a2d1c9e01' };
    expect(recordedVisitTimeProblem(ahead, settings)?.reason).toBe('future');
  });

  it('becomes the schemas’ refusal on occurredAt', () => {
    const problem = visitTimeProblem('2027-01-01T00:00:00.000Z', '2026-11-22T01:00:00.000Z', settings)!;
    const error = visitTimeError(problem);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'occurredAt', message: '走访时间：走访时间不能晚于现在' }]);
  });
});

describe('coverage rules (DOMAIN.md §9)', () => {
  it('counts in person only the five home types, and only when the member was reached', () => {
    expect([...inPersonTypes].sort()).toEqual(['festival', 'hardship', 'regular', 'sick', 'study_delivery']);
    fc.assert(
      fc.property(fc.constantFrom(...VisitType.options), fc.constantFrom(...VisitOutcome.options), (type, outcome) => {
        const reached = outcome === 'met' || outcome === 'in_hospital';
        expect(countsInPerson({ type, outcome })).toBe(reached && type !== 'phone' && type !== 'video');
        expect(countsAsCall({ type, outcome })).toBe(reached && (type === 'phone' || type === 'video'));
      }),
    );
  });

  const facts = { tier: 'general' as const, status: 'active' as const, awayAllMonth: false, lastInPersonBefore: null };
  const values = DEFAULT_VISIT_SETTINGS;

  it('has high and key due every month', () => {
    expect(isDueInMonth({ ...facts, tier: 'high', lastInPersonBefore: '2026-10-31' }, '2026-11', values)).toBe(true);
    expect(isDueInMonth({ ...facts, tier: 'key', lastInPersonBefore: '2026-10-31' }, '2026-11', values)).toBe(true);
  });

  it('has general due when the quarter since the last visit ends within the month, or never visited', () => {
    expect(isDueInMonth(facts, '2026-11', values)).toBe(true);
    // 2026-08-01 + 90 days = 2026-10-30: due in October, and still in November while unvisited.
    expect(isDueInMonth({ ...facts, lastInPersonBefore: '2026-08-01' }, '2026-09', values)).toBe(false);
    expect(isDueInMonth({ ...facts, lastInPersonBefore: '2026-08-01' }, '2026-10', values)).toBe(true);
    expect(isDueInMonth({ ...facts, lastInPersonBefore: '2026-08-01' }, '2026-11', values)).toBe(true);
    // 2026-09-02 + 90 = 2026-12-01: not yet in November.
    expect(isDueInMonth({ ...facts, lastInPersonBefore: '2026-09-02' }, '2026-11', values)).toBe(false);
  });

  it('has nobody due who was away all month, or who died or left before it', () => {
    expect(isDueInMonth({ ...facts, tier: 'high', awayAllMonth: true }, '2026-11', values)).toBe(false);
    expect(isDueInMonth({ ...facts, tier: 'high', status: 'deceased', leftOn: '2026-10-31' }, '2026-11', values)).toBe(false);
    expect(isDueInMonth({ ...facts, tier: 'high', status: 'deceased', leftOn: '2026-11-01' }, '2026-11', values)).toBe(true);
    expect(isDueInMonth({ ...facts, tier: 'high', status: 'deceased', leftOn: '2026-12-03' }, '2026-11', values)).toBe(true);
    expect(isDueInMonth({ ...facts, tier: 'high', status: 'transferred', leftOn: null }, '2026-11', values)).toBe(false);
  });

  it('reads away for the whole month and the day care ended from the member', () => {
    const away = validMember({ status: 'away', away: { place: '海南', from: '2026-10-15', expectedReturn: '2027-03-01', phone: null } });
    expect(awayAllMonth(away, '2026-10')).toBe(false);
    expect(awayAllMonth(away, '2026-11')).toBe(true);
    expect(awayAllMonth({ ...away, away: { ...away.away!, from: null } }, '2026-01')).toBe(true);
    expect(awayAllMonth(validMember(), '2026-11')).toBe(false);
    expect(careEndedOn(validMember({ status: 'deceased', diedOn: '2026-11-03' }))).toBe('2026-11-03');
    expect(careEndedOn(validMember({ status: 'transferred', transfer: { direction: 'out', on: '2026-09-30', place: '济南' } }))).toBe('2026-09-30');
    expect(careEndedOn(validMember())).toBeNull();
  });

  it('is overdue once past maxDays without a visit, as of the day given', () => {
    const high = { ...facts, tier: 'high' as const, lastInPersonBefore: '2026-10-20', visitedInMonth: false };
    expect(isOverdueInMonth(high, '2026-11', values, '2026-11-19')).toBe(false);
    expect(isOverdueInMonth(high, '2026-11', values, '2026-11-20')).toBe(true);
    expect(isOverdueInMonth({ ...high, visitedInMonth: true }, '2026-11', values, '2026-11-30')).toBe(false);
    expect(isOverdueInMonth({ ...high, lastInPersonBefore: null }, '2026-11', values, '2026-11-01')).toBe(true);
  });
});
