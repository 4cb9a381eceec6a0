import type { Fill } from 'exceljs';
import type { MemberStatus, RosterImportReport, RosterReportRow, RowStatus } from '../../domain';
import type { RosterFile } from './roster-file';

export const STATUS_ZH: Record<RowStatus, string> = {
  created: '新增',
  updated: '更新',
  unchanged: '无变化',
  rejected: '未导入',
  duplicate: '重复',
  ignored: '已忽略',
};

/** The report's names of what an update changed (RosterReportRow.changes), as the admin reads them. */
export const CHANGE_ZH: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  ethnicity: '民族',
  formerUnit: '原工作单位',
  formerPosition: '原职务',
  retirement: '离/退休',
  phone: '联系电话',
  address: '家庭住址',
  familyContact: '紧急联系人',
  isPartyMember: '党员',
  joinedPartyOn: '入党时间',
  branch: '党支部',
  duesChannel: '党组织关系',
  proposedBaseFen: '建议核定基数',
  status: '状态',
  risks: '风险标记',
  notes: '备注',
};

const MEMBER_STATUS_ZH: Record<MemberStatus, string> = { active: '在册', away: '外出', deceased: '已故', transferred: '转出' };

const MISSING_SHEET = '未出现在名单中的人员';

/** Light fills as Excel's own good/bad/neutral styles, so the eye finds the rows to fix. */
const FILL: Partial<Record<RowStatus, string>> = {
  created: 'FFC6EFCE',
  updated: 'FFDDEBF7',
  rejected: 'FFFFC7CE',
  duplicate: 'FFFFEB9C',
};

/** One cell's explanation: the reasons, the row it repeats, what an update changes, what to check. */
export function rowExplanation(row: RosterReportRow): string {
  const parts = [...(row.reasons ?? [])];
  if (row.duplicateOf !== undefined && !parts.some((p) => p.includes(`第 ${row.duplicateOf} 行`))) parts.push(`与第 ${row.duplicateOf} 行重复`);
  if (row.changes.length > 0) parts.push(`更新：${row.changes.map((c) => CHANGE_ZH[c] ?? c).join('、')}`);
  parts.push(...row.notices);
  return parts.join('；');
}

/**
 * The uploaded workbook with the result of each row (docs/DOMAIN.md §10): two columns right of everything the
 * sheet uses, 导入结果 and 说明, on the header row and every reported row; and a second sheet listing the
 * community's members the file does not mention (never deleted, for the admin to review). A CSV's report is a
 * new workbook of its rows.
 */
export async function rosterReportWorkbook(file: RosterFile, report: RosterImportReport): Promise<Buffer> {
  const sheet = file.worksheet;
  const resultColumn = file.width + 1;
  const noteColumn = file.width + 2;
  for (const row of report.rows) {
    if (row.row === report.headerRow) continue;
    const result = sheet.getCell(row.row, resultColumn);
    result.value = STATUS_ZH[row.status];
    const fill = FILL[row.status];
    if (fill) result.fill = solid(fill);
    const note = sheet.getCell(row.row, noteColumn);
    note.value = rowExplanation(row) || null;
    note.alignment = { wrapText: true, vertical: 'top' };
  }
  const headerRow = report.headerRow ?? 1;
  for (const [column, label] of [
    [resultColumn, '导入结果'],
    [noteColumn, '说明'],
  ] as const) {
    const cell = sheet.getCell(headerRow, column);
    // Without a recognised header, row 1 may hold a reported row: the heading goes in front of its result.
    cell.value = report.headerRow === null && cell.value ? `${label}：${String(cell.value)}` : label;
    cell.font = { bold: true };
  }
  sheet.getColumn(resultColumn).width = 10;
  sheet.getColumn(noteColumn).width = 60;

  const missing = file.workbook.addWorksheet(uniqueSheetName(file, MISSING_SHEET));
  missing.columns = [
    { header: '序号', width: 6 },
    { header: '姓名', width: 12 },
    { header: '状态', width: 8 },
    { header: '人员编号', width: 38 },
  ];
  missing.getRow(1).font = { bold: true };
  report.missing.forEach((m, i) => missing.addRow([i + 1, m.name, MEMBER_STATUS_ZH[m.status], m.memberId]));
  if (report.missing.length === 0) missing.addRow(['', '（无：本社区在册和外出人员都在名单中）']);

  return Buffer.from(await file.workbook.xlsx.writeBuffer());
}

function solid(argb: string): Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

function uniqueSheetName(file: RosterFile, name: string): string {
  const taken = new Set(file.workbook.worksheets.map((s) => s.name));
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}（${i}）`;
  return candidate;
}
