import { computed } from 'vue';
import { campaignOpenOn, inCohort, settingsForBranch, type VisitTemplate, type VisitType } from '../../domain';
import { todayInShanghai } from '../format/dates';
import { getMember } from '../repositories/member-repository';
import { listCampaigns, visitSettingsRows, visitTypeCounts } from '../repositories/plan-repository';
import { useSessionStore } from '../stores/session-store';
import { useLiveQuery } from './useLiveQuery';

/**
 * What the visit form knows around the member (issue 12): the visit settings of the member's branch (how far back
 * a visit may be dated), the festival campaigns open today whose cohort holds the member, and the order of the
 * visit types — the ones this worker records most, first.
 */
export function useVisitContext(memberId: () => string) {
  const session = useSessionStore();
  const data = useLiveQuery(async () => {
    const [member, settings, campaigns, counts] = await Promise.all([
      getMember(memberId()),
      visitSettingsRows(),
      listCampaigns(),
      visitTypeCounts(session.user?.id ?? ''),
    ]);
    return { member, settings, campaigns, counts };
  }, memberId);

  const values = computed(() => settingsForBranch(data.value?.member?.branchId ?? null, data.value?.settings ?? []));

  const openCampaigns = computed(() => {
    const member = data.value?.member;
    if (!member) return [];
    const today = todayInShanghai();
    return data.value!.campaigns
      .filter((c) => c.communityId === member.communityId && campaignOpenOn(c, today) && inCohort(c, member, today, values.value.advancedAge))
      .sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.name.localeCompare(b.name, 'zh-CN'));
  });

  /** The forms in the order of this worker's use (most used first); ties keep the server's order. */
  function byUse(templates: readonly VisitTemplate[]): VisitTemplate[] {
    const counts = data.value?.counts ?? new Map<VisitType, number>();
    return templates
      .map((template, index) => ({ template, index, uses: counts.get(template.visitType) ?? 0 }))
      .sort((a, b) => b.uses - a.uses || a.index - b.index)
      .map((entry) => entry.template);
  }

  return { values, openCampaigns, byUse, loaded: computed(() => data.value !== undefined) };
}
