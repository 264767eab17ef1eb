/**
 * Refunds: recorded first (with a dedupe key, bounded by what was paid), then sent to the provider by a
 * durable job that retries until the provider answers. A refund never happens twice: the dedupe key makes the
 * record once, the provider is idempotent on out_refund_no, and results are written with compare-and-set.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { BusinessRuleError, ConflictError } from '../kernel/errors';
import type { TxContext } from '../infra/db';
import type { OrderItemRow, OrderRow } from '../modules/order';
import { prorate } from '../../shared/money';
import type { RefundRow } from '../modules/payment';
import type { RefundReason } from '../../shared/types/statuses';

export const REFUND_PROCESS_JOB = 'refund.process';

type ItemMoney = Pick<OrderItemRow, 'id' | 'quantity' | 'unitPriceFen' | 'refundedQuantity' | 'refundedFen'>;

/** A full refund of what is left on each item: its remaining units and what was paid for them. */
export function fullRefundItems(items: readonly ItemMoney[]): RefundAsk['items'] {
  return items
    .map((i) => ({ orderItemId: i.id, quantity: i.quantity - i.refundedQuantity, amountFen: i.unitPriceFen * i.quantity - i.refundedFen }))
    .filter((x) => x.amountFen > 0 || x.quantity > 0);
}

/** Splits an amount over items in proportion to what each cost (largest remainder), giving back no units. */
export function prorateOverItems(items: readonly ItemMoney[], amountFen: number): RefundAsk['items'] {
  const parts = prorate(items.map((i) => i.unitPriceFen * i.quantity - i.refundedFen), amountFen);
  return items.map((i, k) => ({ orderItemId: i.id, quantity: 0, amountFen: parts[k] })).filter((x) => x.amountFen > 0);
}

export interface RefundAsk {
  amountFen: number;
  reasonKind: RefundReason;
  reason: string;
  /** Unique per real-world refund, e.g. `campaign_failed:<orderId>`, `tier:<orderId>`, `after_sale:<id>`. */
  dedupeKey: string;
  requestedBy: string;
  items: Array<{ orderItemId: number; quantity: number; amountFen: number }>;
  afterSaleId?: number | null;
}

export class RefundFlow {
  constructor(private readonly c: Container) {}

  /**
   * Inside the caller's transaction: records the refund and its bookkeeping on the order, and schedules the
   * provider call. Asking again with the same dedupe key returns the first refund and changes nothing.
   */
  async request(trc: TxContext, order: Pick<OrderRow, 'id'>, ask: RefundAsk): Promise<RefundRow> {
    if (!Number.isSafeInteger(ask.amountFen) || ask.amountFen <= 0) throw new BusinessRuleError('BUSINESS_RULE', '退款金额必须大于 0');
    const itemsTotal = ask.items.reduce((s, i) => s + i.amountFen, 0);
    if (itemsTotal !== ask.amountFen) throw new Error(`refund items (${itemsTotal}) do not add up to the refund (${ask.amountFen})`);
    const payment = await this.c.payments.succeededPayment(order.id, trc.tx);
    if (!payment) throw new ConflictError('订单没有成功的支付，无需退款');
    const { refund, created } = await this.c.payments.createRefund(trc.tx, { ...ask, orderId: order.id, paymentId: payment.id }, trc.now);
    if (!created) return refund;
    if (!(await this.c.orders.repo.addRefunded(trc.tx, order.id, ask.amountFen, trc.now))) {
      throw new BusinessRuleError('REFUND_EXCEEDS_PAID', '退款总额不能超过实付金额', { orderId: order.id, amountFen: ask.amountFen });
    }
    for (const it of ask.items) await this.c.orders.repo.addItemRefund(trc.tx, it.orderItemId, it.quantity, it.amountFen);
    await this.c.ledger?.onRefundRecorded(trc, refund.id);
    await this.c.jobs.enqueue(trc.tx, { kind: REFUND_PROCESS_JOB, runAt: trc.now, dedupeKey: `${REFUND_PROCESS_JOB}:${refund.id}`, payload: { refundId: refund.id } });
    return refund;
  }

  /**
   * Asks the provider (job handler, retried by the scheduler on a thrown error). Idempotent: a refund already
   * settled is left alone; the provider answers the same out_refund_no with the same refund.
   */
  async process(rc: ServiceContext, refundId: number): Promise<void> {
    const refund = await this.c.payments.refund(refundId);
    if (!refund || refund.status === 'succeeded' || refund.status === 'failed') return;
    const payment = (await this.c.payments.paymentsForOrder(refund.orderId)).find((p) => p.id === refund.paymentId)!;
    const provider = this.c.paymentProvider(payment.provider);
    const result = refund.status === 'processing'
      ? await provider.queryRefund(refund.outRefundNo)
      : await provider.refund({ outTradeNo: payment.outTradeNo, outRefundNo: refund.outRefundNo, amountFen: refund.amountFen, totalFen: payment.amountFen, reason: refund.reason ?? refund.reasonKind });
    if (result.status === 'succeeded') return this.settle(rc, refundId, result.providerRefundId);
    if (result.status === 'processing') {
      await this.c.payments.setRefundStatus(undefined, refundId, 'processing', rc.now, { providerRefundId: result.providerRefundId });
      // Thrown so the scheduler asks again after its backoff; the refund stays recorded meanwhile.
      throw new Error(`refund ${refund.outRefundNo} still processing at the provider`);
    }
    await this.c.payments.setRefundStatus(undefined, refundId, 'failed', rc.now, { error: result.message ?? 'provider refused the refund' });
    this.c.log.error({ refundId, outRefundNo: refund.outRefundNo, message: result.message }, 'refund failed at the provider: needs an admin');
  }

  /** The provider confirmed: mark it, and finish the order's refund state once nothing is outstanding. */
  async settle(rc: ServiceContext, refundId: number, providerRefundId: string | null): Promise<void> {
    await this.c.db.transaction(rc, async (trc) => {
      const refund = (await this.c.payments.refund(refundId, trc.tx, true))!;
      if (!(await this.c.payments.setRefundStatus(trc.tx, refundId, 'succeeded', trc.now, { providerRefundId }))) return;
      const order = await this.c.orders.get(refund.orderId, trc.tx, true);
      if ((await this.c.payments.unfinishedRefunds(order.id, trc.tx)).length > 0) return;
      if (order.status === 'refunding' && order.refundedFen >= order.paidFen) {
        await this.c.orders.transition(trc, order, 'refunded', '退款已到账', 'system');
      } else if (order.status === 'refunding') {
        await this.c.orders.transition(trc, order, 'refunded', '退款已到账（部分商品此前已退）', 'system');
      } else if (order.status === 'picked_up' && refund.reasonKind === 'after_sale') {
        await this.c.orders.transition(trc, order, 'partially_refunded', '售后部分退款已到账', 'system');
      }
      await this.c.notices?.refundSucceeded(trc, order, refund);
    });
  }

  /** After commit, try the provider at once so the neighbour is not kept waiting; the job is the safety net. */
  kick(rc: ServiceContext, refundIds: number[]): void {
    for (const id of refundIds) {
      this.process(rc, id).catch((err) => this.c.log.warn({ err: (err as Error).message, refundId: id }, 'refund will be retried by its job'));
    }
  }
}
