import { z } from 'zod';
import { FEN_CEILING, Id, IsoDate, IsoInstant, NonNegativeFenWithin, ShortText } from '../common';

/** docs/DOMAIN.md §9: the usual festival campaigns; `other` carries its own name. */
export const CampaignKind = z.enum(['new_year', 'spring_festival', 'july_first', 'national_day', 'double_ninth', 'summer_cool', 'winter_warmth', 'other']);
export type CampaignKind = z.infer<typeof CampaignKind>;

/** Who a campaign is for. `risk` = members with any of the listed flags (高龄 derived on the day). */
export const CampaignCohort = z.discriminatedUnion('type', [
  z.object({ type: z.literal('everyone') }),
  z.object({ type: z.literal('party') }),
  z.object({ type: z.literal('risk'), flags: z.array(z.enum(['livingAlone', 'emptyNest', 'bedridden', 'disabled', 'advancedAge'])).min(1).max(5) }),
  z.object({ type: z.literal('branch'), branchId: Id }),
]);
export type CampaignCohort = z.infer<typeof CampaignCohort>;

/** What each member of the cohort receives: goods (慰问品) described, or money (慰问金) in fen. */
export const CampaignDelivery = z.object({
  kind: z.enum(['gift', 'cash']),
  description: ShortText(100),
  /** 慰问金 per member in fen; null for goods. */
  amountFen: NonNegativeFenWithin(FEN_CEILING.visitItem).nullable(),
});
export type CampaignDelivery = z.infer<typeof CampaignDelivery>;

/**
 * A festival campaign (节日慰问), opened by an administrator for their community. It is open from `startsOn` to
 * `endsOn` inclusive (Asia/Shanghai dates) and closes by itself after its end date; `cancelledAt` ends it early.
 */
export const Campaign = z
  .object({
    id: Id,
    communityId: Id,
    kind: CampaignKind,
    name: ShortText(40),
    startsOn: IsoDate,
    endsOn: IsoDate,
    cohort: CampaignCohort,
    delivery: CampaignDelivery,
    createdBy: Id,
    createdAt: IsoInstant,
    cancelledAt: IsoInstant.nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '结束日期不能早于开始日期' });
    if (c.delivery.kind === 'cash' && c.delivery.amountFen === null) {
      ctx.addIssue({ code: 'custom', path: ['delivery', 'amountFen'], message: '慰问金必须填写金额' });
    }
  });
export type Campaign = z.infer<typeof Campaign>;

/** Open on a Shanghai date: inside its window and not cancelled. */
export function campaignOpenOn(campaign: Pick<Campaign, 'startsOn' | 'endsOn' | 'cancelledAt'>, day: string): boolean {
  return campaign.cancelledAt === null && campaign.startsOn <= day && day <= campaign.endsOn;
}
