import type { Workbook } from 'exceljs';
import { attendanceSheet, type AttendanceRegister, type AttendanceSheetLabels } from '../../domain';
import { addSheet, loadExcelJS, toXlsx } from './sheet-workbook';

export interface AttendanceMeta {
  branchName: string;
  /** Replaces the sheet's own period line, e.g. when the register was cut to one calendar year. */
  period?: string;
}

/** 序号 · 姓名 · one column per meeting · 应到 · 实到 · 出勤率 · 备注 */
function widths(meetings: number): number[] {
  return [6, 10, ...Array<number>(meetings).fill(11), 7, 7, 8, 24];
}

/** The attendance register (党员参加组织生活登记表) as a workbook of one sheet. */
export async function attendanceWorkbook(register: AttendanceRegister, meta: AttendanceMeta, labels?: AttendanceSheetLabels): Promise<Workbook> {
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  workbook.creator = 'Doorstep';
  workbook.created = new Date();
  const sheet = attendanceSheet(register, { branchName: meta.branchName }, labels);
  addSheet(workbook, meta.period === undefined ? sheet : { ...sheet, period: meta.period }, {
    name: register.asOf,
    frozenColumns: 2,
    widths: widths(register.meetings.length),
    defaultWidth: 11,
  });
  return workbook;
}

export async function attendanceXlsx(register: AttendanceRegister, meta: AttendanceMeta, labels?: AttendanceSheetLabels): Promise<ArrayBuffer> {
  return toXlsx(await attendanceWorkbook(register, meta, labels));
}
