/**
 * Leaders and admins author campaigns. A leader's campaign belongs to their community and may only use the
 * approved pickup points attached to it; a platform campaign (admin) may use any approved point and any
 * approved leader may help-sell it. Catalogue facts are checked here (SKU exists, lot is of the SKU's product,
 * stock within what the SKU has), and the cold chain: chilled or frozen goods only go to points with cold storage.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { BusinessRuleError, ForbiddenError, InvalidInputError, NotFoundError } from '../kernel/errors';
import type { CampaignInput, CampaignOwner, CampaignRow } from '../modules/campaign';
import type { LeaderFacts } from '../modules/community';
import type { CampaignStatus } from '../../shared/types/statuses';

export type Author = { kind: 'leader'; userId: number; leader: LeaderFacts } | { kind: 'admin'; userId: number };

export class CampaignAuthoringFlow {
  constructor(private readonly c: Container) {}

  /** The acting leader (approved, with a community), or a 403 saying why not. */
  async leaderAuthor(userId: number): Promise<Author> {
    const leader = await this.c.community.leaderByUser(userId);
    if (!leader || leader.status !== 'approved') throw new ForbiddenError('团长资格尚未通过审核');
    if (!leader.communityId) throw new ForbiddenError('团长还没有所属小区');
    return { kind: 'leader', userId, leader };
  }

  async create(rc: ServiceContext, author: Author, input: CampaignInput): Promise<number> {
    await this.checkFacts(author, input.items, input.pickupPointIds);
    const owner: CampaignOwner = author.kind === 'leader'
      ? { kind: 'leader', leaderId: author.leader.id, communityId: author.leader.communityId! }
      : { kind: 'platform' };
    return this.c.db.transaction(rc, (trc) => this.c.campaigns.create(trc, owner, author.userId, input));
  }

  async update(rc: ServiceContext, author: Author, id: number, patch: Partial<CampaignInput>): Promise<void> {
    await this.owned(author, id);
    if (patch.items || patch.pickupPointIds) {
      const items = patch.items ?? (await this.currentItems(id));
      await this.checkFacts(author, items, patch.pickupPointIds ?? (await this.c.campaigns.repo.pickupPointIds(id)));
    }
    await this.c.db.transaction(rc, (trc) => this.c.campaigns.update(trc, id, patch));
  }

  /** schedule | open | unschedule (back to draft). Closing and failing belong to the scheduler. */
  async move(rc: ServiceContext, author: Author, id: number, to: Extract<CampaignStatus, 'scheduled' | 'open' | 'draft'>): Promise<CampaignRow> {
    await this.owned(author, id);
    const reason = to === 'scheduled' ? '排期开团' : to === 'open' ? '立即开团' : '撤回为草稿';
    return this.c.db.transaction(rc, async (trc) => {
      const moved = await this.c.campaigns.transition(trc, id, to, reason, { role: author.kind, name: String(author.userId) });
      if (to === 'open') await this.c.notices?.campaignOpened(trc, moved);
      return moved;
    });
  }

  /** A leader may act on their own campaigns only; an admin on any. */
  async owned(author: Author, id: number): Promise<CampaignRow> {
    const c = await this.c.campaigns.get(id);
    if (author.kind === 'leader' && c.leaderId !== author.leader.id) throw new ForbiddenError('只能管理自己的活动');
    return c;
  }

  private async currentItems(id: number) {
    const items = await this.c.campaigns.items(id);
    return items.map((i) => ({ skuId: i.skuId, lotId: i.lotId, priceFen: i.priceFen, stock: i.stock, perPersonLimit: i.perPersonLimit, tiers: [] }));
  }

  private async checkFacts(author: Author, items: CampaignInput['items'], pickupPointIds: number[]): Promise<void> {
    const skus = await this.c.catalogue.skus(items.map((i) => i.skuId));
    const lots = await this.c.catalogue.lots(items.map((i) => i.lotId).filter((x): x is number => x !== null));
    for (const it of items) {
      const sku = skus.get(it.skuId);
      if (!sku) throw new NotFoundError('sku', it.skuId);
      if (it.lotId !== null) {
        const lot = lots.get(it.lotId);
        if (!lot) throw new NotFoundError('lot', it.lotId);
        if (lot.productId !== sku.productId) throw new InvalidInputError(`批次 ${lot.lotCode} 不属于「${sku.title}」`, { skuId: it.skuId, lotId: it.lotId });
      }
      if (it.stock > sku.stock) throw new BusinessRuleError('BUSINESS_RULE', `「${sku.title}」可分配库存只有 ${sku.stock}`, { skuId: it.skuId, available: sku.stock });
    }
    if (!pickupPointIds.length) throw new InvalidInputError('请至少选择一个自提点');
    const points = await this.c.pickup.byIds(pickupPointIds);
    const allowed = author.kind === 'leader' ? new Set((await this.c.pickup.forCommunity(author.leader.communityId!)).map((p) => p.id)) : null;
    const needsCold = items.filter((it) => skus.get(it.skuId)!.storage !== 'ambient');
    for (const id of pickupPointIds) {
      const p = points.get(id);
      if (!p || p.status !== 'approved') throw new BusinessRuleError('PICKUP_POINT_NOT_ALLOWED', `自提点 ${id} 不可用（未审核通过）`, { pickupPointId: id });
      if (allowed && !allowed.has(id)) throw new BusinessRuleError('PICKUP_POINT_NOT_ALLOWED', `「${p.name}」不属于您的小区`, { pickupPointId: id });
    }
    // Chilled or frozen goods need at least one point with cold storage; each join is then held to it.
    if (needsCold.length && !pickupPointIds.some((id) => points.get(id)!.coldStorage)) {
      throw new BusinessRuleError('COLD_CHAIN_REQUIRED', `「${skus.get(needsCold[0].skuId)!.title}」需要冷链，请至少选择一个有冷柜的自提点`, { skuId: needsCold[0].skuId });
    }
  }
}
