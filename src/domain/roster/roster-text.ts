import type { RosterCell } from './roster-types';

/**
 * Cells as text, the way every column of the 花名册 reads them (docs/DOMAIN.md §8). Offices type with Chinese
 * input methods, so digits, letters and punctuation arrive full-width as often as not.
 */

const WIDE = /[\uff01-\uff5e\u3000\u00a0\u200b\ufeff]/;
const WIDE_ALL = /[\uff01-\uff5e\u3000\u00a0\u200b\ufeff]/g;

/**
 * Full-width ASCII (０-９, Ａ-Ｚ, （）, ，, ．…) to half-width, and odd spaces to plain spaces. One UTF-16 unit in,
 * one out: positions in the result are positions in the original, so a remark can be read on the half-width
 * text and kept as the clerk wrote it.
 */
export function toHalfWidth(text: string): string {
  if (!WIDE.test(text)) return text;
  return text.replace(WIDE_ALL, (ch) => {
    const code = ch.charCodeAt(0);
    return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ' ';
  });
}

export function isDateCell(cell: unknown): cell is Date {
  return Object.prototype.toString.call(cell) === '[object Date]';
}

/** The cell as the clerk sees it, trimmed; '' for an empty cell. */
export function rawText(cell: RosterCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  if (isDateCell(cell)) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return '';
}

/** The cell as text for reading: half-width and trimmed. */
export function cellText(cell: RosterCell | undefined): string {
  const raw = rawText(cell);
  return WIDE.test(raw) ? toHalfWidth(raw).trim() : raw;
}

/** Placeholders offices put in a cell that has nothing to say. */
const PLACEHOLDERS = new Set(['', '/', '\\', '-', '--', '—', '——', '－', '无', '暂无', '空', '不详', '未知', 'N/A', 'n/a', 'NA', '#N/A']);

export function isPlaceholder(text: string): boolean {
  if (text.length > 12) return false;
  return PLACEHOLDERS.has(text.replace(/\s+/g, ''));
}

/** True when the cell holds nothing, or only a placeholder. */
export function isBlankCell(cell: RosterCell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'string') return cell.length <= 12 && isPlaceholder(toHalfWidth(cell));
  return rawText(cell) === '';
}

const SPACE = /\s/;
export function withoutSpaces(text: string): string {
  return SPACE.test(text) ? text.replace(/\s+/g, '') : text;
}

/** Cut text to `max` characters; the caller says so in a notice. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 一 … 十 as a number, digits as they are; null for anything else. */
export function smallNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 1 && CHINESE_DIGITS[text] !== undefined) return CHINESE_DIGITS[text];
  if (/^十[一二三四五六七八九]$/.test(text)) return 10 + (CHINESE_DIGITS[text[1] as string] ?? 0);
  return null;
}
