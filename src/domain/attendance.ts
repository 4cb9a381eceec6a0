import { addMonths, compareInstants, monthIndex } from './months';
import type { AttendanceCell, AttendanceInput, AttendanceRegister, EvaluationSummary, LedgerMember, MemberAttendance } from './ledger-types';
import type { Attendance, Evaluation, EvaluationGrade, Meeting } from './meeting';

/**
 * The attendance register (docs/DOMAIN.md §5) over the 12 months ending asOf, derived from append-only records like the
 * dues ledger. Per meeting and member the record in force is the latest recordedAt (then the greater id).
 * 应到 counts every meeting in the window except those the member was excused from by branch decision and those
 * after the member's death; 实到 counts present and attended-by-delivery (送学上门). A member is flagged —
 * the other 自行脱党 ground — when they were expected at one meeting or more in the last flagMonths months and
 * attended none of them, unless they died by the end of asOf (attendanceFlagApplies). flagMonths is the branch's setting (DuesPolicy.attendanceFlagMonths, default 6).
 */

const ATTENDED = new Set<Attendance['status']>(['present', 'delivered']);

/**
 * Of two records for the same thing (a member at a meeting, a member's year), whether `a` is in force over `b`:
 * the later recordedAt as an instant (ISO strings with and without milliseconds do not compare as text), then
 * the greater id — never the order they were stored or arrived in.
 */
export function isLaterRecord(a: { recordedAt: string; id: string }, b: { recordedAt: string; id: string }): boolean {
  const d = compareInstants(a.recordedAt, b.recordedAt);
  return d > 0 || (d === 0 && a.id > b.id);
}

/** The record in force per key (isLaterRecord), e.g. per member of one meeting's attendance. */
export function recordsInForce<T extends { recordedAt: string; id: string }>(rows: readonly T[], key: (row: T) => string): Map<string, T> {
  const inForce = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    const current = inForce.get(k);
    if (current === undefined || isLaterRecord(row, current)) inForce.set(k, row);
  }
  return inForce;
}

/** The attendance in force per meeting and member (recordsInForce), keyed `${meetingId}|${memberId}`. */
export function attendanceInForce(records: readonly Attendance[]): Map<string, Attendance> {
  return recordsInForce(records, (r) => `${r.meetingId}|${r.memberId}`);
}

/** Each member's attendance in force at one meeting, by member id. */
export function attendanceAt(records: readonly Attendance[], meetingId: string): Map<string, Attendance> {
  return recordsInForce(
    records.filter((r) => r.meetingId === meetingId),
    (r) => r.memberId,
  );
}

/**
 * The member was alive on the date (YYYY-MM-DD): no death recorded, or died that day or later. A member recorded
 * as 已故 without a date is alive on no date the registers ask about: better no 应到 than a dead member's absences.
 */
export function isAliveOn(member: Pick<LedgerMember, 'diedOn' | 'deceased'>, date: string): boolean {
  return member.diedOn === null ? member.deceased !== true : member.diedOn >= date;
}

/**
 * Whether the 自行脱党 ground of missed organisational life can apply to the member as of a month: only to one
 * alive through its end (docs/DOMAIN.md §5). A member who died is missed at no meeting after the death and is
 * removed from nothing: flagging them only makes the secretary look past a row that needs no action.
 */
export function attendanceFlagApplies(member: Pick<LedgerMember, 'diedOn' | 'deceased'>, asOf: string): boolean {
  return member.diedOn === null ? member.deceased !== true : member.diedOn.slice(0, 7) > asOf;
}

/**
 * Who is listed for a year's 民主评议 (docs/DOMAIN.md §5): the members alive at the end of the year evaluated — a
 * member who died during it or before is not evaluated for it — and anyone already graded for it, whose grade
 * stays in view rather than vanish from the year.
 */
export function evaluationRoll<T extends Pick<LedgerMember, 'id' | 'diedOn' | 'deceased'>>(members: readonly T[], year: number, gradedIds: ReadonlySet<string>): T[] {
  return members.filter((m) => isAliveOn(m, `${year + 1}-01-01`) || gradedIds.has(m.id));
}

/**
 * How a member stands at a meeting (docs/DOMAIN.md §5): not counted in 应到 after their death or when excused
 * by branch decision; attended when present or attended by delivery (送学上门); missed otherwise (no record
 * counts as missed).
 */
export function attendanceOutcome(member: Pick<LedgerMember, 'diedOn' | 'deceased'>, meeting: Pick<Meeting, 'date'>, record: Pick<Attendance, 'status'> | undefined): 'not_expected' | 'attended' | 'missed' {
  if (!isAliveOn(member, meeting.date) || record?.status === 'excused') return 'not_expected';
  return record !== undefined && ATTENDED.has(record.status) ? 'attended' : 'missed';
}

/** 应到 / 实到 of one meeting over the branch's members, with the records in force (attendanceOutcome). */
export function meetingCounts(meeting: Meeting, members: readonly LedgerMember[], records: readonly Attendance[]): { expected: number; attended: number } {
  const marks = attendanceAt(records, meeting.id);
  let expected = 0;
  let attended = 0;
  for (const member of members) {
    const outcome = attendanceOutcome(member, meeting, marks.get(member.id));
    if (outcome === 'not_expected') continue;
    expected++;
    if (outcome === 'attended') attended++;
  }
  return { expected, attended };
}

export function attendanceRegister(input: AttendanceInput): AttendanceRegister {
  const first = addMonths(input.asOf, -11);
  const meetings: Meeting[] = input.meetings
    .filter((m) => m.branchId === input.branchId && m.date.slice(0, 7) >= first && m.date.slice(0, 7) <= input.asOf)
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const meetingIds = new Set(meetings.map((m) => m.id));

  const inForce = attendanceInForce(input.records.filter((r) => r.branchId === input.branchId && meetingIds.has(r.meetingId)));

  const asOfIndex = monthIndex(input.asOf);
  const flagFrom = addMonths(input.asOf, -(input.flagMonths - 1));
  let totalExpected = 0;
  let totalAttended = 0;
  const members: MemberAttendance[] = input.members.map((member) => {
    const cells: AttendanceCell[] = [];
    let expected = 0;
    let attended = 0;
    let lastAttendedMonth: string | null = null;
    let expectedRecently = 0;
    let attendedRecently = 0;
    for (const meeting of meetings) {
      const record = inForce.get(`${meeting.id}|${member.id}`);
      cells.push({ meetingId: meeting.id, status: record?.status ?? null, reason: record?.reason ?? '' });
      const outcome = attendanceOutcome(member, meeting, record);
      if (outcome === 'not_expected') continue;
      const month = meeting.date.slice(0, 7);
      const came = outcome === 'attended';
      expected++;
      if (came) {
        attended++;
        lastAttendedMonth = month;
      }
      if (month >= flagFrom) {
        expectedRecently++;
        if (came) attendedRecently++;
      }
    }
    totalExpected += expected;
    totalAttended += attended;
    return {
      memberId: member.id,
      name: member.name,
      cells,
      expected,
      attended,
      monthsWithout: lastAttendedMonth === null ? null : asOfIndex - monthIndex(lastAttendedMonth),
      flagged: expectedRecently > 0 && attendedRecently === 0 && attendanceFlagApplies(member, input.asOf),
      diedOn: member.diedOn,
      deceased: member.deceased === true || member.diedOn !== null,
    };
  });

  return {
    asOf: input.asOf,
    meetings,
    members,
    attendanceRate: totalExpected === 0 ? null : totalAttended / totalExpected,
  };
}

const GRADES: readonly EvaluationGrade[] = ['excellent', 'qualified', 'basically_qualified', 'unqualified'];

/** The year's 民主评议: the grade in force per member (latest record) and the 优秀 ≤ 1/3 check. */
export function evaluationSummary(evaluations: readonly Evaluation[], year: number): EvaluationSummary {
  const byMember = recordsInForce(
    evaluations.filter((e) => e.year === year),
    (e) => e.memberId,
  );
  const counts = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<EvaluationGrade, number>;
  for (const e of byMember.values()) counts[e.grade]++;
  const graded = byMember.size;
  const maxExcellent = Math.floor(graded / 3);
  return { year, graded, counts, maxExcellent, excellentWithinLimit: counts.excellent <= maxExcellent, byMember };
}
