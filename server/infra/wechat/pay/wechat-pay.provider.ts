/**
 * The WeChat Pay API v3 PaymentProvider for the mini-program (JSAPI): prepay and the signed parameters of
 * wx.requestPayment, payment and refund notifications, refunds, refund queries and closing unpaid orders.
 * Every call is idempotent on WeChat's side by out_trade_no / out_refund_no, so a caller may repeat any call
 * that failed with a retryable WechatPayError.
 */
import { ConfigError } from '../../../../config/server';
import { systemClock } from '../../../kernel/clock';
import { InvalidInputError } from '../../../kernel/errors';
import type {
  IncomingHttp,
  PaymentNotification,
  PaymentProvider,
  PrepayRequest,
  PrepayResult,
  RefundRequest,
  RefundResult,
} from '../../../modules/payment/provider';
import { WechatPayClient } from './client';
import { LOCAL_ERROR_CODES, WechatPayError } from './errors';
import { createPlatformKeyring, loadMerchantPrivateKey, loadPlatformKey, type PlatformKey } from './keys';
import { MappingError, asJsonObject, mapRefund, mapTransaction, toRfc3339Beijing, type MappedRefund } from './mapping';
import { parsePaymentNotification, parseRefundNotification, type NotificationKeys, type RefundNotification } from './notification';
import type { WechatPayProviderOptions } from './options';
import { newNonce, paySignMessage, rsaSha256Sign, unixSeconds } from './signing';

/** The provider contract, plus what only WeChat Pay has. */
export interface WechatPayProvider extends PaymentProvider {
  readonly name: 'wechat';
  /** Verifies and decrypts a refund result notification (REFUND.SUCCESS / ABNORMAL / CLOSED). */
  parseRefundNotification(http: IncomingHttp, now: Date): Promise<RefundNotification>;
  /** The payment's current state (商户订单号查询订单): for reconciling when a notification never came. */
  queryPayment(outTradeNo: string): Promise<PaymentNotification>;
  /** The platform key in use, e.g. to warn before a platform certificate expires. */
  readonly platformKey: Readonly<Pick<PlatformKey, 'serialNo' | 'source' | 'notAfter'>>;
}

/** out_trade_no as our payments table makes it (the contract); WeChat itself also allows | and *. */
const OUT_TRADE_NO = /^[A-Za-z0-9_-]{6,32}$/;
/** out_refund_no: WeChat allows up to 64 characters of [A-Za-z0-9_-|*@]. */
const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;
const DESCRIPTION_MAX_BYTES = 127;
const REFUND_REASON_MAX_CHARS = 80;
const DEFAULT_TIMEOUT_MS = 10_000;

interface PrepayAnswer { prepay_id?: unknown }

export function createWechatPayProvider(opts: WechatPayProviderOptions): WechatPayProvider {
  // Misconfiguration shows at startup, not at the first payment.
  for (const [name, value] of [['mchId', opts.mchId], ['appId', opts.appId], ['merchantSerialNo', opts.merchantSerialNo], ['notifyUrl', opts.notifyUrl]] as const) {
    if (!value.trim()) throw new ConfigError(`wechatPay: ${name} is required`);
  }
  if (Buffer.byteLength(opts.apiV3Key, 'utf8') !== 32) throw new ConfigError('wechatPay.apiV3Key must be 32 bytes');
  if (!Number.isSafeInteger(opts.notifyMaxAgeSeconds) || opts.notifyMaxAgeSeconds <= 0) {
    throw new ConfigError('payments.notifyMaxAgeSeconds must be a positive integer');
  }
  const merchantKey = loadMerchantPrivateKey(opts.merchantPrivateKeyPem);
  const platformKey = loadPlatformKey(opts.platformCertPem, opts.platformSerialNo);
  const platformKeys = createPlatformKeyring([platformKey]);
  const clock = opts.clock ?? systemClock;
  const client = new WechatPayClient({
    apiBase: opts.apiBase,
    mchId: opts.mchId,
    merchantSerialNo: opts.merchantSerialNo,
    merchantKey,
    platformKeys,
    platformSerialNo: platformKey.serialNo,
    clock,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const notificationKeys: NotificationKeys = {
    platformKeys, apiV3Key: opts.apiV3Key, maxAgeSeconds: opts.notifyMaxAgeSeconds, mchId: opts.mchId, appId: opts.appId,
  };

  /** A signed answer that does not say what the API documents: not retryable, someone must look. */
  const malformed = (api: string, status: number, requestId: string | undefined, message: string) =>
    new WechatPayError({ api, httpStatus: status, wechatPayCode: LOCAL_ERROR_CODES.malformed, requestId, message });

  async function refundCall(api: string, method: 'GET' | 'POST', path: string, outRefundNo: string, payload?: object): Promise<RefundResult> {
    const answer = await client.call<unknown>(api, method, path, payload);
    let refund: MappedRefund;
    try {
      refund = mapRefund(asJsonObject(answer.body, 'refund'), opts);
    } catch (err) {
      if (err instanceof MappingError) throw malformed(api, answer.status, answer.requestId, err.message);
      throw err;
    }
    if (refund.outRefundNo !== outRefundNo) {
      throw malformed(api, answer.status, answer.requestId, `answer is for refund ${refund.outRefundNo}, asked for ${outRefundNo}`);
    }
    return { status: refund.status, providerRefundId: refund.refundId, ...(refund.message ? { message: refund.message } : {}) };
  }

  return {
    name: 'wechat',
    platformKey: { serialNo: platformKey.serialNo, source: platformKey.source, notAfter: platformKey.notAfter },

    async prepay(req: PrepayRequest): Promise<PrepayResult> {
      assertOutTradeNo(req.outTradeNo);
      assertPositiveFen(req.amountFen, 'amountFen');
      if (!req.description.trim()) throw new InvalidInputError('description is required');
      if (Buffer.byteLength(req.description, 'utf8') > DESCRIPTION_MAX_BYTES) {
        throw new InvalidInputError(`description is longer than ${DESCRIPTION_MAX_BYTES} bytes`, { description: req.description });
      }
      if (!req.payerOpenid) throw new InvalidInputError('WeChat JSAPI payment needs the payer openid');
      if (Number.isNaN(req.expiresAt.getTime())) throw new InvalidInputError('expiresAt is not a valid time');

      const api = 'jsapiPrepay';
      const answer = await client.call<PrepayAnswer>(api, 'POST', '/v3/pay/transactions/jsapi', {
        appid: opts.appId,
        mchid: opts.mchId,
        description: req.description,
        out_trade_no: req.outTradeNo,
        time_expire: toRfc3339Beijing(req.expiresAt),
        notify_url: opts.notifyUrl,
        amount: { total: req.amountFen, currency: 'CNY' },
        payer: { openid: req.payerOpenid },
      });
      const prepayId = answer.body?.prepay_id;
      if (typeof prepayId !== 'string' || !prepayId) throw malformed(api, answer.status, answer.requestId, 'answer without prepay_id');

      // wx.requestPayment's parameters, signed with the merchant key (小程序调起支付, signType RSA).
      const timeStamp = unixSeconds(clock.now());
      const nonceStr = newNonce();
      const pkg = `prepay_id=${prepayId}`;
      const paySign = rsaSha256Sign(paySignMessage(opts.appId, timeStamp, nonceStr, pkg), merchantKey);
      return {
        prepayId,
        clientParams: { appId: opts.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign },
      };
    },

    async parsePaymentNotification(http: IncomingHttp, now: Date): Promise<PaymentNotification> {
      return parsePaymentNotification(http, now, notificationKeys);
    },

    async parseRefundNotification(http: IncomingHttp, now: Date): Promise<RefundNotification> {
      return parseRefundNotification(http, now, notificationKeys);
    },

    async refund(req: RefundRequest): Promise<RefundResult> {
      assertOutTradeNo(req.outTradeNo);
      assertOutRefundNo(req.outRefundNo);
      assertPositiveFen(req.amountFen, 'amountFen');
      assertPositiveFen(req.totalFen, 'totalFen');
      if (req.amountFen > req.totalFen) throw new InvalidInputError('refund larger than the payment', { amountFen: req.amountFen, totalFen: req.totalFen });
      // The reason is shown to the payer and WeChat refuses more than 80 characters; a long label must not
      // block an automatic refund, so it is cut rather than refused.
      const reason = [...req.reason.trim()].slice(0, REFUND_REASON_MAX_CHARS).join('');
      return refundCall('createRefund', 'POST', '/v3/refund/domestic/refunds', req.outRefundNo, {
        out_trade_no: req.outTradeNo,
        out_refund_no: req.outRefundNo,
        ...(reason ? { reason } : {}),
        ...(opts.refundNotifyUrl ? { notify_url: opts.refundNotifyUrl } : {}),
        amount: { refund: req.amountFen, total: req.totalFen, currency: 'CNY' },
      });
    },

    async queryRefund(outRefundNo: string): Promise<RefundResult> {
      assertOutRefundNo(outRefundNo);
      return refundCall('queryRefund', 'GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`, outRefundNo);
    },

    async closePayment(outTradeNo: string): Promise<void> {
      assertOutTradeNo(outTradeNo);
      // 204 on success, also for an order already closed. A paid order answers an error (ORDERPAID), which
      // the caller must see: the money arrived and the order has to be paid or refunded, not cancelled.
      await client.call<never>('closeOrder', 'POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: opts.mchId });
    },

    async queryPayment(outTradeNo: string): Promise<PaymentNotification> {
      assertOutTradeNo(outTradeNo);
      const api = 'queryOrderByOutTradeNo';
      const q = new URLSearchParams({ mchid: opts.mchId });
      const answer = await client.call<unknown>(api, 'GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?${q}`);
      let payment: PaymentNotification;
      try {
        payment = mapTransaction(answer.text, opts);
      } catch (err) {
        if (err instanceof MappingError) throw malformed(api, answer.status, answer.requestId, err.message);
        throw err;
      }
      if (payment.outTradeNo !== outTradeNo) throw malformed(api, answer.status, answer.requestId, `answer is for ${payment.outTradeNo}, asked for ${outTradeNo}`);
      return payment;
    },
  };
}

function assertOutTradeNo(v: string): void {
  if (!OUT_TRADE_NO.test(v)) throw new InvalidInputError('outTradeNo must be 6–32 characters of [A-Za-z0-9_-]', { outTradeNo: v });
}
function assertOutRefundNo(v: string): void {
  if (!OUT_REFUND_NO.test(v)) throw new InvalidInputError('outRefundNo must be 1–64 characters of [A-Za-z0-9_-|*@]', { outRefundNo: v });
}
function assertPositiveFen(v: number, name: string): void {
  if (!Number.isSafeInteger(v) || v <= 0) throw new InvalidInputError(`${name} must be a positive integer number of fen`, { [name]: v });
}
