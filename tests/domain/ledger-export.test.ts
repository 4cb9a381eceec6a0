import { describe, expect, it } from 'vitest';
import {
  attendanceRegister,
  attendanceSheet,
  computeBranchLedger,
  duesLedgerSheet,
  DUES_SHEET_LABELS_ZH,
  type SheetCell,
} from '../../src/domain';
import { BRANCH, MEMBER, assessment, attendance, meeting, member, payment, policy } from './ledger-fixtures';

const LI = '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1';
const ZHAO = '708192a3-b4c5-4de0-8152-6d7e8f90a1b2';
const at = (day: string) => `${day}T02:00:00.000Z`;

const fen = (f: number): SheetCell => ({ kind: 'fen', fen: f });
const text = (t: string): SheetCell => ({ kind: 'text', text: t });
const EMPTY: SheetCell = { kind: 'empty' };

describe('dues ledger sheet', () => {
  const ledger = computeBranchLedger({
    branchId: BRANCH,
    policy: policy(),
    from: '2026-01',
    to: '2026-12',
    asOf: '2026-06',
    members: [member(), member({ id: LI, name: '李秀英' }), member({ id: ZHAO, name: '赵德明' })],
    assessments: [
      // 王: 3,000 元 → 15.00 元; 李: 6,200 元 → 62.00 元; 赵 pays at the 原单位
      assessment({ effectiveFrom: '2026-01', baseFen: 300_000 }),
      assessment({ effectiveFrom: '2026-01', baseFen: 620_000, memberId: LI }),
      assessment({ effectiveFrom: '2026-01', baseFen: 450_000, memberId: ZHAO, channel: 'original_unit' }),
    ],
    entries: [
      payment(at('2026-01-05'), { '2026-01': 1_500, '2026-02': 1_500, '2026-03': 1_500 }, { voluntaryFen: 5_000 }),
      payment(at('2026-06-02'), { '2026-06': 6_200, '2026-07': 6_200, '2026-08': 6_200 }, { memberId: LI }),
      payment(at('2026-06-03'), { '2026-06': 6_200 }, { memberId: LI }),
    ],
    excuses: [],
  });
  const sheet = duesLedgerSheet(ledger, { branchName: '光明社区离退休党支部', year: 2026 });

  it('has the title, the period and the customary columns', () => {
    expect(sheet.title).toBe('光明社区离退休党支部 2026 年度党费交纳登记表');
    expect(sheet.period).toBe('2026年1月—2026年12月（统计至 2026年06月）');
    expect(sheet.header).toEqual([
      '序号', '姓名', '月基数(元)', '执行标准', '月应缴(元)', '全年应缴(元)',
      '1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月',
      '全年实缴(元)', '备注',
    ]);
    for (const row of [...sheet.rows, sheet.totals]) expect(row).toHaveLength(sheet.header.length);
  });

  it('writes one row per member with money in fen and the remarks from the ledger states', () => {
    expect(sheet.rows[0]).toEqual([
      { kind: 'number', value: 1 }, text('王建国'), fen(300_000), text('0.5%'), fen(1_500), fen(18_000),
      fen(1_500), fen(1_500), fen(1_500), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
      fen(4_500), text('欠缴 2 个月；自愿多交 50.00 元'),
    ]);
    expect(sheet.rows[1]).toEqual([
      { kind: 'number', value: 2 }, text('李秀英'), fen(620_000), text('1%'), fen(6_200), fen(74_400),
      EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, fen(12_400), fen(6_200), fen(6_200), EMPTY, EMPTY, EMPTY, EMPTY,
      // 124.00 + 62.00 + 62.00
      fen(24_800), text('欠缴 5 个月；重复交纳待处理；预交 2 个月'),
    ]);
    expect(sheet.rows[2]!.slice(3, 6)).toEqual([text('原单位交纳'), EMPTY, fen(0)]);
    expect(sheet.rows[2]![19]).toEqual(text('原单位交纳'));
  });

  it('totals the money columns', () => {
    expect(sheet.totals).toEqual([
      EMPTY, text('合计'), EMPTY, EMPTY, fen(7_700), fen(92_400),
      fen(1_500), fen(1_500), fen(1_500), fen(0), fen(0), fen(12_400), fen(6_200), fen(6_200), fen(0), fen(0), fen(0), fen(0),
      fen(29_300), EMPTY,
    ]);
  });

  it('takes other labels for the second locale', () => {
    const en = duesLedgerSheet(ledger, { branchName: 'Guangming', year: 2026 }, { ...DUES_SHEET_LABELS_ZH, title: (b, y) => `${b} dues ${y}`, arrears: (n) => `${n} months owed` });
    expect(en.title).toBe('Guangming dues 2026');
    expect(en.rows[0]![19]).toEqual(text('2 months owed；自愿多交 50.00 元'));
  });
});

describe('attendance sheet', () => {
  const feb = meeting('2026-02-15', 'party_congress');
  const may = meeting('2026-05-10', 'theme_day');
  const register = attendanceRegister({
    branchId: BRANCH,
    asOf: '2026-12',
    members: [member(), member({ id: LI, name: '李秀英' })],
    meetings: [may, feb],
    records: [attendance(feb, MEMBER, 'present'), attendance(may, MEMBER, 'leave'), attendance(feb, LI, 'delivered'), attendance(may, LI, 'present')],
    flagMonths: 6,
  });
  const sheet = attendanceSheet(register, { branchName: '光明社区离退休党支部' });

  it('has one column per meeting and 应到 · 实到 · 出勤率 · 备注', () => {
    expect(sheet.title).toBe('光明社区离退休党支部 党员参加组织生活登记表');
    expect(sheet.period).toBe('2026年01月—2026年12月');
    expect(sheet.header).toEqual(['序号', '姓名', '02/15 党员大会', '05/10 主题党日', '应到', '实到', '出勤率', '备注']);
  });

  it('writes each member’s status, counts and rate, and a totals row of who came', () => {
    expect(sheet.rows[0]).toEqual([
      { kind: 'number', value: 1 }, text('王建国'), text('出席'), text('请假（卧床）'),
      { kind: 'number', value: 2 }, { kind: 'number', value: 1 }, { kind: 'ratio', value: 0.5 }, text(''),
    ]);
    expect(sheet.rows[1]!.slice(2, 7)).toEqual([
      text('送学上门'), text('出席'), { kind: 'number', value: 2 }, { kind: 'number', value: 2 }, { kind: 'ratio', value: 1 },
    ]);
    expect(sheet.totals).toEqual([
      EMPTY, text('合计'), { kind: 'number', value: 2 }, { kind: 'number', value: 1 },
      { kind: 'number', value: 4 }, { kind: 'number', value: 3 }, { kind: 'ratio', value: 0.75 }, EMPTY,
    ]);
  });

  it('notes members without organisational life for the flag period', () => {
    const flagged = attendanceSheet(
      attendanceRegister({
        branchId: BRANCH,
        asOf: '2026-12',
        members: [member()],
        meetings: [feb, may, meeting('2026-08-01')],
        records: [attendance(feb, MEMBER, 'present')],
        flagMonths: 6,
      }),
      { branchName: '光明社区离退休党支部' },
    );
    // Expected in August (no record), last attended in February: 10 months
    expect(flagged.rows[0]!.at(-1)).toEqual(text('已 10 个月未参加组织生活'));
  });
});
