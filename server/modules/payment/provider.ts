/**
 * The payment-provider port. Two implementations: WeChat Pay API v3 (mini-program JSAPI) in
 * infra/wechat/pay, and the sandbox (modules/payment/sandbox.provider.ts) for development and the demo.
 * Amounts are integer fen. Every call is idempotent on the provider side by its out_trade_no / out_refund_no.
 */

export type ProviderName = 'wechat' | 'sandbox';

export interface PrepayRequest {
  /** Our payment number (payments.out_trade_no): 6–32 characters of [A-Za-z0-9_-]. */
  outTradeNo: string;
  amountFen: number;
  /** Shown to the payer, e.g. "邻里团购-奉化水蜜桃". At most 127 bytes. */
  description: string;
  /** The payer's openid (required by WeChat JSAPI; the sandbox ignores it). */
  payerOpenid: string | null;
  /** The payment must be made before this time. */
  expiresAt: Date;
}

export interface PrepayResult {
  prepayId: string;
  /**
   * What the client passes to pay. WeChat: the signed parameters of wx.requestPayment —
   * { timeStamp, nonceStr, package: "prepay_id=…", signType: "RSA", paySign }. Sandbox: { sandboxPayUrl }.
   */
  clientParams: Record<string, string>;
}

/** A verified, decrypted payment result from the provider. */
export interface PaymentNotification {
  outTradeNo: string;
  transactionId: string;
  /** SUCCESS, or a failure such as CLOSED / PAYERROR / REVOKED. */
  tradeState: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  /** What the payer actually paid, in fen (WeChat: amount.payer_total; checked against the payment). */
  amountFen: number;
  paidAt: Date | null;
  /** The decrypted resource, kept with the payment for audit. */
  raw: string;
}

export interface RefundRequest {
  outTradeNo: string;
  outRefundNo: string;
  amountFen: number;
  /** The original payment's total (WeChat requires it). */
  totalFen: number;
  reason: string;
}

export interface RefundResult {
  /** succeeded: money is back; processing: ask again later (queryRefund); failed: it will not happen. */
  status: 'succeeded' | 'processing' | 'failed';
  providerRefundId: string | null;
  message?: string;
}

export interface IncomingHttp {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export class NotificationRejectedError extends Error {
  constructor(readonly reason: 'bad_signature' | 'stale_timestamp' | 'unknown_serial' | 'malformed' | 'decrypt_failed', message: string) {
    super(message);
    this.name = 'NotificationRejectedError';
  }
}

export interface PaymentProvider {
  readonly name: ProviderName;
  prepay(req: PrepayRequest): Promise<PrepayResult>;
  /**
   * Verifies and decodes a payment notification as the provider sends it. Throws NotificationRejectedError
   * for a bad signature, a stale timestamp (replay) or an undecryptable body. `now` is the server's clock.
   */
  parsePaymentNotification(http: IncomingHttp, now: Date): Promise<PaymentNotification>;
  refund(req: RefundRequest): Promise<RefundResult>;
  queryRefund(outRefundNo: string): Promise<RefundResult>;
  /** Closes an unpaid payment so a late payment cannot happen (order expired or cancelled). */
  closePayment(outTradeNo: string): Promise<void>;
}
