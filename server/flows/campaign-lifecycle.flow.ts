/**
 * The campaign's life after it is authored: the start job opens it; the deadline job (or selling out) closes
 * it — 成团 if the threshold is met by the real paid counts at that moment, otherwise failed; a leader or an
 * admin may cancel it. Closing and failing settle every order of the campaign in the same transaction:
 *  - unpaid orders are cancelled and their stock released;
 *  - succeeded: paid orders are confirmed, everyone's price drops to the lowest tier reached, and each order's
 *    difference is refunded to the fen (one refund per order, dedupe key `tier:<orderId>`);
 *  - failed / cancelled: every paid order is refunded in full (dedupe key per order), none forgotten.
 * Each handler is idempotent: a second run finds the campaign no longer open and does nothing.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ForbiddenError } from '../kernel/errors';
import type { TxContext } from '../infra/db';
import { isThresholdReached, tierPrice, type CampaignRow } from '../modules/campaign';
import type { OrderRow } from '../modules/order';
import type { RefundFlow } from './refund.flow';
import type { OrderLifecycleFlow } from './order-lifecycle.flow';

export type CloseOutcome = 'closed' | 'failed' | 'not_due' | 'not_open';

export class CampaignLifecycleFlow {
  constructor(private readonly c: Container, private readonly refunds: RefundFlow, private readonly orderLife: OrderLifecycleFlow) {}

  /** Job 'campaign.start': a scheduled campaign opens at its start time. */
  async start(rc: ServiceContext, campaignId: number): Promise<void> {
    await this.c.db.transaction(rc, async (trc) => {
      const c = await this.c.campaigns.lock(trc, campaignId);
      if (c.status !== 'scheduled' || trc.now < c.startsAt) return;
      await this.c.campaigns.transition(trc, campaignId, 'open', '到达开团时间', { role: 'system', name: 'scheduler' });
      await this.c.notices?.campaignOpened(trc, { ...c, status: 'open' });
    });
  }

  /** Job 'campaign.deadline' (also enqueued when the last unit sells): close or fail, once. */
  async closeIfDue(rc: ServiceContext, campaignId: number): Promise<CloseOutcome> {
    const refundIds: number[] = [];
    const closedPayments: Array<{ provider: string; outTradeNo: string }> = [];
    const outcome = await this.c.db.transaction(rc, async (trc): Promise<CloseOutcome> => {
      refundIds.length = 0; closedPayments.length = 0;
      let c = await this.c.campaigns.lock(trc, campaignId);
      if (c.status === 'scheduled' && trc.now >= c.deadlineAt) {
        // Its start job never ran (the server was down through the whole window): open it, then judge it.
        c = await this.c.campaigns.transition(trc, campaignId, 'open', '补开：开团时间已过', { role: 'system', name: 'scheduler' });
      }
      if (c.status !== 'open') return 'not_open';
      const items = await this.c.campaigns.items(campaignId, trc.tx, true);
      const soldOut = items.length > 0 && items.every((i) => i.sold >= i.stock);
      if (trc.now < c.deadlineAt && !soldOut) return 'not_due';

      await this.cancelUnpaid(trc, c, closedPayments);
      const reached = isThresholdReached(c.thresholdKind, c.thresholdValue, c.paidParticipants, c.paidQuantity);
      if (reached) {
        const reason = trc.now < c.deadlineAt ? '全部售罄，提前成团结束' : '截止时达到成团条件';
        await this.c.campaigns.transition(trc, campaignId, 'closed', reason, { role: 'system', name: 'scheduler' });
        refundIds.push(...(await this.confirmAndApplyTiers(trc, c)));
        if (c.leaderId) await this.c.community.incrementSucceeded(trc.tx, c.leaderId);
        await this.c.ledger?.onCampaignSucceeded(trc, campaignId);
        await this.c.notices?.campaignClosed(trc, { ...c, status: 'closed' });
        return 'closed';
      }
      const failed = await this.c.campaigns.transition(trc, campaignId, 'failed', `截止时未达到成团条件（${c.thresholdKind === 'participants' ? `${c.paidParticipants}/${c.thresholdValue} 人` : `${c.paidQuantity}/${c.thresholdValue} 份`}）`, { role: 'system', name: 'scheduler' });
      refundIds.push(...(await this.refundAllPaid(trc, failed, 'campaign_failed', '活动未成团，全额退款')));
      await this.c.notices?.campaignFailed(trc, failed);
      return 'failed';
    });
    this.orderLife.afterCommit(rc, refundIds, closedPayments);
    return outcome;
  }

  /** A leader (before success, their own campaign) or an admin cancels: everyone paid is refunded in full. */
  async cancel(rc: ServiceContext, campaignId: number, by: { role: 'leader' | 'admin'; name: string; leaderId?: number }, reason: string): Promise<void> {
    const refundIds: number[] = [];
    const closedPayments: Array<{ provider: string; outTradeNo: string }> = [];
    await this.c.db.transaction(rc, async (trc) => {
      refundIds.length = 0; closedPayments.length = 0;
      const c = await this.c.campaigns.lock(trc, campaignId);
      if (by.role === 'leader' && c.leaderId !== by.leaderId) throw new ForbiddenError('只能取消自己的活动');
      const cancelled = await this.c.campaigns.transition(trc, campaignId, 'cancelled', reason, by);
      await this.cancelUnpaid(trc, cancelled, closedPayments);
      refundIds.push(...(await this.refundAllPaid(trc, cancelled, 'campaign_cancelled', `活动已取消：${reason}`)));
      await this.c.notices?.campaignFailed(trc, cancelled);
    });
    this.orderLife.afterCommit(rc, refundIds, closedPayments);
  }

  private async cancelUnpaid(trc: TxContext, c: CampaignRow, closedPayments: Array<{ provider: string; outTradeNo: string }>): Promise<void> {
    const pending = await this.c.orders.repo.findMany("o.campaign_id = :id AND o.status = 'pending_payment'", { id: c.id }, trc.tx, 'ORDER BY o.id' + this.c.db.forUpdate);
    for (const o of pending) {
      await this.orderLife.endUnpaid(trc, c, o, 'cancelled', '活动结束时仍未支付', 'system');
      closedPayments.push(...(await this.c.payments.markClosed(trc.tx, o.id, trc.now)));
    }
  }

  private async refundAllPaid(trc: TxContext, c: CampaignRow, kind: 'campaign_failed' | 'campaign_cancelled', reason: string): Promise<number[]> {
    const paid = await this.c.orders.repo.findMany("o.campaign_id = :id AND o.status = 'paid'", { id: c.id }, trc.tx, 'ORDER BY o.id' + this.c.db.forUpdate);
    const ids: number[] = [];
    for (const o of paid) ids.push(await this.orderLife.refundPaidInFull(trc, c, o, kind, reason, `${kind}:${o.id}`, 'system'));
    return ids;
  }

  /** Paid → confirmed, final prices set, and the tier difference refunded per order. Returns refund ids. */
  private async confirmAndApplyTiers(trc: TxContext, c: CampaignRow): Promise<number[]> {
    const paid: OrderRow[] = await this.c.orders.repo.findMany("o.campaign_id = :id AND o.status = 'paid'", { id: c.id }, trc.tx, 'ORDER BY o.id' + this.c.db.forUpdate);
    const confirmed = new Set(await this.c.orders.transitionMany(trc, paid, 'confirmed', '活动成团', 'system', { confirmed_at: trc.now }));
    const items = await this.c.campaigns.items(c.id, trc.tx);
    const tiers = await this.c.campaigns.repo.tiers(items.map((i) => i.id), trc.tx);
    const finalPrice = new Map(items.map((i) => [i.id, tierPrice(i.priceFen, tiers.filter((t) => t.campaignItemId === i.id), c.paidParticipants)]));
    const lines = await this.c.orders.repo.items([...confirmed], trc.tx);
    const refundIds: number[] = [];
    for (const order of paid.filter((o) => confirmed.has(o.id))) {
      const mine = lines.filter((l) => l.orderId === order.id);
      const diffs: Array<{ orderItemId: number; quantity: number; amountFen: number }> = [];
      for (const l of mine) {
        const final = Math.min(l.unitPriceFen, finalPrice.get(l.campaignItemId) ?? l.unitPriceFen);
        await this.c.orders.repo.setFinalPrice(trc.tx, l.id, final);
        const diff = (l.unitPriceFen - final) * l.quantity;
        if (diff > 0) diffs.push({ orderItemId: l.id, quantity: 0, amountFen: diff });
      }
      const amountFen = diffs.reduce((s, d) => s + d.amountFen, 0);
      if (amountFen > 0) {
        const refund = await this.refunds.request(trc, order, {
          amountFen, reasonKind: 'tier_difference', reason: `成团阶梯价：${c.paidParticipants} 人成团，差价退回`,
          dedupeKey: `tier:${order.id}`, requestedBy: 'system', items: diffs,
        });
        refundIds.push(refund.id);
      }
    }
    return refundIds;
  }
}
