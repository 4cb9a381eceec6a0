import { describe, expect, it } from 'vitest';
import {
  Attendance,
  Consent,
  DEFAULT_DUES_POLICY,
  DuesPayment,
  DuesPolicy,
  HealthNote,
  LoginRequest,
  Organisation,
  User,
  Visit,
} from '../../src/domain';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = '2026-11-20T02:30:00.000Z';

describe('Organisation schema', () => {
  it('accepts the 街道 › 社区 › 党支部 tree', () => {
    expect(Organisation.safeParse({ id: id(1), kind: 'street', name: '和平街道', parentId: null, branchType: null }).success).toBe(true);
    expect(Organisation.safeParse({ id: id(2), kind: 'community', name: '光明社区', parentId: id(1), branchType: null }).success).toBe(true);
    expect(
      Organisation.safeParse({ id: id(3), kind: 'branch', name: '第一党支部', parentId: id(2), branchType: 'non_established' }).success,
    ).toBe(true);
  });

  it('requires a branch to say 建制 or 非建制, and a community to have a parent', () => {
    const branch = Organisation.safeParse({ id: id(3), kind: 'branch', name: '第一党支部', parentId: id(2), branchType: null });
    expect(branch.success).toBe(false);
    expect(branch.error?.issues[0]?.message).toBe('党支部必须注明建制或非建制');
    const community = Organisation.safeParse({ id: id(2), kind: 'community', name: '光明社区', parentId: null, branchType: null });
    expect(community.error?.issues[0]?.message).toBe('社区和党支部必须有上级组织');
  });
});

describe('User schema', () => {
  it('requires a secretary to belong to a branch', () => {
    const base = { id: id(1), username: 'li.secretary', displayName: '李书记', role: 'secretary', communityId: id(2) };
    expect(User.safeParse({ ...base, branchId: id(3) }).success).toBe(true);
    expect(User.safeParse({ ...base, branchId: null }).error?.issues[0]?.message).toBe('支部书记必须属于一个党支部');
  });

  it('rejects usernames with spaces or Chinese characters', () => {
    expect(LoginRequest.safeParse({ username: '张 三', password: 'x' }).success).toBe(false);
    expect(LoginRequest.safeParse({ username: 'worker1', password: '' }).error?.issues[0]?.message).toBe('请输入密码');
  });
});

describe('schemas for later records', () => {
  it('keeps money in integer fen', () => {
    const payment = {
      id: id(10), memberId: id(11), branchId: id(3), kind: 'payment', reverses: null, months: ['2026-01', '2026-02', '2026-03'],
      allocation: [{ month: '2026-01', amountFen: 2500 }, { month: '2026-02', amountFen: 2500 }, { month: '2026-03', amountFen: 2500 }],
      amountFen: 7500, method: 'cash', receiptRef: 'DF-001', paidBy: { kind: 'self' }, collectedBy: id(12), recordedAt: at,
    };
    expect(DuesPayment.safeParse(payment).success).toBe(true);
    expect(DuesPayment.safeParse({ ...payment, amountFen: 75.5 }).error?.issues[0]?.message).toBe('金额必须是整数（分）');
    expect(DuesPayment.safeParse({ ...payment, months: ['2026-13'] }).success).toBe(false);
    expect(DuesPayment.parse(payment).voluntaryFen).toBe(0);
    expect(DuesPayment.safeParse({ ...payment, amountFen: 7400 }).error?.issues[0]?.message).toBe('交纳金额须等于各月金额与自愿多交之和');
    expect(DuesPayment.safeParse({ ...payment, amountFen: 8500, voluntaryFen: 1000 }).success).toBe(true);
    expect(DuesPayment.safeParse({ ...payment, months: ['2026-01'] }).error?.issues[0]?.message).toBe('分月金额须与所交月份一一对应');
  });

  it('has a default dues policy matching docs/DOMAIN.md §3 (0.5 % to 5,000 元, then 1 %; cap 6 months)', () => {
    const policy = DuesPolicy.parse({ branchId: id(3), ...DEFAULT_DUES_POLICY });
    expect(policy.bands).toEqual([
      { upToFen: 500_000, rateBasisPoints: 50 },
      { upToFen: null, rateBasisPoints: 100 },
    ]);
    expect(policy.maxMonthsPerPayment).toBe(6);
    expect(policy.fixedCategoryFen).toBe(20);
  });

  it('records consent as self or a named relative', () => {
    const consent = { id: id(20), memberId: id(11), scope: 'health_notes', recordedBy: id(12), givenAt: at, withdrawnAt: null };
    expect(Consent.safeParse({ ...consent, givenBy: { kind: 'self' } }).success).toBe(true);
    expect(Consent.safeParse({ ...consent, givenBy: { kind: 'relative', name: '张丽', relation: '女儿' } }).success).toBe(true);
    expect(Consent.safeParse({ ...consent, givenBy: { kind: 'relative' } }).success).toBe(false);
  });

  it('limits a health note to the coarse, non-clinical set', () => {
    const note = {
      id: id(30), memberId: id(11), consentId: id(20), recordedBy: id(12), recordedAt: at, overall: 'fair', mobility: 'independent',
      mood: 'low', recentHospitalOrFall: { happened: false, on: null }, familyDoctorSigned: true, lastCheckupOn: '2026-05-01',
      bloodPressure: { systolic: 135, diastolic: 85 }, note: '',
    };
    expect(HealthNote.safeParse(note).success).toBe(true);
    expect(HealthNote.safeParse({ ...note, diagnosis: '高血压' }).success).toBe(true); // unknown keys are stripped
    expect(HealthNote.parse({ ...note, diagnosis: '高血压' })).not.toHaveProperty('diagnosis');
    expect(HealthNote.safeParse({ ...note, bloodPressure: { systolic: 20, diastolic: 85 } }).success).toBe(false);
  });

  it('needs a visitor on every visit and a reason for leave', () => {
    const visit = {
      id: id(40), memberId: id(11), visitorIds: [], type: 'regular', occurredAt: at, outcome: 'met', templateId: 'regular',
      templateVersion: 1, livingSituation: '', homeSafety: null, needs: [], solvedOnSpot: '', followUps: [], itemsDelivered: [],
      notes: '', amends: null, recordedAt: at,
    };
    expect(Visit.safeParse(visit).error?.issues[0]?.message).toBe('至少需要一名走访人');
    expect(Visit.safeParse({ ...visit, visitorIds: [id(12)] }).success).toBe(true);
    const attendance = {
      id: id(51), meetingId: id(50), memberId: id(11), branchId: id(2), status: 'leave', reason: '', decisionRef: '', recordedBy: id(12), recordedAt: at,
    };
    expect(Attendance.safeParse(attendance).error?.issues[0]?.message).toBe('请假或免除应到须注明原因');
  });
});
