import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError, type RosterGrid } from '../../domain';
import { decodeCsvText } from './decode-text';
import { worksheetGrid } from './worksheet-grid';

/** What one import accepts: a community's 花名册 is a few hundred rows, a district's a few thousand. */
export const ROSTER_FILE_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 20_000, maxColumns: 256 } as const;

/**
 * An uploaded roster, read: the sheet as the domain reads it (a grid of cells whose index + 1 is the row
 * number the office sees in Excel) and the workbook it came from, which the .xlsx report writes its result
 * columns into. A CSV becomes a new workbook holding its rows as text, so both go through one report.
 */
export interface RosterFile {
  kind: 'xlsx' | 'csv';
  fileName: string;
  workbook: ExcelJS.Workbook;
  worksheet: ExcelJS.Worksheet;
  grid: RosterGrid;
  /** The widest row's cell count (merged ranges included): the report's columns go to the right of it. */
  width: number;
}

const refuse = (message: string) => new DomainError('VALIDATION_FAILED', { message });

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** The OLE compound file of Excel 97–2003 (.xls), and of .et files WPS saves in the same format. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Reads an uploaded .xlsx or .csv. What a file is comes from its bytes first (an .xlsx is a zip, an .xls an OLE
 * compound file, whatever the name says), then from its name for text. Everything refused is said in Chinese
 * with what to do about it.
 */
export async function readRosterFile(content: Uint8Array, fileName: string): Promise<RosterFile> {
  if (content.byteLength > ROSTER_FILE_LIMITS.maxBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', { message: '文件超过 10 MB：请删去无关的工作表和图片，或分成几个文件后再导入' });
  }
  if (content.byteLength === 0) throw refuse('文件是空的');
  const extension = /\.([^.]+)$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  if (startsWith(content, OLE_MAGIC) || extension === 'xls' || extension === 'et') {
    throw refuse('这是旧版 Excel 文件（.xls），无法直接导入：请在 Excel 中另存为 .xlsx 后再导入');
  }
  if (startsWith(content, ZIP_MAGIC)) return readXlsx(content, fileName);
  if (extension === 'xlsx' || extension === 'xlsm') throw refuse('该文件不是有效的 .xlsx 文件：请在 Excel 中打开并重新保存为 .xlsx 后再导入');
  if (extension === 'csv' || extension === 'txt') return readCsv(content, fileName);
  throw refuse('只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）');
}

async function readXlsx(content: Uint8Array, fileName: string): Promise<RosterFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch {
    throw refuse('无法读取该 .xlsx 文件：请确认文件完整（可在 Excel 中打开并重新保存）后再导入');
  }
  // The first sheet a person sees with anything in it; hidden sheets hold lookup lists, not the roster.
  const sheets = workbook.worksheets.filter((sheet) => sheet.state === 'visible' || sheet.state === undefined);
  const worksheet = sheets.find((sheet) => sheet.actualRowCount > 0);
  if (!worksheet) throw refuse('工作簿中没有数据：请确认花名册在第一个有内容的工作表中');
  return finish('xlsx', fileName, workbook, worksheet);
}

async function readCsv(content: Uint8Array, fileName: string): Promise<RosterFile> {
  const text = decodeCsvText(content);
  if (text.includes('\u0000')) throw refuse('只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）');
  const workbook = new ExcelJS.Workbook();
  let worksheet: ExcelJS.Worksheet;
  try {
    // Every field stays text: the domain reads 1945.03 as a month, not as a number.
    worksheet = await workbook.csv.read(Readable.from([text]), {
      sheetName: sheetNameOf(fileName),
      map: (datum: string) => (datum === '' ? null : datum),
    } as Partial<ExcelJS.CsvReadOptions> as ExcelJS.CsvReadOptions);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^Parse Error:\s*/, '') : '';
    throw refuse(`CSV 文件的引号不配对，无法读取${detail ? `（${detail}）` : ''}：请在 Excel 中打开并另存为 .xlsx 或 CSV 后再导入`);
  }
  return finish('csv', fileName, workbook, worksheet);
}

function finish(kind: RosterFile['kind'], fileName: string, workbook: ExcelJS.Workbook, worksheet: ExcelJS.Worksheet): RosterFile {
  if (worksheet.actualRowCount > ROSTER_FILE_LIMITS.maxRows) {
    throw refuse(`表格超过 ${ROSTER_FILE_LIMITS.maxRows.toLocaleString('en-US')} 行：请分成几个文件导入`);
  }
  const { grid, width } = worksheetGrid(worksheet);
  if (grid.length === 0) throw refuse('表格中没有数据');
  if (grid.length > ROSTER_FILE_LIMITS.maxRows) {
    throw refuse(`表格超过 ${ROSTER_FILE_LIMITS.maxRows.toLocaleString('en-US')} 行：请分成几个文件导入`);
  }
  if (width > ROSTER_FILE_LIMITS.maxColumns) throw refuse(`表格超过 ${ROSTER_FILE_LIMITS.maxColumns} 列：请只保留花名册的列后再导入`);
  return { kind, fileName, workbook, worksheet, grid, width };
}

/** Excel's rules for a sheet name: at most 31 characters, none of \ / ? * [ ] :. */
function sheetNameOf(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/, '').replace(/[\\/?*[\]:]/g, ' ').trim();
  return (base || '花名册').slice(0, 31);
}
