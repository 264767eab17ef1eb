/**
 * WeChat's side of the bot, against a local fake of api.weixin.qq.com: the updatable share card (activity id,
 * live member count, final state) and personal subscribe messages (paid, refunded), from the same outbox.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { auth, buildWorld, joinAndPay, openCampaign, type World } from '../../helpers/world';
import { testDialect } from '../../helpers/db';
import { FakeWechat, installBotEndpoints, type FakeWechatBotState } from '../../helpers/fake-wechat';
import { advance, closeAtDeadline, deliver, outbox } from './support';
import { SECOND_MS } from './time';

describe(`[${testDialect()}] bot: share cards and subscribe messages`, () => {
  let srv: TestServer;
  let wx: FakeWechat;
  let state: FakeWechatBotState;
  let w: World;

  beforeAll(async () => {
    wx = await new FakeWechat().start();
    srv = await startTestServer({
      config: {
        wechat: { appId: 'wx-linli-test', appSecret: 'secret', apiBase: wx.url },
        bot: { subscribeTemplates: { paid: 'TPL-PAID', arrived: 'TPL-ARRIVED', refunded: 'TPL-REFUNDED' } },
      },
    });
  });
  afterAll(async () => { await srv?.close(); await wx?.stop(); });
  beforeEach(async () => {
    await srv.reset();
    state = installBotEndpoints(wx);
    w = await buildWorld(srv, 4);
    // Neighbours signed in through WeChat have openids; the first two accepted notices.
    for (const [i, n] of w.neighbours.entries()) await srv.container.db.execute('UPDATE users SET openid = :o WHERE id = :id', { o: `openid-${i + 1}`, id: n.id });
    state.subscribed.add('openid-1').add('openid-2');
  });

  it('a shared card shows the live count, updated once per burst, and ends when the campaign closes', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 3 });
    const share = await request(srv.url).post('/api/bot/share-activities').set(auth(w.leader)).send({ campaignId: c.id });
    expect(share.status).toBe(200);
    expect(share.body.data).toEqual({
      updatable: true, activityId: 'fake-activity-1', expiresAt: expect.any(String),
      templateInfo: { parameterList: [{ name: 'member_count', value: '0' }, { name: 'room_limit', value: '3' }] },
    });
    const again = await request(srv.url).post('/api/bot/share-activities').set(auth(w.neighbours[0])).send({ campaignId: c.id });
    expect(again.body.data.activityId).toBe('fake-activity-1'); // one card per campaign while it lives

    await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await deliver(srv);
    expect(state.activities.get('fake-activity-1')).toBeNull(); // coalescing: not yet
    await advance(srv, 16 * SECOND_MS);
    expect(state.activities.get('fake-activity-1')).toEqual({ memberCount: 2, roomLimit: 3, ended: false, updates: 1 });

    // WeChat replaced the token meanwhile: the client fetches a fresh one and carries on.
    wx.revokedTokens.add('fake-access-token-1');
    await joinAndPay(srv, w.neighbours[2], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await advance(srv, 16 * SECOND_MS);
    expect(state.activities.get('fake-activity-1')).toEqual({ memberCount: 3, roomLimit: 3, ended: false, updates: 2 });
    expect(wx.accessTokenIssued).toBe(2);

    await closeAtDeadline(srv, c.id);
    expect(state.activities.get('fake-activity-1')).toEqual({ memberCount: 3, roomLimit: 3, ended: true, updates: 3 });
    const after = await request(srv.url).post('/api/bot/share-activities').set(auth(w.leader)).send({ campaignId: c.id });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('CAMPAIGN_NOT_OPEN');
    expect((await outbox(srv, "audience = 'share'")).map((r) => r.status).sort()).toEqual(['sent', 'sent', 'sent']);
  });

  it('personal notices go to those who subscribed; the others are dropped, not retried', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 5, deadlineInMs: 3600_000 });
    const paid1 = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    await joinAndPay(srv, w.neighbours[2], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await deliver(srv);
    expect(state.subscribeMessages).toEqual([{
      touser: 'openid-1', templateId: 'TPL-PAID', page: `pages/order/index?id=${paid1.id}`,
      data: { thing1: { value: '测试团购' }, amount2: { value: '136.00' }, character_string3: { value: expect.stringMatching(/^L/) }, time4: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) } },
    }]);
    const paidRows = await outbox(srv, "audience = 'personal' AND topic = 'paid'");
    expect(paidRows.map((r) => r.status)).toEqual(['sent', 'dropped']);
    expect(paidRows[1].lastError).toContain('did not subscribe');

    await closeAtDeadline(srv, c.id); // fails: both are refunded
    for (let i = 0; i < 3; i++) await advance(srv, 60 * SECOND_MS);
    const refunds = state.subscribeMessages.filter((m) => m.templateId === 'TPL-REFUNDED');
    expect(refunds).toEqual([{ touser: 'openid-1', templateId: 'TPL-REFUNDED', page: `pages/order/index?id=${paid1.id}`, data: { thing1: { value: '测试团购' }, amount2: { value: '136.00' }, thing3: { value: '活动未成团' } } }]);
    // WeChat failing for a while: retried with backoff, sent once.
    wx.failNext('/cgi-bin/message/subscribe/send', -1).failNext('/cgi-bin/message/subscribe/send', 45009);
    const next = await openCampaign(srv, w, { thresholdValue: 5 });
    const paid2 = await joinAndPay(srv, w.neighbours[1], next.id, [{ campaignItemId: next.items[0].id, quantity: 1 }], w.coldPoint);
    await deliver(srv);
    expect(state.subscribeMessages.filter((m) => m.touser === 'openid-2')).toHaveLength(0);
    for (let i = 0; i < 3; i++) await advance(srv, 30 * SECOND_MS);
    expect(state.subscribeMessages.filter((m) => m.touser === 'openid-2').map((m) => m.page)).toEqual([`pages/order/index?id=${paid2.id}`]);
    const [row] = await outbox(srv, "audience = 'personal' AND topic = 'paid' AND user_id = :u", { u: w.neighbours[1].id });
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });
});
