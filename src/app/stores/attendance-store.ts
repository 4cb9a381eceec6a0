import { until } from '@vueuse/core';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  Attendance,
  DEFAULT_ATTENDANCE_FLAG_MONTHS,
  Evaluation,
  Meeting,
  attendanceAt as attendanceInForceAt,
  attendanceRegister,
  branchPolicy,
  compareEntries,
  evaluationRoll,
  evaluationSummary,
  isAliveOn,
  meetingCounts,
  type AttendanceRegister,
  type AttendanceStatus,
  type EvaluationGrade,
  type EvaluationSummary,
  type LedgerMember,
  type MeetingType,
} from '../../domain';
import { useLiveQuery } from '../composables/useLiveQuery';
import { currentMonthInShanghai } from '../format/dates';
import { counted } from '../repositories/counted';
import { loadBranchRegisters, recordAttendance, recordEvaluations, recordMeeting } from '../repositories/attendance-repository';
import { policyOf } from '../repositories/dues-repository';
import { useSessionStore } from './session-store';
import { useSyncStore } from './sync-store';

export interface MeetingInput {
  type: MeetingType;
  date: string;
  place: string;
  host: string;
  topic: string;
}

export interface AttendanceMark {
  memberId: string;
  status: AttendanceStatus;
  reason?: string;
  decisionRef?: string;
}

/** The last month of a year's register: the current month for the running year, December for a past one. */
export function registerMonthOf(year: number, now: Date = new Date()): string {
  const current = currentMonthInShanghai(now);
  return Number(current.slice(0, 4)) > year ? `${year}-12` : current;
}

/**
 * The secretary's attendance and evaluation registers, over the device's copy of the branch, read live from
 * IndexedDB: a write here or in another tab, a pull (meetings recorded on another device) or a push settling
 * shows at once. Everything here works offline, and every write goes through the outbox like the worker's
 * records do. A record the server refused counts in no register (it waits in the sync bar's rejected sheet).
 */
export const useAttendanceStore = defineStore('attendance', () => {
  const session = useSessionStore();
  const branchId = computed(() => session.user?.branchId ?? null);
  const branchName = computed(() => session.organisations.find((org) => org.id === branchId.value)?.name ?? '');

  const live = useLiveQuery(async () => {
    const branch = branchId.value;
    if (branch === null) return { branch, data: null, flagMonths: DEFAULT_ATTENDANCE_FLAG_MONTHS };
    const [data, policy] = await Promise.all([loadBranchRegisters(branch), policyOf(branch)]);
    return { branch, data, flagMonths: (policy ?? branchPolicy(branch, null)).attendanceFlagMonths };
  }, branchId);
  // Only the answer for the branch of the user now on the device: not (or no longer) a secretary, nothing of a
  // previous user's branch shows, not even while the new answer is on its way.
  const current = computed(() => (live.value?.branch === branchId.value ? live.value : undefined));

  const loaded = computed(() => current.value !== undefined);
  /**
   * Months without organisational life that flag a member (docs/DOMAIN.md §5): the branch's setting
   * (DuesPolicy.attendanceFlagMonths, 6 unless the branch set otherwise).
   */
  const flagMonths = computed(() => current.value?.flagMonths ?? DEFAULT_ATTENDANCE_FLAG_MONTHS);
  const members = computed<LedgerMember[]>(() => current.value?.data?.members ?? []);
  const meetingRows = computed(() => current.value?.data?.meetings ?? []);
  const attendanceRows = computed(() => current.value?.data?.attendance ?? []);
  const evaluationRows = computed(() => current.value?.data?.evaluations ?? []);

  /** Newest first: by date, then as recorded (the domain's order of records: recordedAt as an instant, then id). */
  const meetings = computed(() =>
    counted(meetingRows.value).sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : compareEntries(b, a))),
  );
  const records = computed(() => counted(attendanceRows.value));
  const evaluations = computed(() => counted(evaluationRows.value));
  /** Rows not yet accepted by the server, so a list can say "saved on this device". */
  const pendingIds = computed(
    () =>
      new Set(
        [...meetingRows.value, ...attendanceRows.value, ...evaluationRows.value].filter((row) => row.syncState !== 'confirmed').map((row) => row.id),
      ),
  );

  function meeting(id: string): Meeting | null {
    return meetings.value.find((m) => m.id === id) ?? null;
  }

  /** Each member's attendance in force at one meeting (the domain's rule: corrections are later records). */
  function attendanceAt(meetingId: string): Map<string, Attendance> {
    return attendanceInForceAt(records.value, meetingId);
  }

  function register(asOf: string = currentMonthInShanghai()): AttendanceRegister {
    return attendanceRegister({
      branchId: branchId.value ?? '',
      asOf,
      members: members.value,
      meetings: meetings.value,
      records: records.value,
      flagMonths: flagMonths.value,
    });
  }

  /**
   * One calendar year's register, for the export and the printed copy: only that year's meetings, counted up to
   * December for a past year and up to the current month for the running one.
   */
  function yearRegister(year: number): { register: AttendanceRegister; from: string; to: string } {
    const asOf = registerMonthOf(year);
    const ofYear = meetings.value.filter((meeting) => meeting.date.startsWith(`${year}-`));
    const register = attendanceRegister({
      branchId: branchId.value ?? '',
      asOf,
      members: members.value,
      meetings: ofYear,
      records: records.value,
      flagMonths: flagMonths.value,
    });
    return { register, from: `${year}-01`, to: asOf < `${year}-01` ? `${year}-01` : asOf };
  }

  function summary(year: number): EvaluationSummary {
    return evaluationSummary(evaluations.value, year);
  }

  function who(): { userId: string; branchId: string } {
    const user = session.user;
    if (user === null || branchId.value === null) throw new Error('only a branch secretary keeps the registers');
    return { userId: user.id, branchId: branchId.value };
  }

  /** The record shows through the live query; its entry goes out shortly after. */
  function afterWrite(): Promise<void> {
    return useSyncStore().noteWrite();
  }

  async function createMeeting(input: MeetingInput): Promise<Meeting> {
    const { userId, branchId: branch } = who();
    const record = Meeting.parse({ ...input, id: crypto.randomUUID(), branchId: branch, recordedBy: userId, recordedAt: new Date().toISOString() });
    await recordMeeting(record);
    await afterWrite();
    // The meeting's own page opens next: it should find the meeting there, not say there is none.
    await until(() => meeting(record.id) !== null).toBe(true, { timeout: 2_000 });
    return record;
  }

  async function markAttendance(meetingId: string, marks: readonly AttendanceMark[]): Promise<void> {
    const { userId, branchId: branch } = who();
    const recordedAt = new Date().toISOString();
    const rows = marks.map((mark) =>
      Attendance.parse({
        id: crypto.randomUUID(),
        meetingId,
        memberId: mark.memberId,
        branchId: branch,
        status: mark.status,
        reason: mark.reason ?? '',
        decisionRef: mark.decisionRef ?? '',
        recordedBy: userId,
        recordedAt,
      }),
    );
    await recordAttendance(rows);
    await afterWrite();
  }

  /**
   * Grades set on the 民主评议 screen and not yet saved, by year (then member). Kept here rather than in the view,
   * so that looking at another screen meanwhile — the export, a meeting — does not throw away twenty-five grades
   * (issue 13). Kept per branch: another user's branch shows none of them.
   */
  const gradeDrafts = ref(new Map<string, Map<string, EvaluationGrade>>());
  const draftKey = (year: number) => `${branchId.value ?? ''}|${year}`;

  function gradeDraft(year: number): ReadonlyMap<string, EvaluationGrade> | null {
    return gradeDrafts.value.get(draftKey(year)) ?? null;
  }

  function keepGradeDraft(year: number, grades: ReadonlyMap<string, EvaluationGrade>): void {
    const next = new Map(gradeDrafts.value);
    next.set(draftKey(year), new Map(grades));
    gradeDrafts.value = next;
  }

  function dropGradeDraft(year: number): void {
    const next = new Map(gradeDrafts.value);
    next.delete(draftKey(year));
    gradeDrafts.value = next;
  }

  /** Who is listed for the year's 民主评议: the domain's evaluationRoll (docs/DOMAIN.md §5). */
  function evaluationMembers(year: number): LedgerMember[] {
    return evaluationRoll(members.value, year, new Set(summary(year).byMember.keys()));
  }

  /**
   * Saves the grades that differ from those in force, all in one transaction. Lowered grades go first: the server
   * checks the 1/3 limit as each record arrives, and a swap of 优秀 between two members must pass that check.
   */
  async function saveGrades(year: number, grades: ReadonlyMap<string, EvaluationGrade>): Promise<number> {
    const { userId, branchId: branch } = who();
    const inForce = summary(year).byMember;
    const recordedAt = new Date().toISOString();
    const changed = [...grades]
      .filter(([memberId, value]) => inForce.get(memberId)?.grade !== value)
      .sort(([, a], [, b]) => Number(a === 'excellent') - Number(b === 'excellent'));
    if (changed.length === 0) return 0;
    await recordEvaluations(
      changed.map(([memberId, value]) =>
        Evaluation.parse({ id: crypto.randomUUID(), memberId, branchId: branch, year, grade: value, recordedBy: userId, recordedAt }),
      ),
    );
    await afterWrite();
    return changed.length;
  }

  /** 应到 / 实到 of one meeting: the domain's meetingCounts (members alive on its date, less those excused). */
  function countsAt(meetingId: string): { expected: number; attended: number } {
    const found = meeting(meetingId);
    return found === null ? { expected: 0, attended: 0 } : meetingCounts(found, members.value, records.value);
  }

  /** Members who were alive on a date (a member who died before a meeting is not 应到 there). */
  function membersAt(date: string): LedgerMember[] {
    return members.value.filter((member) => isAliveOn(member, date));
  }

  return {
    members,
    meetings,
    records,
    evaluations,
    pendingIds,
    loaded,
    flagMonths,
    branchId,
    branchName,
    meeting,
    attendanceAt,
    register,
    yearRegister,
    summary,
    createMeeting,
    markAttendance,
    saveGrades,
    countsAt,
    membersAt,
    evaluationMembers,
    gradeDraft,
    keepGradeDraft,
    dropGradeDraft,
  };
});
