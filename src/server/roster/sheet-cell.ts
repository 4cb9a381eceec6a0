import type { CellValue } from 'exceljs';
import type { RosterCell } from '../../domain';

/**
 * One exceljs cell value as the roster reader sees it (src/domain/roster/roster-types.ts RosterCell): a date
 * cell stays a Date, a formula gives its cached result, rich text and a hyperlink give their text, an error
 * (#N/A…) or an empty string is empty. Merged cells need nothing here: exceljs answers a merged range's other
 * cells with the value of its first cell.
 */
export function rosterCell(value: CellValue | undefined): RosterCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if ('richText' in value) return rosterCell(value.richText.map((part) => part.text).join(''));
  if ('hyperlink' in value) return rosterCell(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return rosterCell(value.result as CellValue);
  return null;
}
