import { z } from 'zod';
import { Id, IsoDate, OptionalText, ShortText } from './common';

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
});
export type Meeting = z.infer<typeof Meeting>;

/** present · leave with reason · absent · attended by delivery (送学上门) · excused from 应到 by branch decision */
export const AttendanceStatus = z.enum(['present', 'leave', 'absent', 'delivered', 'excused']);

export const Attendance = z
  .object({
    meetingId: Id,
    memberId: Id,
    status: AttendanceStatus,
    reason: OptionalText(200),
  })
  .superRefine((a, ctx) => {
    if ((a.status === 'leave' || a.status === 'excused') && a.reason.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '请假或免除应到须注明原因' });
    }
  });
export type Attendance = z.infer<typeof Attendance>;
