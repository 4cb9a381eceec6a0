import type { Address } from '../../domain';

type Translate = (key: string, values: Record<string, string>) => string;

/** Bare numbers get their unit (3 → 3栋); a part already written out ("东区3号楼") is shown as typed. */
function part(text: string, key: string, t: Translate): string {
  return /^[0-9A-Za-z-]+$/.test(text) ? t(key, { n: text }) : text;
}

export function formatBuilding(address: Pick<Address, 'building'>, t: Translate): string {
  return part(address.building, 'address.building', t);
}

/** 光明小区 3栋2单元502室 */
export function formatAddress(address: Address, t: Translate): string {
  return t('address.full', {
    compound: address.compound,
    building: formatBuilding(address, t),
    unit: part(address.unit, 'address.unit', t),
    room: part(address.room, 'address.room', t),
  });
}
