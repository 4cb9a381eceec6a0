import { formatYuan, type Campaign } from '../../../domain';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Who a campaign is for, in words: 全体 · 党员 · 独居、高龄 · the branch's name. */
export function cohortText(campaign: Pick<Campaign, 'cohort'>, t: Translate, branchName: (id: string) => string): string {
  const cohort = campaign.cohort;
  switch (cohort.type) {
    case 'everyone':
    case 'party':
      return t(`visitAdmin.campaign.cohort.${cohort.type}`);
    case 'risk':
      return t('visitAdmin.campaign.cohortRisk', { flags: cohort.flags.map((flag) => t(`risk.${flag}`)).join(t('common.listSeparator')) });
    case 'branch':
      return branchName(cohort.branchId) || t('visitAdmin.campaign.cohort.branch');
  }
}

/** What each member receives: 慰问品 and its description, or 慰问金 per member in 元. */
export function deliveryText(campaign: Pick<Campaign, 'delivery'>, t: Translate): string {
  const { kind, description, amountFen } = campaign.delivery;
  if (kind === 'cash') return t('visitAdmin.campaign.deliveryCash', { description, amount: formatYuan(amountFen ?? 0) });
  return t('visitAdmin.campaign.deliveryGift', { description });
}
