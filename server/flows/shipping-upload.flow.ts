/**
 * WeChat shipping compliance (发货信息录入): WeChat holds a trade mini-program's WeChat Pay funds until the shipping
 * information of the payment is uploaded. For self-pickup that is logistics_type 4, sent once the neighbour has
 * collected the goods. The upload is a durable job queued in the pickup's transaction and retried with backoff;
 * an hourly sweep queues again any collected WeChat Pay order still without `shipping_uploaded_at` (a job that
 * ran out of attempts, a crash), so none is lost. `shipping_uploaded_at` is set once (compare-and-set on NULL).
 * Sandbox payments have nothing at WeChat to release and are skipped.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { HOUR, MINUTE } from '../kernel/clock';
import { toDate, type TxContext } from '../infra/db';

export const SHIPPING_JOBS = { upload: 'shipping.upload', sweep: 'shipping.sweep' } as const;
const UPLOAD_ATTEMPTS = 10;

export type UploadOutcome = 'uploaded' | 'already_uploaded' | 'not_applicable';

export class ShippingUploadFlow {
  constructor(private readonly c: Container) {}

  /** In the pickup's transaction: queue the upload if the order was paid through WeChat Pay. */
  async enqueueIfNeeded(trc: TxContext, orderId: number, suffix = ''): Promise<boolean> {
    const payment = await this.c.payments.succeededPayment(orderId, trc.tx);
    if (payment?.provider !== 'wechat') return false;
    await this.c.jobs.enqueue(trc.tx, {
      kind: SHIPPING_JOBS.upload, runAt: trc.now, dedupeKey: `${SHIPPING_JOBS.upload}:${orderId}${suffix}`, payload: { orderId }, maxAttempts: UPLOAD_ATTEMPTS,
    });
    return true;
  }

  /** Job 'shipping.upload': tells WeChat the order was collected. Throws (→ retried) until WeChat has it. */
  async upload(rc: ServiceContext, orderId: number): Promise<UploadOutcome> {
    const [row] = await this.c.db.select<{ pickedUpAt: unknown; uploadedAt: unknown }>(
      'SELECT picked_up_at AS pickedUpAt, shipping_uploaded_at AS uploadedAt FROM orders WHERE id = :orderId', { orderId });
    if (!row || !toDate(row.pickedUpAt, true)) return 'not_applicable';
    if (toDate(row.uploadedAt, true)) return 'already_uploaded';
    const order = await this.c.orders.get(orderId);
    const payment = await this.c.payments.succeededPayment(orderId);
    if (payment?.provider !== 'wechat') return 'not_applicable';
    if (!payment.transactionId) throw new Error(`order ${orderId}: WeChat Pay payment ${payment.outTradeNo} has no transaction id`);
    const openid = await this.c.identity.openidOf(order.userId);
    if (!openid) throw new Error(`order ${orderId}: the payer has no WeChat openid`);
    const client = this.c.adapters.wechatOpen?.shipping;
    if (!client) throw new Error('WeChat shipping upload is not configured (WECHAT_APP_ID / WECHAT_APP_SECRET)');
    const items = await this.c.orders.repo.items([orderId]);
    const itemDesc = items.map((i) => `${i.title}×${i.quantity}`).join('，') || order.orderNo;
    const result = await client.uploadSelfPickup({ transactionId: payment.transactionId, payerOpenid: openid, itemDesc, uploadTime: rc.now });
    await this.c.db.execute('UPDATE orders SET shipping_uploaded_at = :now WHERE id = :orderId AND shipping_uploaded_at IS NULL', { orderId, now: rc.now });
    this.c.log.info({ orderId, result }, 'shipping information uploaded to WeChat');
    return result;
  }

  /** Job 'shipping.sweep' (hourly): collected WeChat Pay orders still not uploaded get a fresh upload job. */
  async sweep(rc: ServiceContext): Promise<number> {
    const rows = await this.c.db.select<{ id: number }>(
      `SELECT o.id FROM orders o
        WHERE o.picked_up_at IS NOT NULL AND o.picked_up_at <= :before AND o.shipping_uploaded_at IS NULL
          AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'succeeded' AND p.provider = 'wechat')
        ORDER BY o.id LIMIT 500`, { before: new Date(rc.now.getTime() - 30 * MINUTE) });
    if (!rows.length) return 0;
    const bucket = Math.floor(rc.now.getTime() / HOUR);
    await this.c.db.transaction(rc, async (trc) => {
      for (const r of rows) await this.enqueueIfNeeded(trc, Number(r.id), `:sweep:${bucket}`);
    });
    return rows.length;
  }
}
