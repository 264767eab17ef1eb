/**
 * The WeChat Pay provider against the fake WeChat Pay over real HTTP: real signing on both sides, real
 * notifications, refunds and injected failures. No database is involved.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, createVerify } from 'node:crypto';
import { NotificationRejectedError, type PaymentNotification, type PrepayRequest } from '../../../server/modules/payment/provider';
import { createWechatPayProvider, WechatPayError, type WechatPayProvider } from '../../../server/infra/wechat/pay';
import { ManualClock } from '../../../server/kernel/clock';
import {
  FakeWechatPay,
  generateRsaKeyPair,
  makeWechatPayTestKeys,
  parseAuthorization,
  wechatPayProviderOptions,
  type PlatformKeyMode,
  type WechatPayTestKeys,
} from '../../helpers/fake-wechatpay';

let seq = 0;
const outTradeNo = () => `P${Date.now()}${String(++seq).padStart(4, '0')}`;
const prepayRequest = (over: Partial<PrepayRequest> = {}): PrepayRequest => ({
  outTradeNo: outTradeNo(),
  amountFen: 1990,
  description: '邻里团购-奉化水蜜桃',
  payerOpenid: 'o-openid-buyer-1',
  expiresAt: new Date(Date.now() + 15 * 60_000),
  ...over,
});

async function failure(p: Promise<unknown>): Promise<WechatPayError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WechatPayError) return err;
    throw err;
  }
  throw new Error('expected a WechatPayError, the call succeeded');
}

/** A stand-in for our webhook route: what WeChat's POST looks like when it reaches a Node HTTP server. */
async function startNotifyReceiver(provider: () => WechatPayProvider) {
  const received: Array<PaymentNotification | NotificationRejectedError> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      provider().parsePaymentNotification({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') }, new Date()).then(
        (n) => { received.push(n); res.writeHead(204).end(); },
        (err: unknown) => {
          received.push(err as NotificationRejectedError);
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: (err as Error).message }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/wechat-pay`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each<PlatformKeyMode>(['certificate', 'public_key'])('WeChat Pay provider over HTTP (platform key as %s)', (mode) => {
  let keys: WechatPayTestKeys;
  let fake: FakeWechatPay;
  let provider: WechatPayProvider;
  let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;

  beforeAll(async () => {
    keys = makeWechatPayTestKeys({ mode });
    fake = await new FakeWechatPay(keys).start();
    // The receiver needs the provider and the provider needs the receiver's URL: the receiver asks late.
    receiver = await startNotifyReceiver(() => provider);
    provider = createWechatPayProvider(wechatPayProviderOptions(keys, fake.url, { notifyUrl: receiver.url }));
  });
  afterAll(async () => {
    await receiver.close();
    await fake.stop();
  });

  describe('prepay', () => {
    it('creates a JSAPI transaction and returns wx.requestPayment parameters signed with the merchant key', async () => {
      const req = prepayRequest({ expiresAt: new Date('2030-01-02T03:04:05.678Z') });
      const result = await provider.prepay(req);

      const call = fake.callsTo('/v3/pay/transactions/jsapi').at(-1)!;
      expect(call.status).toBe(200);
      expect(call.body).toEqual({
        appid: keys.appId, mchid: keys.mchId, description: req.description, out_trade_no: req.outTradeNo,
        time_expire: '2030-01-02T11:04:05+08:00', notify_url: receiver.url,
        amount: { total: 1990, currency: 'CNY' }, payer: { openid: 'o-openid-buyer-1' },
      });
      expect(call.authorization).toMatchObject({ mchid: keys.mchId, serial_no: keys.merchant.serialNo });
      expect(call.headers['user-agent']).toBeTruthy();
      expect(call.headers.accept).toBe('application/json');

      expect(result.prepayId).toBe(fake.transactions.get(req.outTradeNo)!.prepayId);
      const p = result.clientParams;
      expect(p).toMatchObject({ appId: keys.appId, package: `prepay_id=${result.prepayId}`, signType: 'RSA' });
      expect(p.timeStamp).toMatch(/^\d{10}$/);
      expect(p.nonceStr).toMatch(/^[0-9A-Za-z]{1,32}$/);
      const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
      expect(createVerify('RSA-SHA256').update(message).verify(createPublicKey(keys.merchant.publicKeyPem), p.paySign, 'base64')).toBe(true);
    });

    it('a repeated prepay for the same order gets the same prepay_id (safe to retry)', async () => {
      const req = prepayRequest();
      const first = await provider.prepay(req);
      const second = await provider.prepay(req);
      expect(second.prepayId).toBe(first.prepayId);
    });

    it('the fake refuses a request signed with another merchant key: 401 SIGN_ERROR, not retryable', async () => {
      const impostor = createWechatPayProvider(wechatPayProviderOptions(keys, fake.url, { merchantPrivateKeyPem: generateRsaKeyPair().privateKeyPem }));
      const req = prepayRequest();
      const err = await failure(impostor.prepay(req));
      expect(err).toMatchObject({ httpStatus: 401, wechatPayCode: 'SIGN_ERROR', retryable: false, api: 'jsapiPrepay' });
      expect(fake.transactions.has(req.outTradeNo)).toBe(false);
    });

    it('the fake refuses a request without Authorization', async () => {
      const res = await fetch(`${fake.url}/v3/pay/transactions/jsapi`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('SIGN_ERROR');
    });

    it('refuses bad input before calling WeChat', async () => {
      const before = fake.calls.length;
      await expect(provider.prepay(prepayRequest({ amountFen: 19.9 }))).rejects.toThrow(/fen/);
      await expect(provider.prepay(prepayRequest({ amountFen: 0 }))).rejects.toThrow(/fen/);
      await expect(provider.prepay(prepayRequest({ payerOpenid: null }))).rejects.toThrow(/openid/);
      await expect(provider.prepay(prepayRequest({ outTradeNo: 'P 1' }))).rejects.toThrow(/outTradeNo/);
      await expect(provider.prepay(prepayRequest({ description: '桃'.repeat(43) }))).rejects.toThrow(/127 bytes/);
      expect(fake.calls.length).toBe(before);
    });
  });

  describe('notifications', () => {
    it('a payment notification from the fake is verified, decrypted and mapped', async () => {
      const req = prepayRequest({ amountFen: 2590 });
      await provider.prepay(req);
      const paid = fake.pay(req.outTradeNo);
      const n = await provider.parsePaymentNotification(fake.paymentNotification(req.outTradeNo), new Date());
      expect(n).toMatchObject({ outTradeNo: req.outTradeNo, transactionId: paid.transactionId, tradeState: 'SUCCESS', amountFen: 2590 });
      expect(n.paidAt).toBeInstanceOf(Date);
      expect(JSON.parse(n.raw)).toMatchObject({ out_trade_no: req.outTradeNo, mchid: keys.mchId, appid: keys.appId });
    });

    it('the fake POSTs the notification to the notify_url given at prepay, as WeChat does, and it is accepted', async () => {
      const req = prepayRequest();
      await provider.prepay(req);
      fake.pay(req.outTradeNo);
      const delivery = await fake.deliverPaymentNotification(req.outTradeNo);
      expect(delivery).toMatchObject({ status: 204, accepted: true });
      expect(receiver.received.at(-1)).toMatchObject({ outTradeNo: req.outTradeNo, tradeState: 'SUCCESS', amountFen: 1990 });
    });

    it('a failed payment arrives as its trade state', async () => {
      const req = prepayRequest();
      await provider.prepay(req);
      fake.failPayment(req.outTradeNo, 'PAYERROR');
      const n = await provider.parsePaymentNotification(fake.paymentNotification(req.outTradeNo), new Date());
      expect(n).toMatchObject({ tradeState: 'PAYERROR', paidAt: null });
    });

    it('a forged or replayed notification posted over HTTP is refused', async () => {
      const req = prepayRequest();
      await provider.prepay(req);
      fake.pay(req.outTradeNo);
      const forged = await fake.deliverPaymentNotification(req.outTradeNo, { privateKeyPem: generateRsaKeyPair().privateKeyPem });
      expect(forged.accepted).toBe(false);
      expect(receiver.received.at(-1)).toMatchObject({ reason: 'bad_signature' });
      const replayed = await fake.deliverPaymentNotification(req.outTradeNo, { at: new Date(Date.now() - 3600_000) });
      expect(replayed.accepted).toBe(false);
      expect(receiver.received.at(-1)).toMatchObject({ reason: 'stale_timestamp' });
    });

    it('a refund notification is verified and mapped', async () => {
      const req = prepayRequest();
      await provider.prepay(req);
      fake.pay(req.outTradeNo);
      await provider.refund({ outTradeNo: req.outTradeNo, outRefundNo: `R${req.outTradeNo}`, amountFen: 500, totalFen: 1990, reason: '成团失败' });
      const n = await provider.parseRefundNotification(fake.refundNotification(`R${req.outTradeNo}`), new Date());
      expect(n).toMatchObject({ eventType: 'REFUND.SUCCESS', status: 'succeeded', outTradeNo: req.outTradeNo, refundFen: 500, totalFen: 1990 });
    });
  });

  describe('refunds', () => {
    async function paidOrder(amountFen = 1990): Promise<string> {
      const req = prepayRequest({ amountFen });
      await provider.prepay(req);
      fake.pay(req.outTradeNo);
      return req.outTradeNo;
    }

    it('a refund that succeeds at once', async () => {
      const otn = await paidOrder();
      const r = await provider.refund({ outTradeNo: otn, outRefundNo: `R${otn}`, amountFen: 1990, totalFen: 1990, reason: '成团失败，自动退款' });
      expect(r).toEqual({ status: 'succeeded', providerRefundId: fake.refunds.get(`R${otn}`)!.refundId });
      expect(fake.callsTo('/v3/refund/domestic/refunds').at(-1)!.body).toEqual({
        out_trade_no: otn, out_refund_no: `R${otn}`, reason: '成团失败，自动退款', amount: { refund: 1990, total: 1990, currency: 'CNY' },
      });
      expect(await provider.queryRefund(`R${otn}`)).toEqual(r);
      expect((await provider.queryPayment(otn)).tradeState).toBe('REFUND');
    });

    it('a refund that stays PROCESSING until queried, then succeeds', async () => {
      const otn = await paidOrder();
      fake.planNextRefund({ processingQueries: 2 });
      const r = await provider.refund({ outTradeNo: otn, outRefundNo: `R${otn}`, amountFen: 990, totalFen: 1990, reason: '部分退款' });
      expect(r.status).toBe('processing');
      expect(r.providerRefundId).toBeTruthy();
      expect((await provider.queryRefund(`R${otn}`)).status).toBe('processing');
      expect(await provider.queryRefund(`R${otn}`)).toEqual({ status: 'succeeded', providerRefundId: r.providerRefundId });
    });

    it('a refund WeChat cannot complete (ABNORMAL) is failed, with a message', async () => {
      const otn = await paidOrder();
      fake.planNextRefund({ processingQueries: 1, outcome: 'ABNORMAL' });
      expect((await provider.refund({ outTradeNo: otn, outRefundNo: `R${otn}`, amountFen: 1990, totalFen: 1990, reason: 'x' })).status).toBe('processing');
      const q = await provider.queryRefund(`R${otn}`);
      expect(q).toMatchObject({ status: 'failed', message: expect.stringMatching(/abnormal/i) });
    });

    it('repeating a refund with the same out_refund_no does not refund twice', async () => {
      const otn = await paidOrder();
      const req = { outTradeNo: otn, outRefundNo: `R${otn}`, amountFen: 1990, totalFen: 1990, reason: 'x' };
      const first = await provider.refund(req);
      const again = await provider.refund(req);
      expect(again.providerRefundId).toBe(first.providerRefundId);
      expect([...fake.refunds.values()].filter((r) => r.outTradeNo === otn)).toHaveLength(1);
    });

    it('a refund larger than what is left is refused by WeChat (4xx, not retryable)', async () => {
      const otn = await paidOrder();
      await provider.refund({ outTradeNo: otn, outRefundNo: `R1${otn}`, amountFen: 1500, totalFen: 1990, reason: 'x' });
      const err = await failure(provider.refund({ outTradeNo: otn, outRefundNo: `R2${otn}`, amountFen: 500, totalFen: 1990, reason: 'x' }));
      expect(err).toMatchObject({ httpStatus: 400, wechatPayCode: 'INVALID_REQUEST', retryable: false });
    });

    it('querying an unknown refund is a 404 error', async () => {
      expect(await failure(provider.queryRefund('R-does-not-exist'))).toMatchObject({ httpStatus: 404, wechatPayCode: 'RESOURCE_NOT_EXISTS' });
    });
  });

  describe('closePayment and queryPayment', () => {
    it('closes an unpaid payment (204), again without complaint, and a closed order cannot be prepaid again', async () => {
      const req = prepayRequest();
      await provider.prepay(req);
      await expect(provider.closePayment(req.outTradeNo)).resolves.toBeUndefined();
      const call = fake.callsTo(`/v3/pay/transactions/out-trade-no/${req.outTradeNo}/close`).at(-1)!;
      expect(call).toMatchObject({ method: 'POST', status: 204, body: { mchid: keys.mchId } });
      expect(fake.transactions.get(req.outTradeNo)!.tradeState).toBe('CLOSED');
      await expect(provider.closePayment(req.outTradeNo)).resolves.toBeUndefined();
      expect(await failure(provider.prepay(req))).toMatchObject({ wechatPayCode: 'ORDER_CLOSED', retryable: false });
      expect((await provider.queryPayment(req.outTradeNo)).tradeState).toBe('CLOSED');
    });

    it('closing a paid payment fails with ORDERPAID, so the caller learns the money arrived', async () => {
      const req = prepayRequest();
      await provider.prepay(req);
      fake.pay(req.outTradeNo);
      expect(await failure(provider.closePayment(req.outTradeNo))).toMatchObject({ wechatPayCode: 'ORDERPAID', retryable: false });
    });

    it('queryPayment signs a URL with a query string (?mchid=) and maps the transaction', async () => {
      const req = prepayRequest({ amountFen: 4200 });
      await provider.prepay(req);
      expect(await provider.queryPayment(req.outTradeNo)).toMatchObject({ tradeState: 'NOTPAY', amountFen: 4200, paidAt: null });
      fake.pay(req.outTradeNo);
      expect(await provider.queryPayment(req.outTradeNo)).toMatchObject({ tradeState: 'SUCCESS', amountFen: 4200 });
      expect(fake.callsTo(`/v3/pay/transactions/out-trade-no/${req.outTradeNo}`).at(-1)!.url).toBe(`/v3/pay/transactions/out-trade-no/${req.outTradeNo}?mchid=${keys.mchId}`);
    });
  });

  describe('failures', () => {
    it('a 500 SYSTEM_ERROR surfaces as a retryable error, and the retry succeeds', async () => {
      const req = prepayRequest();
      fake.failNext();
      const err = await failure(provider.prepay(req));
      expect(err).toBeInstanceOf(WechatPayError);
      expect(err).toMatchObject({ httpStatus: 500, wechatPayCode: 'SYSTEM_ERROR', retryable: true, code: 'EXTERNAL_SERVICE' });
      expect(err.requestId).toBeTruthy();
      expect((await provider.prepay(req)).prepayId).toBeTruthy();
    });

    it('429 FREQUENCY_LIMITED on a refund is retryable too', async () => {
      fake.failNext({ status: 429, code: 'FREQUENCY_LIMITED', message: '频率超限', path: '/v3/refund' });
      expect(await failure(provider.queryRefund('R-any'))).toMatchObject({ httpStatus: 429, retryable: true });
    });

    it('an answer altered after WeChat signed it is refused, not believed', async () => {
      fake.tamperNextResponse();
      expect(await failure(provider.prepay(prepayRequest()))).toMatchObject({ wechatPayCode: 'RESPONSE_SIGNATURE_INVALID', httpStatus: 200, retryable: false });
    });

    it('a request whose Authorization timestamp is far from WeChat\'s clock is refused (401), and so is a stale answer', async () => {
      const lateClock = new ManualClock(Date.now() - 10 * 60_000);
      const lagging = createWechatPayProvider(wechatPayProviderOptions(keys, fake.url, { clock: lateClock }));
      expect(await failure(lagging.prepay(prepayRequest()))).toMatchObject({ httpStatus: 401, wechatPayCode: 'SIGN_ERROR' });

      // The same clock on both sides, then only the fake's answers drift: the provider refuses them.
      const skewed = await new FakeWechatPay(keys, { now: () => new Date(Date.now() + 10 * 60_000) }).start();
      try {
        skewed.maxSkewSeconds = 3600; // let the request through, so that the answer is what gets checked
        const p = createWechatPayProvider(wechatPayProviderOptions(keys, skewed.url));
        const err = await failure(p.prepay(prepayRequest()));
        expect(err).toMatchObject({ wechatPayCode: 'RESPONSE_SIGNATURE_INVALID' });
        expect(err.message).toMatch(/stale_timestamp/);
      } finally {
        await skewed.stop();
      }
    });

    it('answers signed by a platform key we were not configured with are refused', async () => {
      const other = makeWechatPayTestKeys({ mode });
      const misconfigured = createWechatPayProvider({
        ...wechatPayProviderOptions(keys, fake.url),
        platformCertPem: other.platformPemForConfig,
        platformSerialNo: other.platform.serialNo,
      });
      const err = await failure(misconfigured.prepay(prepayRequest()));
      expect(err).toMatchObject({ wechatPayCode: 'RESPONSE_SIGNATURE_INVALID' });
      expect(err.message).toMatch(/unknown_serial/);
    });
  });
});

describe('WeChat Pay provider: network failures', () => {
  let keys: WechatPayTestKeys;
  beforeAll(() => { keys = makeWechatPayTestKeys(); });

  it('a refused connection is a retryable NETWORK_ERROR', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const provider = createWechatPayProvider(wechatPayProviderOptions(keys, `http://127.0.0.1:${port}`));
    expect(await failure(provider.prepay(prepayRequest()))).toMatchObject({ httpStatus: null, wechatPayCode: 'NETWORK_ERROR', retryable: true });
  });

  it('no answer within the timeout is a retryable NETWORK_ERROR', async () => {
    const server = http.createServer(() => { /* never answers */ });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const provider = createWechatPayProvider(wechatPayProviderOptions(keys, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, { timeoutMs: 200 }));
    const err = await failure(provider.queryRefund('R-1'));
    expect(err).toMatchObject({ wechatPayCode: 'NETWORK_ERROR', retryable: true });
    expect(err.message).toMatch(/200ms/);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('parseAuthorization reads what the provider sends (sanity check of the fake itself)', () => {
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",signature="s",timestamp="2",serial_no="x"'))
      .toEqual({ mchid: '1', nonce_str: 'n', signature: 's', timestamp: '2', serial_no: 'x' });
    expect(parseAuthorization('Bearer abc')).toBeNull();
  });
});
