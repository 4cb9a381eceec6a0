import { z } from 'zod';
import { Id, IsoDate, ShortText } from '../common';
import { Campaign, CampaignCohort, CampaignDelivery, CampaignKind } from './campaign';
import { VisitSettings, VisitSettingsValues } from './visit-settings';

/**
 * The administrator's API for what the plan is computed from (issue 12): the community's visit settings with
 * branch overrides, and festival campaigns. Admin only (others 403), always the admin's own community: a branch
 * or campaign id of another community answers 404 like one that does not exist. Every write reaches the
 * community's devices through the change log on their next pull.
 *
 *   GET  /api/admin/visit-settings            → AdminVisitSettings
 *   PUT  /api/admin/visit-settings            AdminVisitSettingsInput → AdminVisitSettings
 *   GET  /api/admin/campaigns                 → AdminCampaignList (newest start first)
 *   POST /api/admin/campaigns                 CampaignInput → Campaign (201)
 *   POST /api/admin/campaigns/:id/cancel      → Campaign (cancelled now; again: unchanged)
 */

/** The settings as stored, and the defaults that apply where no row exists. */
export const AdminVisitSettings = z.object({
  defaults: VisitSettingsValues,
  /** The community's own row; null: the defaults apply. */
  community: VisitSettings.nullable(),
  /** Branches with settings of their own, replacing the community's for their members. */
  overrides: z.array(VisitSettings),
});
export type AdminVisitSettings = z.infer<typeof AdminVisitSettings>;

/** The longest list of branch overrides one request may carry: far more branches than a community has. */
export const MAX_SETTINGS_OVERRIDES = 200;

/**
 * The whole of the community's settings: its values and every branch override. A branch left out loses its
 * override (its members follow the community again); an unchanged row is not written again.
 */
export const AdminVisitSettingsInput = z.object({
  community: VisitSettingsValues,
  overrides: z
    .array(z.object({ branchId: Id, values: VisitSettingsValues }))
    .max(MAX_SETTINGS_OVERRIDES)
    .refine((list) => new Set(list.map((o) => o.branchId)).size === list.length, { error: '同一党支部只能设置一次' }),
});
export type AdminVisitSettingsInput = z.infer<typeof AdminVisitSettingsInput>;

/** A campaign's window: long enough for a season (夏送清凉, 冬送温暖), short enough to catch a mistyped year. */
export const MAX_CAMPAIGN_DAYS = 183;

/** A campaign as the admin opens it; the server adds its id, community, author and time. */
export const CampaignInput = z
  .object({
    kind: CampaignKind,
    name: ShortText(40),
    startsOn: IsoDate,
    endsOn: IsoDate,
    cohort: CampaignCohort,
    delivery: CampaignDelivery,
  })
  .superRefine((c, ctx) => {
    if (c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '结束日期不能早于开始日期' });
    else if ((Date.parse(c.endsOn) - Date.parse(c.startsOn)) / 86_400_000 + 1 > MAX_CAMPAIGN_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `活动时间不能超过 ${MAX_CAMPAIGN_DAYS} 天，请检查年份` });
    }
    if (c.delivery.kind === 'cash' && c.delivery.amountFen === null) {
      ctx.addIssue({ code: 'custom', path: ['delivery', 'amountFen'], message: '慰问金必须填写金额' });
    }
  });
export type CampaignInput = z.infer<typeof CampaignInput>;

export const AdminCampaignList = z.array(Campaign);
export type AdminCampaignList = z.infer<typeof AdminCampaignList>;
