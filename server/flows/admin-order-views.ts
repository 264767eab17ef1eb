/**
 * Read models for the admin's refund work: refunds with the reason the provider gave when it refused one, and
 * orders as an admin handling a dispute sees them (lines, every refund with its reason and state, the
 * neighbour's name, what may still be refunded). Orders are found by id or by the order number a neighbour
 * reads out.
 */
import type { Container } from '../container';
import { PAID_STATUSES, type OrderRow } from '../modules/order';
import type { RefundRow } from '../modules/payment';
import type { RefundStatus } from '../../shared/types/statuses';
import type { AdminOrderDTO, AdminRefundDTO } from '../../shared/types/admin-ops';
import type { OrderQuery } from '../../shared/order-query';

/** Newest first, as the admin's refund list shows them. */
const REFUND_LIST_LIMIT = 200;

export function adminRefundDto(r: RefundRow): AdminRefundDTO {
  return {
    id: r.id, orderId: r.orderId, paymentId: r.paymentId, outRefundNo: r.outRefundNo, amountFen: r.amountFen, reasonKind: r.reasonKind,
    reason: r.reason, status: r.status, attempts: r.attempts, providerRefundId: r.providerRefundId, afterSaleId: r.afterSaleId,
    lastError: r.status === 'succeeded' ? null : r.lastError, createdAt: r.createdAt.toISOString(), succeededAt: r.succeededAt?.toISOString() ?? null,
  };
}

export class AdminOrderViews {
  constructor(private readonly c: Container) {}

  /** Refunds in one state, newest first (at most 200). */
  async refundsByStatus(status: RefundStatus): Promise<AdminRefundDTO[]> {
    return (await this.c.payments.refundsByStatus(status, REFUND_LIST_LIMIT)).map(adminRefundDto);
  }

  async refund(id: number): Promise<AdminRefundDTO | null> {
    const r = await this.c.payments.refund(id);
    return r ? adminRefundDto(r) : null;
  }

  async order(id: number, now: Date): Promise<AdminOrderDTO> {
    return (await this.orders([await this.c.orders.get(id)], now))[0];
  }

  /** The order a typed id or order number names: none or one. */
  async find(q: OrderQuery, now: Date): Promise<AdminOrderDTO[]> {
    const rows = q.kind === 'id'
      ? await this.c.orders.repo.findMany('(o.id = :id OR o.order_no = :no)', { id: q.id, no: q.text }, undefined, 'ORDER BY o.id LIMIT 2')
      : await this.c.orders.repo.findMany('o.order_no = :no', { no: q.orderNo }, undefined, 'ORDER BY o.id LIMIT 1');
    return this.orders(rows, now);
  }

  async orders(rows: OrderRow[], now: Date): Promise<AdminOrderDTO[]> {
    if (!rows.length) return [];
    const [dtos, refunds, names] = await Promise.all([
      this.c.views.orders(rows, now),
      this.c.payments.refundsFor(rows.map((o) => o.id)).then((r) => r.map(adminRefundDto)),
      this.c.identity.displayNames(rows.map((o) => o.userId)),
    ]);
    return rows.map((o, i) => ({
      ...dtos[i],
      refunds: refunds.filter((r) => r.orderId === o.id),
      neighbourName: names.get(o.userId) ?? '',
      refundableFen: PAID_STATUSES.includes(o.status) ? Math.max(0, o.paidFen - o.refundedFen) : 0,
    }));
  }
}
