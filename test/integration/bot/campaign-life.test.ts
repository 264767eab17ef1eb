/**
 * A campaign's whole life through a WeCom group robot (a local fake speaking its protocol): exactly the
 * expected group messages, in order, each once — and the personal notices beside them.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { auth, buildWorld, joinAndPay, openCampaign, type World } from '../../helpers/world';
import { testDialect } from '../../helpers/db';
import { FakeWecom } from '../../helpers/fake-wecom';
import { HOUR, MINUTE } from '../../../server/kernel/clock';
import { advance, closeAtDeadline, deliver, logSlowQueries, outbox, wecomChannel } from './support';

describe(`[${testDialect()}] bot: a campaign's life in the group`, () => {
  let srv: TestServer;
  let fake: FakeWecom;
  let w: World;

  beforeAll(async () => {
    srv = await startTestServer();
    fake = await new FakeWecom({ now: () => srv.clock.now().getTime() }).start();
    logSlowQueries(srv);
  });
  afterAll(async () => { await srv?.close(); await fake?.stop(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 8); });

  const heads = (key: string) => fake.messagesFor(key).map((m) => m.content.split('\n')[0].replace(/】.*$/, '】'));

  it('sends opened, progress, 成团, closing soon, closed, arrival and reminder — once each, in order', async () => {
    const ch = await wecomChannel(srv, w, fake, 'life');
    await deliver(srv);
    expect(fake.messagesFor('life')).toHaveLength(1);
    expect(fake.messagesFor('life')[0].content).toContain('邻里团购小助手已接入「测试小区」');

    const deadlineInMs = 24 * HOUR;
    const c = await openCampaign(srv, w, { thresholdValue: 3, deadlineInMs });
    await deliver(srv);
    const opened = fake.messagesFor('life')[1].content;
    expect(opened).toMatch(/^【开团】测试团购\n1\. 水蜜桃 ¥68\.00\/箱\n满 3 人成团，11月23日 10:00 截止\n在群里发「\+1」或「\+2」即可接龙\nhttp:\/\/localhost:3000\/pages\/campaign\/index\?id=\d+&l=WANG01$/);

    const [n1, n2, n3, n4] = w.neighbours;
    await joinAndPay(srv, n1, c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    await joinAndPay(srv, n2, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await deliver(srv);
    expect(fake.messagesFor('life')).toHaveLength(2); // progress waits for the coalescing window
    await advance(srv, MINUTE);
    expect(fake.messagesFor('life')[2].content).toBe([
      '【接龙】测试团购', '已有 2 人参团，还差 1 人成团', `1. ${n1.name} 水蜜桃×2`, `2. ${n2.name} 水蜜桃×1`,
      `http://localhost:3000/pages/campaign/index?id=${c.id}&l=WANG01`,
    ].join('\n'));

    await joinAndPay(srv, n3, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await deliver(srv);
    expect(fake.messagesFor('life')[3].content).toMatch(new RegExp(`^【成团啦】测试团购 已满 3 人！截止前还能继续接龙\n1\\. ${n1.name} 水蜜桃×2\n2\\. ${n2.name} 水蜜桃×1\n3\\. ${n3.name} 水蜜桃×1\n`));

    await joinAndPay(srv, n4, c.id, [{ campaignItemId: c.items[0].id, quantity: 3 }], w.coldPoint);
    await advance(srv, MINUTE);
    expect(fake.messagesFor('life')[4].content).toContain('已有 4 人参团，已成团');
    expect(fake.messagesFor('life')[4].content).toContain(`4. ${n4.name} 水蜜桃×3`);

    // Two hours before the deadline: closing soon, with the count as it is then.
    const deadline = (await srv.container.campaigns.get(c.id)).deadlineAt.getTime();
    await advance(srv, deadline - 2 * HOUR - srv.clock.now().getTime());
    expect(fake.messagesFor('life')[5].content).toMatch(/^【即将截团】测试团购 还有 2 小时截止（11月23日 10:00）\n已成团，还没接龙的抓紧上车\n/);

    await closeAtDeadline(srv, c.id);
    expect(fake.messagesFor('life')[6].content).toMatch(/^【截团】测试团购 已成团截止，共 4 人 7 份\n自提时间：11月23日 11:00 起，到货后另行通知\n1\. /);

    // Fulfilment: shipped to the store, which confirms arrival (part, then the rest); a reminder a day later.
    const admin = auth(w.admin);
    expect((await request(srv.url).post(`/api/admin/fulfilment/campaigns/${c.id}/shipments/${w.coldPoint}/ship`).set(admin)).status).toBe(200);
    const [shipment] = (await request(srv.url).get(`/api/pickup/points/${w.coldPoint}/shipments`).set(auth(w.storeOwner))).body.data;
    const orders = await srv.container.orders.repo.findMany('o.campaign_id = :id', { id: c.id });
    const part = await request(srv.url).post(`/api/pickup/shipments/${shipment.id}/arrival`).set(auth(w.storeOwner))
      .send({ arrivedOrderIds: orders.slice(0, 3).map((o) => o.id), note: '还差 3 份桃子，明天到' });
    expect(part.status).toBe(200);
    await deliver(srv);
    expect((await request(srv.url).post(`/api/pickup/shipments/${shipment.id}/arrival`).set(auth(w.storeOwner)).send({})).status).toBe(200);
    await deliver(srv);
    await advance(srv, 24 * HOUR + MINUTE);

    expect(heads('life')).toEqual(['邻里团购小助手已接入「测试小区」。开团、成团、到货都会在群里通知；发「帮助」查看接龙口令', '【开团】', '【接龙】', '【成团啦】', '【接龙】', '【即将截团】', '【截团】', '【到货】', '【到货】', '【取货提醒】']);
    expect(fake.messagesFor('life')[7].content).toContain('已到「冷柜店」（3 单）');
    expect(fake.messagesFor('life')[7].content).toContain('备注：还差 3 份桃子，明天到');
    expect(fake.messagesFor('life')[8].content).toContain('已到「冷柜店」（1 单）');
    expect(fake.messagesFor('life')[9].content).toMatch(/^【取货提醒】测试团购 还有 4 单未取\n请尽快到「冷柜店」自提/);

    // Nothing more, however long we wait and however often the jobs run.
    await advance(srv, 6 * MINUTE);
    await advance(srv, HOUR);
    expect(fake.messagesFor('life')).toHaveLength(10);
    const rows = await outbox(srv, 'channel_id = :id', { id: ch.id });
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(10);
    expect(rows.every((r) => r.status === 'sent' || r.status === 'coalesced')).toBe(true);
    // Personal notices: one per paid order, and each went out once.
    const personal = await outbox(srv, "audience = 'personal' AND topic = 'paid'");
    expect(personal.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const arrived = await outbox(srv, "audience = 'personal' AND topic = 'arrived'");
    expect(arrived).toHaveLength(4);
  });

  it('a campaign that fails says so once, and the waiting progress message is folded into it', async () => {
    await wecomChannel(srv, w, fake, 'fail');
    const c = await openCampaign(srv, w, { thresholdValue: 5, deadlineInMs: 90 * MINUTE });
    await deliver(srv);
    await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await advance(srv, 70_000);
    srv.clock.advance(90 * MINUTE - 70_000 - 30_000); // 30 s before the deadline: the next progress message waits
    await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await joinAndPay(srv, w.neighbours[2], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await closeAtDeadline(srv, c.id); // fails before that progress message was due
    await advance(srv, HOUR);
    expect(heads('fail')).toEqual([expect.stringContaining('已接入'), '【开团】', '【接龙】', '【未成团】']);
    expect(fake.messagesFor('fail')[2].content).toContain('已有 1 人参团');
    const folded = await outbox(srv, "topic = 'progress' AND status = 'coalesced'");
    expect(folded).toHaveLength(1);
    const failed = fake.messagesFor('fail')[3].content;
    expect(failed).toContain('截止时 3/5 人，未能成团');
    expect(failed).toContain('原路全额退款');
    // The refund of the paid order is a personal notice.
    expect((await outbox(srv, "audience = 'personal' AND topic = 'refunded'")).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a cancelled campaign says it was cancelled', async () => {
    await wecomChannel(srv, w, fake, 'cancel');
    const c = await openCampaign(srv, w, { thresholdValue: 5 });
    await deliver(srv);
    const res = await request(srv.url).post(`/api/leader/campaigns/${c.id}/cancel`).set(auth(w.leader)).send({ reason: '果园遇到冰雹' });
    expect(res.status).toBe(200);
    await deliver(srv);
    expect(heads('cancel')).toEqual([expect.stringContaining('已接入'), '【开团】', '【活动取消】']);
  });
});
