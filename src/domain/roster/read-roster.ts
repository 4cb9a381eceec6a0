import type { IsoDate } from '../common';
import type { ColumnMapping, ParsedRosterRow, RosterCell, RosterField, RosterGrid, RosterReading } from './roster-types';
import { applyMapping, autoMapping, findHeader, isHeaderRow } from './roster-headers';
import { readPersonRow } from './roster-person';
import { cellText, isBlankCell, isPlaceholder, withoutSpaces } from './roster-text';

/**
 * A whole 花名册 sheet read, row by row (docs/DOMAIN.md §8): titles, 填报单位 lines, blank rows, headers repeated
 * for printing and 合计 rows are `ignored` and never people; every other row below the header is a person or
 * rejected with its reasons. Pure: the server reads the file into the grid and does the matching and writing.
 */

/** Why a row is not a person; the words the report shows (and the generator's tests look for). */
export const IGNORED = {
  title: '标题行',
  filling: '填报信息',
  header: '表头',
  repeatedHeader: '表头（打印时重复的表头）',
  blank: '空行',
  seqOnly: '空行（只有序号）',
  total: '合计行',
  noHeader: '未找到表头：需要有一行至少包含 3 个能识别的列名，其中必须有“姓名”；请检查表头，或手动指定各列',
} as const;

const TOTAL = /^(?:合计|总计|小计|共计)/;
const FILLING = /^(?:填报单位|填报日期|填报时间|填表单位|填表日期|填表时间|填表人|填报人|制表人|制表单位|制表日期|制表时间|审核人|审核|负责人|单位负责人|报送单位|报送日期|统计时间|统计日期|截至|截止|单位\(盖章\)|单位盖章|联系人|联系电话|注|说明)\s*[:：]/;
const FILLING_WORDS = /填报单位|填报日期|填表单位|填表日期|填表人|填报人|制表人|审核人|报送单位|\(盖章\)|（盖章）/;
const TITLE_WORDS = /花名册|名册|名单|一览表|统计表|登记表|情况表/;
const SECTION = /^(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十\d]+(?:党支部|支部|党小组|组))|(?:党支部|支部|党小组)(?:\(\d+人\))?$/;

export function readRoster(grid: RosterGrid, options: { mapping?: ColumnMapping; today: IsoDate }): RosterReading {
  const found = findHeader(grid);
  const mapping = applyMapping(found ? autoMapping(found.headers) : {}, options.mapping);
  const headerRows = new Set(found ? [found.index, found.subIndex].filter((i): i is number => i !== null) : []);
  const subHeaderTexts = found?.subIndex != null ? rowTexts(grid[found.subIndex] ?? []).texts : null;
  const firstData = found ? Math.max(...headerRows) + 1 : typeof mapping.name === 'number' ? 0 : grid.length;
  const quiet = new Set<number>(
    (['seq', 'branch'] as RosterField[]).map((f) => mapping[f]).filter((c): c is number => typeof c === 'number'),
  );

  const rows: ParsedRosterRow[] = grid.map((row, index) => {
    const number = index + 1;
    const ignored = (reason: string): ParsedRosterRow => ({ row: number, kind: 'ignored', reasons: [reason], notices: [], draft: null });
    if (headerRows.has(index)) return ignored(IGNORED.header);
    if (index < firstData) {
      if (!found && typeof mapping.name !== 'number') return ignored(isBlankRow(row) ? IGNORED.blank : IGNORED.noHeader);
      return ignored(aboveHeader(row));
    }
    const reason = notAPerson(row, mapping, quiet, subHeaderTexts);
    if (reason !== null) return ignored(reason);
    const person = readPersonRow(row, mapping, options.today);
    return { row: number, ...person };
  });

  return { headerRow: found ? found.index + 1 : null, headers: found?.headers ?? [], mapping, rows };
}

function isBlankRow(row: readonly RosterCell[]): boolean {
  return row.every((cell) => isBlankCell(cell));
}

/** Each cell's text without spaces, and the columns that hold something: read once per row. */
function rowTexts(row: readonly RosterCell[]): { texts: string[]; filled: number[] } {
  const texts: string[] = [];
  const filled: number[] = [];
  for (let column = 0; column < row.length; column++) {
    const cell = row[column];
    const text = cell === null || cell === undefined ? '' : withoutSpaces(cellText(cell));
    texts.push(text);
    if (text !== '' && !isPlaceholder(text)) filled.push(column);
  }
  return { texts, filled };
}

/** Rows above the header: the title, the 填报单位/填报日期 line, blank rows. */
function aboveHeader(row: readonly RosterCell[]): string {
  if (isBlankRow(row)) return IGNORED.blank;
  const { texts } = rowTexts(row);
  return texts.some((t) => FILLING.test(t) || FILLING_WORDS.test(t)) ? IGNORED.filling : IGNORED.title;
}

/** A row below the header that is no person, and why; null for a person's row. */
function notAPerson(
  row: readonly RosterCell[],
  mapping: ColumnMapping,
  quiet: ReadonlySet<number>,
  subHeaderTexts: string[] | null,
): string | null {
  const { texts, filled } = rowTexts(row);
  if (filled.length === 0) return IGNORED.blank;
  if (texts.some((t) => TOTAL.test(t))) return IGNORED.total;
  // Only a 序号 (or a 党支部 merged down over an empty line): nobody is on this line.
  if (filled.every((c) => quiet.has(c))) return IGNORED.seqOnly;
  if (filled.length === 1 && typeof mapping.seq !== 'number' && /^\d{1,5}$/.test(texts[filled[0] as number] ?? '')) {
    const column = filled[0] as number;
    if (!Object.values(mapping).includes(column)) return IGNORED.seqOnly;
  }
  // Cheap test first: a header row has a 姓名 cell, a person's row almost never has a 名 in a short cell.
  if (texts.some((t) => t.length <= 12 && t.includes('名')) && isHeaderRow(row)) return IGNORED.repeatedHeader;
  if (subHeaderTexts && texts.length > 0 && texts.every((t, c) => t === (subHeaderTexts[c] ?? '') || t === '')) return IGNORED.repeatedHeader;

  const nameColumn = mapping.name;
  const nameText = typeof nameColumn === 'number' ? (texts[nameColumn] ?? '') : '';
  const nameIsLabel = nameText === '' || FILLING.test(nameText);
  if (nameIsLabel && texts.some((t) => FILLING.test(t) || FILLING_WORDS.test(t))) return IGNORED.filling;

  const distinct = new Set(filled.map((c) => texts[c]));
  if (distinct.size === 1) {
    const only = [...distinct][0] as string;
    // A title merged across the sheet fills every cell with the same text; a section line names a branch.
    if (filled.length >= 2 || TITLE_WORDS.test(only) || SECTION.test(only)) return IGNORED.title;
  }
  return null;
}
