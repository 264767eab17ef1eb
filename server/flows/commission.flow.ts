/**
 * The commission ledger hooked into the group-buy flows (LedgerHooks), inside their transactions:
 *  - payment:  the order keeps the rule in force when it was paid — the version (orders.commission_rule_version,
 *              via commissionRuleFor) and the resolved rates: each item's leader bps (campaign item, else product,
 *              else the version's default) and the pickup fee (the point's own, else the version's default);
 *  - 成团:     the confirmed orders' split is accrued as pending entries. The tier differences were refunded a
 *              moment before in the same transaction; they are price adjustments, so the split starts from the
 *              final price (the refund hook posts nothing for an order not yet accrued);
 *  - a refund: the split is recomputed and the difference appended (pending before completion, available
 *              after it — also after settlement: the next statement deducts it);
 *  - completion: pending balances are released to available, ready for settlement.
 * The ledger module decides the numbers (ledger.rules.ts); this flow only gathers the facts from the order,
 * campaign, catalogue and pickup modules.
 */
import type { Container } from '../container';
import type { TxContext } from '../infra/db';
import type { OrderItemRow, OrderRow } from '../modules/order';
import { resolveLeaderBps, resolvePickupFeeFen, type LedgerService, type OrderFacts } from '../modules/ledger';
import type { LedgerHooks } from './hooks';

export class CommissionFlow implements LedgerHooks {
  constructor(private readonly c: Container, private readonly ledger: LedgerService) {}

  /** The version new payments take (orders.commission_rule_version); null while no rule was ever written. */
  async ruleFor(trc: TxContext): Promise<{ version: number } | null> {
    const rule = await this.ledger.ruleInForce(trc.now, trc.tx);
    return rule ? { version: rule.version } : null;
  }

  /** Payment: snapshot the orders' rates under the version they were paid with (no reads of what the payment holds). */
  async onOrdersPaid(trc: TxContext, paid: { orders: OrderRow[]; items: OrderItemRow[]; ruleVersion: number | null }): Promise<void> {
    await this.snapshotRates(trc, paid.orders, paid.items, new Map(paid.orders.map((o) => [o.id, paid.ruleVersion])));
  }

  async onCampaignSucceeded(trc: TxContext, campaignId: number): Promise<void> {
    const orders = await this.c.orders.repo.findMany("o.campaign_id = :campaignId AND o.status = 'confirmed'", { campaignId }, trc.tx, 'ORDER BY o.id');
    if (!orders.length) return;
    const items = await this.c.orders.repo.items(orders.map((o) => o.id), trc.tx);
    await this.snapshotRates(trc, orders, items);
    await this.ledger.accrue(trc, await this.facts(trc, orders.map((o) => o.id)));
  }

  async onRefundRecorded(trc: TxContext, refundId: number): Promise<void> {
    const refund = await this.c.payments.refund(refundId, trc.tx);
    if (!refund) return;
    // A payment that arrived after its order lapsed never became a sale: nothing was accrued, nothing to reverse.
    if (refund.reasonKind === 'late_payment') return;
    const [facts] = await this.facts(trc, [refund.orderId]);
    const order = await this.c.orders.get(refund.orderId, trc.tx);
    await this.ledger.reverse(trc, facts, refundId, order.completedAt !== null);
  }

  async onOrderCompleted(trc: TxContext, orderId: number): Promise<void> {
    const order = await this.c.orders.get(orderId, trc.tx);
    await this.ledger.release(trc, { orderId, campaignId: order.campaignId });
  }

  /** The orders as the ledger rules see them (rates as snapshotted; re-read after any snapshot). */
  async facts(trc: TxContext, orderIds: number[]): Promise<OrderFacts[]> {
    const orders = await this.c.orders.repo.findMany('o.id IN (:orderIds)', { orderIds }, trc.tx);
    const items = await this.c.orders.repo.items(orderIds, trc.tx);
    // The supplier of each SKU, read in the transaction (see snapshotRates on SQLite connections).
    const skuRows = items.length ? await this.c.db.select<{ id: number; supplierId: number }>(
      'SELECT s.id, p.supplier_id AS supplierId FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id IN (:ids)',
      { ids: [...new Set(items.map((i) => i.skuId))] }, trc.tx) : [];
    const supplierOf = new Map(skuRows.map((r) => [Number(r.id), Number(r.supplierId)]));
    const missing = orders.filter((o) => o.pickupFeeFen === null).length + items.filter((i) => i.leaderBps === null).length;
    if (missing) throw new Error(`commission rates not snapshotted for ${missing} order(s)/item(s) of orders ${orderIds.join(',')}`);
    return orders.map((o) => ({
      orderId: o.id, campaignId: o.campaignId, leaderId: o.leaderId, pickupPointId: o.pickupPointId, pickupFeeFen: o.pickupFeeFen!,
      paidFen: o.paidFen, refundedFen: o.refundedFen,
      items: items.filter((i) => i.orderId === o.id).map((i) => ({
        id: i.id, supplierId: supplierOf.get(i.skuId)!, quantity: i.quantity, refundedQuantity: i.refundedQuantity,
        unitPriceFen: i.unitPriceFen, refundedFen: i.refundedFen, supplyCostFen: i.supplyCostFen, leaderBps: i.leaderBps!,
      })),
    }));
  }

  /**
   * Writes each item's leader bps and the order's pickup fee where they are not set yet, from the order's rule
   * version. At payment this sets them; at 成团 it only fills orders paid before the ledger was wired in.
   */
  private async snapshotRates(trc: TxContext, orders: OrderRow[], items: OrderItemRow[], knownVersions?: Map<number, number | null>): Promise<void> {
    const needItems = items.filter((i) => i.leaderBps === null);
    const needOrders = orders.filter((o) => o.pickupFeeFen === null);
    if (!needItems.length && !needOrders.length) return;
    const versionOf = knownVersions ?? new Map((await this.c.db.select<{ id: number; v: number | null }>(
      'SELECT id, commission_rule_version AS v FROM orders WHERE id IN (:ids)', { ids: orders.map((o) => o.id) }, trc.tx))
      .map((r) => [Number(r.id), r.v === null ? null : Number(r.v)]));
    const ratesCache = new Map<number | null, Awaited<ReturnType<LedgerService['ratesOf']>>>();
    const rates = async (orderId: number) => {
      const v = versionOf.get(orderId) ?? null;
      if (!ratesCache.has(v)) ratesCache.set(v, await this.ledger.ratesOf(v, trc.tx));
      return ratesCache.get(v)!;
    };
    const campaignItems = new Map((await this.c.campaigns.repo.items([...new Set(orders.map((o) => o.campaignId))], trc.tx)).map((ci) => [ci.id, ci]));
    for (const it of needItems) {
      const ci = campaignItems.get(it.campaignItemId);
      const bps = resolveLeaderBps(ci?.leaderCommissionBps ?? null, ci?.productCommissionBps ?? null, (await rates(it.orderId)).leaderBps);
      await this.c.orders.repo.setLeaderBps(trc.tx, it.id, bps);
      it.leaderBps = bps;
    }
    if (needOrders.length) {
      // Read inside the transaction: on SQLite a read on another connection in the middle of a write
      // transaction can wait behind the writers queued on this process's write lock.
      const points = await this.c.db.select<{ id: number; feeFen: number | null }>(
        'SELECT id, fee_fen AS feeFen FROM pickup_points WHERE id IN (:ids)', { ids: [...new Set(needOrders.map((o) => o.pickupPointId))] }, trc.tx);
      const feeOf = new Map(points.map((p) => [Number(p.id), p.feeFen === null ? null : Number(p.feeFen)]));
      for (const o of needOrders) {
        const fee = resolvePickupFeeFen(feeOf.get(o.pickupPointId) ?? null, (await rates(o.id)).pickupFeeFen);
        await this.c.orders.repo.setColumns(trc.tx, o.id, { pickup_fee_fen: fee });
        o.pickupFeeFen = fee;
      }
    }
  }
}
