/** The leader's API: their record (share code), catalogue, pickup points, campaigns, orders and after-sales. */
import type { CampaignSummaryDTO, PickupPointBriefDTO } from '@shared/types/campaign';
import type { AfterSaleDTO } from '@shared/types/order';
import type { LeaderMeDTO } from '@shared/types/leader-me';
import type { CampaignRequest, CatalogueEntryDTO, LeaderOrderDTO, ManagedCampaignDTO } from '@shared/types/leader-campaign';
import { request } from './request';

export const getLeaderMe = () => request<LeaderMeDTO>({ url: '/api/leader/me' });

/** The leader's own campaigns, newest first, any state. */
export const listMyCampaigns = () => request<CampaignSummaryDTO[]>({ url: '/api/leader/campaigns' });

export const listCatalogue = () => request<CatalogueEntryDTO[]>({ url: '/api/catalogue' });

export const listMyPickupPoints = () => request<PickupPointBriefDTO[]>({ url: '/api/leader/pickup-points' });

export const createCampaign = (body: CampaignRequest) =>
  request<ManagedCampaignDTO>({ url: '/api/leader/campaigns', method: 'POST', data: { ...body } });

export const getManagedCampaign = (id: number) => request<ManagedCampaignDTO>({ url: `/api/leader/campaigns/${id}` });

export const updateCampaign = (id: number, patch: Partial<CampaignRequest>) =>
  request<ManagedCampaignDTO>({ url: `/api/leader/campaigns/${id}`, method: 'PATCH', data: { ...patch } });

/** open: now; schedule: opens by itself at its start; unschedule: back to draft. */
export const moveCampaign = (id: number, to: 'open' | 'schedule' | 'unschedule') =>
  request<ManagedCampaignDTO>({ url: `/api/leader/campaigns/${id}/${to}`, method: 'POST', data: {} });

export const cancelCampaign = (id: number, reason: string) =>
  request<ManagedCampaignDTO>({ url: `/api/leader/campaigns/${id}/cancel`, method: 'POST', data: { reason } });

export const listCampaignOrders = (id: number) => request<LeaderOrderDTO[]>({ url: `/api/leader/campaigns/${id}/orders` });

export const listOpenAfterSales = () => request<AfterSaleDTO[]>({ url: '/api/leader/after-sales' });

export const decideAfterSale = (id: number, approve: boolean, note: string) =>
  request<AfterSaleDTO>({ url: `/api/leader/after-sales/${id}/decide`, method: 'POST', data: { approve, note } });
