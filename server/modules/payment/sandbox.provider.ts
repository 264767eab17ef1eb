/**
 * The sandbox payment provider, for development and the demo: no money moves. A payment is completed or
 * failed "on request" (the demo's pay button, or a test) through POST /api/payments/sandbox/notify with a body
 * signed by HMAC-SHA256 with the server's secret — the same verify-then-apply path as WeChat's notifications.
 * Refunds succeed at once.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  NotificationRejectedError, type IncomingHttp, type PaymentNotification, type PaymentProvider, type PrepayRequest,
  type PrepayResult, type RefundRequest, type RefundResult,
} from './provider';

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
export const SANDBOX_TIMESTAMP_HEADER = 'x-sandbox-timestamp';

export interface SandboxNotificationBody { outTradeNo: string; result: 'SUCCESS' | 'PAYERROR'; amountFen: number; transactionId: string }

export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  constructor(private readonly secret: string, private readonly maxAgeSeconds: number, private readonly publicBaseUrl: string) {}

  async prepay(req: PrepayRequest): Promise<PrepayResult> {
    return {
      prepayId: `sandbox_${req.outTradeNo}`,
      clientParams: { sandboxPayUrl: `${this.publicBaseUrl}/api/payments/sandbox/${encodeURIComponent(req.outTradeNo)}`, amountFen: String(req.amountFen) },
    };
  }

  /** Builds the signed notification the sandbox "sends" when a payment is completed or failed on request. */
  sign(body: SandboxNotificationBody, now: Date): { headers: Record<string, string>; rawBody: string } {
    const rawBody = JSON.stringify(body);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    return { headers: { [SANDBOX_TIMESTAMP_HEADER]: timestamp, [SANDBOX_SIGNATURE_HEADER]: this.mac(timestamp, rawBody) }, rawBody };
  }

  newTransactionId(): string { return `sandbox-${randomUUID()}`; }

  async parsePaymentNotification(http: IncomingHttp, now: Date): Promise<PaymentNotification> {
    const header = (n: string) => { const v = http.headers[n]; return Array.isArray(v) ? v[0] : v; };
    const timestamp = header(SANDBOX_TIMESTAMP_HEADER);
    const signature = header(SANDBOX_SIGNATURE_HEADER);
    if (!timestamp || !signature) throw new NotificationRejectedError('malformed', 'missing sandbox signature headers');
    const expected = Buffer.from(this.mac(timestamp, http.rawBody));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new NotificationRejectedError('bad_signature', 'sandbox signature mismatch');
    if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > this.maxAgeSeconds) throw new NotificationRejectedError('stale_timestamp', 'sandbox notification too old');
    let body: SandboxNotificationBody;
    try { body = JSON.parse(http.rawBody); } catch { throw new NotificationRejectedError('malformed', 'sandbox body is not JSON'); }
    return {
      outTradeNo: body.outTradeNo, transactionId: body.transactionId, tradeState: body.result, amountFen: body.amountFen,
      paidAt: body.result === 'SUCCESS' ? now : null, raw: http.rawBody,
    };
  }

  async refund(req: RefundRequest): Promise<RefundResult> {
    return { status: 'succeeded', providerRefundId: `sandbox-refund-${req.outRefundNo}` };
  }

  async queryRefund(outRefundNo: string): Promise<RefundResult> {
    return { status: 'succeeded', providerRefundId: `sandbox-refund-${outRefundNo}` };
  }

  async closePayment(): Promise<void> { /* nothing is held open in the sandbox */ }

  private mac(timestamp: string, body: string): string {
    return createHmac('sha256', this.secret).update(`${timestamp}\n${body}\n`).digest('base64');
  }
}
