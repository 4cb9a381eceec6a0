import { CampaignProgress, Coverage, CoverageHistory, NotVisitedList } from '../../domain';
import { requestJson } from './http';

/**
 * Coverage (月探访率) and a campaign's progress as the server counts them (src/domain/coverage-api.ts): the
 * administrator's community or the secretary's branch, decided by the server from the session.
 */

export function getCoverage(token: string, month: string): Promise<Coverage> {
  return requestJson(`/api/coverage?month=${encodeURIComponent(month)}`, Coverage, { token });
}

/** The scope's totals month by month, ending with `month`: the chart's bars. */
export function getCoverageHistory(token: string, month: string, months = 12): Promise<CoverageHistory> {
  return requestJson(`/api/coverage/history?month=${encodeURIComponent(month)}&months=${months}`, CoverageHistory, { token });
}

export function getNotVisited(token: string, month: string): Promise<NotVisitedList> {
  return requestJson(`/api/coverage/not-visited?month=${encodeURIComponent(month)}`, NotVisitedList, { token });
}

export function getCampaignProgress(token: string, campaignId: string): Promise<CampaignProgress> {
  return requestJson(`/api/admin/campaigns/${encodeURIComponent(campaignId)}/progress`, CampaignProgress, { token });
}
