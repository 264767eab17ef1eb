/**
 * How a statement's money reaches its beneficiary. The settlement flow records an attempt (statement_payouts)
 * before calling an adapter and applies the outcome after, so a crash in between leaves a pending attempt that
 * the payout check job asks about again — never a second transfer (the adapter's key is the attempt's
 * out_bill_no, which the provider treats as idempotent).
 */
import type { WechatTransferClient, TransferBill } from '../../infra/wechat/pay/transfer.client';
import { WechatPayError } from '../../infra/wechat/pay/errors';

export interface PayoutRequest {
  outBillNo: string;
  amountFen: number;
  /** The payee's WeChat openid (transfers to WeChat balance need it). */
  openid: string | null;
  /** Shown to the payee. */
  remark: string;
  /** A manual payout's reference (bank transfer number, receipt…). */
  reference?: string;
}

export interface PayoutResult {
  /** succeeded: the money arrived; pending: ask again later; failed: nothing was paid, a new attempt may follow. */
  state: 'succeeded' | 'pending' | 'failed';
  providerState: string;
  providerRef: string | null;
  /** WeChat: what the payee's mini-program needs to confirm receipt (wx.requestMerchantTransfer). */
  packageInfo?: string | null;
  message?: string;
}

export interface PayoutAdapter {
  readonly method: 'manual' | 'wechat';
  transfer(req: PayoutRequest): Promise<PayoutResult>;
  /** The attempt's current state at the provider; 'missing' when it never arrived there. */
  query(outBillNo: string): Promise<PayoutResult | 'missing'>;
}

/** An admin paid outside the system (bank transfer, cash) and gives the reference: done at once. */
export class ManualPayoutAdapter implements PayoutAdapter {
  readonly method = 'manual' as const;
  async transfer(req: PayoutRequest): Promise<PayoutResult> {
    if (!req.reference?.trim()) throw new RangeError('a manual payout needs a reference');
    return { state: 'succeeded', providerState: 'MANUAL', providerRef: req.reference.trim() };
  }
  async query(): Promise<'missing'> { return 'missing'; }
}

/** Amounts from ¥2,000 need the payee's real name, encrypted (user_name); we do not hold it: pay those manually. */
export const WECHAT_TRANSFER_MAX_FEN = 200_000 - 1;

/** Pays into the payee's WeChat balance through the merchant transfer API. */
export class WechatTransferPayoutAdapter implements PayoutAdapter {
  readonly method = 'wechat' as const;
  constructor(private readonly client: WechatTransferClient) {}

  async transfer(req: PayoutRequest): Promise<PayoutResult> {
    if (!req.openid) return { state: 'failed', providerState: 'NO_OPENID', providerRef: null, message: '收款人没有绑定微信（openid），请线下打款' };
    try {
      return toResult(await this.client.create({ outBillNo: req.outBillNo, openid: req.openid, amountFen: req.amountFen, remark: req.remark }));
    } catch (err) {
      // A refusal (4xx, not retryable: balance, scene, openid) means nothing was paid; anything else is unknown
      // and stays pending for the check job to ask about.
      if (err instanceof WechatPayError && !err.retryable && err.httpStatus !== null && err.httpStatus < 500) {
        return { state: 'failed', providerState: err.wechatPayCode, providerRef: null, message: err.message };
      }
      throw err;
    }
  }

  async query(outBillNo: string): Promise<PayoutResult | 'missing'> {
    const bill = await this.client.query(outBillNo);
    return bill ? toResult(bill) : 'missing';
  }
}

function toResult(b: TransferBill): PayoutResult {
  const base = { providerState: b.state, providerRef: b.transferBillNo, packageInfo: b.packageInfo };
  if (b.state === 'SUCCESS') return { ...base, state: 'succeeded' };
  if (b.state === 'FAIL' || b.state === 'CANCELLED') return { ...base, state: 'failed', message: b.failReason ?? b.state };
  return { ...base, state: 'pending' };
}
