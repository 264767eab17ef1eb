/**
 * Paying for an order, and applying the provider's verdict.
 *  pay: the order's payment record is created (or reused) in a transaction, then the provider is asked to
 *       prepare it; the client gets what it needs to pay (wx.requestPayment parameters, or the sandbox URL).
 *  notification: verified by the provider (signature, timestamp, decryption), then applied exactly once — the
 *       payment row moves created → succeeded by compare-and-set, so a duplicate or replay changes nothing;
 *       the amount must equal what was asked. A payment that arrives for an order that can no longer be paid
 *       (expired, cancelled, campaign closed) is refunded in full automatically.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { TxContext } from '../infra/db';
import { CAMPAIGN_JOBS, campaignJobKey } from '../modules/campaign';
import type { CampaignRow } from '../modules/campaign';
import type { OrderItemRow, OrderRow } from '../modules/order';
import { NotificationRejectedError, type IncomingHttp, type PaymentNotification, type SandboxPaymentProvider } from '../modules/payment';
import type { PayResult } from '../../shared/types/order';
import { fullRefundItems, type RefundFlow } from './refund.flow';

interface PaidFacts { items: OrderItemRow[]; ruleVersion: number | null; displayName: string }

export type NotificationOutcome = 'applied' | 'duplicate' | 'late_refunded' | 'failed_recorded';

export class PaymentFlow {
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

  async apply(rc: ServiceContext, n: PaymentNotification): Promise<NotificationOutcome> {
    const lateRefunds: number[] = [];
    const outcome = await this.c.db.transaction(rc, async (trc): Promise<NotificationOutcome> => {
      lateRefunds.length = 0;
      const payment = await this.c.payments.paymentByOutTradeNo(n.outTradeNo, trc.tx, true);
      if (!payment) throw new NotFoundError('payment', n.outTradeNo);
      if (n.tradeState !== 'SUCCESS') {
        await this.c.payments.markFailed(trc.tx, payment.id, n.raw, trc.now);
        return 'failed_recorded';
      }
      if (n.amountFen !== payment.amountFen) {
        this.c.log.error({ outTradeNo: n.outTradeNo, asked: payment.amountFen, paid: n.amountFen }, 'payment amount differs from what was asked');
        throw new ConflictError('支付金额与订单不符', { asked: payment.amountFen, paid: n.amountFen });
      }
      if (!(await this.c.payments.markSucceeded(trc.tx, payment.id, n.transactionId, n.paidAt ?? trc.now, n.raw, trc.now))) return 'duplicate';

      const order = await this.c.orders.get(payment.orderId, trc.tx);
      // What needs no lock is read before the campaign's: every query under that lock delays every other join
      // and payment of the campaign. (An order's lines do not change while it awaits payment.)
      const facts = await this.paidFacts(trc, order);
      const campaign = await this.c.campaigns.lock(trc, order.campaignId);
      const locked = await this.c.orders.get(order.id, trc.tx, true);
      if (locked.status === 'pending_payment' && campaign.status === 'open') {
        await this.markPaid(trc, locked, campaign, facts, payment.amountFen);
        return 'applied';
      }
      // Money arrived for an order that can no longer be paid: it goes back, in full, automatically.
      await this.c.orders.repo.setColumns(trc.tx, locked.id, { paid_fen: locked.paidFen + payment.amountFen, paid_at: trc.now });
      const items = await this.c.orders.repo.items([locked.id], trc.tx);
      const refund = await this.refunds.request(trc, locked, {
        amountFen: payment.amountFen, reasonKind: 'late_payment', reason: '订单已失效后到账的付款，原路退回',
        dedupeKey: `late_payment:${payment.id}`, requestedBy: 'system', items: fullRefundItems(items),
      });
      lateRefunds.push(refund.id);
      return 'late_refunded';
    });
    if (lateRefunds.length) this.refunds.kick(rc, lateRefunds);
    return outcome;
  }

  /** What marking an order paid needs that no lock guards: its lines, the rule in force, the buyer's name. */
  private async paidFacts(trc: TxContext, order: OrderRow): Promise<PaidFacts> {
    const rule = await this.c.commissionRuleFor?.(trc);
    const items = await this.c.orders.repo.items([order.id], trc.tx);
    const user = await this.c.identity.getUser(order.userId, trc.tx);
    return { items, ruleVersion: rule?.version ?? null, displayName: user.displayName };
  }

  /** pending_payment → paid, and everything that follows from one more paid order. The campaign row is locked. */
  private async markPaid(trc: TxContext, order: OrderRow, campaign: CampaignRow, facts: PaidFacts, amountFen: number): Promise<void> {
    const { items, ruleVersion } = facts;
    await this.c.orders.transition(trc, order, 'paid', '支付成功', 'system', { paid_fen: amountFen, paid_at: trc.now, commission_rule_version: ruleVersion });
    // An order keeps the rule in force when it was paid: its rates are written now, with the version.
    await this.c.ledger?.onOrderPaid?.(trc, { order, items, ruleVersion });
    for (const it of items) await this.c.campaigns.repo.bumpItem(it.campaignItemId, { sold: it.quantity }, trc.tx);
    const quantity = items.reduce((s, i) => s + i.quantity, 0);
    const counters = await this.c.campaigns.repo.applyPaidDelta(trc.tx, order.campaignId, order.userId, facts.displayName, quantity, 1, trc.now);
    const mark = await this.c.campaigns.refreshSucceededMark(trc, campaign, counters);
    await this.c.notices?.orderPaid(trc, order, { campaign, counters, thresholdReached: mark === 'reached' });
    const after = await this.c.campaigns.items(order.campaignId, trc.tx);
    if (after.length && after.every((i) => i.sold >= i.stock)) {
      // Sold out: the campaign may close before its deadline. The deadline handler decides, once.
      await this.c.jobs.enqueue(trc.tx, { kind: CAMPAIGN_JOBS.deadline, runAt: trc.now, dedupeKey: campaignJobKey('campaign.soldout', order.campaignId), payload: { campaignId: order.campaignId } });
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

