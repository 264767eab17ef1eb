/**
 * What happens to an order outside payment: the neighbour cancels it, or it lapses unpaid.
 *  - unpaid → cancelled / expired: the reserved stock returns at once, the open payment is closed;
 *  - paid, campaign still open → refunding: a full refund is recorded and the units leave the paid counts
 *    (the neighbour leaves the 接龙 list if it was their last paid order).
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError } from '../kernel/errors';
import type { TxContext } from '../infra/db';
import type { CampaignRow } from '../modules/campaign';
import type { OrderRow } from '../modules/order';
import { fullRefundItems, type RefundFlow } from './refund.flow';

export const ORDER_COMPLETE_JOB = 'order.complete';

export class OrderLifecycleFlow {
  constructor(private readonly c: Container, private readonly refunds: RefundFlow) {}

  async cancelByNeighbour(rc: ServiceContext, userId: number, orderId: number): Promise<OrderRow> {
    const refundIds: number[] = [];
    const closedPayments: Array<{ provider: string; outTradeNo: string }> = [];
    await this.c.db.transaction(rc, async (trc) => {
      refundIds.length = 0; closedPayments.length = 0;
      const peek = await this.c.orders.getOwned(orderId, userId, trc.tx);
      const campaign = await this.c.campaigns.lock(trc, peek.campaignId);
      const order = await this.c.orders.get(orderId, trc.tx, true);
      if (order.status === 'pending_payment') {
        await this.endUnpaid(trc, campaign, order, 'cancelled', '用户取消未支付订单', `user:${userId}`);
        closedPayments.push(...(await this.c.payments.markClosed(trc.tx, order.id, trc.now)));
        return;
      }
      if (order.status !== 'paid') throw new ConflictError(`订单当前状态为「${order.status}」，不能取消`, { status: order.status }, 'ILLEGAL_TRANSITION');
      if (campaign.status !== 'open') throw new ConflictError('活动已结束，已支付订单不能再取消；如有问题请申请售后', { status: campaign.status }, 'CAMPAIGN_NOT_OPEN');
      const refund = await this.refundPaidInFull(trc, campaign, order, 'neighbour_cancel', '用户在活动进行中取消订单', `cancel:${order.id}`, `user:${userId}`);
      refundIds.push(refund);
    });
    this.afterCommit(rc, refundIds, closedPayments);
    return this.c.orders.get(orderId);
  }

  /** Job 'orders.expire': every unpaid order whose time is up lapses and releases its stock. */
  async expireDue(rc: ServiceContext): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.c.orders.repo.findMany("o.status = 'pending_payment' AND o.expires_at <= :now", { now: rc.now }, undefined, 'ORDER BY o.campaign_id, o.id LIMIT 500');
      if (!due.length) return expired;
      const byCampaign = new Map<number, number[]>();
      for (const o of due) byCampaign.set(o.campaignId, [...(byCampaign.get(o.campaignId) ?? []), o.id]);
      for (const [campaignId, ids] of byCampaign) {
        const closedPayments: Array<{ provider: string; outTradeNo: string }> = [];
        await this.c.db.transaction(rc, async (trc) => {
          closedPayments.length = 0;
          const campaign = await this.c.campaigns.lock(trc, campaignId);
          for (const id of ids) {
            const order = await this.c.orders.get(id, trc.tx, true);
            if (order.status !== 'pending_payment' || order.expiresAt > trc.now) continue;
            if (await this.endUnpaid(trc, campaign, order, 'expired', '超时未支付', 'system')) expired++;
            closedPayments.push(...(await this.c.payments.markClosed(trc.tx, order.id, trc.now)));
          }
        });
        this.afterCommit(rc, [], closedPayments);
      }
      if (due.length < 500) return expired;
    }
  }

  /**
   * Job 'order.complete': once the return window has passed with no open after-sales request, a collected
   * order completes and its commissions are released. Scheduled at pickup; an open request postpones it until
   * decided (the decision schedules the check again).
   */
  async completeIfDue(rc: ServiceContext, orderId: number): Promise<'completed' | 'not_due' | 'not_applicable' | 'after_sale_open'> {
    // Read before the transaction: the window end reads the catalogue without it, and on SQLite such a read waits
    // behind other connections' writes that wait for this transaction's lock (a stall until the busy timeout).
    const peek = await this.c.orders.get(orderId);
    const windowEnd = await this.c.flows.afterSale.returnWindowEnd(peek);
    return this.c.db.transaction(rc, async (trc) => {
      const order = await this.c.orders.get(orderId, trc.tx, true);
      if (order.status !== 'picked_up' && order.status !== 'partially_refunded') return 'not_applicable';
      if (!windowEnd || trc.now < windowEnd) return 'not_due';
      if (await this.c.flows.afterSale.hasOpenRequest(order.id, trc)) return 'after_sale_open';
      if ((await this.c.payments.unfinishedRefunds(order.id, trc.tx)).length) return 'not_due';
      await this.c.orders.transition(trc, order, 'completed', '售后期结束，订单完成', 'system', { completed_at: trc.now });
      await this.c.ledger?.onOrderCompleted(trc, order.id);
      return 'completed';
    });
  }

  /** Schedules the completion check for when the order's return window closes. Caller's transaction. */
  async scheduleCompletion(trc: TxContext, orderId: number, at: Date): Promise<void> {
    await this.c.jobs.enqueue(trc.tx, { kind: ORDER_COMPLETE_JOB, runAt: at, dedupeKey: `${ORDER_COMPLETE_JOB}:${orderId}:${at.getTime()}`, payload: { orderId } });
  }

  /** pending_payment → expired | cancelled, with its reserved units released. Caller holds the campaign lock. */
  async endUnpaid(trc: TxContext, campaign: CampaignRow, order: OrderRow, to: 'expired' | 'cancelled', reason: string, actor: string): Promise<boolean> {
    if (!(await this.c.orders.transition(trc, order, to, reason, actor))) return false;
    const items = await this.c.orders.repo.items([order.id], trc.tx);
    await this.c.campaigns.releaseUnits(trc, campaign, order.userId, items, null);
    return true;
  }

  /** A paid order leaves: → refunding, full refund recorded, units out of the paid counts. Returns the refund id. */
  async refundPaidInFull(trc: TxContext, campaign: CampaignRow, order: OrderRow, reasonKind: 'neighbour_cancel' | 'campaign_failed' | 'campaign_cancelled', reason: string, dedupeKey: string, actor: string): Promise<number> {
    const items = await this.c.orders.repo.items([order.id], trc.tx);
    const user = await this.c.identity.getUser(order.userId, trc.tx);
    if (!(await this.c.orders.transition(trc, order, 'refunding', reason, actor))) throw new ConflictError('订单状态已变化，请刷新');
    await this.c.campaigns.releaseUnits(trc, campaign, order.userId, items, { displayName: user.displayName });
    const refund = await this.refunds.request(trc, order, {
      amountFen: order.paidFen - order.refundedFen, reasonKind, reason, dedupeKey, requestedBy: actor, items: fullRefundItems(items),
    });
    return refund.id;
  }

  afterCommit(rc: ServiceContext, refundIds: number[], closedPayments: ReadonlyArray<{ provider: string; outTradeNo: string }>): void {
    this.refunds.kick(rc, refundIds);
    for (const { provider, outTradeNo } of closedPayments) {
      this.c.paymentProvider(provider).closePayment(outTradeNo).catch((err) => this.c.log.warn({ err: (err as Error).message, outTradeNo }, 'closing the provider payment failed; a late payment will be refunded'));
    }
  }
}
