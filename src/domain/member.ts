import { z } from 'zod';
import { FEN_CEILING, Id, IsoDate, IsoInstant, NonNegativeFenWithin, OptionalText, Phone, ShortText } from './common';
import { DuesChannel } from './dues';
import { MEMBER_STATUSES } from './member-status';

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
export const MemberStatus = z.enum(MEMBER_STATUSES);
export type MemberStatus = z.infer<typeof MemberStatus>;

/** Members away (候鸟, living with children) are phoned rather than visited: where, since when, until when, which phone. */
export const AwayInfo = z.object({
  place: ShortText(40),
  from: IsoDate.nullable().default(null),
  expectedReturn: IsoDate.nullable(),
  phone: Phone.nullable().default(null),
});
export type AwayInfo = z.infer<typeof AwayInfo>;

/**
 * 组织关系转接: 转出 (status transferred) with the date and where to; 转入 (back to active) with the date and where
 * from. The latest transfer is kept on the member; every change is also in the member's history on the server.
 */
export const TransferDirection = z.enum(['out', 'in']);
export type TransferDirection = z.infer<typeof TransferDirection>;
export const TransferInfo = z.object({
  direction: TransferDirection,
  on: IsoDate,
  place: ShortText(64),
});
export type TransferInfo = z.infer<typeof TransferInfo>;

/** 离休 (joined work before 1949-10-01) · 退休 */
export const RetirementKind = z.enum(['lixiu', 'tuixiu']);
export type RetirementKind = z.infer<typeof RetirementKind>;

/**
 * What the 花名册 says of a member beyond what the visits need (docs/DOMAIN.md §8). The 身份证号 itself stays on the
 * server (it is the re-import key and sensitive, PIPL); devices receive it masked, as 3702**********176X.
 */
export const MemberProfile = z.object({
  ethnicity: ShortText(16).nullable().default(null),
  formerUnit: ShortText(64).nullable().default(null),
  formerPosition: ShortText(32).nullable().default(null),
  retirement: RetirementKind.nullable().default(null),
  idMasked: z.string().regex(/^\d{4}\*{10}[\dX]{4}$/).nullable().default(null),
});
export type MemberProfile = z.infer<typeof MemberProfile>;
export const EMPTY_PROFILE: MemberProfile = { ethnicity: null, formerUnit: null, formerPosition: null, retirement: null, idMasked: null };

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
    transfer: TransferInfo.nullable().default(null),
    profile: MemberProfile.default(EMPTY_PROFILE),
    /**
     * 党组织关系: whether this branch collects the member's dues or their old work unit does (docs/DOMAIN.md §3). A
     * 核定 carries its own channel; this is what a new one starts from.
     */
    duesChannel: DuesChannel.default('this_branch'),
    /**
     * The monthly pension the roster gave, in fen: a proposed 核定 base for the branch secretary to confirm, never
     * in force by itself (only a 核定 is, docs/DOMAIN.md §3). null once nothing is proposed.
     */
    proposedBaseFen: NonNegativeFenWithin(FEN_CEILING.monthlyBase).nullable().default(null),
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
    if (m.away?.from && m.away.expectedReturn && m.away.expectedReturn < m.away.from) {
      ctx.addIssue({ code: 'custom', path: ['away', 'expectedReturn'], message: '返回日期不能早于外出日期' });
    }
    // A 转出 recorded before the transfer's details were kept has none: required by MemberStatusChange, not here.
    if (m.transfer?.direction === 'out' && m.status !== 'transferred') {
      ctx.addIssue({ code: 'custom', path: ['transfer'], message: '只有转出人员才有转出信息' });
    }
    if (!m.isPartyMember && m.proposedBaseFen !== null) {
      ctx.addIssue({ code: 'custom', path: ['proposedBaseFen'], message: '非党员不缴纳党费，无需核定' });
    }
  });
export type Member = z.infer<typeof Member>;
