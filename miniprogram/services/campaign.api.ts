/**
 * Campaigns for neighbours: the list of the signed-in user's community (platform campaigns included), one
 * campaign in full, joining it, and a product's reviews. Reads are public: a share link works before sign-in.
 */
import type { CampaignDetailDTO, CampaignSummaryDTO, JielongPageDTO } from '@shared/types/campaign';
import type { JoinRequest, OrderDTO } from '@shared/types/order';
import type { ProductReviewsDTO } from '@shared/types/review';
import { request } from './request';

export interface CampaignList {
  communityId: number | null;
  items: CampaignSummaryDTO[];
}

export const listCommunityCampaigns = () => request<CampaignList>({ url: '/api/campaigns' });

export const getCampaign = (id: number) => request<CampaignDetailDTO>({ url: `/api/campaigns/${id}` });

/** More of the 接龙 list than the detail carries, in order of payment. */
export const getJielongPage = (id: number, offset: number, limit: number) =>
  request<JielongPageDTO>({ url: `/api/campaigns/${id}/jielong`, data: { offset, limit } });

/**
 * Join: a pending order with the stock reserved. The same `idempotencyKey` with the same body returns the same
 * order (a double tap, a retry after a lost answer), so the caller keeps one key per checkout attempt.
 */
export const joinCampaign = (campaignId: number, body: JoinRequest, idempotencyKey: string) =>
  request<OrderDTO>({
    url: `/api/campaigns/${campaignId}/orders`, method: 'POST', data: { ...body },
    header: { 'Idempotency-Key': idempotencyKey },
  });

export const getProductReviews = (productId: number, limit = 5) =>
  request<ProductReviewsDTO>({ url: `/api/products/${productId}/reviews`, data: { limit } });
