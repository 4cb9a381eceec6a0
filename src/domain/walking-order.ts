import type { Address } from './member';

/**
 * A sortable key that puts doors in the order a worker walks them: compound, building, unit, then
 * floor and room. Numbers are compared as numbers ("2" before "10"); rooms like 302 sit on floor 3.
 */
export function walkingOrderKey(address: Address): string {
  const floorAndRoom = floorOf(address.room);
  return [
    address.compound,
    numericPart(address.building),
    numericPart(address.unit),
    String(floorAndRoom ?? 0).padStart(3, '0'),
    numericPart(address.room),
  ].join('\u0001');
}

/** In Chinese walk-ups room 502 is on the 5th floor, room 1203 on the 12th. */
export function floorOf(room: string): number | null {
  const digits = room.match(/\d+/)?.[0];
  if (!digits || digits.length < 3) return null;
  return Number(digits.slice(0, digits.length - 2));
}

function numericPart(text: string): string {
  const digits = text.match(/\d+/)?.[0];
  // Zero-padding makes string order agree with numeric order; the original text breaks ties.
  return digits ? `${digits.padStart(6, '0')}${text}` : `~${text}`;
}

export function compareWalkingOrder(a: Address, b: Address): number {
  const ka = walkingOrderKey(a);
  const kb = walkingOrderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
