import { describe, expect, it } from 'vitest';
import {
  attendanceRegister,
  attendanceSheet,
  computeBranchLedger,
  duesLedgerSheet,
  evaluationRoll,
  membersOwing,
  reconcileMonth,
  type Meeting,
} from '../../src/domain';
import {
  BRANCH,
  MEMBER,
  SECRETARY,
  WORKER,
  assessment,
  confirmation,
  excuse,
  handover,
  meeting,
  member,
  payment,
  policy,
} from './ledger-fixtures';

/**
 * The rules behind the secretary's lists (issue 13, wrong screens 5, 6, 9 and 10): who is expected at
 * organisational life and evaluated once they have died, the one list of members who owe dues, excused months
 * on the exported sheet, and one month's figures on a collector's line.
 */

const LI = '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1';
const ZHAO = '708192a3-b4c5-4de0-8152-6d7e8f90a1b2';
const at = (day: string) => `${day}T02:00:00.000Z`;

describe('a member who died, in the attendance register (docs/DOMAIN.md §5)', () => {
  // A theme day on the 10th of every month of 2026; the member died on 20 May and had no records at all.
  const meetings: Meeting[] = Array.from({ length: 12 }, (_, i) => meeting(`2026-${String(i + 1).padStart(2, '0')}-10`));
  const register = attendanceRegister({
    branchId: BRANCH,
    asOf: '2026-12',
    flagMonths: 6,
    members: [member({ diedOn: '2026-05-20', deceased: true }), member({ id: LI, name: '李秀英' })],
    meetings,
    records: [],
  });
  const [dead, alive] = register.members;

  it('is expected only at the meetings held while alive, and is not flagged', () => {
    expect(dead).toMatchObject({ expected: 5, attended: 0, flagged: false, diedOn: '2026-05-20', deceased: true });
    // A living member who missed everything is flagged as before.
    expect(alive).toMatchObject({ expected: 12, flagged: true, diedOn: null });
  });

  it('is remarked 已故 on the sheet, not as missing organisational life', () => {
    const sheet = attendanceSheet(register, { branchName: '光明社区离退休党支部' });
    expect(sheet.rows[0]!.at(-1)).toEqual({ kind: 'text', text: '已故（2026-05-20）' });
    expect(sheet.rows[1]!.at(-1)).toEqual({ kind: 'text', text: '12 个月内未参加组织生活' });
  });

  it('recorded as 已故 without a date, is expected at nothing, flagged for nothing, and remarked 已故', () => {
    const undated = attendanceRegister({ branchId: BRANCH, asOf: '2026-12', flagMonths: 6, members: [member({ deceased: true })], meetings, records: [] });
    expect(undated.members[0]).toMatchObject({ expected: 0, flagged: false, deceased: true, diedOn: null });
    expect(attendanceSheet(undated, { branchName: '光明社区离退休党支部' }).rows[0]!.at(-1)).toEqual({ kind: 'text', text: '已故' });
    expect(evaluationRoll([member({ deceased: true })], 2026, new Set())).toEqual([]);
  });

  it('is still flagged for a register read before the death, when they were missing meetings', () => {
    const before = attendanceRegister({ branchId: BRANCH, asOf: '2026-04', flagMonths: 6, members: [member({ diedOn: '2026-05-20' })], meetings, records: [] });
    expect(before.members[0]!.flagged).toBe(true);
  });
});

describe('who is listed for a year’s 民主评议', () => {
  const members = [member({ id: MEMBER }), member({ id: LI, diedOn: '2026-05-20' }), member({ id: ZHAO, diedOn: '2027-01-15' })];

  it('leaves out a member who died during the year or before it, unless already graded', () => {
    expect(evaluationRoll(members, 2026, new Set()).map((m) => m.id)).toEqual([MEMBER, ZHAO]);
    expect(evaluationRoll(members, 2025, new Set()).map((m) => m.id)).toEqual([MEMBER, LI, ZHAO]);
    expect(evaluationRoll(members, 2026, new Set([LI])).map((m) => m.id)).toEqual([MEMBER, LI, ZHAO]);
    expect(evaluationRoll(members, 2027, new Set()).map((m) => m.id)).toEqual([MEMBER]);
  });
});

describe('members who owe dues', () => {
  // June 2026, 15.00 元 a month each. 王 owes April and May (a streak of 2, below the warning), 李 owes
  // January to May (5, warning), 赵 paid everything.
  const ledger = computeBranchLedger({
    branchId: BRANCH,
    policy: policy(),
    from: '2026-01',
    to: '2026-12',
    asOf: '2026-06',
    members: [member(), member({ id: LI, name: '李秀英' }), member({ id: ZHAO, name: '赵德明' })],
    assessments: [MEMBER, LI, ZHAO].map((memberId) => assessment({ effectiveFrom: '2026-01', baseFen: 300_000, memberId })),
    entries: [
      payment(at('2026-01-05'), { '2026-01': 1_500, '2026-02': 1_500, '2026-03': 1_500 }),
      payment(at('2026-01-05'), Object.fromEntries(['01', '02', '03', '04', '05', '06'].map((m) => [`2026-${m}`, 1_500])), { memberId: ZHAO }),
    ],
    excuses: [],
  });

  it('are one list, and the count is its length', () => {
    const owing = membersOwing(ledger);
    expect(owing.map((m) => [m.name, m.arrearsMonths, m.arrearsLevel])).toEqual([
      ['李秀英', 5, 'warning'],
      ['王建国', 2, 'none'],
    ]);
    expect(ledger.membersInArrears).toBe(owing.length);
  });
});

describe('excused months on the exported dues sheet (docs/DOMAIN.md §3.9)', () => {
  it('say 缓 in the cell and give the months and the reason in the remarks', () => {
    const ledger = computeBranchLedger({
      branchId: BRANCH,
      policy: policy(),
      from: '2026-01',
      to: '2026-12',
      asOf: '2026-06',
      members: [member()],
      assessments: [assessment({ effectiveFrom: '2026-01', baseFen: 300_000 })],
      entries: [payment(at('2026-01-05'), { '2026-01': 1_500, '2026-02': 1_500 })],
      excuses: [excuse('2026-03', '2026-04')],
    });
    const row = duesLedgerSheet(ledger, { branchName: '光明社区离退休党支部', year: 2026 }).rows[0]!;
    // Columns 7–18 are January to December.
    expect(row.slice(6, 11)).toEqual([
      { kind: 'fen', fen: 1_500 },
      { kind: 'fen', fen: 1_500 },
      { kind: 'text', text: '缓' },
      { kind: 'text', text: '缓' },
      { kind: 'empty' },
    ]);
    expect(row.at(-1)).toEqual({ kind: 'text', text: '欠缴 1 个月；缓交 3月、4月（住院治疗）' });
  });
});

describe('a collector’s line in 对账', () => {
  it('gives this month’s handovers beside this month’s cash, and the position through the month apart', () => {
    const feb = payment(at('2026-02-03'), { '2026-02': 2_000 }, { collectedBy: WORKER });
    const mar = payment(at('2026-03-03'), { '2026-03': 3_000 }, { collectedBy: WORKER });
    const febHandover = handover(WORKER, '2026-02', [feb.id], 2_000);
    const marHandover = handover(WORKER, '2026-03', [mar.id], 3_000);
    const rec = reconcileMonth({
      branchId: BRANCH,
      month: '2026-03',
      policy: policy(),
      members: [member()],
      assessments: [],
      entries: [feb, mar],
      handovers: [febHandover, marHandover],
      confirmations: [confirmation(febHandover, SECRETARY)],
      remittances: [],
      closes: [],
      secretaryIds: [SECRETARY],
    });
    expect(rec.byCollector[0]).toMatchObject({
      cashFen: 3_000,
      monthHandedOverFen: 0,
      monthPendingHandoverFen: 3_000,
      handedOverFen: 2_000,
      withCollectorFen: 3_000,
    });
  });
});
