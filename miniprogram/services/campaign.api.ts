/**
 * Campaigns for neighbours: GET /api/campaigns lists the open and upcoming campaigns of the signed-in user's
 * community (platform campaigns included). Servers without the campaign API answer 404, which the neighbour
 * home shows as "no campaigns yet" rather than as a failure.
 */
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import { request } from './request';

export interface CampaignList {
  communityId: number | null;
  items: CampaignSummaryDTO[];
}

export const listCommunityCampaigns = () => request<CampaignList>({ url: '/api/campaigns' });
