import type { Workbook } from 'exceljs';
import { duesLedgerSheet, type BranchLedger, type DuesSheetLabels } from '../../domain';
import { addSheet, loadExcelJS, toXlsx } from './sheet-workbook';

export interface DuesLedgerMeta {
  branchName: string;
  year: number;
}

/** 序号 · 姓名 · 月基数 · 执行标准 · 月应缴 · 全年应缴 · 1–12 月 · 全年实缴 · 备注 */
const WIDTHS = [6, 10, 11, 10, 10, 11, ...Array<number>(12).fill(8), 11, 28];

/** The year's dues ledger (党费交纳登记表) as a workbook of one sheet, in the customary columns. */
export async function duesLedgerWorkbook(ledger: BranchLedger, meta: DuesLedgerMeta, labels?: DuesSheetLabels): Promise<Workbook> {
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  workbook.creator = 'Doorstep';
  workbook.created = new Date();
  addSheet(workbook, duesLedgerSheet(ledger, meta, labels), { name: `${meta.year}`, frozenColumns: 2, widths: WIDTHS, defaultWidth: 8 });
  return workbook;
}

export async function duesLedgerXlsx(ledger: BranchLedger, meta: DuesLedgerMeta, labels?: DuesSheetLabels): Promise<ArrayBuffer> {
  return toXlsx(await duesLedgerWorkbook(ledger, meta, labels));
}
