import { NotificationRejectedError, type IncomingHttp } from '../../../../../server/modules/payment/provider';
import {
  createPlatformKeyring,
  loadPlatformKey,
  parsePaymentNotification,
  parseRefundNotification,
  type NotificationKeys,
} from '../../../../../server/infra/wechat/pay';
import {
  beijingTime,
  encryptResource,
  generateRsaKeyPair,
  makeWechatPayTestKeys,
  platformSignatureHeaders,
  type PlatformKeyMode,
  type WechatPayTestKeys,
} from '../../../../helpers/fake-wechatpay';

const NOW = new Date('2026-11-22T02:00:00Z');
const MAX_AGE = 300;

function keysFor(k: WechatPayTestKeys): NotificationKeys {
  return {
    platformKeys: createPlatformKeyring([loadPlatformKey(k.platformPemForConfig, k.platform.serialNo)]),
    apiV3Key: k.apiV3Key,
    maxAgeSeconds: MAX_AGE,
    mchId: k.mchId,
    appId: k.appId,
  };
}

function transaction(k: WechatPayTestKeys, over: Record<string, unknown> = {}) {
  return {
    appid: k.appId, mchid: k.mchId, out_trade_no: 'P20261122000001', transaction_id: '4200000000202611220000000001',
    trade_type: 'JSAPI', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS', attach: '',
    success_time: '2026-11-22T09:59:58+08:00', payer: { openid: 'o-openid-1' },
    amount: { total: 1990, payer_total: 1990, currency: 'CNY', payer_currency: 'CNY' },
    ...over,
  };
}

/** A notification as WeChat sends it, built from parts so each test can spoil one of them. */
function notification(k: WechatPayTestKeys, o: {
  resource?: Record<string, unknown>;
  originalType?: 'transaction' | 'refund';
  eventType?: string;
  at?: Date;
  privateKeyPem?: string;
  serialNo?: string;
  apiV3Key?: string;
} = {}): { headers: Record<string, string>; rawBody: string } {
  const originalType = o.originalType ?? 'transaction';
  const at = o.at ?? new Date(NOW.getTime() - 2000);
  const rawBody = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: beijingTime(at),
    resource_type: 'encrypt-resource',
    event_type: o.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: originalType, ...encryptResource(JSON.stringify(o.resource ?? transaction(k)), o.apiV3Key ?? k.apiV3Key, originalType) },
  });
  const headers = platformSignatureHeaders(rawBody, {
    privateKeyPem: o.privateKeyPem ?? k.platform.privateKeyPem,
    serialNo: o.serialNo ?? k.platform.serialNo,
    at,
  });
  return { headers, rawBody };
}

async function rejection(fn: () => unknown): Promise<NotificationRejectedError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof NotificationRejectedError) return err;
    throw err;
  }
  throw new Error('expected a NotificationRejectedError, nothing was thrown');
}

describe.each<PlatformKeyMode>(['certificate', 'public_key'])('payment notifications, platform key as %s', (mode) => {
  let k: WechatPayTestKeys;
  let keys: NotificationKeys;
  beforeAll(() => {
    k = makeWechatPayTestKeys({ mode });
    keys = keysFor(k);
  });

  it('accepts a good notification and maps the transaction', () => {
    const n = notification(k);
    const p = parsePaymentNotification(n, NOW, keys);
    expect(p).toEqual({
      outTradeNo: 'P20261122000001',
      transactionId: '4200000000202611220000000001',
      tradeState: 'SUCCESS',
      amountFen: 1990,
      paidAt: new Date('2026-11-22T01:59:58Z'),
      raw: JSON.stringify(transaction(k)),
    });
  });

  it('reads the headers whatever their case (Koa gives them lower-cased, some proxies upper-cased)', () => {
    const n = notification(k);
    const lower = Object.fromEntries(Object.entries(n.headers).map(([h, v]) => [h.toLowerCase(), v]));
    const upper = Object.fromEntries(Object.entries(n.headers).map(([h, v]) => [h.toUpperCase(), v]));
    expect(parsePaymentNotification({ headers: lower, rawBody: n.rawBody }, NOW, keys).outTradeNo).toBe('P20261122000001');
    expect(parsePaymentNotification({ headers: upper, rawBody: n.rawBody }, NOW, keys).outTradeNo).toBe('P20261122000001');
  });

  it('takes what the payer paid (payer_total) as the amount', () => {
    const n = notification(k, { resource: transaction(k, { amount: { total: 1990, payer_total: 1890, currency: 'CNY' } }) });
    expect(parsePaymentNotification(n, NOW, keys).amountFen).toBe(1890);
  });

  it('maps a failed payment (no transaction time, no payer_total)', () => {
    const failed = transaction(k, { trade_state: 'PAYERROR', success_time: undefined, transaction_id: undefined, amount: { total: 1990, currency: 'CNY' } });
    const p = parsePaymentNotification(notification(k, { resource: failed, eventType: 'TRANSACTION.PAYERROR' }), NOW, keys);
    expect(p).toMatchObject({ tradeState: 'PAYERROR', paidAt: null, transactionId: '' });
  });

  it('rejects a tampered body as bad_signature', async () => {
    const n = notification(k);
    const tampered: IncomingHttp = { headers: n.headers, rawBody: n.rawBody.replace('"summary":"支付成功"', '"summary":"支付成功 "') };
    expect((await rejection(() => parsePaymentNotification(tampered, NOW, keys))).reason).toBe('bad_signature');
  });

  it('rejects a notification signed by another key as bad_signature', async () => {
    const n = notification(k, { privateKeyPem: generateRsaKeyPair().privateKeyPem });
    expect((await rejection(() => parsePaymentNotification(n, NOW, keys))).reason).toBe('bad_signature');
  });

  it('rejects an unknown Wechatpay-Serial as unknown_serial', async () => {
    const n = notification(k, { serialNo: '7F0000000000000000000000000000000000000A' });
    expect((await rejection(() => parsePaymentNotification(n, NOW, keys))).reason).toBe('unknown_serial');
  });

  it('rejects a stale timestamp (a replay) and one from the future as stale_timestamp', async () => {
    const old = notification(k, { at: new Date(NOW.getTime() - (MAX_AGE + 1) * 1000) });
    const future = notification(k, { at: new Date(NOW.getTime() + (MAX_AGE + 1) * 1000) });
    expect((await rejection(() => parsePaymentNotification(old, NOW, keys))).reason).toBe('stale_timestamp');
    expect((await rejection(() => parsePaymentNotification(future, NOW, keys))).reason).toBe('stale_timestamp');
  });

  it('accepts a timestamp exactly at the age limit', () => {
    const n = notification(k, { at: new Date(NOW.getTime() - MAX_AGE * 1000) });
    expect(parsePaymentNotification(n, NOW, keys).tradeState).toBe('SUCCESS');
  });

  it('rejects a resource encrypted with another APIv3 key as decrypt_failed', async () => {
    const n = notification(k, { apiV3Key: 'X'.repeat(32) });
    expect((await rejection(() => parsePaymentNotification(n, NOW, keys))).reason).toBe('decrypt_failed');
  });

  it('rejects missing, repeated or non-numeric signature headers as malformed', async () => {
    const n = notification(k);
    const withoutSignature = { ...n.headers };
    delete withoutSignature['Wechatpay-Signature'];
    expect((await rejection(() => parsePaymentNotification({ headers: withoutSignature, rawBody: n.rawBody }, NOW, keys))).reason).toBe('malformed');
    const repeated = { ...n.headers, 'Wechatpay-Serial': [k.platform.serialNo, 'OTHER'] };
    expect((await rejection(() => parsePaymentNotification({ headers: repeated, rawBody: n.rawBody }, NOW, keys))).reason).toBe('malformed');
    const twoSpellings = { ...n.headers, 'wechatpay-serial': k.platform.serialNo };
    expect((await rejection(() => parsePaymentNotification({ headers: twoSpellings, rawBody: n.rawBody }, NOW, keys))).reason).toBe('malformed');
    const badTimestamp = { ...n.headers, 'Wechatpay-Timestamp': '12a' };
    expect((await rejection(() => parsePaymentNotification({ headers: badTimestamp, rawBody: n.rawBody }, NOW, keys))).reason).toBe('malformed');
  });

  it('rejects a transaction for another merchant, and a refund notification on the payment route, as malformed', async () => {
    const otherMerchant = notification(k, { resource: transaction(k, { mchid: '1900000000' }) });
    expect((await rejection(() => parsePaymentNotification(otherMerchant, NOW, keys))).message).toMatch(/merchant/);
    const refund = notification(k, { originalType: 'refund', eventType: 'REFUND.SUCCESS', resource: { refund_status: 'SUCCESS' } });
    expect((await rejection(() => parsePaymentNotification(refund, NOW, keys))).reason).toBe('malformed');
  });

  it('rejects an amount that is not integer fen as malformed', async () => {
    const n = notification(k, { resource: transaction(k, { amount: { total: 19.9, payer_total: 19.9 } }) });
    expect((await rejection(() => parsePaymentNotification(n, NOW, keys))).reason).toBe('malformed');
  });
});

describe('refund notifications', () => {
  let k: WechatPayTestKeys;
  beforeAll(() => { k = makeWechatPayTestKeys({ mode: 'public_key' }); });

  const refund = (status: string) => ({
    mchid: k.mchId, transaction_id: '4200000000202611220000000001', out_trade_no: 'P20261122000001',
    refund_id: '50000000382019052709732678859', out_refund_no: 'R20261122000001', refund_status: status,
    ...(status === 'SUCCESS' ? { success_time: '2026-11-22T10:01:00+08:00' } : {}),
    user_received_account: '支付用户零钱', amount: { total: 1990, refund: 1990, payer_total: 1990, payer_refund: 1990 },
  });

  it.each([
    ['SUCCESS', 'succeeded'],
    ['ABNORMAL', 'failed'],
    ['CLOSED', 'failed'],
  ])('REFUND.%s is verified, decrypted and mapped to %s', (status, mapped) => {
    const n = notification(k, { originalType: 'refund', eventType: `REFUND.${status}`, resource: refund(status) });
    const r = parseRefundNotification(n, NOW, keysFor(k));
    expect(r).toMatchObject({
      eventType: `REFUND.${status}`, refundStatus: status, status: mapped, outRefundNo: 'R20261122000001',
      outTradeNo: 'P20261122000001', refundId: '50000000382019052709732678859', refundFen: 1990, totalFen: 1990,
    });
    expect(r.succeededAt).toEqual(status === 'SUCCESS' ? new Date('2026-11-22T02:01:00Z') : null);
  });

  it('a payment notification on the refund route is refused', async () => {
    const n = notification(k);
    expect((await rejection(() => parseRefundNotification(n, NOW, keysFor(k)))).reason).toBe('malformed');
  });
});
