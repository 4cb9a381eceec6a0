import type { IsoDate } from '../common';
import type { Gender } from '../member';
import type { RosterCell } from './roster-types';
import { checkDateParts } from './roster-dates';
import { isBlankCell, rawText, toHalfWidth } from './roster-text';

/**
 * 公民身份号码 (GB 11643-1999, docs/DOMAIN.md §8): 6-digit area code, 8-digit birth date, 3-digit sequence (odd for
 * men), one check character. The ID is the key re-imports match on, so a wrong one is refused rather than kept.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** 省级行政区划代码 (GB/T 2260), the first two digits: 83 is the Taiwan residents' permit series. */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45',
  '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

/** Why an ID that went through an Excel number cell cannot be used: one sentence, every time, so reports group it. */
export const ID_STORED_AS_NUMBER =
  '身份证号被 Excel 存成了数字，末尾几位已丢失（Excel 只保留 15 位有效数字），无法恢复：请找到原始证件号码，把该列设为文本格式后重新填写';

export type IdCheck =
  | { ok: true; idNumber: string; birthDate: IsoDate; gender: Gender; /** e.g. a 15-digit ID converted. */ notices: string[] }
  | { ok: false; reason: string };

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

/** 370202194503121234 → 3702**********1234, the form every screen but the server's shows (Member.profile.idMasked). */
export function maskIdNumber(idNumber: string): string {
  if (!/^\d{17}[\dX]$/.test(idNumber)) throw new RangeError('只能遮蔽 18 位身份证号');
  return `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(14)}`;
}

function refuse(reason: string): IdCheck {
  return { ok: false, reason };
}

/**
 * Checks a 身份证号 as a roster cell or typed text: spaces dropped, full-width digits and a lowercase x read, a
 * 15-digit first-generation ID converted to 18 digits. A number cell longer than 15 digits, or text in
 * scientific notation, went through an Excel number and lost its last digits: refused, never repaired.
 * `today` (when given) refuses a birth date after it.
 */
export function checkIdNumber(value: RosterCell | undefined, options: { today?: IsoDate } = {}): IdCheck {
  if (isBlankCell(value)) return refuse('缺少身份证号');
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return refuse(ID_STORED_AS_NUMBER);
  }
  const typed = rawText(value ?? null);
  const text = toHalfWidth(typed).replace(/\s+/g, '').replace(/^'/, '').toUpperCase();
  if (/^\d(?:\.\d+)?E\+?\d+$/.test(text)) return refuse(ID_STORED_AS_NUMBER);

  if (/^\d{15}$/.test(text)) return convertFirstGeneration(text, options.today);
  if (!/^\d{17}[\dX]$/.test(text)) {
    const odd = text.replace(/\d/g, '').replace(/X$/, '');
    if (odd !== '') return refuse(`身份证号「${typed}」含有数字和末位 X 以外的字符「${odd}」，请核对`);
    return refuse(`身份证号应为 18 位（或 15 位一代身份证号），这里是 ${text.length} 位，请核对`);
  }
  const bad = checkBody(text.slice(0, 6), text.slice(6, 14), options.today);
  if (bad) return refuse(bad);
  const expected = idCheckCharacter(text.slice(0, 17));
  if (text[17] !== expected) {
    // An ID shown by Excel as a number and then copied as text ends in zeros where its tail was.
    if (text.endsWith('000')) {
      return refuse('身份证号校验位不符，且末三位是 000：很可能被 Excel 存成了数字，末尾几位已丢失，请找到原始证件号码，把该列设为文本格式后重新填写');
    }
    return refuse(`身份证号校验位不符（应为 ${expected}），请核对原始证件号码`);
  }
  return { ok: true, idNumber: text, ...derived(text), notices: [] };
}

function derived(idNumber: string): { birthDate: IsoDate; gender: Gender } {
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return { birthDate, gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

/** The area code and the embedded birth date; a reason, or null when both are sound. */
function checkBody(area: string, birth: string, today: IsoDate | undefined): string | null {
  if (!PROVINCE_CODES.has(area.slice(0, 2))) {
    return `身份证号前两位「${area.slice(0, 2)}」不是有效的省级行政区划代码，请核对原始证件号码`;
  }
  const parts = { year: Number(birth.slice(0, 4)), month: Number(birth.slice(4, 6)), day: Number(birth.slice(6, 8)) };
  const reading = checkDateParts(parts, '身份证号中的出生日期', birth, today ?? '9999-12-31');
  return reading.ok ? null : `${reading.reason.replace(/，请核对$/, '')}，请核对原始证件号码`;
}

function convertFirstGeneration(text: string, today: IsoDate | undefined): IdCheck {
  const first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
  const bad = checkBody(first17.slice(0, 6), first17.slice(6, 14), today);
  if (bad) return refuse(bad);
  const idNumber = first17 + idCheckCharacter(first17);
  return {
    ok: true,
    idNumber,
    ...derived(idNumber),
    notices: ['15 位一代身份证号已按国家标准转换为 18 位（出生年份前加 19，末位补校验码），请核对'],
  };
}
