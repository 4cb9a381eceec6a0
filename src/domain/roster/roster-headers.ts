import type { ColumnMapping, RosterCell, RosterField, RosterGrid } from './roster-types';
import { isBlankCell, rawText, toHalfWidth } from './roster-text';

/**
 * Finding the header of a 花名册 and mapping its columns (docs/DOMAIN.md §8). Header names are compared after
 * normalising: spaces and line breaks removed, full-width to half-width, bracketed units like （元） dropped.
 * Names are matched whole, never as substrings, so 紧急联系电话 is the emergency phone and not the phone.
 */

export const HEADER_NAMES: Readonly<Record<RosterField, readonly string[]>> = {
  seq: ['序号', '编号', '序'],
  name: ['姓名', '党员姓名', '名字'],
  gender: ['性别'],
  ethnicity: ['民族'],
  birthDate: ['出生年月', '出生日期', '出生年月日', '出生时间', '生日'],
  joinedPartyOn: ['入党时间', '入党日期', '入党年月', '入党年月日'],
  formerUnit: ['原工作单位', '原单位', '工作单位', '退休前工作单位', '离退休前工作单位'],
  formerPosition: ['原职务', '职务', '原职级', '职级', '原职务职级', '原职务(职级)'],
  retirement: ['离/退休', '离退休', '离休或退休', '离休/退休', '离退休类别', '离退休情况', '离/退', '离退'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号码', '身份证', '身份证件号码'],
  phone: ['联系电话', '手机', '手机号码', '手机号', '电话', '电话号码', '联系方式', '本人电话', '本人联系电话'],
  address: ['家庭住址', '现住址', '住址', '居住地址', '家庭地址', '现居住地址', '现居住地', '居住地', '地址', '现家庭住址'],
  emergencyName: ['紧急联系人', '紧急联系人姓名', '紧急联系人及电话', '紧急联系人及联系电话', '紧急联系人/电话', '紧急联系人及联系方式'],
  emergencyPhone: ['紧急联系人电话', '紧急联系电话', '紧急联系人联系电话', '紧急联系人手机', '紧急联系人联系方式', '紧急联系手机'],
  pension: [
    '月基本离退休费',
    '基本养老金',
    '养老金',
    '月基本养老金',
    '离退休费',
    '月离退休费',
    '基本离退休费',
    '月养老金',
    '退休金',
    '月退休金',
    '月基本退休费',
  ],
  partyRelation: ['党组织关系', '组织关系', '党组织关系所在地', '组织关系所在地', '党组织关系所在单位', '党籍所在'],
  branch: ['党支部', '所在党支部', '所在支部', '支部', '所属党支部', '所属支部'],
  remarks: ['备注', '说明', '其他'],
};

export function normaliseHeader(text: string): string {
  return toHalfWidth(text)
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, '')
    .replace(/[\s*:：]/g, '');
}

const BY_NAME = new Map<string, RosterField>();
for (const [field, names] of Object.entries(HEADER_NAMES) as Array<[RosterField, readonly string[]]>) {
  for (const name of names) BY_NAME.set(normaliseHeader(name), field);
}

export function matchHeaderName(text: string): RosterField | null {
  return BY_NAME.get(normaliseHeader(text)) ?? null;
}

/**
 * The automatic mapping for a header row: each column to the field its name matches, the first column winning
 * when two match the same field. A 紧急联系人 merged over two columns (its second cell repeats the name) gives
 * the name and then the phone.
 */
export function autoMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  headers.forEach((header, column) => {
    const field = matchHeaderName(header);
    if (field === null) return;
    if (mapping[field] === undefined) mapping[field] = column;
    else if (
      field === 'emergencyName' &&
      mapping.emergencyPhone === undefined &&
      column > 0 &&
      normaliseHeader(headers[column - 1] ?? '') === normaliseHeader(header)
    ) {
      mapping.emergencyPhone = column;
    }
  });
  return mapping;
}

/** The caller's changes over the automatic mapping: a field set to null is unmapped, and a column taken by the
 * caller for one field is taken from any field the automatic mapping gave it to. */
export function applyMapping(auto: ColumnMapping, changes: ColumnMapping | undefined): ColumnMapping {
  if (!changes) return { ...auto };
  const result: ColumnMapping = {};
  const taken = new Set(Object.values(changes).filter((c): c is number => typeof c === 'number'));
  for (const [field, column] of Object.entries(auto) as Array<[RosterField, number | null]>) {
    if (column !== null && !(field in changes) && !taken.has(column)) result[field] = column;
  }
  for (const [field, column] of Object.entries(changes) as Array<[RosterField, number | null | undefined]>) {
    if (typeof column === 'number') result[field] = column;
  }
  return result;
}

/** The distinct fields a row's cells name: a header row names at least three, 姓名 among them. */
export function headerFieldsOf(row: readonly RosterCell[]): Set<RosterField> {
  const fields = new Set<RosterField>();
  for (const cell of row) {
    if (typeof cell !== 'string') continue;
    const field = matchHeaderName(cell);
    if (field) fields.add(field);
  }
  return fields;
}

export function isHeaderRow(row: readonly RosterCell[]): boolean {
  const fields = headerFieldsOf(row);
  return fields.size >= 3 && fields.has('name');
}

export interface FoundHeader {
  /** 0-based index of the header row in the grid. */
  index: number;
  /** 0-based index of a second header row under it (紧急联系人 › 姓名 | 电话), or null. */
  subIndex: number | null;
  /** The header's text by column, a second row's text joined to the first. */
  headers: string[];
}

/**
 * The first row naming at least three known columns, 姓名 among them. A row right under it that only names
 * sub-columns (紧急联系人 merged over 姓名 | 电话) or repeats it (a header merged over two rows) is part of it.
 */
export function findHeader(grid: RosterGrid): FoundHeader | null {
  const index = grid.findIndex((row) => isHeaderRow(row));
  if (index < 0) return null;
  const top = (grid[index] ?? []).map((cell) => rawText(cell));
  const below = grid[index + 1];
  const sub = below ? subHeader(top, below) : null;
  if (sub === null) return { index, subIndex: null, headers: top };
  return { index, subIndex: index + 1, headers: sub };
}

function subHeader(top: string[], row: readonly RosterCell[]): string[] | null {
  const width = Math.max(top.length, row.length);
  const headers: string[] = [];
  let named = 0;
  for (let column = 0; column < width; column++) {
    const parent = top[column] ?? '';
    const cell = row[column];
    if (isBlankCell(cell)) {
      headers.push(parent);
      continue;
    }
    if (typeof cell !== 'string') return null;
    const child = rawText(cell);
    if (normaliseHeader(child) === normaliseHeader(parent)) {
      headers.push(parent);
      continue;
    }
    const joined = `${parent} ${child}`;
    const merged = (top[column - 1] ?? '') === parent || (top[column + 1] ?? '') === parent;
    if (matchHeaderName(joined) !== null) {
      headers.push(joined);
      named++;
    } else if (matchHeaderName(child) !== null && matchHeaderName(parent) === null) {
      headers.push(child);
      named++;
    } else if (merged && parent !== '') {
      // A sub-column the import does not read (紧急联系人 › 关系): part of the header all the same.
      headers.push(joined);
    } else {
      return null;
    }
  }
  return named > 0 ? headers : null;
}
