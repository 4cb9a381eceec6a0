import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, compareWalkingOrder, floorOf, riskFlags, walkingOrderKey } from '../../src/domain';
import type { Address } from '../../src/domain';

describe('age and risk flags', () => {
  it('counts whole years, turning on the birthday itself', () => {
    expect(ageOn('1946-11-22', '2026-11-21')).toBe(79);
    expect(ageOn('1946-11-22', '2026-11-22')).toBe(80);
    expect(ageOn('1944-02-29', '2026-02-28')).toBe(81);
  });

  it('derives 高龄 from the birth date and keeps the recorded flags in a fixed order', () => {
    const risks = { livingAlone: true, emptyNest: false, bedridden: true, disabled: false };
    expect(riskFlags({ birthDate: '1946-11-22', risks }, '2026-11-22')).toEqual(['livingAlone', 'bedridden', 'advancedAge']);
    expect(riskFlags({ birthDate: '1950-01-01', risks }, '2026-11-22')).toEqual(['livingAlone', 'bedridden']);
    expect(riskFlags({ birthDate: '1944-01-01', risks }, '2026-11-22', 85)).toEqual(['livingAlone', 'bedridden']);
  });
});

describe('walking order', () => {
  const at = (compound: string, building: string, unit: string, room: string): Address => ({ compound, building, unit, room });

  it('reads the floor from the room number', () => {
    expect(floorOf('502')).toBe(5);
    expect(floorOf('1203')).toBe(12);
    expect(floorOf('5')).toBeNull();
    expect(floorOf('地下室')).toBeNull();
  });

  it('orders building 2 before building 10, then unit, floor and room', () => {
    const doors = [at('光明小区', '10', '1', '101'), at('光明小区', '2', '2', '101'), at('光明小区', '2', '1', '602'), at('光明小区', '2', '1', '201')];
    const sorted = [...doors].sort(compareWalkingOrder);
    expect(sorted.map((d) => `${d.building}-${d.unit}-${d.room}`)).toEqual(['2-1-201', '2-1-602', '2-2-101', '10-1-101']);
  });

  it('agrees with numeric order for any building, unit and room numbers', () => {
    const door = fc.record({ building: fc.nat(99), unit: fc.nat(9), floor: fc.integer({ min: 1, max: 30 }), room: fc.integer({ min: 1, max: 99 }) });
    fc.assert(
      fc.property(door, door, (a, b) => {
        const addr = (d: typeof a) => at('小区', String(d.building), String(d.unit), String(d.floor * 100 + d.room));
        const tuple = (d: typeof a) => [d.building, d.unit, d.floor, d.room];
        const expected = Math.sign(
          tuple(a).reduce((acc, v, i) => (acc !== 0 ? acc : v - (tuple(b)[i] ?? 0)), 0),
        );
        const actual = Math.sign(walkingOrderKey(addr(a)).localeCompare(walkingOrderKey(addr(b)), 'en'));
        expect(Math.sign(compareWalkingOrder(addr(a), addr(b)))).toBe(expected);
        expect(actual === 0).toBe(expected === 0);
      }),
    );
  });
});
