import { addMonths, compareInstants, monthIndex } from './dues-terms';
import type { AttendanceCell, AttendanceInput, AttendanceRegister, EvaluationSummary, MemberAttendance } from './ledger-types';
import type { Attendance, Evaluation, EvaluationGrade, Meeting } from './meeting';

/**
 * The attendance register (DOMAIN §5) over the 12 months ending asOf, derived from append-only records like the
 * dues ledger. Per meeting and member the record in force is the latest recordedAt (then the greater id).
 * 应到 counts every meeting in the window except those the member was excused from by branch decision and those
 * after the member's death; 实到 counts present and attended-by-delivery (送学上门). A member is flagged —
 * the other 自行脱党 ground — when they were expected at one meeting or more in the last flagMonths months and
 * attended none of them.
 */

const ATTENDED = new Set<Attendance['status']>(['present', 'delivered']);

/** Later by time (ISO strings with and without milliseconds do not compare as text), then by id. */
function later<T extends { recordedAt: string; id: string }>(a: T, b: T): boolean {
  const d = compareInstants(a.recordedAt, b.recordedAt);
  return d > 0 || (d === 0 && a.id > b.id);
}

export function attendanceRegister(input: AttendanceInput): AttendanceRegister {
  const first = addMonths(input.asOf, -11);
  const meetings: Meeting[] = input.meetings
    .filter((m) => m.branchId === input.branchId && m.date.slice(0, 7) >= first && m.date.slice(0, 7) <= input.asOf)
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const meetingIds = new Set(meetings.map((m) => m.id));

  const inForce = new Map<string, Attendance>();
  for (const r of input.records) {
    if (r.branchId !== input.branchId || !meetingIds.has(r.meetingId)) continue;
    const key = `${r.meetingId}|${r.memberId}`;
    const current = inForce.get(key);
    if (current === undefined || later(r, current)) inForce.set(key, r);
  }

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
      const afterDeath = member.diedOn !== null && meeting.date > member.diedOn;
      if (afterDeath || record?.status === 'excused') continue;
      const month = meeting.date.slice(0, 7);
      const came = record !== undefined && ATTENDED.has(record.status);
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
      flagged: expectedRecently > 0 && attendedRecently === 0,
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
  const byMember = new Map<string, Evaluation>();
  for (const e of evaluations) {
    if (e.year !== year) continue;
    const current = byMember.get(e.memberId);
    if (current === undefined || later(e, current)) byMember.set(e.memberId, e);
  }
  const counts = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<EvaluationGrade, number>;
  for (const e of byMember.values()) counts[e.grade]++;
  const graded = byMember.size;
  const maxExcellent = Math.floor(graded / 3);
  return { year, graded, counts, maxExcellent, excellentWithinLimit: counts.excellent <= maxExcellent, byMember };
}
