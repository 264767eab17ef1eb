/**
 * WeChat Pay's JSON (transactions and refunds, from API answers or decrypted notifications) read into our
 * types. The input is untrusted in shape even when its signature is good (an API change, a field we never
 * saw), so every field is checked and a surprise is a MappingError, which callers turn into their own error.
 */
import type { PaymentNotification, RefundResult } from '../../../modules/payment/provider';

export class MappingError extends Error {}

type Json = Record<string, unknown>;

const TRADE_STATES: ReadonlyArray<PaymentNotification['tradeState']> = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'];
export type WechatRefundStatus = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';
const REFUND_STATUSES: readonly WechatRefundStatus[] = ['SUCCESS', 'PROCESSING', 'CLOSED', 'ABNORMAL'];

export function parseJsonObject(text: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MappingError(`${what} is not JSON`);
  }
  return asJsonObject(value, what);
}

export function asJsonObject(value: unknown, what: string): Json {
  if (!isObject(value)) throw new MappingError(`${what} is not a JSON object`);
  return value;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Json, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new MappingError(`${what}.${key} is missing`);
  return v;
}
function optStr(o: Json, key: string, what: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new MappingError(`${what}.${key} is not a string`);
  return v;
}
/** Money fields are integer fen on the wire as well; anything else is a protocol surprise, not a rounding job. */
function optFen(o: Json, key: string, what: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new MappingError(`${what}.${key} is not an amount in fen`);
  return v;
}
function optTime(o: Json, key: string, what: string): Date | null {
  const v = optStr(o, key, what);
  if (v === undefined) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new MappingError(`${what}.${key} "${v}" is not an RFC 3339 time`);
  return d;
}
function obj(o: Json, key: string): Json {
  const v = o[key];
  return isObject(v) ? v : {};
}

/** Who we are: a transaction or refund for another merchant or app is not ours to act on. */
export interface MerchantIdentity { mchId: string; appId: string }

/**
 * A transaction ("订单", from a notification or a query) as a PaymentNotification. `amountFen` is what the
 * payer paid (amount.payer_total), falling back to amount.total when WeChat leaves it out (unpaid states).
 */
export function mapTransaction(raw: string, me: MerchantIdentity): PaymentNotification {
  const t = parseJsonObject(raw, 'transaction');
  const what = 'transaction';
  const mchid = optStr(t, 'mchid', what);
  if (mchid !== undefined && mchid !== me.mchId) throw new MappingError(`transaction is for merchant ${mchid}, we are ${me.mchId}`);
  const appid = optStr(t, 'appid', what);
  if (appid !== undefined && appid !== me.appId) throw new MappingError(`transaction is for app ${appid}, we are ${me.appId}`);

  const tradeState = str(t, 'trade_state', what);
  if (!TRADE_STATES.includes(tradeState as PaymentNotification['tradeState'])) throw new MappingError(`unknown trade_state ${tradeState}`);
  const state = tradeState as PaymentNotification['tradeState'];
  const amount = obj(t, 'amount');
  const payerTotal = optFen(amount, 'payer_total', 'transaction.amount');
  const total = optFen(amount, 'total', 'transaction.amount');
  const paid = state === 'SUCCESS' || state === 'REFUND';
  if (paid && payerTotal === undefined && total === undefined) throw new MappingError('a paid transaction without amount');
  const transactionId = optStr(t, 'transaction_id', what);
  if (paid && transactionId === undefined) throw new MappingError('a paid transaction without transaction_id');
  const currency = optStr(amount, 'payer_currency', 'transaction.amount') ?? optStr(amount, 'currency', 'transaction.amount');
  if (currency !== undefined && currency !== 'CNY') throw new MappingError(`transaction in ${currency}, we only take CNY`);

  return {
    outTradeNo: str(t, 'out_trade_no', what),
    transactionId: transactionId ?? '',
    tradeState: state,
    amountFen: payerTotal ?? total ?? 0,
    paidAt: paid ? optTime(t, 'success_time', what) : null,
    raw,
  };
}

/** SUCCESS: money is back; PROCESSING: ask again; CLOSED / ABNORMAL: this refund will not complete by itself. */
export function refundResultOf(status: WechatRefundStatus): RefundResult['status'] {
  switch (status) {
    case 'SUCCESS': return 'succeeded';
    case 'PROCESSING': return 'processing';
    case 'CLOSED':
    case 'ABNORMAL': return 'failed';
  }
}

const REFUND_FAILURE_MESSAGES: Partial<Record<WechatRefundStatus, string>> = {
  CLOSED: 'WeChat Pay closed the refund (退款关闭)',
  // ABNORMAL: the payer's card or account refused the money; it has to be handled in the merchant platform.
  ABNORMAL: 'refund abnormal (退款异常): the payer account refused it; handle it in the WeChat Pay merchant platform',
};

export interface MappedRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  transactionId: string | null;
  refundStatus: WechatRefundStatus;
  status: RefundResult['status'];
  refundFen: number;
  totalFen: number;
  /** What went back to the payer (less than refundFen when coupons were used). */
  payerRefundFen: number | null;
  succeededAt: Date | null;
  userReceivedAccount: string | null;
  message?: string;
}

/**
 * A refund, from the refund API (status in `status`) or a refund notification (status in `refund_status`).
 */
export function mapRefund(r: Json, me: Pick<MerchantIdentity, 'mchId'>): MappedRefund {
  const what = 'refund';
  const mchid = optStr(r, 'mchid', what);
  if (mchid !== undefined && mchid !== me.mchId) throw new MappingError(`refund is for merchant ${mchid}, we are ${me.mchId}`);
  const rawStatus = optStr(r, 'status', what) ?? optStr(r, 'refund_status', what);
  if (!rawStatus || !REFUND_STATUSES.includes(rawStatus as WechatRefundStatus)) throw new MappingError(`unknown refund status ${rawStatus ?? '(none)'}`);
  const refundStatus = rawStatus as WechatRefundStatus;
  const amount = obj(r, 'amount');
  const refundFen = optFen(amount, 'refund', 'refund.amount');
  const totalFen = optFen(amount, 'total', 'refund.amount');
  if (refundFen === undefined || totalFen === undefined) throw new MappingError('refund.amount.refund / total missing');
  return {
    outTradeNo: str(r, 'out_trade_no', what),
    outRefundNo: str(r, 'out_refund_no', what),
    refundId: str(r, 'refund_id', what),
    transactionId: optStr(r, 'transaction_id', what) ?? null,
    refundStatus,
    status: refundResultOf(refundStatus),
    refundFen,
    totalFen,
    payerRefundFen: optFen(amount, 'payer_refund', 'refund.amount') ?? null,
    succeededAt: refundStatus === 'SUCCESS' ? optTime(r, 'success_time', what) : null,
    userReceivedAccount: optStr(r, 'user_received_account', what) ?? null,
    message: REFUND_FAILURE_MESSAGES[refundStatus],
  };
}

/**
 * RFC 3339 in Beijing time, whole seconds: "2026-11-22T10:15:00+08:00". WeChat's docs show every time with
 * +08:00 and it is what its support expects to read; China has no daylight saving, so the offset is fixed.
 */
export function toRfc3339Beijing(at: Date): string {
  const beijing = new Date(Math.floor(at.getTime() / 1000) * 1000 + 8 * 3600_000);
  return `${beijing.toISOString().slice(0, 19)}+08:00`;
}
