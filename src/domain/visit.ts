import { z } from 'zod';
import { FEN_CEILING, Id, IsoDate, IsoInstant, NonNegativeFenWithin, OptionalText, ShortText } from './common';
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
  amountFen: NonNegativeFenWithin(FEN_CEILING.visitItem).nullable(),
});

/** A visit is made by one worker, sometimes with a colleague or two: the co-visitors a record may name. */
export const MAX_VISITORS = 10;

/**
 * A submitted visit is immutable: a correction is a new record whose `amends` names the original.
 * The template version is kept so old visits read correctly after forms change.
 */
export const Visit = z.object({
  id: Id,
  memberId: Id,
  /** The pusher and any co-visitors: enabled users of the same community (checked by the server). */
  visitorIds: z
    .array(Id)
    .min(1, { error: '至少需要一名走访人' })
    .max(MAX_VISITORS, { error: `走访人不能超过 ${MAX_VISITORS} 名` })
    .refine((ids) => new Set(ids).size === ids.length, { error: '走访人不能重复' }),
  type: VisitType,
  occurredAt: IsoInstant,
  outcome: VisitOutcome,
  templateId: ShortText(40),
  templateVersion: z.number().int().min(1).max(10_000),
  livingSituation: OptionalText(500),
  homeSafety: HomeSafety.nullable(),
  needs: z.array(ServiceNeed).max(ServiceNeed.options.length).refine((needs) => new Set(needs).size === needs.length, { error: '需求不能重复' }),
  solvedOnSpot: OptionalText(500),
  followUps: z.array(FollowUp).max(20),
  itemsDelivered: z.array(DeliveredItem).max(20),
  notes: OptionalText(1000),
  amends: Id.nullable(),
  recordedAt: IsoInstant,
  /**
   * The festival campaign a 节日慰问 visit belongs to (a campaign of the member's community, checked by the
   * server); null: it counts for every campaign open that day whose cohort holds the member (docs/DOMAIN.md §9).
   */
  campaignId: Id.nullable().default(null),
});
export type Visit = z.infer<typeof Visit>;
