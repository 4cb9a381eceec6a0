import { describe, expect, it } from 'vitest';
import { Member, describeIssues } from '../../src/domain';
import { validMember } from './fixtures';

function messagesFor(input: unknown): string[] {
  const result = Member.safeParse(input);
  if (result.success) return [];
  return describeIssues(result.error.issues).map((d) => `${d.path} ${d.message}`);
}

describe('Member schema', () => {
  it('accepts a complete party member', () => {
    expect(Member.parse(validMember())).toEqual(validMember());
  });

  it('accepts a cadre who is not a party member and has no branch', () => {
    const cadre = validMember({ isPartyMember: false, joinedPartyOn: null, branchId: null });
    expect(Member.safeParse(cadre).success).toBe(true);
  });

  it('requires a party joining date for party members, in Chinese', () => {
    expect(messagesFor(validMember({ joinedPartyOn: null }))).toEqual(['joinedPartyOn 入党日期：党员必须填写入党日期']);
  });

  it('rejects a joining date before birth', () => {
    expect(messagesFor(validMember({ joinedPartyOn: '1930-01-01' }))).toEqual([
      'joinedPartyOn 入党日期：入党日期不能早于出生日期',
    ]);
  });

  it('requires a place for members who are away, and only for them', () => {
    expect(messagesFor(validMember({ status: 'away', away: null }))).toEqual(['away 外出信息：外出人员必须填写外出地点']);
    const away = validMember({ status: 'away', away: { place: '海南三亚', from: null, expectedReturn: '2027-04-01', phone: null } });
    expect(Member.safeParse(away).success).toBe(true);
    expect(messagesFor({ ...away, status: 'active' })).toEqual(['away 外出信息：只有外出人员才填写外出信息']);
  });

  it('refuses an away period that ends before it starts, a transfer out on a member still in the roster, and a proposed 核定 for a non-party cadre', () => {
    const away = validMember({ status: 'away', away: { place: '海南三亚', from: '2026-11-01', expectedReturn: '2026-10-01', phone: '13900001111' } });
    expect(messagesFor(away)).toEqual(['away.expectedReturn 预计返回日期：返回日期不能早于外出日期']);
    expect(messagesFor(validMember({ transfer: { direction: 'out', on: '2026-05-01', place: '西湖区某社区' } }))).toEqual([
      'transfer 转接信息：只有转出人员才有转出信息',
    ]);
    const cadre = validMember({ isPartyMember: false, joinedPartyOn: null, branchId: null, proposedBaseFen: 300_000 });
    expect(messagesFor(cadre)).toEqual(['proposedBaseFen 建议核定基数：非党员不缴纳党费，无需核定']);
  });

  it('reads a member stored before the roster fields existed with their defaults', () => {
    const { transfer: _t, profile: _p, duesChannel: _d, proposedBaseFen: _b, ...old } = validMember({ status: 'transferred' });
    expect(Member.parse(old)).toMatchObject({ transfer: null, duesChannel: 'this_branch', proposedBaseFen: null, profile: { idMasked: null } });
  });

  it('names the field in Chinese for a bad birth date and a bad phone', () => {
    const messages = messagesFor(validMember({ birthDate: '1944-13-40', phone: 'call me' }));
    expect(messages).toContain('birthDate 出生日期：日期格式应为 YYYY-MM-DD');
    expect(messages).toContain('phone 电话：电话号码格式不正确');
  });

  it('rejects an empty address part and an unknown status', () => {
    const bad = { ...validMember(), address: { compound: '光明小区', building: '', unit: '2', room: '502' }, status: 'gone' };
    const messages = messagesFor(bad);
    expect(messages.some((m) => m.startsWith('address.building 楼：'))).toBe(true);
    expect(messages.some((m) => m.startsWith('status 状态：'))).toBe(true);
  });

  it('rejects ids that are not UUIDs and times that are not UTC', () => {
    const messages = messagesFor(validMember({ id: '42', updatedAt: '2026-11-01T16:00:00+08:00' }));
    expect(messages).toContain('id 编号：必须是有效的 UUID');
    expect(messages.some((m) => m.startsWith('updatedAt'))).toBe(true);
  });
});
