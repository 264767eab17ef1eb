/**
 * WeChat Pay API v3 merchant transfer ("商家转账", the 2025 version where the payee confirms receipt):
 *  - POST /v3/fund-app/mch-transfer/transfer-bills                         发起转账
 *  - GET  /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{no}       商户单号查询转账单
 *  - POST /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{no}/cancel 撤销转账 (before the payee confirms)
 * A bill goes ACCEPTED → PROCESSING → WAIT_USER_CONFIRM (the payee confirms in the mini-program with the
 * package_info, via wx.requestMerchantTransfer) → TRANSFERING → SUCCESS, or FAIL / CANCELLING → CANCELLED.
 * out_bill_no makes the create idempotent on WeChat's side: repeating it returns the same bill.
 * Requests are signed and answers verified by the same client as payments (client.ts).
 */
import { systemClock } from '../../../kernel/clock';
import { WechatPayClient } from './client';
import { LOCAL_ERROR_CODES, WechatPayError } from './errors';
import { createPlatformKeyring, loadMerchantPrivateKey, loadPlatformKey } from './keys';
import type { WechatPayProviderOptions } from './options';

export const TRANSFER_STATES = ['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING', 'SUCCESS', 'FAIL', 'CANCELING', 'CANCELLED'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export interface TransferBillRequest {
  /** Letters and digits, ≤ 32; unique per transfer. */
  outBillNo: string;
  openid: string;
  amountFen: number;
  /** Shown to the payee, ≤ 32 characters. */
  remark: string;
}

export interface TransferBill {
  outBillNo: string;
  transferBillNo: string | null;
  state: TransferState;
  packageInfo: string | null;
  failReason: string | null;
}

export interface WechatTransferOptions {
  /** 转账场景ID agreed with WeChat for this merchant (佣金报酬 is 1005). */
  sceneId: string;
  /** 用户收款感知, shown on the payee's confirmation page. */
  perception: string;
  /** 转账场景报备信息 required by the scene, e.g. 岗位类型 / 报酬说明 for 1005. */
  reportInfos: Array<{ infoType: string; infoContent: string }>;
  /** Where WeChat posts transfer results (optional: we also query). */
  notifyUrl?: string;
}

export interface WechatTransferClient {
  create(req: TransferBillRequest): Promise<TransferBill>;
  /** null when WeChat has no such bill (the create never arrived). */
  query(outBillNo: string): Promise<TransferBill | null>;
  cancel(outBillNo: string): Promise<{ state: TransferState }>;
}

const OUT_BILL_NO = /^[A-Za-z0-9]{1,32}$/;
const API = '/v3/fund-app/mch-transfer/transfer-bills';

export function createWechatTransferClient(opts: WechatPayProviderOptions, transfer: WechatTransferOptions): WechatTransferClient {
  const platformKey = loadPlatformKey(opts.platformCertPem, opts.platformSerialNo);
  const client = new WechatPayClient({
    apiBase: opts.apiBase, mchId: opts.mchId, merchantSerialNo: opts.merchantSerialNo, merchantKey: loadMerchantPrivateKey(opts.merchantPrivateKeyPem),
    platformKeys: createPlatformKeyring([platformKey]), platformSerialNo: platformKey.serialNo, clock: opts.clock ?? systemClock,
    timeoutMs: opts.timeoutMs ?? 10_000,
  });

  const read = (api: string, status: number, requestId: string | undefined, body: unknown): TransferBill => {
    const b = (body ?? {}) as Record<string, unknown>;
    const state = b.state as TransferState;
    if (typeof b.out_bill_no !== 'string' || !TRANSFER_STATES.includes(state)) {
      throw new WechatPayError({ api, httpStatus: status, wechatPayCode: LOCAL_ERROR_CODES.malformed, requestId, message: 'answer without out_bill_no or a known state' });
    }
    return {
      outBillNo: b.out_bill_no, transferBillNo: typeof b.transfer_bill_no === 'string' ? b.transfer_bill_no : null, state,
      packageInfo: typeof b.package_info === 'string' ? b.package_info : null, failReason: typeof b.fail_reason === 'string' ? b.fail_reason : null,
    };
  };
  const check = (outBillNo: string) => {
    if (!OUT_BILL_NO.test(outBillNo)) throw new RangeError(`out_bill_no "${outBillNo}" must be 1–32 letters or digits`);
  };

  return {
    async create(req) {
      check(req.outBillNo);
      if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0) throw new RangeError('transfer amount must be a positive integer number of fen');
      const api = 'createTransferBill';
      const a = await client.call<unknown>(api, 'POST', API, {
        appid: opts.appId,
        out_bill_no: req.outBillNo,
        transfer_scene_id: transfer.sceneId,
        openid: req.openid,
        transfer_amount: req.amountFen,
        transfer_remark: [...req.remark].slice(0, 32).join(''),
        ...(transfer.notifyUrl ? { notify_url: transfer.notifyUrl } : {}),
        user_recv_perception: transfer.perception,
        transfer_scene_report_infos: transfer.reportInfos.map((r) => ({ info_type: r.infoType, info_content: r.infoContent })),
      });
      return read(api, a.status, a.requestId, a.body);
    },
    async query(outBillNo) {
      check(outBillNo);
      const api = 'queryTransferBill';
      try {
        const a = await client.call<unknown>(api, 'GET', `${API}/out-bill-no/${encodeURIComponent(outBillNo)}`);
        return read(api, a.status, a.requestId, a.body);
      } catch (err) {
        if (err instanceof WechatPayError && err.httpStatus === 404) return null;
        throw err;
      }
    },
    async cancel(outBillNo) {
      check(outBillNo);
      const a = await client.call<{ state?: TransferState }>('cancelTransferBill', 'POST', `${API}/out-bill-no/${encodeURIComponent(outBillNo)}/cancel`, {});
      return { state: (a.body?.state ?? 'CANCELING') as TransferState };
    },
  };
}
