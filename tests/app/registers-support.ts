import { Attendance, Meeting, type AttendanceStatus, type MeetingType } from '../../src/domain';
import { recordAttendance, recordMeeting } from '../../src/app/repositories/attendance-repository';
import { BRANCH_ID, makeUser, uuid } from './support/fixtures';

/** The branch secretary of the fixtures' branch. */
export const SECRETARY = makeUser({ id: uuid(0x1002), username: 'secretary1', displayName: '王书记', role: 'secretary', branchId: BRANCH_ID });

let next = 0x700;

/** A meeting as a past session on this tablet recorded it, through the app's own repository. */
export async function seedMeeting(date: string, type: MeetingType = 'party_congress'): Promise<Meeting> {
  const meeting = Meeting.parse({
    id: uuid(next++),
    branchId: BRANCH_ID,
    type,
    date,
    place: '社区党群服务中心',
    host: '王书记',
    topic: '学习党章',
    recordedBy: SECRETARY.id,
    recordedAt: `${date}T02:00:00.000Z`,
  });
  await recordMeeting(meeting);
  return meeting;
}

export async function seedAttendance(meeting: Meeting, memberId: string, status: AttendanceStatus, extra: Partial<Attendance> = {}): Promise<void> {
  await recordAttendance([
    Attendance.parse({
      id: uuid(next++),
      meetingId: meeting.id,
      memberId,
      branchId: BRANCH_ID,
      status,
      reason: '',
      decisionRef: '',
      recordedBy: SECRETARY.id,
      recordedAt: `${meeting.date}T03:00:00.000Z`,
      ...extra,
    }),
  ]);
}
