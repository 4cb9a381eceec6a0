// @vitest-environment node
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { AttendanceRegister, BranchLedger, LedgerCell, MemberLedger, Meeting, MonthState } from '../../src/domain';
import { attendanceXlsx } from '../../src/app/export/attendance-xlsx';
import { duesLedgerXlsx } from '../../src/app/export/dues-ledger-xlsx';
import { BRANCH_ID, uuid } from './support/fixtures';

/** The workbooks are read back with exceljs itself: what a secretary's Excel or WPS would open. */
async function readBack(bytes: ArrayBuffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0]!;
}

function rowValues(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  // exceljs rows are 1-based: values[0] is always empty.
  return (sheet.getRow(row).values as unknown[]).slice(1);
}

const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

function cell(month: string, expectedFen: number | null, paidFen: number, state: MonthState): LedgerCell {
  return {
    month,
    expectedFen,
    paidFen,
    balanceFen: paidFen - (expectedFen ?? 0),
    state,
    entryIds: paidFen === 0 ? [] : [`pay-${month}`],
    duplicate: false,
  };
}

function member(overrides: Partial<MemberLedger> & Pick<MemberLedger, 'memberId' | 'name' | 'cells'>): MemberLedger {
  const expectedTotalFen = overrides.cells.reduce((sum, c) => sum + (c.expectedFen ?? 0), 0);
  const paidTotalFen = overrides.cells.reduce((sum, c) => sum + c.paidFen, 0);
  return {
    baseFen: null,
    monthlyFen: null,
    rule: '',
    category: null,
    channel: null,
    rateBasisPoints: null,
    expectedTotalFen,
    paidTotalFen,
    voluntaryFen: 0,
    arrearsStreak: 0,
    arrearsLevel: 'none',
    prepaidMonths: 0,
    duplicates: [],
    excuses: [],
    ...overrides,
  };
}

/**
 * 王建国: base 5,000.00 元 at 0.5 % = 25.00 a month, paid January to March, in arrears April to June (asOf
 * 2026-06), July on not yet due. 李秀兰: 定额 0.20 元, the whole year paid in advance in January.
 */
const LEDGER: BranchLedger = {
  branchId: BRANCH_ID,
  from: '2026-01',
  to: '2026-12',
  asOf: '2026-06',
  members: [
    member({
      memberId: uuid(1),
      name: '王建国',
      baseFen: 500_000,
      monthlyFen: 2_500,
      category: 'normal',
      channel: 'this_branch',
      rateBasisPoints: 50,
      arrearsStreak: 3,
      arrearsLevel: 'warning',
      cells: MONTHS.map((month, i) => (i < 3 ? cell(month, 2_500, 2_500, 'paid') : cell(month, 2_500, 0, i < 6 ? 'arrears' : 'future'))),
    }),
    member({
      memberId: uuid(2),
      name: '李秀兰',
      baseFen: 0,
      monthlyFen: 20,
      category: 'fixed',
      channel: 'this_branch',
      prepaidMonths: 6,
      cells: MONTHS.map((month, i) => cell(month, 20, 20, i < 6 ? 'paid' : 'prepaid')),
    }),
  ],
  expectedTotalFen: 12 * 2_500 + 12 * 20,
  paidTotalFen: 3 * 2_500 + 12 * 20,
  collectionRate: null,
  membersInArrears: 1,
  membersAtWarning: 1,
  duplicates: [],
};

describe('dues ledger workbook', () => {
  it('has the branch and period in its header, the customary columns, amounts in 元 with two decimals and a totals row', async () => {
    const sheet = await readBack(await duesLedgerXlsx(LEDGER, { branchName: '第一党支部', year: 2026 }));

    expect(sheet.getCell('A1').value).toBe('第一党支部 2026 年度党费交纳登记表');
    expect(String(sheet.getCell('A2').value)).toContain('2026年1月—2026年12月');
    expect(sheet.getCell('A1').isMerged).toBe(true);

    expect(rowValues(sheet, 3)).toEqual([
      '序号',
      '姓名',
      '月基数(元)',
      '执行标准',
      '月应缴(元)',
      '全年应缴(元)',
      ...Array.from({ length: 12 }, (_, i) => `${i + 1}月`),
      '全年实缴(元)',
      '备注',
    ]);

    const wang = sheet.getRow(4);
    expect(wang.getCell(1).value).toBe(1);
    expect(wang.getCell(2).value).toBe('王建国');
    expect(wang.getCell(3).value).toBe(5000);
    expect(wang.getCell(3).numFmt).toBe('0.00');
    expect(wang.getCell(4).value).toBe('0.5%');
    expect(wang.getCell(5).value).toBe(25);
    expect(wang.getCell(6).value).toBe(300);
    // January to March paid; nothing written for the unpaid months.
    expect([7, 8, 9, 10, 11, 12].map((c) => wang.getCell(c).value)).toEqual([25, 25, 25, null, null, null]);
    expect(wang.getCell(7).numFmt).toBe('0.00');
    expect(wang.getCell(19).value).toBe(75);
    expect(String(wang.getCell(20).value)).toContain('欠缴 3 个月');

    const li = sheet.getRow(5);
    expect(li.getCell(2).value).toBe('李秀兰');
    expect(li.getCell(4).value).toBe('定额');
    expect(li.getCell(18).value).toBe(0.2);
    expect(li.getCell(19).value).toBe(2.4);

    const totals = sheet.getRow(6);
    expect(totals.getCell(2).value).toBe('合计');
    expect(totals.getCell(5).value).toBe(25.2);
    expect(totals.getCell(6).value).toBe(302.4);
    expect(totals.getCell(7).value).toBe(25.2);
    expect(totals.getCell(10).value).toBe(0.2);
    expect(totals.getCell(19).value).toBe(77.4);
    expect(totals.getCell(19).numFmt).toBe('0.00');
    expect(totals.getCell(2).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(6);
  });

  it('freezes the header and name columns and prints on A4 landscape, one page wide', async () => {
    const sheet = await readBack(await duesLedgerXlsx(LEDGER, { branchName: '第一党支部', year: 2026 }));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.getColumn(20).width).toBeGreaterThan(sheet.getColumn(7).width ?? 0);
  });
});

function meeting(n: number, date: string, type: Meeting['type']): Meeting {
  return {
    id: uuid(0x500 + n),
    branchId: BRANCH_ID,
    type,
    date,
    place: '社区党群服务中心',
    host: '王书记',
    topic: '学习党章',
    recordedBy: uuid(0x1002),
    recordedAt: `${date}T02:00:00.000Z`,
  };
}

const MARCH = meeting(1, '2026-03-10', 'party_congress');
const JUNE = meeting(2, '2026-06-05', 'theme_day');

const REGISTER: AttendanceRegister = {
  asOf: '2026-12',
  meetings: [MARCH, JUNE],
  members: [
    {
      memberId: uuid(1),
      name: '王建国',
      cells: [
        { meetingId: MARCH.id, status: 'present', reason: '' },
        { meetingId: JUNE.id, status: 'delivered', reason: '' },
      ],
      expected: 2,
      attended: 2,
      monthsWithout: 6,
      flagged: false,
      diedOn: null,
      deceased: false,
    },
    {
      memberId: uuid(2),
      name: '李秀兰',
      cells: [
        { meetingId: MARCH.id, status: 'leave', reason: '住院' },
        { meetingId: JUNE.id, status: 'absent', reason: '' },
      ],
      expected: 2,
      attended: 0,
      monthsWithout: null,
      flagged: true,
      diedOn: null,
      deceased: false,
    },
  ],
  attendanceRate: 0.5,
};

describe('attendance register workbook', () => {
  it('has the branch and period, a column per meeting, each member’s status and the totals of who came', async () => {
    const sheet = await readBack(await attendanceXlsx(REGISTER, { branchName: '第一党支部', period: '2026年1月—2026年12月' }));

    expect(sheet.getCell('A1').value).toBe('第一党支部 党员参加组织生活登记表');
    expect(sheet.getCell('A2').value).toBe('2026年1月—2026年12月');
    expect(rowValues(sheet, 3)).toEqual(['序号', '姓名', '03/10 党员大会', '06/05 主题党日', '应到', '实到', '出勤率', '备注']);

    expect(rowValues(sheet, 4)).toEqual([1, '王建国', '出席', '送学上门', 2, 2, 1, '']);
    expect(sheet.getCell('G4').numFmt).toBe('0%');
    expect(rowValues(sheet, 5)).toEqual([2, '李秀兰', '请假（住院）', '缺席', 2, 0, 0, '12 个月内未参加组织生活']);

    const totals = rowValues(sheet, 6);
    expect(totals[1]).toBe('合计');
    expect(totals.slice(2, 7)).toEqual([1, 1, 4, 2, 0.5]);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
  });

  it('keeps the sheet’s own 12-month period when no calendar year is given', async () => {
    const sheet = await readBack(await attendanceXlsx(REGISTER, { branchName: '第一党支部' }));
    expect(sheet.getCell('A2').value).toBe('2026年01月—2026年12月');
  });
});
