import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { campaignOpenOn, CampaignInput, type AdminOrganisation, type Campaign, type CampaignCohort, type CampaignKind, type RiskFlag } from '../../domain';
import { getOrganisation } from '../api/admin-api';
import { cancelCampaign, listCampaigns, openCampaign } from '../api/visit-admin-api';
import { todayInShanghai } from '../format/dates';
import { parseYuanToFen } from '../format/money';
import { useAdminRequest } from './useAdminRequest';
import type { Checked } from './useAdminUsers';

/** Where a campaign stands on a Shanghai date: before its window, open, past its end date (closed by itself), cancelled. */
export type CampaignState = 'upcoming' | 'open' | 'closed' | 'cancelled';

export function campaignState(campaign: Campaign, today: string): CampaignState {
  if (campaign.cancelledAt !== null) return 'cancelled';
  if (campaignOpenOn(campaign, today)) return 'open';
  return today < campaign.startsOn ? 'upcoming' : 'closed';
}

/**
 * The name a campaign of each kind starts with. It is the record's name, read by every worker's device, so it is
 * the Chinese one whatever language the administrator's screen is in; the admin may change it.
 */
export const CAMPAIGN_NAMES: Record<CampaignKind, string> = {
  new_year: '元旦慰问',
  spring_festival: '春节慰问',
  july_first: '七一慰问',
  national_day: '国庆中秋慰问',
  double_ninth: '重阳慰问',
  summer_cool: '夏送清凉',
  winter_warmth: '冬送温暖',
  other: '',
};

export interface CampaignDraft {
  kind: CampaignKind;
  name: string;
  startsOn: string;
  endsOn: string;
  cohort: CampaignCohort['type'];
  flags: RiskFlag[];
  branchId: string;
  deliveryKind: 'gift' | 'cash';
  description: string;
  /** 慰问金 per member in 元 as typed. */
  amountYuan: string;
}

export function emptyCampaignDraft(today: string): CampaignDraft {
  return {
    kind: 'spring_festival',
    name: CAMPAIGN_NAMES.spring_festival,
    startsOn: today,
    endsOn: today,
    cohort: 'everyone',
    flags: [],
    branchId: '',
    deliveryKind: 'gift',
    description: '',
    amountYuan: '',
  };
}

/**
 * 节日慰问 (issue 12 §4): the community's campaigns, newest first, each with where it stands today; opening one
 * (kind, name, window, cohort, what is delivered) and cancelling one. Progress is its own page (useCampaignProgress).
 */
export function useAdminCampaigns() {
  const { t } = useI18n();
  const request = useAdminRequest();
  const campaigns = shallowRef<Campaign[]>([]);
  const organisation = shallowRef<AdminOrganisation | null>(null);
  const loaded = shallowRef(false);
  const today = computed(() => todayInShanghai());

  const branches = computed(() => organisation.value?.branches.map((entry) => entry.branch) ?? []);
  const sorted = computed(() => [...campaigns.value].sort((a, b) => (a.startsOn === b.startsOn ? b.createdAt.localeCompare(a.createdAt) : a.startsOn < b.startsOn ? 1 : -1)));

  function branchName(branchId: string): string {
    return branches.value.find((branch) => branch.id === branchId)?.name ?? '';
  }

  async function load(): Promise<boolean> {
    const result = await request.call(async (token) => {
      const [list, org] = await Promise.all([listCampaigns(token), getOrganisation(token)]);
      return { list, org };
    });
    if (!result.ok) return false;
    campaigns.value = result.value.list;
    organisation.value = result.value.org;
    loaded.value = true;
    return true;
  }

  function cohortOf(draft: CampaignDraft): unknown {
    switch (draft.cohort) {
      case 'risk':
        return { type: 'risk', flags: draft.flags };
      case 'branch':
        return { type: 'branch', branchId: draft.branchId };
      default:
        return { type: draft.cohort };
    }
  }

  const FIELD_LABELS: Record<string, string> = {
    kind: 'visitAdmin.campaign.kindLabel',
    name: 'visitAdmin.campaign.name',
    startsOn: 'visitAdmin.campaign.startsOn',
    endsOn: 'visitAdmin.campaign.endsOn',
    cohort: 'visitAdmin.campaign.cohortLabel',
    'cohort.flags': 'visitAdmin.campaign.flags',
    'cohort.branchId': 'visitAdmin.campaign.branch',
    'delivery.description': 'visitAdmin.campaign.description',
    'delivery.amountFen': 'visitAdmin.campaign.amount',
  };

  /** The domain's rules for a campaign, each problem in Chinese with the field it is about. */
  function check(draft: CampaignDraft): Checked<CampaignInput> {
    const problems: string[] = [];
    let amountFen: number | null = null;
    if (draft.deliveryKind === 'cash') {
      amountFen = parseYuanToFen(draft.amountYuan);
      if (amountFen === null || amountFen === 0) problems.push(t('visitAdmin.campaign.problem.amount'));
    }
    if (draft.cohort === 'risk' && draft.flags.length === 0) problems.push(t('visitAdmin.campaign.problem.flags'));
    if (draft.cohort === 'branch' && draft.branchId === '') problems.push(t('visitAdmin.campaign.problem.branch'));
    if (problems.length > 0) return { ok: false, problems };
    const parsed = CampaignInput.safeParse({
      kind: draft.kind,
      name: draft.name,
      startsOn: draft.startsOn,
      endsOn: draft.endsOn,
      cohort: cohortOf(draft),
      delivery: { kind: draft.deliveryKind, description: draft.description, amountFen },
    });
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const key = FIELD_LABELS[issue.path.map(String).join('.')] ?? FIELD_LABELS[String(issue.path[0])];
        // The domain's own sentences are Chinese (结束日期不能早于开始日期); zod's generic ones are not, so a
        // field that is merely missing or malformed is named with the app's words.
        const message = /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : t('visitAdmin.campaign.problem.invalid');
        return key === undefined ? message : t('admin.member.problem.field', { field: t(key), message });
      }),
    };
  }

  async function open(input: CampaignInput): Promise<Campaign | null> {
    const result = await request.call((token) => openCampaign(token, input));
    if (!result.ok) return null;
    campaigns.value = [result.value, ...campaigns.value.filter((c) => c.id !== result.value.id)];
    return result.value;
  }

  async function cancel(id: string): Promise<boolean> {
    const result = await request.call((token) => cancelCampaign(token, id));
    if (!result.ok) return false;
    campaigns.value = campaigns.value.map((c) => (c.id === id ? result.value : c));
    return true;
  }

  return { ...request, campaigns, sorted, branches, loaded, today, branchName, load, check, open, cancel };
}
