import { z } from 'zod';
import { Id, IsoDate, IsoInstant, OptionalText, ShortText } from './common';

/** 三会一课 (党员大会 · 支委会 · 党小组会 · 党课), 主题党日, 组织生活会 */
export const MeetingType = z.enum(['party_congress', 'committee', 'group', 'lecture', 'theme_day', 'life_meeting']);
export type MeetingType = z.infer<typeof MeetingType>;

export const Meeting = z.object({
  id: Id,
  branchId: Id,
  type: MeetingType,
  date: IsoDate,
  place: ShortText(60),
  host: ShortText(32),
  topic: ShortText(100),
  recordedBy: Id,
  recordedAt: IsoInstant,
});
export type Meeting = z.infer<typeof Meeting>;

/** present · leave with reason · absent · attended by delivery (送学上门) · excused from 应到 by branch decision */
export const AttendanceStatus = z.enum(['present', 'leave', 'absent', 'delivered', 'excused']);
export type AttendanceStatus = z.infer<typeof AttendanceStatus>;

/**
 * One member's attendance at one meeting. A correction is a later record for the same meeting and member:
 * the latest `recordedAt` (then the greater id) is in force; earlier ones stay as the trail.
 */
export const Attendance = z
  .object({
    id: Id,
    meetingId: Id,
    memberId: Id,
    branchId: Id,
    status: AttendanceStatus,
    reason: OptionalText(200),
    /** The branch decision excusing the member from 应到 (bedridden, long illness). */
    decisionRef: OptionalText(60),
    recordedBy: Id,
    recordedAt: IsoInstant,
  })
  .superRefine((a, ctx) => {
    if ((a.status === 'leave' || a.status === 'excused') && a.reason.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '请假或免除应到须注明原因' });
    }
    if (a.status === 'excused' && a.decisionRef.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['decisionRef'], message: '免除应到须注明支部决定文号' });
    }
  });
export type Attendance = z.infer<typeof Attendance>;

/** 民主评议 grades: 优秀 · 合格 · 基本合格 · 不合格. */
export const EvaluationGrade = z.enum(['excellent', 'qualified', 'basically_qualified', 'unqualified']);
export type EvaluationGrade = z.infer<typeof EvaluationGrade>;

/** A member's yearly democratic evaluation; a later record for the same member and year replaces it. */
export const Evaluation = z.object({
  id: Id,
  memberId: Id,
  branchId: Id,
  year: z.number().int().min(2000).max(2100),
  grade: EvaluationGrade,
  recordedBy: Id,
  recordedAt: IsoInstant,
});
export type Evaluation = z.infer<typeof Evaluation>;
