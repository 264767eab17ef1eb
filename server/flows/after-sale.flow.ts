/**
 * 售后 — after pickup, within the return window (48 h for fresh goods, 7 days otherwise; configurable), a
 * neighbour asks for a full or partial refund with a reason and photos; the campaign's leader or an admin
 * approves (the refund is recorded and sent) or rejects it with a note. One open request per order.
 */
import type { Container } from '../container';
import type { TxContext } from '../infra/db';
import type { Transaction } from 'sequelize';
import type { ServiceContext } from '../kernel/context';
import { BusinessRuleError, ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../kernel/errors';
import { HOUR } from '../kernel/clock';
import { AfterSaleModel, type AfterSaleItem } from '../modules/order/order.model';
import type { OrderItemRow, OrderRow } from '../modules/order';
import type { AfterSaleDTO } from '../../shared/types/order';
import { fullRefundItems, type RefundFlow } from './refund.flow';

export interface AfterSaleAsk {
  kind: 'full' | 'partial';
  /** Partial: which units of which items. */
  items?: AfterSaleItem[];
  reason: string;
  photos: string[];
}

const AFTER_PICKUP = new Set(['picked_up', 'partially_refunded']);

export class AfterSaleFlow {
  constructor(private readonly c: Container, private readonly refunds: RefundFlow) {}

  /**
   * The one rule for when an order's return window closes: 48 h after pickup if any of its items is fresh,
   * 7 days otherwise (both configurable). Reads through `tx` when given (inside a transaction, always pass it).
   * `pickedUpAt` defaults to the order's; pickup verification passes the moment it happens.
   */
  async returnWindowEnd(order: Pick<OrderRow, 'id' | 'campaignId' | 'pickedUpAt'>, tx?: Transaction, pickedUpAt = order.pickedUpAt): Promise<Date | null> {
    if (!pickedUpAt) return null;
    const [items, campaignItems] = await Promise.all([this.c.orders.repo.items([order.id], tx), this.c.campaigns.items(order.campaignId, tx)]);
    const fresh = items.some((i) => campaignItems.find((ci) => ci.id === i.campaignItemId)?.fresh);
    const hours = fresh ? this.c.config.orders.returnWindowHoursFresh : this.c.config.orders.returnWindowHoursOther;
    return new Date(pickedUpAt.getTime() + hours * HOUR);
  }

  async request(rc: ServiceContext, userId: number, orderId: number, ask: AfterSaleAsk): Promise<AfterSaleDTO> {
    const id = await this.c.db.transaction(rc, async (trc) => {
      const order = await this.c.orders.getOwned(orderId, userId, trc.tx, true);
      if (!AFTER_PICKUP.has(order.status)) throw new ConflictError('提货后才能申请售后', { status: order.status }, 'ILLEGAL_TRANSITION');
      const items = await this.c.orders.repo.items([order.id], trc.tx);
      const windowEnd = await this.returnWindowEnd(order, trc.tx);
      if (!windowEnd || trc.now > windowEnd) throw new BusinessRuleError('RETURN_WINDOW_CLOSED', '已超过售后期限', { windowEnd });
      const open = await AfterSaleModel.count({ where: { orderId, status: 'open' }, transaction: trc.tx });
      if (open > 0) throw new ConflictError('该订单已有处理中的售后申请');
      const { amountFen, lines } = this.amountFor(order, items, ask);
      const row = await AfterSaleModel.create({
        orderId, userId, kind: ask.kind, amountFen, items: lines, reason: ask.reason, photos: ask.photos, status: 'open',
        createdAt: trc.now, updatedAt: trc.now,
      }, { transaction: trc.tx });
      return row.id;
    });
    return this.get(id);
  }

  /** Approve (refund) or reject. `leaderId` set: a leader deciding — only for their own campaign's orders. */
  async decide(rc: ServiceContext, afterSaleId: number, decision: { approve: boolean; note: string; deciderUserId: number; leaderId?: number }): Promise<AfterSaleDTO> {
    const refundIds: number[] = [];
    // The return window is read before the transaction: it reads the catalogue, which the transaction does not lock.
    const pre = await AfterSaleModel.findByPk(afterSaleId);
    const windowEnd = pre ? await this.orderWindowEnd(pre.orderId) : null;
    await this.c.db.transaction(rc, async (trc) => {
      refundIds.length = 0;
      const row = await AfterSaleModel.findByPk(afterSaleId, { transaction: trc.tx, lock: this.c.db.dialect === 'mysql' });
      if (!row) throw new NotFoundError('after-sale request', afterSaleId);
      const order = await this.c.orders.get(row.orderId, trc.tx, true);
      if (decision.leaderId !== undefined) {
        const campaign = await this.c.campaigns.get(order.campaignId, trc.tx);
        if (campaign.leaderId !== decision.leaderId && order.leaderId !== decision.leaderId) throw new ForbiddenError('只能处理自己活动的售后');
      }
      if (row.status !== 'open') throw new ConflictError(`该申请已${row.status === 'approved' ? '同意' : '拒绝'}`);
      const [n] = await AfterSaleModel.update(
        { status: decision.approve ? 'approved' : 'rejected', decidedBy: decision.deciderUserId, decidedAt: trc.now, decisionNote: decision.note, updatedAt: trc.now },
        { where: { id: afterSaleId, status: 'open' }, transaction: trc.tx });
      if (n !== 1) throw new ConflictError('该申请已被处理');
      await this.c.audit.record(trc.tx, decision.deciderUserId, decision.approve ? 'after_sale.approve' : 'after_sale.reject', 'after_sale', afterSaleId, { note: decision.note, amountFen: row.amountFen }, trc.now);
      // A completion that waited for this decision is checked again (at once if the window is already over).
      if (windowEnd) await this.c.flows.orderLife.scheduleCompletion(trc, order.id, windowEnd > trc.now ? windowEnd : trc.now);
      if (!decision.approve) return;
      const items = await this.c.orders.repo.items([order.id], trc.tx);
      const remaining = order.paidFen - order.refundedFen;
      if (remaining <= 0) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', '该订单已全部退款');
      const full = row.kind === 'full' || row.amountFen >= remaining;
      if (full && AFTER_PICKUP.has(order.status)) await this.c.orders.transition(trc, order, 'refunding', `售后同意：${row.reason}`, `user:${decision.deciderUserId}`);
      const byItem = new Map((row.items ?? []).map((l) => [l.orderItemId, l.quantity]));
      const refundItems = full
        ? fullRefundItems(items)
        : items.filter((i) => byItem.has(i.id)).map((i) => ({ orderItemId: i.id, quantity: byItem.get(i.id)!, amountFen: unitPaid(i) * byItem.get(i.id)! }));
      const refund = await this.refunds.request(trc, order, {
        amountFen: refundItems.reduce((s, x) => s + x.amountFen, 0), reasonKind: 'after_sale', reason: row.reason,
        dedupeKey: `after_sale:${row.id}`, requestedBy: `user:${decision.deciderUserId}`, items: refundItems, afterSaleId: row.id,
      });
      refundIds.push(refund.id);
    });
    this.refunds.kick(rc, refundIds);
    return this.get(afterSaleId);
  }

  private async orderWindowEnd(orderId: number): Promise<Date | null> {
    return this.returnWindowEnd(await this.c.orders.get(orderId));
  }

  async hasOpenRequest(orderId: number, trc: TxContext): Promise<boolean> {
    return (await AfterSaleModel.count({ where: { orderId, status: 'open' }, transaction: trc.tx })) > 0;
  }

  async get(id: number): Promise<AfterSaleDTO> {
    const r = await AfterSaleModel.findByPk(id);
    if (!r) throw new NotFoundError('after-sale request', id);
    return {
      id: r.id, orderId: r.orderId, kind: r.kind, amountFen: r.amountFen, reason: r.reason, photos: r.photos ?? [], status: r.status,
      decisionNote: r.decisionNote ?? null, createdAt: r.createdAt.toISOString(),
    };
  }

  async listForOrders(orderIds: number[]): Promise<AfterSaleDTO[]> {
    if (!orderIds.length) return [];
    const rows = await AfterSaleModel.findAll({ where: { orderId: orderIds }, order: [['id', 'DESC']] });
    return Promise.all(rows.map((r) => this.get(r.id)));
  }

  private amountFor(order: OrderRow, items: OrderItemRow[], ask: AfterSaleAsk): { amountFen: number; lines: AfterSaleItem[] | null } {
    const remaining = order.paidFen - order.refundedFen;
    if (remaining <= 0) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', '该订单已全部退款');
    if (ask.kind === 'full') return { amountFen: remaining, lines: null };
    if (!ask.items?.length) throw new InvalidInputError('部分退款请选择商品和数量');
    let amountFen = 0;
    for (const l of ask.items) {
      const item = items.find((i) => i.id === l.orderItemId);
      if (!item) throw new InvalidInputError(`订单中没有商品 ${l.orderItemId}`);
      if (l.quantity < 1 || l.quantity > item.quantity - item.refundedQuantity) throw new InvalidInputError(`「${item.title}」最多可退 ${item.quantity - item.refundedQuantity} 件`);
      amountFen += unitPaid(item) * l.quantity;
    }
    if (amountFen > remaining) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', '退款金额超过可退金额', { amountFen, remaining });
    return { amountFen, lines: ask.items };
  }
}

/** What one unit finally cost the neighbour (after the tier price at close). */
function unitPaid(i: OrderItemRow): number {
  return i.finalUnitPriceFen ?? i.unitPriceFen;
}
