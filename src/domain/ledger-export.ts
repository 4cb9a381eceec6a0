import { formatYuan } from './dues-rules';
import { addMonths } from './months';
import type { AttendanceRegister, BranchLedger, MemberLedger } from './ledger-types';
import type { AttendanceStatus, MeetingType } from './meeting';

/**
 * The paper layouts of the two ledgers as plain tables: the app's exceljs exporter writes them to xlsx and the
 * print view renders them, so both show the same rows. Money stays integer fen (the exporter formats it as 元
 * with two decimals); labels are the customary zh-CN ones unless the caller passes its own (second locale).
 */

export type SheetCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'fen'; fen: number }
  /** 0–1, shown as a percentage. */
  | { kind: 'ratio'; value: number }
  | { kind: 'empty' };

export interface LedgerSheet {
  title: string;
  period: string;
  header: string[];
  rows: SheetCell[][];
  totals: SheetCell[];
}

const text = (t: string): SheetCell => ({ kind: 'text', text: t });
const fen = (f: number | null): SheetCell => (f === null ? { kind: 'empty' } : { kind: 'fen', fen: f });
const num = (n: number): SheetCell => ({ kind: 'number', value: n });
const EMPTY: SheetCell = { kind: 'empty' };

export interface DuesSheetLabels {
  title: (branchName: string, year: number) => string;
  period: (year: number, asOf: string) => string;
  index: string;
  name: string;
  base: string;
  standard: string;
  monthly: string;
  yearExpected: string;
  month: (m: number) => string;
  yearPaid: string;
  remarks: string;
  totals: string;
  fixed: string;
  reduced: string;
  exempt: string;
  originalUnit: string;
  arrears: (months: number) => string;
  duplicate: string;
  prepaid: (months: number) => string;
  voluntary: (yuan: string) => string;
  /** The cell of an unpaid month covered by a recorded reason (§3.9), and its remark with the months and reason. */
  excusedCell: string;
  excused: (months: string[], reason: string) => string;
  separator: string;
}

export const DUES_SHEET_LABELS_ZH: DuesSheetLabels = {
  title: (branchName, year) => `${branchName} ${year} 年度党费交纳登记表`,
  period: (year, asOf) => `${year}年1月—${year}年12月（统计至 ${asOf.replace('-', '年')}月）`,
  index: '序号',
  name: '姓名',
  base: '月基数(元)',
  standard: '执行标准',
  monthly: '月应缴(元)',
  yearExpected: '全年应缴(元)',
  month: (m) => `${m}月`,
  yearPaid: '全年实缴(元)',
  remarks: '备注',
  totals: '合计',
  fixed: '定额',
  reduced: '减交',
  exempt: '免交',
  originalUnit: '原单位交纳',
  arrears: (n) => `欠缴 ${n} 个月`,
  duplicate: '重复交纳待处理',
  prepaid: (n) => `预交 ${n} 个月`,
  voluntary: (yuan) => `自愿多交 ${yuan} 元`,
  excusedCell: '缓',
  excused: (months, reason) => `缓交 ${months.map((m) => `${Number(m.slice(5))}月`).join('、')}（${reason}）`,
  separator: '；',
};

function standardOf(m: MemberLedger, labels: DuesSheetLabels): string {
  if (m.channel === 'original_unit') return labels.originalUnit;
  switch (m.category) {
    case null:
      return '';
    case 'normal':
      return m.rateBasisPoints === null ? '' : `${m.rateBasisPoints / 100}%`;
    case 'fixed':
      return labels.fixed;
    case 'reduced':
      return labels.reduced;
    case 'exempt':
      return labels.exempt;
  }
}

function duesRemarks(m: MemberLedger, labels: DuesSheetLabels): string {
  const states = new Set(m.cells.map((c) => c.state));
  const notes: string[] = [];
  if (states.has('other_channel')) notes.push(labels.originalUnit);
  if (states.has('exempt')) notes.push(labels.exempt);
  const arrears = m.cells.filter((c) => c.state === 'arrears').length;
  if (arrears > 0) notes.push(labels.arrears(arrears));
  for (const excuse of m.excuses) notes.push(labels.excused(excuse.months, excuse.reason));
  if (m.cells.some((c) => c.duplicate)) notes.push(labels.duplicate);
  if (m.prepaidMonths > 0) notes.push(labels.prepaid(m.prepaidMonths));
  if (m.voluntaryFen > 0) notes.push(labels.voluntary(formatYuan(m.voluntaryFen)));
  return notes.join(labels.separator);
}

/** The year's dues ledger in the customary columns, one row per member and a totals row. */
export function duesLedgerSheet(
  ledger: BranchLedger,
  meta: { branchName: string; year: number },
  labels: DuesSheetLabels = DUES_SHEET_LABELS_ZH,
): LedgerSheet {
  const months = Array.from({ length: 12 }, (_, i) => `${meta.year}-${String(i + 1).padStart(2, '0')}`);
  const monthTotals = months.map(() => 0);
  let monthlyTotal = 0;
  let expectedTotal = 0;
  let paidTotal = 0;
  const rows = ledger.members.map((m, i): SheetCell[] => {
    const cellByMonth = new Map(m.cells.map((c) => [c.month, c]));
    const paid = months.map((month, k) => {
      const c = cellByMonth.get(month);
      // An excused month has nothing paid by definition: the cell says 缓 rather than look forgotten.
      if (c?.state === 'excused') return text(labels.excusedCell);
      if (c === undefined || (c.paidFen === 0 && c.entryIds.length === 0)) return EMPTY;
      monthTotals[k]! += c.paidFen;
      return fen(c.paidFen);
    });
    const yearExpected = months.reduce((sum, month) => sum + (cellByMonth.get(month)?.expectedFen ?? 0), 0);
    const yearPaid = months.reduce((sum, month) => sum + (cellByMonth.get(month)?.paidFen ?? 0), 0);
    monthlyTotal += m.monthlyFen ?? 0;
    expectedTotal += yearExpected;
    paidTotal += yearPaid;
    return [
      num(i + 1),
      text(m.name),
      fen(m.baseFen),
      text(standardOf(m, labels)),
      fen(m.monthlyFen),
      fen(yearExpected),
      ...paid,
      fen(yearPaid),
      text(duesRemarks(m, labels)),
    ];
  });
  return {
    title: labels.title(meta.branchName, meta.year),
    period: labels.period(meta.year, ledger.asOf),
    header: [
      labels.index,
      labels.name,
      labels.base,
      labels.standard,
      labels.monthly,
      labels.yearExpected,
      ...months.map((_, k) => labels.month(k + 1)),
      labels.yearPaid,
      labels.remarks,
    ],
    rows,
    totals: [EMPTY, text(labels.totals), EMPTY, EMPTY, fen(monthlyTotal), fen(expectedTotal), ...monthTotals.map(fen), fen(paidTotal), EMPTY],
  };
}

export interface AttendanceSheetLabels {
  title: (branchName: string) => string;
  period: (from: string, to: string) => string;
  index: string;
  name: string;
  meeting: (date: string, type: MeetingType) => string;
  expected: string;
  attended: string;
  rate: string;
  remarks: string;
  totals: string;
  status: Record<AttendanceStatus, string>;
  withReason: (status: string, reason: string) => string;
  monthsWithout: (months: number) => string;
  noneInWindow: string;
  /** diedOn null: recorded as 已故 without a date. */
  deceased: (diedOn: string | null) => string;
  separator: string;
}

export const MEETING_TYPE_LABELS_ZH: Record<MeetingType, string> = {
  party_congress: '党员大会',
  committee: '支委会',
  group: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
};

export const ATTENDANCE_SHEET_LABELS_ZH: AttendanceSheetLabels = {
  title: (branchName) => `${branchName} 党员参加组织生活登记表`,
  period: (from, to) => `${from.replace('-', '年')}月—${to.replace('-', '年')}月`,
  index: '序号',
  name: '姓名',
  meeting: (date, type) => `${date.slice(5).replace('-', '/')} ${MEETING_TYPE_LABELS_ZH[type]}`,
  expected: '应到',
  attended: '实到',
  rate: '出勤率',
  remarks: '备注',
  totals: '合计',
  status: { present: '出席', leave: '请假', absent: '缺席', delivered: '送学上门', excused: '免除应到' },
  withReason: (status, reason) => `${status}（${reason}）`,
  monthsWithout: (n) => `已 ${n} 个月未参加组织生活`,
  noneInWindow: '12 个月内未参加组织生活',
  deceased: (diedOn) => (diedOn === null ? '已故' : `已故（${diedOn}）`),
  separator: '；',
};

function attendanceRemarks(m: AttendanceRegister['members'][number], labels: AttendanceSheetLabels): string {
  if (m.deceased) return labels.deceased(m.diedOn);
  if (!m.flagged) return '';
  return m.monthsWithout === null ? labels.noneInWindow : labels.monthsWithout(m.monthsWithout);
}

/** The attendance register: one column per meeting, 应到 · 实到 · 出勤率, and a totals row of who came. */
export function attendanceSheet(
  register: AttendanceRegister,
  meta: { branchName: string },
  labels: AttendanceSheetLabels = ATTENDANCE_SHEET_LABELS_ZH,
): LedgerSheet {
  const meetingTotals = register.meetings.map(() => 0);
  let expectedTotal = 0;
  let attendedTotal = 0;
  const rows = register.members.map((m, i): SheetCell[] => {
    const cells = m.cells.map((c, k): SheetCell => {
      if (c.status === null) return EMPTY;
      if (c.status === 'present' || c.status === 'delivered') meetingTotals[k]! += 1;
      const label = labels.status[c.status];
      return text(c.reason.length > 0 ? labels.withReason(label, c.reason) : label);
    });
    expectedTotal += m.expected;
    attendedTotal += m.attended;
    return [
      num(i + 1),
      text(m.name),
      ...cells,
      num(m.expected),
      num(m.attended),
      m.expected === 0 ? EMPTY : { kind: 'ratio', value: m.attended / m.expected },
      text(attendanceRemarks(m, labels)),
    ];
  });
  const from = addMonths(register.asOf, -11);
  return {
    title: labels.title(meta.branchName),
    period: labels.period(from, register.asOf),
    header: [
      labels.index,
      labels.name,
      ...register.meetings.map((mt) => labels.meeting(mt.date, mt.type)),
      labels.expected,
      labels.attended,
      labels.rate,
      labels.remarks,
    ],
    rows,
    totals: [
      EMPTY,
      text(labels.totals),
      ...meetingTotals.map(num),
      num(expectedTotal),
      num(attendedTotal),
      expectedTotal === 0 ? EMPTY : { kind: 'ratio', value: attendedTotal / expectedTotal },
      EMPTY,
    ],
  };
}
