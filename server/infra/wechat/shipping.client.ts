/**
 * 发货信息录入 (order-shipping): a trade mini-program's funds stay frozen at WeChat until shipping information is
 * uploaded for the payment. Self-pickup is logistics_type 4 with unified delivery (delivery_mode 1) and one
 * shipping_list entry carrying only item_desc; the order is named by its WeChat Pay transaction id.
 * POST /wxa/sec/order/upload_shipping_info?access_token=…
 */
import { wechatFetch, WechatApiError } from './http';
import { withAccessToken, type AccessTokenSource } from './access-token';

export interface SelfPickupShipping {
  transactionId: string;
  payerOpenid: string;
  /** What was handed over, e.g. "水蜜桃（5斤）×2"; WeChat takes up to 120 characters. */
  itemDesc: string;
  uploadTime: Date;
}

export interface ShippingClient {
  /** Resolves once WeChat has the shipping information (also when it already had it); throws otherwise. */
  uploadSelfPickup(s: SelfPickupShipping): Promise<'uploaded' | 'already_uploaded'>;
}

/** 10060002 / 10060003: the payment was already marked shipped — what we wanted. */
const ALREADY_SHIPPED = new Set([10060002, 10060003]);

export function createShippingClient(cfg: { apiBase: string }, tokens: AccessTokenSource): ShippingClient {
  return {
    async uploadSelfPickup(s) {
      const body = {
        order_key: { order_number_type: 2, transaction_id: s.transactionId },
        logistics_type: 4,
        delivery_mode: 1,
        shipping_list: [{ item_desc: s.itemDesc.slice(0, 120) }],
        upload_time: s.uploadTime.toISOString(),
        payer: { openid: s.payerOpenid },
      };
      try {
        await withAccessToken(tokens, (token) => wechatFetch(`${cfg.apiBase}/wxa/sec/order/upload_shipping_info?access_token=${encodeURIComponent(token)}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), api: 'upload_shipping_info',
        }));
        return 'uploaded';
      } catch (err) {
        if (err instanceof WechatApiError && ALREADY_SHIPPED.has(err.errcode)) return 'already_uploaded';
        throw err;
      }
    },
  };
}
