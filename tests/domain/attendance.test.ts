import { describe, expect, it } from 'vitest';
import { attendanceAt, attendanceRegister, evaluationSummary, isAliveOn, meetingCounts, recordsInForce, type AttendanceInput } from '../../src/domain';
import { BRANCH, MEMBER, attendance, evaluation, meeting, member } from './ledger-fixtures';

const LI = '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1';
const ZHAO = '708192a3-b4c5-4de0-8152-6d7e8f90a1b2';

function register(overrides: Partial<AttendanceInput>) {
  return attendanceRegister({
    branchId: BRANCH,
    asOf: '2026-12',
    members: [member(), member({ id: LI, name: '李秀英' }), member({ id: ZHAO, name: '赵德明' })],
    meetings: [],
    records: [],
    flagMonths: 6,
    ...overrides,
  });
}

describe('attendance register', () => {
  // The window for asOf 2026-12 is 2026-01 … 2026-12.
  const old = meeting('2025-12-20');
  const feb = meeting('2026-02-15', 'party_congress');
  const may = meeting('2026-05-10', 'theme_day');
  const jul = meeting('2026-07-01', 'life_meeting');
  const nov = meeting('2026-11-12', 'lecture');
  const meetings = [nov, old, jul, feb, may];

  it('keeps the 12 months ending asOf, by date, and the latest record per meeting and member', () => {
    const r = register({
      meetings,
      records: [
        attendance(feb, MEMBER, 'absent', '2026-02-15T08:00:00.000Z'),
        // corrected the next day: 王 was there after all
        attendance(feb, MEMBER, 'present', '2026-02-16T08:00:00.000Z'),
        attendance(may, MEMBER, 'delivered'),
        attendance(jul, MEMBER, 'leave'),
        attendance(nov, MEMBER, 'excused'),
      ],
    });
    expect(r.meetings.map((m) => m.id)).toEqual([feb.id, may.id, jul.id, nov.id]);
    const wang = r.members[0]!;
    expect(wang.cells.map((c) => c.status)).toEqual(['present', 'delivered', 'leave', 'excused']);
    expect(wang.cells[2]!.reason).toBe('卧床');
    // 应到 4 − 1 excused = 3; 实到: present + delivered = 2
    expect(wang.expected).toBe(3);
    expect(wang.attended).toBe(2);
    // last attended in May: 2026-12 − 2026-05 = 7 months
    expect(wang.monthsWithout).toBe(7);
    // expected at July (leave) in the last 6 months (07…12) and attended nothing there
    expect(wang.flagged).toBe(true);
  });

  it('does not flag a member who attended in the last six months, or one expected at nothing there', () => {
    const r = register({
      meetings,
      records: [
        attendance(jul, LI, 'present'),
        attendance(jul, ZHAO, 'excused'),
        attendance(nov, ZHAO, 'excused'),
        attendance(feb, ZHAO, 'present'),
      ],
    });
    const li = r.members[1]!;
    expect(li).toMatchObject({ expected: 4, attended: 1, monthsWithout: 5, flagged: false });
    const zhao = r.members[2]!;
    expect(zhao).toMatchObject({ expected: 2, attended: 1, monthsWithout: 10, flagged: false });
    // 王 has no records: expected at all 4, attended none, never in the window
    expect(r.members[0]).toMatchObject({ expected: 4, attended: 0, monthsWithout: null, flagged: true });
    // (0 + 1 + 1) / (4 + 4 + 2)
    expect(r.attendanceRate).toBeCloseTo(2 / 10, 10);
  });

  it('breaks a tie of the same instant by the greater id, whatever the order', () => {
    const same = '2026-02-15T08:00:00.000Z';
    const a = attendance(feb, MEMBER, 'absent', same, '00000000-0000-4000-8000-0000000000aa');
    const b = attendance(feb, MEMBER, 'present', same, '00000000-0000-4000-8000-0000000000bb');
    expect(register({ meetings: [feb], records: [a, b] }).members[0]!.cells[0]!.status).toBe('present');
    expect(register({ meetings: [feb], records: [b, a] }).members[0]!.cells[0]!.status).toBe('present');
  });

  it('compares record times as instants, with or without milliseconds', () => {
    // As text '…00Z' sorts after '…00.500Z', though it is half a second earlier.
    const first = attendance(feb, MEMBER, 'absent', '2026-02-15T08:00:00Z');
    const second = attendance(feb, MEMBER, 'present', '2026-02-15T08:00:00.500Z');
    expect(register({ meetings: [feb], records: [first, second] }).members[0]!.cells[0]!.status).toBe('present');
  });

  it('expects nothing of a member after their death', () => {
    const r = register({ members: [member({ diedOn: '2026-06-01' })], meetings, records: [attendance(may, MEMBER, 'present')] });
    expect(r.members[0]).toMatchObject({ expected: 2, attended: 1, flagged: false });
  });

  it('has no rate when nothing is expected', () => {
    expect(register({ meetings: [old] }).attendanceRate).toBeNull();
  });
});

describe('民主评议 summary', () => {
  const ids = Array.from({ length: 7 }, (_, i) => `00000000-0000-4000-9000-00000000000${i}`);

  it('allows 优秀 for at most a third of those graded (7 graded → 2)', () => {
    const evaluations = [
      evaluation(ids[0]!, 'excellent'),
      evaluation(ids[1]!, 'excellent'),
      evaluation(ids[2]!, 'qualified'),
      evaluation(ids[3]!, 'qualified'),
      evaluation(ids[4]!, 'basically_qualified'),
      evaluation(ids[5]!, 'qualified'),
      evaluation(ids[6]!, 'unqualified'),
      evaluation(ids[0]!, 'qualified', '2025-12-20T02:00:00.000Z', 2025),
    ];
    const s = evaluationSummary(evaluations, 2026);
    expect(s).toMatchObject({ year: 2026, graded: 7, maxExcellent: 2, excellentWithinLimit: true });
    expect(s.counts).toEqual({ excellent: 2, qualified: 3, basically_qualified: 1, unqualified: 1 });
  });

  it('counts the latest record per member, so a regrade can break or restore the limit', () => {
    const base = [evaluation(ids[0]!, 'excellent'), evaluation(ids[1]!, 'qualified'), evaluation(ids[2]!, 'qualified'), evaluation(ids[3]!, 'qualified')];
    // 4 graded → at most 1 优秀
    expect(evaluationSummary(base, 2026).excellentWithinLimit).toBe(true);
    const regraded = [...base, evaluation(ids[1]!, 'excellent', '2026-12-21T02:00:00.000Z')];
    const s = evaluationSummary(regraded, 2026);
    expect(s).toMatchObject({ graded: 4, maxExcellent: 1, excellentWithinLimit: false });
    expect(s.byMember.get(ids[1]!)!.grade).toBe('excellent');
    const restored = [...regraded, evaluation(ids[1]!, 'qualified', '2026-12-22T02:00:00.000Z')];
    expect(evaluationSummary([...restored].reverse(), 2026).excellentWithinLimit).toBe(true);
  });

  it('allows no 优秀 with fewer than three graded', () => {
    expect(evaluationSummary([evaluation(ids[0]!, 'excellent'), evaluation(ids[1]!, 'qualified')], 2026)).toMatchObject({
      graded: 2,
      maxExcellent: 0,
      excellentWithinLimit: false,
    });
  });
});

describe('the record in force and a meeting’s counts (the register’s rule, also the meeting screens’)', () => {
  const feb = meeting('2026-02-15', 'party_congress');

  it('takes the later recordedAt as an instant, not as text, whatever order the records come in', () => {
    // As text '…:00Z' sorts after '…:00.500Z'; as times it is earlier.
    const whole = attendance(feb, MEMBER, 'absent', '2026-02-15T08:00:00Z');
    const fraction = attendance(feb, MEMBER, 'present', '2026-02-15T08:00:00.500Z');
    expect(attendanceAt([whole, fraction], feb.id).get(MEMBER)).toBe(fraction);
    expect(attendanceAt([fraction, whole], feb.id).get(MEMBER)).toBe(fraction);
    expect(register({ meetings: [feb], records: [fraction, whole] }).members[0]!.cells[0]!.status).toBe('present');
    const a = attendance(feb, LI, 'absent', '2026-02-16T08:00:00.000Z');
    const b = attendance(feb, LI, 'present', '2026-02-16T08:00:00.000Z');
    const byId = a.id > b.id ? a : b;
    expect(recordsInForce([a, b], (r) => r.memberId).get(LI)).toBe(byId);
    expect(recordsInForce([b, a], (r) => r.memberId).get(LI)).toBe(byId);
  });

  it('counts 应到 / 实到 of one meeting as the register does: the dead and the excused are not expected', () => {
    const members = [member(), member({ id: LI, name: '李秀英', diedOn: '2026-02-14' }), member({ id: ZHAO, name: '赵德明' })];
    const records = [attendance(feb, MEMBER, 'delivered'), attendance(feb, ZHAO, 'excused')];
    expect(meetingCounts(feb, members, records)).toEqual({ expected: 1, attended: 1 });
    expect(meetingCounts(feb, [member({ diedOn: '2026-02-15' })], [])).toEqual({ expected: 1, attended: 0 });
    expect(isAliveOn({ diedOn: '2026-02-15' }, '2026-02-15')).toBe(true);
    expect(isAliveOn({ diedOn: '2026-02-14' }, '2026-02-15')).toBe(false);
    const r = register({ members, meetings: [feb], records });
    expect(r.members.map((m) => [m.expected, m.attended])).toEqual([[1, 1], [0, 0], [0, 0]]);
  });
});
