/** The leader's own campaigns, newest first, any state (GET /api/leader/campaigns). */
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import { request } from './request';

export const listMyCampaigns = () => request<CampaignSummaryDTO[]>({ url: '/api/leader/campaigns' });
