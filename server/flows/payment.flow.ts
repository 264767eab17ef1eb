/**
 * Paying for an order, and applying the provider's verdict.
 *  pay: the order's payment record is created (or reused) in a transaction, then the provider is asked to
 *       prepare it; the client gets what it needs to pay (wx.requestPayment parameters, or the sandbox URL).
 *  notification: verified by the provider (signature, timestamp, decryption), then applied exactly once — the
 *       payment row moves created → succeeded by compare-and-set, so a duplicate or replay changes nothing;
 *       the amount must equal what was asked. A payment that arrives for an order that can no longer be paid
 *       (expired, cancelled, campaign closed) is refunded in full automatically. One campaign's notifications
 *       arriving together are applied in one transaction (group commit on the campaign's row, as joins are).
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { TxContext } from '../infra/db';
import { CAMPAIGN_JOBS, campaignJobKey } from '../modules/campaign';
import type { CampaignRow } from '../modules/campaign';
import type { OrderItemRow, OrderRow } from '../modules/order';
import { NotificationRejectedError, type IncomingHttp, type PaymentNotification, type PaymentRow, type SandboxPaymentProvider } from '../modules/payment';
import { KeyedBatcher, type BatchResult } from '../kernel/batcher';
import type { PayResult } from '../../shared/types/order';
import { fullRefundItems, type RefundFlow } from './refund.flow';

/** A verified notification waiting for its campaign's next batch. */
interface Notified { rc: ServiceContext; n: PaymentNotification }

export type NotificationOutcome = 'applied' | 'duplicate' | 'late_refunded' | 'failed_recorded';

export class PaymentFlow {
  private readonly batcher = new KeyedBatcher<number, Notified, NotificationOutcome>((campaignId, batch) => this.flush(campaignId, batch), 100);

  constructor(private readonly c: Container, private readonly refunds: RefundFlow) {}

  async pay(rc: ServiceContext, userId: number, orderId: number): Promise<PayResult> {
    const provider = this.c.paymentProvider();
    const { order, payment, title } = await this.c.db.transaction(rc, async (trc) => {
      const order = await this.c.orders.getOwned(orderId, userId, trc.tx, true);
      if (order.status !== 'pending_payment') throw new ConflictError(order.status === 'paid' ? '订单已支付' : `订单当前状态为「${order.status}」，不能支付`, { status: order.status }, 'ILLEGAL_TRANSITION');
      if (order.expiresAt <= trc.now) throw new ConflictError('订单已超时，请重新下单', { expiresAt: order.expiresAt }, 'ILLEGAL_TRANSITION');
      const campaign = await this.c.campaigns.get(order.campaignId, trc.tx);
      if (campaign.status !== 'open') throw new ConflictError('活动已结束，不能支付', { status: campaign.status }, 'CAMPAIGN_NOT_OPEN');
      const payment = await this.c.payments.openPayment(trc.tx, order, provider.name, order.itemsFen, trc.now);
      return { order, payment, title: campaign.title };
    });
    const openid = await this.c.identity.openidOf(userId);
    if (provider.name === 'wechat' && !openid) throw new ConflictError('请在微信小程序内支付', undefined, 'ILLEGAL_TRANSITION');
    const prepay = await provider.prepay({
      outTradeNo: payment.outTradeNo, amountFen: payment.amountFen, description: `邻里团购-${title}`.slice(0, 40),
      payerOpenid: openid, expiresAt: order.expiresAt,
    });
    if (prepay.prepayId !== payment.prepayId) await this.c.payments.setPrepayId(payment.id, prepay.prepayId);
    return { provider: provider.name, outTradeNo: payment.outTradeNo, amountFen: payment.amountFen, clientParams: prepay.clientParams };
  }

  /** An HTTP notification from a provider: verify, then apply. Rejections are logged and thrown. */
  async receive(rc: ServiceContext, providerName: 'wechat' | 'sandbox', http: IncomingHttp): Promise<NotificationOutcome> {
    let n: PaymentNotification;
    try {
      n = await this.c.paymentProvider(providerName).parsePaymentNotification(http, rc.now);
    } catch (err) {
      if (err instanceof NotificationRejectedError) this.c.log.warn({ reason: err.reason, provider: providerName }, `payment notification refused: ${err.message}`);
      throw err;
    }
    return this.apply(rc, n);
  }

  /**
   * Applies a verified notification. Notifications for one campaign go through a KeyedBatcher, as joins do:
   * while one batch transaction holds the campaign's row, those arriving meanwhile queue up and are applied
   * together in the next one (a flash sale pays hundreds of orders a minute on one hot row). Each is still
   * decided on its own and answered individually.
   */
  async apply(rc: ServiceContext, n: PaymentNotification): Promise<NotificationOutcome> {
    // Which campaign: read without locks (a payment's order, and the order's campaign, never change).
    const payment = await this.c.payments.paymentByOutTradeNo(n.outTradeNo);
    if (!payment) throw new NotFoundError('payment', n.outTradeNo);
    const order = await this.c.orders.get(payment.orderId);
    return this.batcher.submit(order.campaignId, { rc, n });
  }

  private async flush(campaignId: number, batch: Notified[]): Promise<Array<BatchResult<NotificationOutcome>>> {
    try {
      return await this.applyBatch(campaignId, batch);
    } catch (err) {
      if (batch.length === 1) return [{ ok: false, error: err }];
      // The batch failed as a whole (a deadlock, a broken row): each is applied on its own, so one bad
      // notification cannot hold back the others.
      const results: Array<BatchResult<NotificationOutcome>> = [];
      for (const one of batch) results.push(...(await this.applyBatch(campaignId, [one]).catch((error: unknown) => [{ ok: false as const, error }])));
      return results;
    }
  }

  private async applyBatch(campaignId: number, batch: Notified[]): Promise<Array<BatchResult<NotificationOutcome>>> {
    const rc = batch[batch.length - 1].rc; // the latest clock reading in the batch
    const lateRefunds: number[] = [];
    const results = await this.c.db.transaction(rc, async (trc) => {
      lateRefunds.length = 0;
      const out: Array<BatchResult<NotificationOutcome>> = new Array(batch.length);
      const succeeded = await this.settlePayments(trc, batch.map((b) => b.n), out);
      if (succeeded.length) await this.applySucceeded(trc, campaignId, succeeded, out, lateRefunds);
      return out;
    });
    if (lateRefunds.length) this.refunds.kick(rc, lateRefunds);
    return results;
  }

  /**
   * Each payment row moves by compare-and-set: created → succeeded (a duplicate or replay changes nothing), or
   * → failed. The rows are locked in one fixed order, so two instances' batches cannot deadlock on them.
   * Returns the payments that succeeded just now; `out` gets every other notification's answer.
   */
  private async settlePayments(trc: TxContext, ns: PaymentNotification[], out: Array<BatchResult<NotificationOutcome>>): Promise<Array<{ i: number; payment: PaymentRow }>> {
    const succeeded: Array<{ i: number; payment: PaymentRow }> = [];
    const order = ns.map((_, i) => i).sort((a, b) => (ns[a].outTradeNo < ns[b].outTradeNo ? -1 : ns[a].outTradeNo > ns[b].outTradeNo ? 1 : a - b));
    for (const i of order) {
      const n = ns[i];
      const payment = await this.c.payments.paymentByOutTradeNo(n.outTradeNo, trc.tx, true);
      if (!payment) { out[i] = { ok: false, error: new NotFoundError('payment', n.outTradeNo) }; continue; }
      if (n.tradeState !== 'SUCCESS') {
        await this.c.payments.markFailed(trc.tx, payment.id, n.raw, trc.now);
        out[i] = { ok: true, value: 'failed_recorded' };
        continue;
      }
      if (n.amountFen !== payment.amountFen) {
        this.c.log.error({ outTradeNo: n.outTradeNo, asked: payment.amountFen, paid: n.amountFen }, 'payment amount differs from what was asked');
        out[i] = { ok: false, error: new ConflictError('支付金额与订单不符', { asked: payment.amountFen, paid: n.amountFen }) };
        continue;
      }
      if (!(await this.c.payments.markSucceeded(trc.tx, payment.id, n.transactionId, n.paidAt ?? trc.now, n.raw, trc.now))) {
        out[i] = { ok: true, value: 'duplicate' };
        continue;
      }
      succeeded.push({ i, payment });
    }
    return succeeded.sort((a, b) => a.i - b.i); // back to arrival order: the 接龙 list is in order of payment
  }

  /** Money arrived for these orders: paid where still payable, else refunded in full. */
  private async applySucceeded(
    trc: TxContext, campaignId: number, succeeded: Array<{ i: number; payment: PaymentRow }>, out: Array<BatchResult<NotificationOutcome>>, lateRefunds: number[],
  ): Promise<void> {
    const orderIds = succeeded.map((s) => s.payment.orderId);
    // Two payments of one order in one batch: rare (a second payment after a provider's close); applied one by one.
    if (new Set(orderIds).size !== orderIds.length) throw new Error('two payments of one order in a batch');
    // What needs no lock is read before the campaign's: every query under that lock delays every other join
    // and payment of the campaign. (An order's lines do not change while it awaits payment.)
    const rule = await this.c.commissionRuleFor?.(trc);
    const items = await this.c.orders.repo.items(orderIds, trc.tx);

    // The campaign row, then the orders: the order every writer on this campaign uses.
    const campaign = await this.c.campaigns.lock(trc, campaignId);
    const locked = new Map((await this.c.orders.repo.findMany('o.id IN (:orderIds)', { orderIds }, trc.tx, `ORDER BY o.id${this.c.db.forUpdate}`)).map((o) => [o.id, o]));
    const payable: Array<{ order: OrderRow; amountFen: number }> = [];
    for (const { i, payment } of succeeded) {
      const order = locked.get(payment.orderId)!;
      if (order.status === 'pending_payment' && campaign.status === 'open') {
        payable.push({ order, amountFen: payment.amountFen });
        out[i] = { ok: true, value: 'applied' };
        continue;
      }
      // Money arrived for an order that can no longer be paid: it goes back, in full, automatically.
      await this.c.orders.repo.setColumns(trc.tx, order.id, { paid_fen: order.paidFen + payment.amountFen, paid_at: trc.now });
      const refund = await this.refunds.request(trc, order, {
        amountFen: payment.amountFen, reasonKind: 'late_payment', reason: '订单已失效后到账的付款，原路退回',
        dedupeKey: `late_payment:${payment.id}`, requestedBy: 'system', items: fullRefundItems(items.filter((it) => it.orderId === order.id)),
      });
      lateRefunds.push(refund.id);
      out[i] = { ok: true, value: 'late_refunded' };
    }
    if (payable.length) await this.markPaid(trc, campaign, payable, items, rule?.version ?? null);
  }

  /**
   * pending_payment → paid for a batch of one campaign's orders, and everything that follows from them: the
   * rates they keep, sold stock, the 接龙 list and counters, 成团, messages, sold out. The campaign row is locked;
   * per-order writes are the order's own, the rest is written once for the batch.
   */
  private async markPaid(trc: TxContext, campaign: CampaignRow, payable: Array<{ order: OrderRow; amountFen: number }>, allItems: OrderItemRow[], ruleVersion: number | null): Promise<void> {
    const orders = payable.map((p) => p.order);
    const ids = new Set(orders.map((o) => o.id));
    const items = allItems.filter((it) => ids.has(it.orderId));
    for (const { order, amountFen } of payable) {
      await this.c.orders.transition(trc, order, 'paid', '支付成功', 'system', { paid_fen: amountFen, paid_at: trc.now, commission_rule_version: ruleVersion });
    }
    // An order keeps the rule in force when it was paid: its rates are written now, with the version.
    await this.c.ledger?.onOrdersPaid?.(trc, { orders, items, ruleVersion });
    const sold = new Map<number, number>();
    for (const it of items) sold.set(it.campaignItemId, (sold.get(it.campaignItemId) ?? 0) + it.quantity);
    for (const [itemId, quantity] of sold) await this.c.campaigns.repo.bumpItem(itemId, { sold: quantity }, trc.tx);
    const names = await this.c.identity.displayNames(orders.map((o) => o.userId), trc.tx);
    const counters = await this.c.campaigns.repo.applyPaidDelta(trc.tx, campaign.id, orders.map((o) => ({
      userId: o.userId, displayName: names.get(o.userId) ?? '', quantity: items.filter((it) => it.orderId === o.id).reduce((s, it) => s + it.quantity, 0),
    })), 1, trc.now);
    const mark = await this.c.campaigns.refreshSucceededMark(trc, campaign, counters);
    await this.c.notices?.ordersPaid(trc, orders, { campaign, counters, thresholdReached: mark === 'reached' });
    const after = await this.c.campaigns.items(campaign.id, trc.tx);
    if (after.length && after.every((i) => i.sold >= i.stock)) {
      // Sold out: the campaign may close before its deadline. The deadline handler decides, once.
      await this.c.jobs.enqueue(trc.tx, { kind: CAMPAIGN_JOBS.deadline, runAt: trc.now, dedupeKey: campaignJobKey('campaign.soldout', campaign.id), payload: { campaignId: campaign.id } });
    }
  }

  /** The sandbox "completes or fails payments on request": a signed notification, through the same path. */
  async completeSandbox(rc: ServiceContext, userId: number, outTradeNo: string, result: 'SUCCESS' | 'PAYERROR'): Promise<NotificationOutcome> {
    const provider = this.c.paymentProvider('sandbox') as SandboxPaymentProvider;
    const payment = await this.c.payments.paymentByOutTradeNo(outTradeNo);
    if (!payment || payment.provider !== 'sandbox') throw new NotFoundError('payment', outTradeNo);
    const order = await this.c.orders.get(payment.orderId);
    if (order.userId !== userId) throw new NotFoundError('payment', outTradeNo);
    const signed = provider.sign({ outTradeNo, result, amountFen: payment.amountFen, transactionId: provider.newTransactionId() }, rc.now);
    return this.receive(rc, 'sandbox', { headers: signed.headers, rawBody: signed.rawBody });
  }
}

