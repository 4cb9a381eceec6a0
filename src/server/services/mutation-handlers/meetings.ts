import { type Attendance, type Evaluation, type Meeting, DomainError } from '../../../domain';
import type { Db } from '../../storage/tables';
import { requireSecretaryOfBranch, requireSecretaryOfMember, type HandlerOutcome, type MutationContext } from './context';
import { duplicate, newRecordHash, storeRecord } from './record-store';

/** A meeting of the branch (三会一课, 主题党日, 组织生活会). */
export async function recordMeeting(db: Db, ctx: MutationContext, meeting: Meeting): Promise<HandlerOutcome> {
  await requireSecretaryOfBranch(db, ctx, meeting.branchId);
  const hash = await newRecordHash(db, 'meeting', meeting);
  if (hash === null) return duplicate(meeting.id);
  return storeRecord(
    db,
    ctx,
    'meeting',
    { id: meeting.id, branch_id: meeting.branchId, type: meeting.type, date: meeting.date, content_hash: hash, data: JSON.stringify(meeting) },
    { memberId: null, branchId: meeting.branchId },
  );
}

/**
 * One member's attendance at one of the branch's meetings. A correction is a later record for the same
 * meeting and member (the latest recordedAt is in force), so records are only ever added.
 */
export async function recordAttendance(db: Db, ctx: MutationContext, attendance: Attendance): Promise<HandlerOutcome> {
  await requireSecretaryOfMember(db, ctx, attendance.memberId, attendance.branchId);
  const hash = await newRecordHash(db, 'attendance', attendance);
  if (hash === null) return duplicate(attendance.id);
  const meeting = await db
    .selectFrom('meetings')
    .select('id')
    .where('id', '=', attendance.meetingId)
    .where('branch_id', '=', attendance.branchId)
    .executeTakeFirst();
  if (!meeting) throw new DomainError('NOT_FOUND', { message: '该会议在本支部不存在，请先同步会议记录' });
  return storeRecord(
    db,
    ctx,
    'attendance',
    {
      id: attendance.id,
      member_id: attendance.memberId,
      branch_id: attendance.branchId,
      meeting_id: attendance.meetingId,
      recorded_at: attendance.recordedAt,
      content_hash: hash,
      data: JSON.stringify(attendance),
    },
    { memberId: attendance.memberId, branchId: attendance.branchId },
  );
}

/**
 * A member's 民主评议 grade for a year. The ≤ 1/3 优秀 rule is a property of the whole year's grades, entered one
 * by one: the tablet shows it as a warning (evaluationSummary) rather than the server refusing a single grade.
 */
export async function recordEvaluation(db: Db, ctx: MutationContext, evaluation: Evaluation): Promise<HandlerOutcome> {
  await requireSecretaryOfMember(db, ctx, evaluation.memberId, evaluation.branchId);
  const hash = await newRecordHash(db, 'evaluation', evaluation);
  if (hash === null) return duplicate(evaluation.id);
  return storeRecord(
    db,
    ctx,
    'evaluation',
    {
      id: evaluation.id,
      member_id: evaluation.memberId,
      branch_id: evaluation.branchId,
      year: evaluation.year,
      content_hash: hash,
      data: JSON.stringify(evaluation),
    },
    { memberId: evaluation.memberId, branchId: evaluation.branchId },
  );
}
