import type { LedgerSheet } from '../../domain';
import { addSheet, loadExcelJS, toXlsx } from './sheet-workbook';

/** 序号 · 姓名 · 住址 · 走访日期 · 方式 · 走访人 · 情况 · 解决的问题 · 后续事项: the long texts wide, wrapped by addSheet. */
const WIDTHS = [6, 10, 26, 12, 8, 14, 44, 32, 40];

/** The 走访台账 (docs/DOMAIN.md §9) as a workbook of one sheet, A4 landscape when printed from Excel. */
export async function visitLedgerXlsx(sheet: LedgerSheet, sheetName: string): Promise<ArrayBuffer> {
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  workbook.creator = 'Doorstep';
  workbook.created = new Date();
  addSheet(workbook, sheet, { name: sheetName, frozenColumns: 2, widths: WIDTHS, defaultWidth: 12 });
  return toXlsx(workbook);
}
