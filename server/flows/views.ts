/**
 * Read models for the API: campaign cards and details (with traceability, tiers, progress and the 接龙 list)
 * and orders as the neighbour sees them. Composed from several modules, so they live with the flows.
 */
import type { Container } from '../container';
import { nextStates } from '../kernel/fsm';
import { reachedTierIndex, thresholdProgress, tierPrice, type CampaignItemRow, type CampaignRow, type TierRow } from '../modules/campaign';
import type { OrderItemRow, OrderRow } from '../modules/order';
import type { RefundRow } from '../modules/payment';
import type { CampaignDetailDTO, CampaignItemDTO, CampaignSummaryDTO, JielongEntryDTO, JielongPageDTO } from '../../shared/types/campaign';
import type { OrderDTO } from '../../shared/types/order';
import { campaignTransitions } from '../modules/campaign';
import { RawJson, ReadCache } from '../kernel/read-cache';

/** How long another instance's writes may take to show in a cached campaign read. */
const READ_CACHE_TTL_MS = 1000;

export class Views {
  /** Serialized campaign details and lists; dropped on this instance's writes, at most 1 s old otherwise. */
  private readonly cache = new ReadCache<RawJson>(READ_CACHE_TTL_MS);

  constructor(private readonly c: Container) {}

  /** The public campaign detail as JSON text, from the read cache (secondsLeft is at most a second old). */
  campaignDetailJson(id: number, now: Date): Promise<RawJson> {
    return this.cache.get(`detail:${id}`, async () => new RawJson(JSON.stringify(await this.campaignDetail(id, now))));
  }

  /** A community's open and upcoming campaigns (platform ones included) as JSON text, from the read cache. */
  campaignListJson(communityId: number | null, now: Date): Promise<RawJson> {
    return this.cache.get(`list:${communityId ?? 0}`, async () => {
      const rows = await this.c.campaigns.repo.list(
        `status IN ('open', 'scheduled') AND (owner_kind = 'platform' OR community_id = :communityId)`, { communityId: communityId ?? 0 });
      return new RawJson(JSON.stringify({ communityId, items: await this.campaignSummaries(rows, now) }));
    });
  }

  /**
   * The cached detail or list answer when a fresh one is at hand, without loading: the hot-read path
   * (http/middleware/hot-reads.ts) answers these before routing; a miss goes the full way and fills the cache.
   */
  cachedCampaignDetail(id: number): RawJson | undefined { return this.cache.peek(`detail:${id}`); }
  cachedCampaignList(communityId: number): RawJson | undefined { return this.cache.peek(`list:${communityId}`); }

  /** A campaign changed (committed by this instance): its detail and every list are read afresh. */
  invalidateCampaign(id: number): void {
    this.cache.invalidate(`detail:${id}`);
    this.cache.invalidate('list:*');
  }

  clearCache(): void { this.cache.clear(); }

  async campaignSummaries(rows: CampaignRow[], now: Date): Promise<CampaignSummaryDTO[]> {
    if (!rows.length) return [];
    const items = await this.c.campaigns.repo.items(rows.map((r) => r.id));
    const tiers = await this.c.campaigns.repo.tiers(items.map((i) => i.id));
    const leaders = await this.c.community.leadersByIds([...new Set(rows.map((r) => r.leaderId).filter((x): x is number => x !== null))]);
    return rows.map((r) => this.summary(r, items.filter((i) => i.campaignId === r.id), tiers, leaders, now));
  }

  private summary(r: CampaignRow, items: CampaignItemRow[], tiers: TierRow[], leaders: Map<number, { id: number; name: string; code: string; succeededCampaigns: number }>, now: Date): CampaignSummaryDTO {
    const p = thresholdProgress(r.thresholdKind, r.thresholdValue, r.paidParticipants, r.paidQuantity);
    const prices = items.map((i) => tierPrice(i.priceFen, tiers.filter((t) => t.campaignItemId === i.id), r.paidParticipants));
    const leader = r.leaderId ? leaders.get(r.leaderId) : undefined;
    return {
      id: r.id, title: r.title, coverImage: r.coverImage, status: r.status, ownerKind: r.ownerKind,
      leader: leader ? { id: leader.id, name: leader.name, code: leader.code, succeededCampaigns: leader.succeededCampaigns } : null,
      communityId: r.communityId, startsAt: r.startsAt.toISOString(), deadlineAt: r.deadlineAt.toISOString(),
      secondsLeft: Math.max(0, Math.floor((r.deadlineAt.getTime() - now.getTime()) / 1000)),
      succeeded: r.succeededAt !== null || r.status === 'closed' || r.status === 'fulfilling' || r.status === 'completed',
      progress: { ...p, paidParticipants: r.paidParticipants, paidQuantity: r.paidQuantity },
      fromPriceFen: prices.length ? Math.min(...prices) : 0,
    };
  }

  async campaignDetail(id: number, now: Date): Promise<CampaignDetailDTO> {
    const r = await this.c.campaigns.get(id);
    const [summary] = await this.campaignSummaries([r], now);
    const items = await this.c.campaigns.repo.items([id]);
    const tiers = await this.c.campaigns.repo.tiers(items.map((i) => i.id));
    const skus = await this.c.catalogue.skus(items.map((i) => i.skuId));
    const lots = await this.c.catalogue.lots(items.map((i) => i.lotId).filter((x): x is number => x !== null));
    const suppliers = await this.c.catalogue.suppliers([...new Set([...skus.values()].map((s) => s.supplierId))]);
    const points = await this.c.pickup.byIds(await this.c.campaigns.repo.pickupPointIds(id));
    const jielong = await this.c.campaigns.repo.jielong(id, DETAIL_JIELONG);
    const itemDtos: CampaignItemDTO[] = items.map((i) => {
      const sku = skus.get(i.skuId)!;
      const lot = i.lotId ? lots.get(i.lotId) : undefined;
      const supplier = suppliers.get(sku.supplierId)!;
      const myTiers = tiers.filter((t) => t.campaignItemId === i.id);
      const current = reachedTierIndex(myTiers, r.paidParticipants);
      return {
        id: i.id, skuId: i.skuId, productId: i.productId, title: i.title, spec: i.spec, unit: i.unit, images: sku.images,
        listPriceFen: i.listPriceFen, basePriceFen: i.priceFen, currentPriceFen: tierPrice(i.priceFen, myTiers, r.paidParticipants),
        tiers: myTiers.map((t, k) => ({ minParticipants: t.minParticipants, priceFen: t.priceFen, reached: r.paidParticipants >= t.minParticipants, current: current === k })),
        stock: i.stock, available: Math.max(0, i.stock - i.reserved), sold: i.sold, perPersonLimit: i.perPersonLimit, fresh: i.fresh,
        traceability: {
          lotCode: lot?.lotCode ?? null, origin: lot?.origin ?? null, harvestedOn: lot?.harvestedOn ?? null, storage: i.storage,
          storageNote: lot?.storageNote ?? null, shelfLifeDays: sku.shelfLifeDays,
          supplier: { id: supplier.id, name: supplier.name, region: supplier.region, certifications: supplier.certifications },
        },
        rating: { average: sku.ratingCount ? Math.round((sku.ratingSum / sku.ratingCount) * 10) / 10 : null, count: sku.ratingCount },
      };
    });
    const jielongDtos = jielongEntries(jielong, 0);
    return {
      ...summary, description: r.description, pickupStartsAt: r.pickupStartsAt.toISOString(), pickupEndsAt: r.pickupEndsAt.toISOString(),
      items: itemDtos,
      pickupPoints: [...points.values()].map((p) => ({ id: p.id, name: p.name, address: p.address, hours: p.hours, coldStorage: p.coldStorage })),
      jielong: jielongDtos,
      jielongTotal: r.paidParticipants,
      nextStatuses: [...nextStates(campaignTransitions, r.status)],
    };
  }

  /** A page of the 接龙 list (the detail carries only its first DETAIL_JIELONG entries). */
  async jielongPage(campaignId: number, offset: number, limit: number): Promise<JielongPageDTO> {
    const c = await this.c.campaigns.get(campaignId);
    return { total: c.paidParticipants, entries: jielongEntries(await this.c.campaigns.repo.jielong(campaignId, limit, offset), offset) };
  }

  async orders(rows: OrderRow[], now: Date): Promise<OrderDTO[]> {
    if (!rows.length) return [];
    const ids = rows.map((o) => o.id);
    const [items, refunds, points, campaigns] = await Promise.all([
      this.c.orders.repo.items(ids),
      this.c.payments.refundsFor(ids),
      this.c.pickup.byIds([...new Set(rows.map((o) => o.pickupPointId))]),
      this.c.campaigns.repo.list('id IN (:ids)', { ids: [...new Set(rows.map((o) => o.campaignId))] }),
    ]);
    const campaignById = new Map(campaigns.map((c) => [c.id, c]));
    return rows.map((o) => orderDto(o, items.filter((i) => i.orderId === o.id), refunds.filter((r) => r.orderId === o.id), points.get(o.pickupPointId), campaignById.get(o.campaignId)!, now));
  }

  async order(id: number, now: Date): Promise<OrderDTO> {
    return (await this.orders([await this.c.orders.get(id)], now))[0];
  }
}

/** An order as its neighbour sees it, from rows already read. */
export function orderDto(
  o: OrderRow, items: OrderItemRow[], refunds: RefundRow[], point: { name: string; address: string } | undefined, campaign: CampaignRow, now: Date,
): OrderDTO {
  return {
    id: o.id, orderNo: o.orderNo, campaignId: o.campaignId, campaignTitle: campaign.title, status: o.status,
    pickupPoint: { id: o.pickupPointId, name: point?.name ?? '', address: point?.address ?? '' },
    items: items.map(itemDto),
    itemsFen: o.itemsFen, paidFen: o.paidFen, refundedFen: o.refundedFen,
    expiresAt: o.status === 'pending_payment' ? o.expiresAt.toISOString() : null,
    createdAt: o.createdAt.toISOString(), paidAt: o.paidAt?.toISOString() ?? null,
    pickupCode: o.status === 'ready_for_pickup' ? o.pickupCode : null,
    refunds: refunds.map((r) => ({ id: r.id, amountFen: r.amountFen, reasonKind: r.reasonKind, status: r.status, createdAt: r.createdAt.toISOString() })),
    actions: orderActions(o, campaign, now),
  };
}

function itemDto(i: OrderItemRow) {
  return {
    id: i.id, campaignItemId: i.campaignItemId, title: i.title, quantity: i.quantity, unitPriceFen: i.unitPriceFen,
    finalUnitPriceFen: i.finalUnitPriceFen, refundedQuantity: i.refundedQuantity, refundedFen: i.refundedFen,
  };
}

function orderActions(o: OrderRow, c: CampaignRow, now: Date): OrderDTO['actions'] {
  const actions: OrderDTO['actions'] = [];
  if (o.status === 'pending_payment' && o.expiresAt > now && c.status === 'open') actions.push('pay', 'cancel');
  else if (o.status === 'pending_payment') actions.push('cancel');
  if (o.status === 'paid' && c.status === 'open') actions.push('cancel');
  if (o.status === 'picked_up' || o.status === 'partially_refunded') actions.push('after_sale', 'review');
  if (o.status === 'completed') actions.push('review');
  return actions;
}

/**
 * How many 接龙 entries the campaign detail carries: a phone's first screen of them. The rest is paged on request
 * (the list of a popular campaign runs to hundreds of names, and the detail is the most read answer there is).
 */
const DETAIL_JIELONG = 20;

function jielongEntries(rows: Array<{ displayName: string; firstPaidAt: Date; items: Array<{ title: string; quantity: number }> }>, offset: number): JielongEntryDTO[] {
  return rows.map((j, k) => ({
    seq: offset + k + 1, displayName: j.displayName, items: j.items.map((it) => `${shortTitle(it.title)}×${it.quantity}`).join(' '), paidAt: j.firstPaidAt.toISOString(),
  }));
}

/** "奉化水蜜桃（5 斤装（8–10 个））" → "奉化水蜜桃": the 接龙 list keeps lines short. */
function shortTitle(title: string): string {
  const i = title.indexOf('（');
  return i > 0 ? title.slice(0, i) : title;
}
