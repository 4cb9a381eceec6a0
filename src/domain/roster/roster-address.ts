import type { Address } from '../member';
import { smallNumber, toHalfWidth, withoutSpaces } from './roster-text';

/**
 * 家庭住址 split into the parts doors are walked in (docs/DOMAIN.md §1, walking-order.ts): compound, building,
 * unit, room. Read from the right, because the compound name itself may hold numbers (XX路12号院).
 */

/** What stands in for a part the text did not give: a visible gap for the admin to fill, not a made-up number. */
export const ADDRESS_GAP = '—';
const COMPOUND_MAX = 40;

const BUILDING = String.raw`(?<building>\d{1,4}|[A-Z]\d{0,2})(?:号楼|栋|幢|座|号|#|-|楼(?=\d{1,2}(?:单元|门)))`;
const UNIT = String.raw`(?:(?<unit>\d{1,2}|十[一二三四五六七八九]?|[一二三四五六七八九])(?:单元|号门|门|-|#))?`;
const FLOOR = String.raw`(?:(?<floor>\d{1,2})(?:楼|层))?`;
const ROOM = String.raw`(?<room>\d{1,5}[A-Z]?)(?:室|号|户|房)?`;
/** 永清苑3号楼2单元301 · 永清苑3-2-301 · 永清苑3#2-301 · 光明小区3栋2单元3楼301室 · XX路12号院5号楼1门502 · 永清苑3号楼301 */
const DOOR = new RegExp(String.raw`^(?<compound>.*?)${BUILDING}${UNIT}${FLOOR}${ROOM}$`);

/** Administrative levels written before the compound; 小区/园区/社区… are compound names, not districts. */
const PROVINCE = String.raw`(?:[\u4e00-\u9fa5]{2,7}?(?:省|自治区|特别行政区))`;
const CITY = String.raw`(?:[\u4e00-\u9fa5]{1,7}?市)`;
const DISTRICT = String.raw`(?:[\u4e00-\u9fa5]{2,7}?(?<![小园校厂营社])(?:区|县|旗))`;
const STREET = String.raw`(?:[\u4e00-\u9fa5]{1,9}?(?:街道|街道办事处|镇|乡))`;
const COMMUNITY = String.raw`(?:[\u4e00-\u9fa5]{1,9}?(?:社区|居委会|村委会))`;
const PREFIX = new RegExp(`^(${PROVINCE})?(${CITY})?(${DISTRICT})?(${STREET})?(${COMMUNITY})?`);

/**
 * The administrative prefix (杭州市西湖区文新街道…) taken off the compound when it is plainly one and a compound
 * name is left behind. A 市 alone stays: too many compounds have one in their name (城市花园, 都市家园).
 */
export function stripAdministrativePrefix(compound: string): string {
  const match = PREFIX.exec(compound);
  if (!match || match[0] === '') return compound;
  const cityAlone = match.slice(1).filter(Boolean).length === 1 && match[2] !== undefined;
  const rest = compound.slice(match[0].length);
  return !cityAlone && rest.length >= 2 && !/^\d/.test(rest) ? rest : compound;
}

export interface AddressReading {
  address: Address;
  notices: string[];
}

/**
 * Splits an address. One that cannot be split is kept, not refused: its text becomes the compound (cut to 40
 * characters) and the parts not found are '—', with a notice asking the admin to check. A building without a
 * unit gets unit '—' too: many six-storey blocks have several entrances, and a guessed 1 would send a worker to
 * the wrong stairwell.
 */
export function splitAddress(text: string): AddressReading {
  const compact = withoutSpaces(toHalfWidth(text)).toUpperCase().replace(/[－—–]/g, '-');
  const notices: string[] = [];
  const door = DOOR.exec(compact)?.groups;
  if (!door) {
    let compound = stripAdministrativePrefix(compact);
    if (compound.length > COMPOUND_MAX) {
      compound = compound.slice(0, COMPOUND_MAX);
      notices.push(`家庭住址超过 ${COMPOUND_MAX} 个字，只保留了前 ${COMPOUND_MAX} 个字`);
    }
    notices.push(`家庭住址「${text}」无法拆分为小区、楼号、单元和室号，已整体记为小区名，其余记为“${ADDRESS_GAP}”，请核对`);
    return { address: { compound, building: ADDRESS_GAP, unit: ADDRESS_GAP, room: ADDRESS_GAP }, notices };
  }
  let compound = stripAdministrativePrefix((door.compound ?? '').replace(/[-,，、]+$/, ''));
  if (compound === '') {
    compound = ADDRESS_GAP;
    notices.push(`家庭住址「${text}」没有写小区名，小区记为“${ADDRESS_GAP}”，请补充`);
  } else if (compound.length > COMPOUND_MAX) {
    compound = compound.slice(0, COMPOUND_MAX);
    notices.push(`家庭住址的小区名超过 ${COMPOUND_MAX} 个字，只保留了前 ${COMPOUND_MAX} 个字`);
  }
  const unitNumber = door.unit === undefined ? null : smallNumber(door.unit);
  const unit = unitNumber === null ? ADDRESS_GAP : String(unitNumber);
  if (unitNumber === null) notices.push(`家庭住址「${text}」没有单元号，单元记为“${ADDRESS_GAP}”，请核对`);
  let room = door.room as string;
  if (door.floor !== undefined && /^\d{1,2}$/.test(room)) {
    // 3楼1室: the room number carries the floor in walking order (room 301 is on floor 3).
    room = `${Number(door.floor)}${room.padStart(2, '0')}`;
    notices.push(`家庭住址「${text}」的室号按楼层记为 ${room}，请核对`);
  }
  return { address: { compound, building: door.building as string, unit, room }, notices };
}
