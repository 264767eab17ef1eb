/**
 * What the leader's campaign pages send and read (server/http/routes/leader/campaigns.routes.ts and
 * server/http/schemas.ts): the catalogue to pick from, the create/edit body, the management view, orders.
 */
import type { CampaignDetailDTO } from './campaign';
import type { OrderDTO } from './order';
import type { CampaignStatus, OrderStatus, StorageKind, ThresholdKind } from './statuses';

/** GET /api/catalogue: one product with its SKUs, traceable lots and supplier. */
export interface CatalogueEntryDTO {
  product: { id: number; title: string; category: string; unit: string; storage: StorageKind; fresh: boolean; images: string[]; description: string | null };
  supplier: { id: number; name: string; region: string; certifications: Array<{ name: string; number: string; issuer: string | null; validUntil: string | null }> };
  skus: Array<{ id: number; code: string; spec: string; listPriceFen: number; supplyCostFen: number; stock: number }>;
  lots: Array<{ id: number; productId: number; lotCode: string; origin: string; harvestedOn: string; storageNote: string | null }>;
}

export interface CampaignItemRequest {
  skuId: number;
  lotId: number | null;
  priceFen: number;
  stock: number;
  perPersonLimit: number | null;
  /** Lower prices once this many distinct buyers have paid; each below the one before. */
  tiers: Array<{ minParticipants: number; priceFen: number }>;
}

/** POST /api/leader/campaigns (a draft); PATCH takes any subset allowed in the campaign's state. Times ISO 8601. */
export interface CampaignRequest {
  title: string;
  description?: string | null;
  coverImage?: string | null;
  thresholdKind: ThresholdKind;
  thresholdValue: number;
  startsAt: string;
  deadlineAt: string;
  pickupStartsAt: string;
  pickupEndsAt: string;
  items: CampaignItemRequest[];
  pickupPointIds: number[];
}

export interface CampaignEventDTO { id: number; fromStatus: CampaignStatus; toStatus: CampaignStatus; reason: string; actor: string; createdAt: string }

/** GET/PATCH /api/leader/campaigns/:id and the state moves: the detail, orders counted by state, history. */
export interface ManagedCampaignDTO extends CampaignDetailDTO {
  ordersByStatus: Partial<Record<OrderStatus, number>>;
  events: CampaignEventDTO[];
}

/** GET /api/leader/campaigns/:id/orders: an order with the buyer's display name. */
export interface LeaderOrderDTO extends OrderDTO { buyer: string }
