import { z } from 'zod';
import { Id, IsoDate, IsoInstant, OptionalText, Phone, ShortText } from './common';

export const Gender = z.enum(['male', 'female']);
export type Gender = z.infer<typeof Gender>;

/** 小区 · 楼 · 单元 · 室 — the way workers find a door in a six-storey walk-up. */
export const Address = z.object({
  compound: ShortText(40),
  building: ShortText(10),
  unit: ShortText(10),
  room: ShortText(10),
});
export type Address = z.infer<typeof Address>;

export const FamilyContact = z.object({
  name: ShortText(32),
  relation: ShortText(16),
  phone: Phone,
});
export type FamilyContact = z.infer<typeof FamilyContact>;

/** 在册 · 外出 · 已故 · 转出 */
export const MemberStatus = z.enum(['active', 'away', 'deceased', 'transferred']);
export type MemberStatus = z.infer<typeof MemberStatus>;

/** Members away (候鸟, living with children) are phoned rather than visited. */
export const AwayInfo = z.object({
  place: ShortText(40),
  expectedReturn: IsoDate.nullable(),
});
export type AwayInfo = z.infer<typeof AwayInfo>;

/** Risk situations a worker records; 高龄 is not stored but derived from the birth date (see risk.ts). */
export const RecordedRisks = z.object({
  livingAlone: z.boolean(),
  emptyNest: z.boolean(),
  bedridden: z.boolean(),
  disabled: z.boolean(),
});
export type RecordedRisks = z.infer<typeof RecordedRisks>;

/** docs/DOMAIN.md §4: 生活照料 · 心理慰藉 · 医疗健康 · 法律 · 政策 */
export const ServiceNeed = z.enum(['daily_care', 'emotional', 'health', 'legal', 'policy']);
export type ServiceNeed = z.infer<typeof ServiceNeed>;

export const Member = z
  .object({
    id: Id,
    communityId: Id,
    /** Cadres who are not party members belong to no branch: they get visits but no dues. */
    branchId: Id.nullable(),
    name: ShortText(32),
    gender: Gender,
    birthDate: IsoDate,
    phone: Phone.nullable(),
    address: Address,
    familyContact: FamilyContact.nullable(),
    isPartyMember: z.boolean(),
    joinedPartyOn: IsoDate.nullable(),
    risks: RecordedRisks,
    status: MemberStatus,
    /** Set when the death is recorded: dues close from the following month, health notes are purged. */
    diedOn: IsoDate.nullable().default(null),
    away: AwayInfo.nullable(),
    hobbies: z.array(ShortText(20)).max(20),
    serviceNeeds: z.array(ServiceNeed).max(5),
    notes: OptionalText(500),
    updatedAt: IsoInstant,
  })
  .superRefine((m, ctx) => {
    if (m.isPartyMember && m.joinedPartyOn === null) {
      ctx.addIssue({ code: 'custom', path: ['joinedPartyOn'], message: '党员必须填写入党日期' });
    }
    if (!m.isPartyMember && m.joinedPartyOn !== null) {
      ctx.addIssue({ code: 'custom', path: ['joinedPartyOn'], message: '非党员不应有入党日期' });
    }
    if (m.isPartyMember && m.branchId === null) {
      ctx.addIssue({ code: 'custom', path: ['branchId'], message: '党员必须属于一个党支部' });
    }
    if (m.joinedPartyOn !== null && m.joinedPartyOn < m.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['joinedPartyOn'], message: '入党日期不能早于出生日期' });
    }
    if (m.status === 'away' && m.away === null) {
      ctx.addIssue({ code: 'custom', path: ['away'], message: '外出人员必须填写外出地点' });
    }
    if (m.diedOn !== null && m.status !== 'deceased') {
      ctx.addIssue({ code: 'custom', path: ['diedOn'], message: '只有已故人员才填写去世日期' });
    }
    if (m.status !== 'away' && m.away !== null) {
      ctx.addIssue({ code: 'custom', path: ['away'], message: '只有外出人员才填写外出信息' });
    }
  });
export type Member = z.infer<typeof Member>;
