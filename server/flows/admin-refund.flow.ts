/**
 * Admins handle disputes: refund any paid order in full or in part (also after completion — the commission
 * ledger reverses what it takes back, even if already settled), and send a refund the provider refused back to
 * the provider. Every decision is audited.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { BusinessRuleError, ConflictError, InvalidInputError, NotFoundError } from '../kernel/errors';
import { PAID_STATUSES } from '../modules/order';
import { fullRefundItems, prorateOverItems, REFUND_PROCESS_JOB, type RefundFlow } from './refund.flow';

export interface AdminRefundAsk {
  /** Omitted: everything left. */
  amountFen?: number;
  /** Which units go back (quantities), if goods are returned or missing; otherwise the amount is spread by value. */
  items?: Array<{ orderItemId: number; quantity: number }>;
  reason: string;
  reasonKind?: 'admin' | 'uncollected' | 'short_arrival';
}

export class AdminRefundFlow {
  constructor(private readonly c: Container, private readonly refunds: RefundFlow) {}

  async refund(rc: ServiceContext, adminUserId: number, orderId: number, ask: AdminRefundAsk): Promise<number> {
    const refundIds: number[] = [];
    await this.c.db.transaction(rc, async (trc) => {
      refundIds.length = 0;
      const order = await this.c.orders.get(orderId, trc.tx, true);
      if (!PAID_STATUSES.includes(order.status)) throw new ConflictError(`订单状态「${order.status}」不能退款`, { status: order.status }, 'ILLEGAL_TRANSITION');
      const items = await this.c.orders.repo.items([order.id], trc.tx);
      const remaining = order.paidFen - order.refundedFen;
      if (remaining <= 0) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', '该订单已全部退款');
      let lines;
      if (ask.items?.length) {
        lines = ask.items.map((l) => {
          const it = items.find((i) => i.id === l.orderItemId);
          if (!it) throw new InvalidInputError(`订单中没有商品 ${l.orderItemId}`);
          if (l.quantity > it.quantity - it.refundedQuantity) throw new InvalidInputError(`「${it.title}」最多可退 ${it.quantity - it.refundedQuantity} 件`);
          return { orderItemId: it.id, quantity: l.quantity, amountFen: (it.finalUnitPriceFen ?? it.unitPriceFen) * l.quantity };
        });
      } else if (ask.amountFen === undefined || ask.amountFen === remaining) {
        lines = fullRefundItems(items);
      } else {
        if (ask.amountFen > remaining) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', `最多可退 ${remaining} 分`, { remaining });
        lines = prorateOverItems(items, ask.amountFen);
      }
      const amountFen = lines.reduce((s, l) => s + l.amountFen, 0);
      if (amountFen > remaining) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', `最多可退 ${remaining} 分`, { remaining });
      if (amountFen === remaining) await this.c.orders.transition(trc, order, 'refunding', `平台退款：${ask.reason}`, `user:${adminUserId}`);
      const seq = (await this.c.payments.refundsFor([order.id], trc.tx)).length + 1;
      const refund = await this.refunds.request(trc, order, {
        amountFen, reasonKind: ask.reasonKind ?? 'admin', reason: ask.reason, dedupeKey: `admin:${order.id}:${seq}`,
        requestedBy: `user:${adminUserId}`, items: lines,
      });
      await this.c.audit.record(trc.tx, adminUserId, 'order.refund', 'order', order.id, { amountFen, reason: ask.reason, refundId: refund.id }, trc.now);
      refundIds.push(refund.id);
    });
    this.refunds.kick(rc, refundIds);
    return refundIds[0];
  }

  /** A refund the provider refused (or that ran out of retries) is tried again. */
  async retry(rc: ServiceContext, adminUserId: number, refundId: number): Promise<void> {
    await this.c.db.transaction(rc, async (trc) => {
      const r = await this.c.payments.refund(refundId, trc.tx, true);
      if (!r) throw new NotFoundError('refund', refundId);
      if (r.status !== 'failed' && r.status !== 'pending') throw new ConflictError(`退款状态为「${r.status}」，无需重试`);
      await this.c.payments.reopenRefund(trc.tx, refundId, trc.now);
      await this.c.jobs.enqueue(trc.tx, { kind: REFUND_PROCESS_JOB, runAt: trc.now, dedupeKey: `${REFUND_PROCESS_JOB}:${refundId}:retry:${trc.now.getTime()}`, payload: { refundId } });
      await this.c.audit.record(trc.tx, adminUserId, 'refund.retry', 'refund', refundId, {}, trc.now);
    });
    this.refunds.kick(rc, [refundId]);
  }
}
