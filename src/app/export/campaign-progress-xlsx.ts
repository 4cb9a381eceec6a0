import type { LedgerSheet } from '../../domain';
import { addSheet, loadExcelJS, toXlsx } from './sheet-workbook';

/** 序号 · 名称 · 应慰问 · 已慰问 · 完成率 · 慰问品 · 慰问金 */
const WIDTHS = [6, 18, 10, 10, 10, 10, 14];

/** A campaign's progress as a workbook: one sheet by worker, one by branch, each with the campaign's totals. */
export async function campaignProgressXlsx(sheets: readonly { name: string; sheet: LedgerSheet }[]): Promise<ArrayBuffer> {
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  workbook.creator = 'Doorstep';
  workbook.created = new Date();
  for (const { name, sheet } of sheets) addSheet(workbook, sheet, { name, frozenColumns: 2, widths: WIDTHS, defaultWidth: 10 });
  return toXlsx(workbook);
}
