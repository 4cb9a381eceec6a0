import type { Workbook, Worksheet } from 'exceljs';
import type { LedgerSheet, SheetCell } from '../../domain';

/**
 * Writes a domain LedgerSheet (the paper layout as plain cells) into an exceljs worksheet: title and period rows,
 * the column titles, one row per member and the totals row. Money arrives in integer fen and is written as a
 * number of 元 with the '0.00' format, so sums in Excel still work and nothing is rounded as text.
 */

type ExcelJS = typeof import('exceljs');

/**
 * exceljs is about a megabyte: loaded only when the secretary exports, never on the first screen. The chunk is in
 * the service worker's precache (vite.config.ts), so this works offline too.
 */
export async function loadExcelJS(): Promise<ExcelJS> {
  const module = (await import('exceljs')) as ExcelJS & { default?: ExcelJS };
  // The browser bundle is UMD (a default export); Node's CommonJS interop gives the named exports as well.
  return module.default ?? module;
}

export interface SheetLayout {
  /** Worksheet tab name (Excel allows 31 characters, no []:*?/\). */
  name: string;
  /** Columns kept in view while scrolling right: 序号 and 姓名. */
  frozenColumns: number;
  /** Character widths, by column; columns beyond the list get `defaultWidth`. */
  widths: number[];
  defaultWidth: number;
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const TITLE_ROW = 1;
const PERIOD_ROW = 2;
export const HEADER_ROW = 3;

function valueOf(cell: SheetCell): string | number | null {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'number':
      return cell.value;
    case 'fen':
      // Integer fen → 元: a division by 100 is exact to the cent as a binary double when shown with 2 decimals.
      return cell.fen / 100;
    case 'ratio':
      return cell.value;
    case 'empty':
      return null;
  }
}

function numFmtOf(cell: SheetCell): string | undefined {
  if (cell.kind === 'fen') return '0.00';
  if (cell.kind === 'ratio') return '0%';
  return undefined;
}

function writeRow(sheet: Worksheet, rowNumber: number, cells: readonly SheetCell[], bold: boolean): void {
  const row = sheet.getRow(rowNumber);
  cells.forEach((cell, i) => {
    const target = row.getCell(i + 1);
    target.value = valueOf(cell);
    const numFmt = numFmtOf(cell);
    if (numFmt) target.numFmt = numFmt;
    target.border = BORDER;
    target.alignment = { vertical: 'middle', horizontal: cell.kind === 'text' ? 'left' : 'right', wrapText: cell.kind === 'text' };
    if (bold) target.font = { bold: true };
  });
  row.commit();
}

export function addSheet(workbook: Workbook, sheet: LedgerSheet, layout: SheetLayout): Worksheet {
  const columns = sheet.header.length;
  const worksheet = workbook.addWorksheet(layout.name, {
    views: [{ state: 'frozen', xSplit: layout.frozenColumns, ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
  });
  worksheet.columns = Array.from({ length: columns }, (_, i) => ({ width: layout.widths[i] ?? layout.defaultWidth }));

  worksheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, columns);
  const title = worksheet.getCell(TITLE_ROW, 1);
  title.value = sheet.title;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  worksheet.getRow(TITLE_ROW).height = 28;

  worksheet.mergeCells(PERIOD_ROW, 1, PERIOD_ROW, columns);
  const period = worksheet.getCell(PERIOD_ROW, 1);
  period.value = sheet.period;
  period.alignment = { horizontal: 'center', vertical: 'middle' };

  const header = worksheet.getRow(HEADER_ROW);
  sheet.header.forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  header.height = 32;
  header.commit();

  sheet.rows.forEach((cells, i) => writeRow(worksheet, HEADER_ROW + 1 + i, cells, false));
  writeRow(worksheet, HEADER_ROW + 1 + sheet.rows.length, sheet.totals, true);
  return worksheet;
}

/** The workbook as xlsx bytes (an ArrayBuffer in the browser, a Buffer in Node). */
export async function toXlsx(workbook: Workbook): Promise<ArrayBuffer> {
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Characters Windows and Excel refuse in file and sheet names. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\[\]]/g, '-');
}
