import {
  AdminCampaignList,
  AdminVisitSettings,
  Campaign,
  type AdminVisitSettingsInput,
  type CampaignInput,
} from '../../domain';
import { requestJson } from './http';

/**
 * The administrator's calls for what the workers' plans are computed from (src/domain/plan/plan-api.ts): the visit
 * settings with branch overrides, and festival campaigns. Every answer parsed with the domain's shapes.
 */

const path = (...parts: string[]) => `/api/admin/${parts.map(encodeURIComponent).join('/')}`;

export function getVisitSettings(token: string): Promise<AdminVisitSettings> {
  return requestJson(path('visit-settings'), AdminVisitSettings, { token });
}

/** The whole of the community's settings: a branch left out of `overrides` follows the community again. */
export function saveVisitSettings(token: string, input: AdminVisitSettingsInput): Promise<AdminVisitSettings> {
  return requestJson(path('visit-settings'), AdminVisitSettings, { method: 'PUT', token, body: input });
}

export function listCampaigns(token: string): Promise<Campaign[]> {
  return requestJson(path('campaigns'), AdminCampaignList, { token });
}

export function openCampaign(token: string, input: CampaignInput): Promise<Campaign> {
  return requestJson(path('campaigns'), Campaign, { method: 'POST', token, body: input });
}

export function cancelCampaign(token: string, id: string): Promise<Campaign> {
  return requestJson(path('campaigns', id, 'cancel'), Campaign, { method: 'POST', token });
}
