import { z } from 'zod';
import { Id, IsoDate, IsoInstant, OptionalText, ShortText } from './common';
import { ServiceNeed } from './member';

/** 定期走访 · 节日慰问 · 生病住院探望 · 送学上门 · 困难帮扶 · 电话 · 视频 */
export const VisitType = z.enum(['regular', 'festival', 'sick', 'study_delivery', 'hardship', 'phone', 'video']);
export type VisitType = z.infer<typeof VisitType>;

/** met · not home · in hospital · moved · deceased */
export const VisitOutcome = z.enum(['met', 'not_home', 'in_hospital', 'moved', 'deceased']);
export type VisitOutcome = z.infer<typeof VisitOutcome>;

export const HomeSafety = z.object({
  gas: z.enum(['ok', 'issue', 'not_checked']),
  electricity: z.enum(['ok', 'issue', 'not_checked']),
  heating: z.enum(['ok', 'issue', 'not_checked']),
  smokeAlarm: z.enum(['present', 'missing', 'not_checked']),
});
export type HomeSafety = z.infer<typeof HomeSafety>;

export const FollowUp = z.object({
  what: ShortText(200),
  owner: ShortText(32),
  deadline: IsoDate,
  status: z.enum(['open', 'done']),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const DeliveredItem = z.object({
  kind: z.enum(['gift', 'cash', 'study_material']),
  description: ShortText(100),
  /** 慰问金 in fen; null for goods and material. */
  amountFen: z.number().int().min(0).nullable(),
});

/**
 * A submitted visit is immutable: a correction is a new record whose `amends` names the original.
 * The template version is kept so old visits read correctly after forms change.
 */
export const Visit = z.object({
  id: Id,
  memberId: Id,
  visitorIds: z.array(Id).min(1, { error: '至少需要一名走访人' }),
  type: VisitType,
  occurredAt: IsoInstant,
  outcome: VisitOutcome,
  templateId: ShortText(40),
  templateVersion: z.number().int().min(1),
  livingSituation: OptionalText(500),
  homeSafety: HomeSafety.nullable(),
  needs: z.array(ServiceNeed),
  solvedOnSpot: OptionalText(500),
  followUps: z.array(FollowUp).max(20),
  itemsDelivered: z.array(DeliveredItem).max(20),
  notes: OptionalText(1000),
  amends: Id.nullable(),
  recordedAt: IsoInstant,
});
export type Visit = z.infer<typeof Visit>;
