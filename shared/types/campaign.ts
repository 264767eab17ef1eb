import type { CampaignStatus, StorageKind, ThresholdKind } from './statuses';

/** Money fields are integer fen; times are ISO 8601 strings in UTC. */

export interface TierDTO { minParticipants: number; priceFen: number; reached: boolean; current: boolean }

export interface TraceabilityDTO {
  lotCode: string | null;
  origin: string | null;          // "浙江 宁波市奉化区 萧王庙街道林家村"
  harvestedOn: string | null;     // YYYY-MM-DD
  storage: StorageKind;
  storageNote: string | null;
  shelfLifeDays: number | null;
  supplier: { id: number; name: string; region: string; certifications: Array<{ name: string; number: string; issuer: string | null; validUntil: string | null }> };
}

export interface CampaignItemDTO {
  id: number;
  skuId: number;
  productId: number;
  title: string;
  spec: string;
  unit: string;
  images: string[];
  listPriceFen: number;
  /** The price a neighbour joining now pays (the tier reached so far). */
  currentPriceFen: number;
  basePriceFen: number;
  tiers: TierDTO[];
  stock: number;
  /** Units still available to join (stock minus pending and paid). */
  available: number;
  sold: number;
  perPersonLimit: number | null;
  fresh: boolean;
  traceability: TraceabilityDTO;
  rating: { average: number | null; count: number };
}

export interface ProgressDTO {
  kind: ThresholdKind;
  target: number;
  current: number;
  missing: number;
  reached: boolean;
  paidParticipants: number;
  paidQuantity: number;
}

export interface PickupPointBriefDTO { id: number; name: string; address: string; hours: string; coldStorage: boolean }

/** A line of the 接龙 list: display names only. */
export interface JielongEntryDTO { seq: number; displayName: string; items: string; paidAt: string }

/** A page of the 接龙 list (GET /api/campaigns/:id/jielong?offset&limit). */
export interface JielongPageDTO { total: number; entries: JielongEntryDTO[] }

export interface CampaignSummaryDTO {
  id: number;
  title: string;
  coverImage: string | null;
  status: CampaignStatus;
  ownerKind: 'leader' | 'platform';
  leader: { id: number; name: string; code: string; succeededCampaigns: number } | null;
  communityId: number | null;
  startsAt: string;
  deadlineAt: string;
  /** Seconds until the deadline (0 once past), computed by the server's clock at response time. */
  secondsLeft: number;
  succeeded: boolean;
  progress: ProgressDTO;
  /** Lowest current price among the items, for list cards. */
  fromPriceFen: number;
}

export interface CampaignDetailDTO extends CampaignSummaryDTO {
  description: string | null;
  pickupStartsAt: string;
  pickupEndsAt: string;
  items: CampaignItemDTO[];
  pickupPoints: PickupPointBriefDTO[];
  /** The first entries of the 接龙 list (at most 20, in order of payment); the rest through GET /api/campaigns/:id/jielong. */
  jielong: JielongEntryDTO[];
  /** How many paid participants the whole 接龙 list has. */
  jielongTotal: number;
  /** States a leader/admin may move it to next (for the management UI). */
  nextStatuses: CampaignStatus[];
}
