import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { FakeWechat } from '../../helpers/fake-wechat';
import { FakeWechatPay, makeWechatPayTestKeys, wechatPayTestConfig } from '../../helpers/fake-wechatpay';
import { decodePng } from '../../helpers/png';
import { auth, buildWorld, join, openCampaign, runDueJobs, type Person, type World } from '../../helpers/world';
import { DAY, HOUR, ManualClock, MINUTE } from '../../../server/kernel/clock';
import { POSTER_CODE_BOX } from '../../../server/infra/share/poster';
import { binary } from './support';

/**
 * The WeChat side of fulfilment against local fakes speaking WeChat's protocol: the unlimited mini-program code
 * (share code and poster), the shared access token, and the shipping upload (logistics type 4) that releases a
 * WeChat Pay payment's funds once the neighbour has collected the goods — retried until it succeeds, never lost.
 */
describe(`[${testDialect()}] fulfilment against WeChat (local fakes)`, () => {
  const keys = makeWechatPayTestKeys({ mode: 'certificate' });
  const clock = new ManualClock(Date.now());
  const pay = new FakeWechatPay(keys, { now: () => clock.now() });
  const wx = new FakeWechat();
  let srv: TestServer;
  let w: World;
  let buyer: Person;

  beforeAll(async () => {
    await pay.start();
    await wx.start();
    srv = await startTestServer({
      clock,
      config: {
        payments: { provider: 'wechat' },
        wechat: { appId: keys.appId, appSecret: 'wx-test-secret', apiBase: wx.url },
        wechatPay: wechatPayTestConfig(keys, pay.url, 'https://linli.example/api/payments/wechat/notify'),
      },
    });
  });
  afterAll(async () => { await srv.close(); await pay.stop(); await wx.stop(); });
  beforeEach(async () => {
    await srv.reset();
    w = await buildWorld(srv, 1);
    const u = await srv.container.identity.createUser(undefined, { displayName: '微信邻居', openid: 'o-wx-ship-1', roles: ['neighbour'], communityId: w.communityId }, clock.now());
    buyer = { id: u.id, name: u.displayName, token: (await srv.container.tokens.issue({ userId: u.id, roles: ['neighbour'] }, clock.now())).token };
  });

  it('the share code is WeChat\'s mini-program code (scene ≤ 32), also in the poster; the access token is fetched once and renewed when refused', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const tokensBefore = wx.accessTokenIssued;
    const code = await request(srv.url).get(`/api/leader/share/campaigns/${c.id}/code.png`).set(auth(w.leader)).buffer(true).parse(binary);
    expect(code.status).toBe(200);
    expect(Buffer.compare(code.body as Buffer, wx.wxacodePng)).toBe(0);
    const call = wx.callsTo('/wxa/getwxacodeunlimit').at(-1)!;
    expect(call.body).toMatchObject({ scene: `c=${c.id}&l=${w.leader.code}`, page: 'pages/campaign/index', check_path: true, env_version: 'release' });
    expect((call.body as { scene: string }).scene.length).toBeLessThanOrEqual(32);

    const poster = await request(srv.url).get(`/api/leader/share/campaigns/${c.id}/poster.png`).set(auth(w.leader)).buffer(true).parse(binary);
    const img = decodePng(poster.body as Buffer);
    const [r, g, b] = img.pixel(POSTER_CODE_BOX.x + POSTER_CODE_BOX.size / 2, POSTER_CODE_BOX.y + POSTER_CODE_BOX.size / 2);
    expect([r, g, b]).toEqual([240, 0, 240]); // WeChat's code is what the poster shows
    expect(wx.accessTokenIssued - tokensBefore).toBe(1); // one token for both calls, read from the shared store

    // WeChat refuses the token (another fetch replaced it): dropped, fetched again, the call succeeds.
    wx.revokedTokens.add(`fake-access-token-${wx.accessTokenIssued}`);
    expect((await request(srv.url).get(`/api/leader/share/campaigns/${c.id}/code.png`).set(auth(w.leader))).status).toBe(200);
    expect(wx.accessTokenIssued - tokensBefore).toBe(2);

    // WeChat failing is a 502 in the common shape, and the next call works again.
    wx.failNext('/wxa/getwxacodeunlimit', -1, 'system error');
    const failed = await request(srv.url).get(`/api/leader/share/campaigns/${c.id}/code.png`).set(auth(w.leader));
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('EXTERNAL_SERVICE');
    expect((await request(srv.url).get(`/api/leader/share/campaigns/${c.id}/code.png`).set(auth(w.leader))).status).toBe(200);
  });

  async function collectedWechatOrder(): Promise<{ orderId: number; transactionId: string }> {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const j = await join(srv, buyer, c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    const p = (await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(buyer))).body.data;
    const t = pay.pay(p.outTradeNo);
    expect((await pay.postNotification(`${srv.url}/api/payments/wechat/notify`, pay.paymentNotification(p.outTradeNo))).accepted).toBe(true);
    clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    await request(srv.url).post(`/api/leader/fulfilment/campaigns/${c.id}/shipments/${w.coldPoint}/ship`).set(auth(w.leader)).expect(200);
    const [shipment] = (await request(srv.url).get(`/api/pickup/points/${w.coldPoint}/shipments`).set(auth(w.storeOwner))).body.data;
    await request(srv.url).post(`/api/pickup/shipments/${shipment.id}/arrival`).set(auth(w.storeOwner)).send({}).expect(200);
    const code = (await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(buyer))).body.data.pickupCode;
    await request(srv.url).post(`/api/pickup/points/${w.coldPoint}/verify`).set(auth(w.storeOwner)).send({ code }).expect(200);
    return { orderId: j.body.data.id, transactionId: t.transactionId! };
  }

  const uploadedAt = async (orderId: number) =>
    (await srv.container.db.select<{ u: unknown }>('SELECT shipping_uploaded_at AS u FROM orders WHERE id = :orderId', { orderId }))[0].u;

  it('a collected WeChat Pay order has its shipping uploaded (self-pickup), retried after a WeChat failure, once', async () => {
    wx.failNext('/wxa/sec/order/upload_shipping_info', -1, 'system error');
    const { orderId, transactionId } = await collectedWechatOrder();
    await runDueJobs(srv);
    expect(await uploadedAt(orderId)).toBeNull(); // the first attempt failed: the job waits for its retry
    clock.advance(11_000);
    await runDueJobs(srv);
    expect(await uploadedAt(orderId)).not.toBeNull();
    const uploads = wx.callsTo('/wxa/sec/order/upload_shipping_info').filter((c) => (c.body as { order_key: { transaction_id: string } }).order_key.transaction_id === transactionId);
    expect(uploads).toHaveLength(2);
    expect(uploads[1].body).toMatchObject({
      order_key: { order_number_type: 2, transaction_id: transactionId }, logistics_type: 4, delivery_mode: 1,
      shipping_list: [{ item_desc: expect.stringContaining('×2') }], payer: { openid: 'o-wx-ship-1' },
    });
    expect(wx.shippedTransactions.get(transactionId)).toMatchObject({ openid: 'o-wx-ship-1' });
    // Later sweeps find nothing left to upload.
    clock.advance(2 * HOUR);
    await runDueJobs(srv);
    expect(wx.callsTo('/wxa/sec/order/upload_shipping_info').filter((c) => (c.body as { order_key: { transaction_id: string } }).order_key.transaction_id === transactionId)).toHaveLength(2);
  });

  it('an upload whose job was lost is found by the hourly sweep', async () => {
    const { orderId, transactionId } = await collectedWechatOrder();
    await srv.container.db.execute("DELETE FROM scheduled_jobs WHERE kind = 'shipping.upload'");
    expect(await uploadedAt(orderId)).toBeNull();
    clock.advance(HOUR + MINUTE);
    await runDueJobs(srv);
    expect(await uploadedAt(orderId)).not.toBeNull();
    expect(wx.shippedTransactions.has(transactionId)).toBe(true);
  });
});
