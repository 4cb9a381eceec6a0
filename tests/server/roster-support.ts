import ExcelJS from 'exceljs';

/** A row of cells as a test writes them into a sheet: exceljs values (Date cells, formulas, rich text…). */
export type SheetRow = (ExcelJS.CellValue | undefined)[];

export interface SheetSpec {
  name?: string;
  rows: SheetRow[];
  /** Ranges to merge, e.g. 'A1:H1'. */
  merges?: string[];
  /** Number formats by cell address, e.g. { C5: 'yyyy-mm-dd' }. */
  formats?: Record<string, string>;
  state?: 'visible' | 'hidden';
}

/** An .xlsx as Excel would save it, built with exceljs: the bytes an office would upload. */
export async function xlsxBytes(...sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  sheets.forEach((spec, i) => {
    const sheet = workbook.addWorksheet(spec.name ?? `Sheet${i + 1}`, { state: spec.state ?? 'visible' });
    spec.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value !== undefined && value !== null) sheet.getCell(r + 1, c + 1).value = value;
      });
    });
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
    for (const [address, format] of Object.entries(spec.formats ?? {})) sheet.getCell(address).numFmt = format;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function loadXlsx(bytes: Buffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** CSV text as Excel writes it: fields with commas, quotes or line breaks quoted, quotes doubled, CRLF. */
export function csvText(rows: readonly (readonly (string | number | null)[])[]): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

let gbTable: Map<string, number[]> | null = null;

/**
 * Text in GB18030 as a Chinese Windows "CSV" is saved. Node decodes GB18030 but cannot encode it, so the table
 * is the decoder's two-byte range turned round (every character a roster uses is in it).
 */
export function gb18030Bytes(text: string): Buffer {
  if (gbTable === null) {
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && char !== '\ufffd' && !gbTable.has(char)) gbTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbTable.get(char);
      if (!pair) throw new Error(`no GB18030 two-byte code for ${char}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

/** A generated grid (tests/support/messy-roster.ts) written as an .xlsx, cell by cell, with its title merged. */
export async function gridXlsx(grid: readonly (readonly unknown[])[], sheetName = '花名册'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  grid.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value !== null && value !== undefined && value !== '') sheet.getCell(r + 1, c + 1).value = value as ExcelJS.CellValue;
    });
  });
  // A title filled across the sheet is, in the office's file, one merged cell.
  const first = grid[0] ?? [];
  if (first.length > 1 && first.every((v) => v === first[0])) {
    for (let c = 2; c <= first.length; c++) sheet.getCell(1, c).value = null;
    sheet.mergeCells(1, 1, 1, first.length);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
