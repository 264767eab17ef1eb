import { createPublicKey, createVerify } from 'node:crypto';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { FakeWechatPay, makeWechatPayTestKeys, wechatPayTestConfig } from '../../helpers/fake-wechatpay';
import { auth, buildWorld, join, openCampaign, runDueJobs, type Person, type World } from '../../helpers/world';
import { ManualClock, DAY } from '../../../server/kernel/clock';

/** The whole payment path against a local fake WeChat Pay speaking the real v3 protocol, through the real server. */
describe(`[${testDialect()}] WeChat Pay v3 end to end`, () => {
  const keys = makeWechatPayTestKeys({ mode: 'certificate' });
  const clock = new ManualClock(Date.now());
  const fake = new FakeWechatPay(keys, { now: () => clock.now() });
  let srv: TestServer;
  let w: World;
  let buyer: Person;

  beforeAll(async () => {
    await fake.start();
    srv = await startTestServer({
      clock,
      config: { payments: { provider: 'wechat' }, wechat: { appId: keys.appId }, wechatPay: wechatPayTestConfig(keys, fake.url, 'https://linli.example/api/payments/wechat/notify') },
    });
    w = await buildWorld(srv, 1);
    const u = await srv.container.identity.createUser(undefined, { displayName: '微信用户', openid: 'o-wx-buyer-1', roles: ['neighbour'], communityId: w.communityId }, clock.now());
    buyer = { id: u.id, name: u.displayName, token: (await srv.container.tokens.issue({ userId: u.id, roles: ['neighbour'] }, clock.now())).token };
  });
  afterAll(async () => { await srv.close(); await fake.stop(); });

  const notifyUrl = () => `${srv.url}/api/payments/wechat/notify`;

  it('prepay gives signed requestPayment parameters; the notification marks the order paid exactly once', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const j = await join(srv, buyer, c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    const pay = await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(buyer));
    expect(pay.status).toBe(200);
    const p = pay.body.data;
    expect(p).toMatchObject({ provider: 'wechat', amountFen: 13600 });
    expect(p.clientParams).toMatchObject({ appId: keys.appId, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    const message = `${p.clientParams.appId}\n${p.clientParams.timeStamp}\n${p.clientParams.nonceStr}\n${p.clientParams.package}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(createPublicKey(keys.merchant.publicKeyPem), p.clientParams.paySign, 'base64')).toBe(true);
    const prepayCall = fake.callsTo('/v3/pay/transactions/jsapi')[0];
    expect(prepayCall.body).toMatchObject({ out_trade_no: p.outTradeNo, amount: { total: 13600, currency: 'CNY' }, payer: { openid: 'o-wx-buyer-1' } });

    fake.pay(p.outTradeNo);
    const n = fake.paymentNotification(p.outTradeNo);
    const first = await fake.postNotification(notifyUrl(), n);
    expect(first.accepted).toBe(true);
    const replay = await fake.postNotification(notifyUrl(), n);
    expect(replay.accepted).toBe(true); // acknowledged, changes nothing
    const order = (await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(buyer))).body.data;
    expect(order).toMatchObject({ status: 'paid', paidFen: 13600 });
    const detail = (await request(srv.url).get(`/api/campaigns/${c.id}`)).body.data;
    expect(detail.progress).toMatchObject({ paidParticipants: 1, paidQuantity: 2 });
  });

  it('refuses forged, mis-keyed and stale notifications without changing anything', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const j = await join(srv, buyer, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const p = (await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(buyer))).body.data;
    fake.pay(p.outTradeNo);
    const good = fake.paymentNotification(p.outTradeNo);
    const tampered = { ...good, body: good.body.replace('"id"', '"id" ') , rawBody: good.rawBody.replace('"id"', '"id" ') };
    expect((await fake.postNotification(notifyUrl(), tampered)).status).toBe(401);
    const otherKey = makeWechatPayTestKeys();
    expect((await fake.postNotification(notifyUrl(), fake.paymentNotification(p.outTradeNo, { privateKeyPem: otherKey.platform.privateKeyPem }))).status).toBe(401);
    expect((await fake.postNotification(notifyUrl(), fake.paymentNotification(p.outTradeNo, { at: new Date(clock.now().getTime() - 10 * 60_000) }))).status).toBe(401);
    expect((await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(buyer))).body.data.status).toBe('pending_payment');
    expect((await fake.postNotification(notifyUrl(), good)).accepted).toBe(true);
    expect((await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(buyer))).body.data.status).toBe('paid');
  });

  it('a failed campaign refunds through WeChat Pay, retrying while the refund is processing', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 5 });
    const j = await join(srv, buyer, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const p = (await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(buyer))).body.data;
    fake.pay(p.outTradeNo);
    expect((await fake.postNotification(notifyUrl(), fake.paymentNotification(p.outTradeNo))).accepted).toBe(true);
    fake.planNextRefund({ processingQueries: 1 });
    clock.advance(DAY + 60_000);
    await runDueJobs(srv);
    for (let i = 0; i < 5; i++) { clock.advance(5 * 60_000); await runDueJobs(srv); }
    const order = (await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(buyer))).body.data;
    expect(order).toMatchObject({ status: 'refunded', refundedFen: 6800 });
    expect(order.refunds[0]).toMatchObject({ reasonKind: 'campaign_failed', status: 'succeeded' });
    const refundCalls = fake.callsTo('/v3/refund/domestic/refunds');
    expect(refundCalls.filter((x) => x.method === 'POST')).toHaveLength(1);
  });
});
