/**
 * Admins handle disputes: refund any paid order in full or in part (also after completion — the commission
 * ledger reverses what it takes back, even if already settled), and send a refund the provider refused back to
 * the provider. Every decision is audited.
 *
 * A refund asked with an idempotency key (the admin's page sends one per refund form) is recorded once: the
 * same key again — a double tap, a retry after a lost answer — returns the refund already recorded and
 * changes nothing, checked under the order's row lock; the same key with a different amount or reason is
 * refused (409 IDEMPOTENCY_KEY_REUSED).
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { BusinessRuleError, ConflictError, InvalidInputError, NotFoundError } from '../kernel/errors';
import type { TxContext } from '../infra/db';
import { PAID_STATUSES } from '../modules/order';
import type { RefundRow } from '../modules/payment';
import { formatFen } from '../../shared/money';
import { fullRefundItems, prorateOverItems, REFUND_PROCESS_JOB, type RefundFlow } from './refund.flow';

export interface AdminRefundAsk {
  /** Omitted: everything left. */
  amountFen?: number;
  /** Which units go back (quantities), if goods are returned or missing; otherwise the amount is spread by value. */
  items?: Array<{ orderItemId: number; quantity: number }>;
  reason: string;
  reasonKind?: 'admin' | 'uncollected' | 'short_arrival';
}

export interface AdminRefundOutcome {
  refundId: number;
  /** True when the idempotency key had been used for this order already: nothing new was recorded. */
  replayed: boolean;
}

/** Keys the client chose: letters, digits and `_ . : -`, as for joins (see campaigns.routes.ts). */
export const ADMIN_REFUND_KEY = /^[\w.:-]{8,80}$/;

export class AdminRefundFlow {
  constructor(private readonly c: Container, private readonly refunds: RefundFlow) {}

  async refund(rc: ServiceContext, adminUserId: number, orderId: number, ask: AdminRefundAsk): Promise<number> {
    return (await this.request(rc, adminUserId, orderId, ask)).refundId;
  }

  /** Records the refund (once per idempotency key, when one is given) and sends it to the provider after commit. */
  async request(rc: ServiceContext, adminUserId: number, orderId: number, ask: AdminRefundAsk, idempotencyKey?: string): Promise<AdminRefundOutcome> {
    if (idempotencyKey !== undefined && !ADMIN_REFUND_KEY.test(idempotencyKey)) {
      throw new InvalidInputError('Idempotency-Key 须为 8–80 位字母、数字或 _ . : -', { idempotencyKey });
    }
    let outcome: AdminRefundOutcome | null = null;
    await this.c.db.transaction(rc, async (trc) => {
      outcome = null;
      const order = await this.c.orders.get(orderId, trc.tx, true);
      const dedupeKey = idempotencyKey ? `admin:${order.id}:key:${idempotencyKey}` : null;
      if (dedupeKey) {
        const earlier = await this.byDedupeKey(trc, dedupeKey);
        if (earlier) {
          if (!sameAsk(earlier, ask, ask.items?.length ? await this.c.payments.refundItems(earlier.id, trc.tx) : [])) {
            throw new ConflictError('这个 Idempotency-Key 已用于另一笔不同的退款', { idempotencyKey, refundId: earlier.id }, 'IDEMPOTENCY_KEY_REUSED');
          }
          outcome = { refundId: earlier.id, replayed: true };
          return;
        }
      }
      if (!PAID_STATUSES.includes(order.status)) throw new ConflictError(`订单状态「${order.status}」不能退款`, { status: order.status }, 'ILLEGAL_TRANSITION');
      const items = await this.c.orders.repo.items([order.id], trc.tx);
      const remaining = order.paidFen - order.refundedFen;
      if (remaining <= 0) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', '该订单已全部退款', { remaining: 0 });
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
        if (ask.amountFen > remaining) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', `最多可退 ${formatFen(remaining)}`, { remaining });
        lines = prorateOverItems(items, ask.amountFen);
      }
      const amountFen = lines.reduce((s, l) => s + l.amountFen, 0);
      if (amountFen > remaining) throw new BusinessRuleError('REFUND_EXCEEDS_PAID', `最多可退 ${formatFen(remaining)}`, { remaining });
      if (amountFen === remaining) await this.c.orders.transition(trc, order, 'refunding', `平台退款：${ask.reason}`, `user:${adminUserId}`);
      const seq = (await this.c.payments.refundsFor([order.id], trc.tx)).length + 1;
      const refund = await this.refunds.request(trc, order, {
        amountFen, reasonKind: ask.reasonKind ?? 'admin', reason: ask.reason, dedupeKey: dedupeKey ?? `admin:${order.id}:${seq}`,
        requestedBy: `user:${adminUserId}`, items: lines,
      });
      await this.c.audit.record(trc.tx, adminUserId, 'order.refund', 'order', order.id, { amountFen, reason: ask.reason, refundId: refund.id }, trc.now);
      outcome = { refundId: refund.id, replayed: false };
    });
    const done = outcome as AdminRefundOutcome | null;
    if (!done) throw new Error('admin refund transaction ended without an outcome');
    if (!done.replayed) this.refunds.kick(rc, [done.refundId]);
    return done;
  }

  /** The refund an idempotency key recorded, read with a lock so a concurrent repeat waits for the first. */
  private async byDedupeKey(trc: TxContext, dedupeKey: string): Promise<RefundRow | null> {
    const [row] = await this.c.db.select<{ id: number }>(`SELECT id FROM refunds WHERE dedupe_key = :dedupeKey${this.c.db.forUpdate}`, { dedupeKey }, trc.tx);
    return row ? this.c.payments.refund(Number(row.id), trc.tx) : null;
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

/**
 * Whether a repeat asks for what the first request recorded: the same amount and units when it names them (an
 * amount left out meant "everything left" at the time), the same kind and reason.
 */
function sameAsk(earlier: RefundRow, ask: AdminRefundAsk, earlierItems: Array<{ orderItemId: number; quantity: number }>): boolean {
  if (ask.amountFen !== undefined && ask.amountFen !== earlier.amountFen) return false;
  if (ask.items?.length) {
    const units = (l: Array<{ orderItemId: number; quantity: number }>) => l.filter((i) => i.quantity > 0).map((i) => `${i.orderItemId}x${i.quantity}`).sort().join(',');
    if (units(ask.items) !== units(earlierItems)) return false;
  }
  if ((ask.reasonKind ?? 'admin') !== earlier.reasonKind) return false;
  return ask.reason.slice(0, 255) === (earlier.reason ?? '');
}
