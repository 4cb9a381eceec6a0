import { Attendance, Evaluation, Meeting, type LedgerMember } from '../../domain';
import { db, type BranchRecordRow } from '../db/database';
import { enqueue } from './outbox-repository';

/**
 * The secretary's meetings, attendance and evaluations. Each write puts the record and its outbox entry in one
 * transaction over only the tables it touches: a record without its entry would never reach the server.
 * Records are never edited: a correction is a later record, the latest one is in force.
 */

function branchRow<T>(record: T & { id: string; branchId: string; recordedAt: string }, memberId: string | null, meetingId?: string): BranchRecordRow<T> {
  return {
    id: record.id,
    branchId: record.branchId,
    memberId,
    ...(meetingId === undefined ? {} : { meetingId }),
    at: record.recordedAt,
    syncState: 'pending',
    rejection: null,
    payload: record,
  };
}

export async function recordMeeting(meeting: Meeting): Promise<void> {
  const record = Meeting.parse(meeting);
  await db.transaction('rw', [db.outbox, db.meetings], async () => {
    await db.meetings.add(branchRow(record, null));
    // A meeting concerns no one member: the outbox column carries the branch instead (see enqueue).
    await enqueue({ type: 'meeting.record', record }, record.id, record.branchId, record.recordedAt);
  });
}

/** Several members at once (e.g. 全部出席) still go in one transaction: all of them are saved, or none. */
export async function recordAttendance(records: readonly Attendance[]): Promise<void> {
  const parsed = records.map((record) => Attendance.parse(record));
  await db.transaction('rw', [db.outbox, db.meetings, db.attendance], async () => {
    for (const record of parsed) {
      const meeting = await db.meetings.get(record.meetingId);
      if (meeting === undefined || meeting.branchId !== record.branchId) throw new Error(`no meeting ${record.meetingId} in this branch`);
      await db.attendance.add(branchRow(record, record.memberId, record.meetingId));
      await enqueue({ type: 'attendance.record', record }, record.id, record.memberId, record.recordedAt);
    }
  });
}

/**
 * A year's grades saved together, in the order given: the server checks the 1/3 limit as each arrives, so the
 * caller puts lowered grades before raised ones.
 */
export async function recordEvaluations(evaluations: readonly Evaluation[]): Promise<void> {
  const parsed = evaluations.map((evaluation) => Evaluation.parse(evaluation));
  await db.transaction('rw', [db.outbox, db.evaluations], async () => {
    for (const record of parsed) {
      await db.evaluations.add(branchRow(record, record.memberId));
      await enqueue({ type: 'evaluation.record', record }, record.id, record.memberId, record.recordedAt);
    }
  });
}

export interface BranchRegisters {
  members: LedgerMember[];
  meetings: BranchRecordRow<Meeting>[];
  attendance: BranchRecordRow<Attendance>[];
  evaluations: BranchRecordRow<Evaluation>[];
}

/**
 * Everything the registers of one branch derive from, read in one transaction so they agree with each other.
 * Of a member only id, name, date of death and whether recorded 已故 leave the repository: the registers need nothing else.
 */
export async function loadBranchRegisters(branchId: string): Promise<BranchRegisters> {
  return db.transaction('r', [db.members, db.meetings, db.attendance, db.evaluations], async () => {
    const [memberRows, meetings, attendance, evaluations] = await Promise.all([
      db.members.where('branchId').equals(branchId).toArray(),
      db.meetings.where('branchId').equals(branchId).toArray(),
      db.attendance.where('branchId').equals(branchId).toArray(),
      db.evaluations.where('branchId').equals(branchId).toArray(),
    ]);
    const members = memberRows
      .map((row) => row.payload)
      // Members transferred out keep their rows for history elsewhere; the branch registers list its party members.
      .filter((member) => member.isPartyMember && member.status !== 'transferred')
      .map((member) => ({ id: member.id, name: member.name, diedOn: member.diedOn ?? null, deceased: member.status === 'deceased' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return { members, meetings, attendance, evaluations };
  });
}
