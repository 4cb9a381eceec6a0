import { FEN_CEILING } from '../common';
import type { Gender, RetirementKind } from '../member';
import type { RosterCell } from './roster-types';
import { cellText, isBlankCell, isPlaceholder, rawText, withoutSpaces } from './roster-text';

/** Names, phones, amounts and the short coded columns of the 花名册 as offices type them (docs/DOMAIN.md §8). */

export type ValueReading<T> = { ok: true; value: T; notices: string[] } | { ok: false; reason: string };

const ok = <T>(value: T, notices: string[] = []): ValueReading<T> => ({ ok: true, value, notices });
const refuse = <T>(reason: string): ValueReading<T> => ({ ok: false, reason });

// ---------------------------------------------------------------- names

const HAN = /[\u3400-\u9fff]/;
/** Every dot people type inside a minority name (阿不都·热合曼); stored as the one middle dot U+00B7. */
const NAME_DOTS = /\s*[.·•・‧∙\u30fb\u2027]\s*/g;
const NAME_MAX = 32;

export interface NameReading {
  name: string;
  /** Text in brackets after the name (王华（已故）): read with the remarks rather than lost. */
  aside: string | null;
}

/**
 * A person's name: spaces padding a two-character name (王  华, 王 华, full-width space) removed, the dot of a
 * minority name kept as ·, a bracketed aside split off. null for an empty cell.
 */
export function readName(cell: RosterCell | undefined): ValueReading<NameReading> | null {
  if (isBlankCell(cell)) return null;
  const typed = rawText(cell);
  let text = cellText(cell);
  let aside: string | null = null;
  const bracket = /[(（【[]([^)）】\]]*)[)）】\]]/.exec(text);
  if (bracket) {
    aside = (bracket[1] ?? '').trim() || null;
    text = (text.slice(0, bracket.index) + text.slice(bracket.index + bracket[0].length)).trim();
  }
  text = text.replace(NAME_DOTS, '·').replace(/^·+|·+$/g, '');
  text = HAN.test(text) ? withoutSpaces(text) : text.replace(/\s+/g, ' ');
  if (text === '') return refuse(`姓名「${typed}」里没有姓名，请补填`);
  if (/\d/.test(text)) return refuse(`姓名「${typed}」含有数字，请核对姓名是否填错列`);
  if (text.length > NAME_MAX) return refuse(`姓名「${typed}」超过 ${NAME_MAX} 个字，请核对`);
  return ok({ name: text, aside });
}

// ---------------------------------------------------------------- phones

const MOBILE = /^(?:\+?86|0086)?(1[3-9]\d{9})$/;
const LANDLINE = /^(0\d{9,11})$/;
const LOCAL = /^([2-9]\d{6,7})$/;
/** A run of digits with what people put inside a number: spaces, dashes, brackets round the area code, +86. */
const PHONE_RUN = /\+?\(?\d[\d\s\-()]*\d/g;

/** 010 and 02x are the three-digit area codes; every other one has four. */
function formatLandline(digits: string): string {
  const areaLength = digits.startsWith('010') || digits.startsWith('02') ? 3 : 4;
  return `${digits.slice(0, areaLength)}-${digits.slice(areaLength)}`;
}

function onePhone(run: string): string | null {
  const compact = run.replace(/[\s\-()]/g, '');
  const mobile = MOBILE.exec(compact);
  if (mobile) return mobile[1] as string;
  if (LANDLINE.test(compact)) {
    const formatted = formatLandline(compact);
    const local = formatted.slice(formatted.indexOf('-') + 1);
    return local.length >= 7 && local.length <= 8 ? formatted : null;
  }
  if (LOCAL.test(compact)) return compact;
  const extension = /^(0\d{2,3})-(\d{7,8})-(\d{1,5})$/.exec(run.replace(/\s+/g, ''));
  if (extension) return `${extension[1]}-${extension[2]}-${extension[3]}`;
  return null;
}

/** Every phone number in a text, in order; `rest` is what looked like a number but is not one. */
export function findPhones(text: string): { phones: string[]; rest: string[] } {
  const phones: string[] = [];
  const rest: string[] = [];
  for (const match of text.matchAll(PHONE_RUN)) {
    const run = match[0];
    const single = onePhone(run);
    if (single) {
      phones.push(single);
      continue;
    }
    // Two numbers with only a space or a dash between them.
    const parts = run.split(/\s+/).filter(Boolean);
    const split = parts.length > 1 ? parts.map(onePhone) : run.split('-').map(onePhone);
    if (split.length > 1 && split.every((p) => p !== null)) phones.push(...(split as string[]));
    else rest.push(run.trim());
  }
  return { phones, rest };
}

export interface PhoneReading {
  phone: string | null;
  /** Further numbers in the same cell, kept in the note. */
  others: string[];
  notices: string[];
}

/**
 * A phone cell: mobiles (139 0000 1111, +86…), landlines (0571-88881234), several numbers separated by /, 、, ，
 * or ; — the first is the phone and the others are kept. Something that is no phone is a notice, not a
 * rejection: the member can still be visited. The result passes the domain Phone schema.
 */
export function readPhone(cell: RosterCell | undefined, label: string): PhoneReading {
  if (isBlankCell(cell)) return { phone: null, others: [], notices: [] };
  const typed = rawText(cell);
  const { phones, rest } = findPhones(cellText(cell));
  const notices: string[] = [];
  const [phone = null, ...others] = phones;
  if (phone === null) {
    notices.push(`${label}「${typed}」不是有效的电话号码，未导入，请核对`);
    return { phone: null, others: [], notices };
  }
  if (others.length > 0) notices.push(`${label}「${typed}」有多个号码：${phone} 作为${label}，其余（${others.join('、')}）已写入备注`);
  if (rest.length > 0) notices.push(`${label}中的「${rest.join('、')}」不是有效的电话号码，未导入，请核对`);
  return { phone, others, notices };
}

// ---------------------------------------------------------------- amounts

const CURRENCY = /^(?:¥|￥|RMB|人民币)|(?:元整|元\/月|\/月|元每月|元|每月)$/gi;

/**
 * Money as fen, exactly: the text is read as a decimal string (3,200.50 · 3200元 · ￥3200 · 3，200 · a number
 * cell), never through a float. More than two decimals (an Excel formula's 3312.3333…) is rounded half up to
 * the fen with a notice. Negative or above FEN_CEILING.monthlyBase is refused. null for an empty cell.
 */
export function readAmountFen(cell: RosterCell | undefined, label: string): ValueReading<number> | null {
  if (isBlankCell(cell)) return null;
  const typed = rawText(cell);
  let text: string;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return refuse(`${label}「${typed}」不是金额，请只填写数字（如 3200.50）`);
    if (Math.abs(cell) >= 1e15) return refuse(aboveCeiling(label, typed));
    text = Math.abs(cell) < 1e-6 ? '0' : String(cell);
  } else {
    text = withoutSpaces(cellText(cell)).replace(CURRENCY, '');
    if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  }
  const decimal = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text);
  if (!decimal) return refuse(`${label}「${typed}」不是金额，请只填写数字（如 3200.50）`);
  if (decimal[1]) return refuse(`${label}「${typed}」不能为负数，请核对`);
  const whole = decimal[2] as string;
  const fraction = decimal[3] ?? '';
  if (whole.replace(/^0+/, '').length > 12) return refuse(aboveCeiling(label, typed));
  let fen = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  const notices: string[] = [];
  if (fraction.length > 2) {
    if (Number(fraction[2]) >= 5) fen += 1;
    notices.push(`${label}「${typed}」超过两位小数，已四舍五入为 ${formatYuan(fen)} 元，请核对`);
  }
  if (fen > FEN_CEILING.monthlyBase) return refuse(aboveCeiling(label, typed));
  return ok(fen, notices);
}

function aboveCeiling(label: string, typed: string): string {
  return `${label}「${typed}」超过上限 ${FEN_CEILING.monthlyBase / 100} 元，请核对是否多输了位数`;
}

/** 320050 → 3200.50 */
export function formatYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- coded columns

const GENDERS: Record<string, Gender> = {
  男: 'male', 男性: 'male', m: 'male', male: 'male', 女: 'female', 女性: 'female', f: 'female', female: 'female',
};

/** 男 · 女 · 男性 · 女性 · M · F; null for an empty cell. */
export function readGender(cell: RosterCell | undefined): ValueReading<Gender> | null {
  if (isBlankCell(cell)) return null;
  const gender = GENDERS[withoutSpaces(cellText(cell)).toLowerCase()];
  return gender ? ok(gender) : refuse(`性别「${rawText(cell)}」无法识别，请填写“男”或“女”`);
}

export const GENDER_LABEL: Record<Gender, string> = { male: '男', female: '女' };

/** The 56 民族 as people shorten them; the stored form adds 族 (汉 → 汉族). */
const ETHNIC_GROUPS = new Set(
  (
    '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 ' +
    '仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'
  ).split(' '),
);
const ETHNICITY_MAX = 16;

/** 民族 as written, with 族 added to a bare name (汉 → 汉族). */
export function readEthnicity(cell: RosterCell | undefined): { value: string | null; notices: string[] } {
  if (isBlankCell(cell)) return { value: null, notices: [] };
  const text = withoutSpaces(cellText(cell));
  const value = ETHNIC_GROUPS.has(text) ? `${text}族` : text;
  if (value.length > ETHNICITY_MAX) return { value: null, notices: [`民族「${rawText(cell)}」超过 ${ETHNICITY_MAX} 个字，未导入，请核对`] };
  return { value, notices: [] };
}

/** 离休 / 离 → lixiu, 退休 / 退 → tuixiu (离休干部, 退休干部 too); anything else is a notice. */
export function readRetirement(cell: RosterCell | undefined): { value: RetirementKind | null; notices: string[] } {
  if (isBlankCell(cell)) return { value: null, notices: [] };
  const text = withoutSpaces(cellText(cell));
  const lixiu = /^离(?:休)?(?:干部|人员)?$/.test(text);
  const tuixiu = /^退(?:休)?(?:干部|人员)?$/.test(text);
  if (lixiu) return { value: 'lixiu', notices: [] };
  if (tuixiu) return { value: 'tuixiu', notices: [] };
  return { value: null, notices: [`离/退休「${rawText(cell)}」无法识别（应为“离休”或“退休”），未导入`] };
}

/** A free-text column cut to the member schema's length, with a notice when cut; null for an empty cell. */
export function readShortText(cell: RosterCell | undefined, label: string, max: number): { value: string | null; notices: string[] } {
  if (isBlankCell(cell)) return { value: null, notices: [] };
  const text = cellText(cell).replace(/\s+/g, ' ');
  if (isPlaceholder(text)) return { value: null, notices: [] };
  if (text.length <= max) return { value: text, notices: [] };
  return { value: text.slice(0, max), notices: [`${label}超过 ${max} 个字，只导入了前 ${max} 个字，请核对`] };
}
