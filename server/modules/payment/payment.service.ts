/**
 * Payments and refunds as records. Money only moves through these rows: a payment is created before the
 * provider is asked, a refund is recorded (with a dedupe key) before the provider is asked, and provider
 * results are written back with compare-and-set so duplicate notifications change nothing.
 */
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';
import type { PaymentStatus, RefundReason, RefundStatus } from '../../../shared/types/statuses';
import { PaymentModel, RefundItemModel, RefundModel } from './payment.model';

export interface PaymentRow {
  id: number; orderId: number; provider: string; outTradeNo: string; amountFen: number; status: PaymentStatus;
  prepayId: string | null; transactionId: string | null; paidAt: Date | null;
}

export interface RefundRow {
  id: number; orderId: number; paymentId: number; outRefundNo: string; amountFen: number; reasonKind: RefundReason;
  reason: string | null; status: RefundStatus; attempts: number; providerRefundId: string | null; afterSaleId: number | null;
  createdAt: Date; succeededAt: Date | null;
  /** The provider's last refusal or error, kept for the admin who retries it. */
  lastError: string | null;
}

export interface NewRefund {
  orderId: number; paymentId: number; amountFen: number; reasonKind: RefundReason; reason: string; dedupeKey: string;
  requestedBy: string; afterSaleId?: number | null; items: Array<{ orderItemId: number; quantity: number; amountFen: number }>;
}

const PAYMENT_COLUMNS = `id, order_id AS orderId, provider, out_trade_no AS outTradeNo, amount_fen AS amountFen, status,
  prepay_id AS prepayId, transaction_id AS transactionId, paid_at AS paidAt`;
const REFUND_COLUMNS = `id, order_id AS orderId, payment_id AS paymentId, out_refund_no AS outRefundNo, amount_fen AS amountFen,
  reason_kind AS reasonKind, reason, status, attempts, provider_refund_id AS providerRefundId, after_sale_id AS afterSaleId,
  created_at AS createdAt, succeeded_at AS succeededAt, last_error AS lastError`;

const toPayment = (r: Record<string, unknown>): PaymentRow => ({ ...(r as unknown as PaymentRow), amountFen: Number(r.amountFen), paidAt: toDate(r.paidAt, true) });
const toRefund = (r: Record<string, unknown>): RefundRow => ({
  ...(r as unknown as RefundRow), amountFen: Number(r.amountFen), attempts: Number(r.attempts), createdAt: toDate(r.createdAt), succeededAt: toDate(r.succeededAt, true),
  lastError: r.lastError == null ? null : String(r.lastError),
});

export class PaymentService {
  constructor(private readonly db: Database) {}

  async paymentByOutTradeNo(outTradeNo: string, tx?: Transaction, lock = false): Promise<PaymentRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE out_trade_no = :outTradeNo${lock ? this.db.forUpdate : ''}`, { outTradeNo }, tx);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async paymentsForOrder(orderId: number, tx?: Transaction): Promise<PaymentRow[]> {
    return (await this.db.select<Record<string, unknown>>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = :orderId ORDER BY id`, { orderId }, tx)).map(toPayment);
  }

  /** The succeeded payment of an order (there is at most one that counts: the order's paid_fen). */
  async succeededPayment(orderId: number, tx?: Transaction): Promise<PaymentRow | null> {
    return (await this.paymentsForOrder(orderId, tx)).find((p) => p.status === 'succeeded') ?? null;
  }

  /** Reuses the order's open payment (a retried "pay" click), or creates the next one. */
  async openPayment(tx: Transaction, order: { id: number; orderNo: string }, provider: string, amountFen: number, now: Date): Promise<PaymentRow> {
    const existing = await this.paymentsForOrder(order.id, tx);
    const open = existing.find((p) => p.status === 'created' && p.provider === provider && p.amountFen === amountFen);
    if (open) return open;
    const p = await PaymentModel.create({
      orderId: order.id, provider, outTradeNo: `${order.orderNo}P${existing.length + 1}`, amountFen, status: 'created', createdAt: now, updatedAt: now,
    }, { transaction: tx });
    return toPayment(p.get({ plain: true }) as unknown as Record<string, unknown>);
  }

  async setPrepayId(paymentId: number, prepayId: string): Promise<void> {
    await PaymentModel.update({ prepayId }, { where: { id: paymentId } });
  }

  /** created → succeeded; false if it already was (a duplicate notification). */
  async markSucceeded(tx: Transaction, paymentId: number, transactionId: string, paidAt: Date, raw: string, now: Date): Promise<boolean> {
    return (await this.db.execute(
      `UPDATE payments SET status = 'succeeded', transaction_id = :transactionId, paid_at = :paidAt, notification = :raw, updated_at = :now
        WHERE id = :paymentId AND status IN ('created', 'failed', 'closed')`, { paymentId, transactionId, paidAt, raw, now }, tx)) === 1;
  }

  async markFailed(tx: Transaction, paymentId: number, raw: string, now: Date): Promise<boolean> {
    return (await this.db.execute(
      `UPDATE payments SET status = 'failed', notification = :raw, updated_at = :now WHERE id = :paymentId AND status = 'created'`,
      { paymentId, raw, now }, tx)) === 1;
  }

  async markClosed(tx: Transaction | undefined, orderId: number, now: Date): Promise<PaymentRow[]> {
    const open = (await this.paymentsForOrder(orderId, tx)).filter((p) => p.status === 'created');
    for (const p of open) await this.db.execute(`UPDATE payments SET status = 'closed', updated_at = :now WHERE id = :id AND status = 'created'`, { id: p.id, now }, tx);
    return open;
  }

  /** Records a refund once: a second request with the same dedupe key returns the first one. */
  async createRefund(tx: Transaction, r: NewRefund, now: Date): Promise<{ refund: RefundRow; created: boolean }> {
    const [existing] = await this.db.select<Record<string, unknown>>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE dedupe_key = :k`, { k: r.dedupeKey }, tx);
    if (existing) return { refund: toRefund(existing), created: false };
    const seq = await RefundModel.count({ where: { orderId: r.orderId }, transaction: tx });
    const created = await RefundModel.create({
      orderId: r.orderId, paymentId: r.paymentId, outRefundNo: `R${r.orderId}x${seq + 1}x${now.getTime().toString(36)}`,
      amountFen: r.amountFen, reasonKind: r.reasonKind, reason: r.reason.slice(0, 255), status: 'pending', dedupeKey: r.dedupeKey,
      requestedBy: r.requestedBy.slice(0, 64), afterSaleId: r.afterSaleId ?? null, createdAt: now, updatedAt: now,
    }, { transaction: tx });
    for (const it of r.items) {
      await RefundItemModel.create({ refundId: created.id, orderItemId: it.orderItemId, quantity: it.quantity, amountFen: it.amountFen }, { transaction: tx });
    }
    return { refund: (await this.refund(created.id, tx))!, created: true };
  }

  async refund(id: number, tx?: Transaction, lock = false): Promise<RefundRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = :id${lock ? this.db.forUpdate : ''}`, { id }, tx);
    return rows[0] ? toRefund(rows[0]) : null;
  }

  /** Refunds in one state, newest first. */
  async refundsByStatus(status: RefundStatus, limit: number, tx?: Transaction): Promise<RefundRow[]> {
    return (await this.db.select<Record<string, unknown>>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE status = :status ORDER BY id DESC LIMIT ${Math.floor(limit)}`, { status }, tx)).map(toRefund);
  }

  async refundsFor(orderIds: number[], tx?: Transaction): Promise<RefundRow[]> {
    if (!orderIds.length) return [];
    return (await this.db.select<Record<string, unknown>>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE order_id IN (:orderIds) ORDER BY id`, { orderIds }, tx)).map(toRefund);
  }

  async refundItems(refundId: number, tx?: Transaction): Promise<Array<{ orderItemId: number; quantity: number; amountFen: number }>> {
    const rows = await this.db.select<{ orderItemId: number; quantity: number; amountFen: number }>(
      'SELECT order_item_id AS orderItemId, quantity, amount_fen AS amountFen FROM refund_items WHERE refund_id = :refundId ORDER BY id', { refundId }, tx);
    return rows.map((r) => ({ orderItemId: Number(r.orderItemId), quantity: Number(r.quantity), amountFen: Number(r.amountFen) }));
  }

  /** Writes a provider's answer. Only a pending/processing refund moves; a succeeded one never changes again. */
  async setRefundStatus(tx: Transaction | undefined, id: number, status: RefundStatus, now: Date, extra: { providerRefundId?: string | null; error?: string } = {}): Promise<boolean> {
    return (await this.db.execute(
      `UPDATE refunds SET status = :status, attempts = attempts + 1, provider_refund_id = COALESCE(:pid, provider_refund_id),
              last_error = :err, succeeded_at = CASE WHEN :status = 'succeeded' THEN :now ELSE succeeded_at END, updated_at = :now
        WHERE id = :id AND status IN ('pending', 'processing')`,
      { id, status, now, pid: extra.providerRefundId ?? null, err: extra.error ?? null }, tx)) === 1;
  }

  /** A refund the provider refused goes back to pending for another try (an admin's decision). */
  async reopenRefund(tx: Transaction, id: number, now: Date): Promise<boolean> {
    return (await this.db.execute(`UPDATE refunds SET status = 'pending', updated_at = :now WHERE id = :id AND status IN ('failed', 'pending')`, { id, now }, tx)) === 1;
  }

  async unfinishedRefunds(orderId: number, tx?: Transaction): Promise<RefundRow[]> {
    return (await this.refundsFor([orderId], tx)).filter((r) => r.status === 'pending' || r.status === 'processing');
  }
}
