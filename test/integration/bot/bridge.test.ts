/**
 * The inbound chat bridge over real HTTP: signatures and replays, binding a group with its one-time code,
 * commands from chat members (known or not), and random chat that never becomes an order.
 */
import request from 'supertest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../helpers/server';
import { auth, buildWorld, openCampaign, type World } from '../../helpers/world';
import { testDialect } from '../../helpers/db';
import { MINUTE } from '../../../server/kernel/clock';
import { parseCommand } from '../../../server/bot/command-parser';
import { commandItems } from '../../../server/flows/bot-commands.flow';
import { bridgePost, createChannel, deliver, msgId, type Channel } from './support';

describe(`[${testDialect()}] bot: the chat bridge`, () => {
  let srv: TestServer;
  let w: World;

  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv?.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 4); });

  const consoleOut = () => srv.container.bot.transports.console.delivered;
  const orderCount = async () => Number((await srv.container.db.select<{ n: number }>('SELECT COUNT(*) AS n FROM orders'))[0].n);

  /** A console channel bound to group G1 through the bridge, and a two-item campaign open in the community. */
  async function boundGroup(): Promise<{ ch: Channel; campaign: { id: number; items: Array<{ id: number }> } }> {
    const ch = await createChannel(srv, w.leader, { name: '阳光花园 1 群', transport: 'console' });
    const bound = await bridgePost(srv, ch, 'G1', [{ messageId: msgId(), senderId: 'leader-wang', senderName: '王团长', text: `绑定 ${ch.bindingCode}` }]);
    expect(bound.body.data.results[0].outcome).toBe('bound');
    const campaign = await openCampaign(srv, w, { thresholdValue: 3, rice: { stock: 50 } });
    await deliver(srv);
    return { ch, campaign };
  }

  it('refuses unsigned, wrongly signed, stale and unknown-channel requests with 401 and changes nothing', async () => {
    const ch = await createChannel(srv, w.leader, { name: '群', transport: 'console' });
    const body = JSON.stringify({ groupId: 'G1', messages: [{ messageId: 'a', senderId: 's', text: `绑定 ${ch.bindingCode}` }] });
    const unsigned = await request(srv.url).post(`/api/bot/bridge/${ch.id}/messages`).set('content-type', 'application/json').send(body);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'missing' } });
    const wrong = await bridgePost(srv, ch, 'G1', [], { raw: body, secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.details.reason).toBe('bad_signature');
    const stale = await bridgePost(srv, ch, 'G1', [], { raw: body, at: new Date(srv.clock.now().getTime() - 6 * MINUTE) });
    expect(stale.status).toBe(401);
    expect(stale.body.error.details.reason).toBe('stale');
    const future = await bridgePost(srv, ch, 'G1', [], { raw: body, at: new Date(srv.clock.now().getTime() + 6 * MINUTE) });
    expect(future.status).toBe(401);
    const tampered = await request(srv.url).post(`/api/bot/bridge/${ch.id}/messages`).set('content-type', 'application/json')
      .set((await import('../../../server/modules/bot')).signedHeaders(ch.secret, body, srv.clock.now())).send(body.replace('"s"', '"x"'));
    expect(tampered.status).toBe(401);
    const unknown = await bridgePost(srv, { id: ch.id + 1000, secret: ch.secret }, 'G1', [], { raw: body });
    expect(unknown.status).toBe(401);
    // Within the window, and signed: accepted (and the code binds the group).
    const ok = await bridgePost(srv, ch, 'G1', [], { raw: body, at: new Date(srv.clock.now().getTime() - 4 * MINUTE) });
    expect(ok.status).toBe(200);
    expect(ok.body.data.results).toEqual([{ messageId: 'a', outcome: 'bound' }]);
  });

  it('answers a malformed body with 400 once the signature is good, never 500', async () => {
    const ch = await createChannel(srv, w.leader, { name: '群', transport: 'console' });
    for (const raw of ['{"groupId":"G1"}', '{"groupId":"G1","messages":[{"messageId":"a\\u0000","senderId":"b","text":"+1"}]}', '{"groupId":"G1","messages":[]}', '[1,2]', '{"groupId":"","messages":[{"messageId":"a","senderId":"b","text":"+1"}]}', 'not json']) {
      const res = await bridgePost(srv, ch, 'G1', [], { raw });
      expect([400]).toContain(res.status);
      expect(res.body.error.code).toMatch(/^INVALID_(INPUT|JSON)$/);
    }
  });

  it('binds a group with its one-time code, and only that group speaks for the channel afterwards', async () => {
    const ch = await createChannel(srv, w.leader, { name: '群', transport: 'console' });
    expect(ch.status).toBe('pending');
    expect(ch.bindingCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    const chat = await bridgePost(srv, ch, 'G1', [
      { messageId: 'b1', senderId: 'u1', text: '+1' },
      { messageId: 'b2', senderId: 'u1', text: '绑定 ZZZZZZ' },
      { messageId: 'b3', senderId: 'leader', senderName: '王团长', text: `绑定：${ch.bindingCode!.toLowerCase()}` },
      { messageId: 'b4', senderId: 'u2', text: '帮助' },
    ]);
    expect(chat.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual(['not_bound', 'not_bound', 'bound', 'help']);
    const mine = await request(srv.url).get(`/api/leader/bot/channels/${ch.id}`).set(auth(w.leader));
    expect(mine.body.data).toMatchObject({ status: 'active', groupBound: true, bindingCode: null });
    // The code is used up: typed in another group, on another channel, it binds nothing.
    const other = await createChannel(srv, w.leader, { name: '二群', transport: 'console' });
    const reuse = await bridgePost(srv, other, 'G2', [{ messageId: 'c1', senderId: 'x', text: ch.bindingCode! }]);
    expect(reuse.body.data.results[0].outcome).toBe('not_bound');
    // The bound channel ignores another group.
    const stray = await bridgePost(srv, ch, 'G2', [{ messageId: 'c2', senderId: 'x', text: '帮助' }]);
    expect(stray.body.data.results[0].outcome).toBe('wrong_group');
    await deliver(srv);
    expect(consoleOut().map((d) => d.content.split('\n')[0])).toEqual([
      '邻里团购小助手已接入「测试小区」。开团、成团、到货都会在群里通知；发「帮助」查看接龙口令', '【接龙口令】',
    ]);
  });

  it('turns +1 from an unknown member into a personal join link; the link links them and places exactly that order', async () => {
    const { ch, campaign } = await boundGroup();
    const [n1, n2] = w.neighbours;
    const res = await bridgePost(srv, ch, 'G1', [{ messageId: 'j1', senderId: 'wx-zhang', senderName: '张阿姨', text: '+2 水蜜桃' }]);
    expect(res.body.data.results[0]).toEqual({ messageId: 'j1', outcome: 'link_sent' });
    expect(await orderCount()).toBe(0);
    await deliver(srv);
    const reply = consoleOut().at(-1)!;
    expect(reply.mentions).toEqual(['wx-zhang']);
    expect(reply.content).toContain('@张阿姨 第一次在群里接龙？');
    const token = new URL(/https?:\/\/\S+/.exec(reply.content)![0]).searchParams.get('botLink')!;
    expect(new URL(/https?:\/\/\S+/.exec(reply.content)![0]).pathname).toBe('/pages/campaign/index');

    const opened = await request(srv.url).post('/api/bot/links').set(auth(n1)).send({ token });
    expect(opened.status).toBe(201);
    expect(opened.body.data.order).toMatchObject({ campaignId: campaign.id, status: 'pending_payment', items: [{ campaignItemId: campaign.items[0].id, quantity: 2 }] });
    expect(opened.body.data.payUrl).toBe(`http://localhost:3000/pages/order/index?id=${opened.body.data.order.id}`);
    const again = await request(srv.url).post('/api/bot/links').set(auth(n1)).send({ token });
    expect(again.status).toBe(200);
    expect(again.body.data.order.id).toBe(opened.body.data.order.id);
    // Someone else opening the member's link cannot take the member over.
    const thief = await request(srv.url).post('/api/bot/links').set(auth(n2)).send({ token });
    expect(thief.status).toBe(403);
    const forged = await request(srv.url).post('/api/bot/links').set(auth(n2)).send({ token: token.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')) });
    expect(forged.status).toBe(400);
    expect(await orderCount()).toBe(1);

    // Now a known member: +N makes a pending order at once, with a pay link in the group.
    const join = await bridgePost(srv, ch, 'G1', [{ messageId: 'j2', senderId: 'wx-zhang', senderName: '张阿姨', text: '＋２ 大米' }]);
    expect(join.body.data.results[0]).toMatchObject({ outcome: 'joined', orderId: expect.any(Number) });
    await deliver(srv);
    const joined = consoleOut().at(-1)!.content;
    expect(joined).toMatch(/^@张阿姨 已为你下单：大米×2，¥138\.00\n自提点：冷柜店\n请在 15 分钟内付款，付款后才算接龙成功：\nhttp:\/\/localhost:3000\/pages\/order\/index\?id=\d+$/);
    const order = await srv.container.orders.get(join.body.data.results[0].orderId);
    expect(order).toMatchObject({ userId: n1.id, source: 'bot', status: 'pending_payment', leaderId: w.leader.leaderId });

    // The relay delivers the same message again: handled once, no second order, no second reply.
    const replay = await bridgePost(srv, ch, 'G1', [{ messageId: 'j2', senderId: 'wx-zhang', senderName: '张阿姨', text: '＋２ 大米' }]);
    expect(replay.body.data.results[0].outcome).toBe('duplicate');
    await deliver(srv);
    expect(await orderCount()).toBe(2);
    expect(consoleOut().filter((d) => d.content.includes('已为你下单：大米×2'))).toHaveLength(1);
  });

  it('answers help, query, cancel, ambiguous and invalid commands — and stays silent on chat', async () => {
    const { ch } = await boundGroup();
    const n1 = w.neighbours[0];
    await srv.container.bot.service.members.link({ channelId: ch.id, memberId: 'm1', userId: n1.id, displayName: '李叔' }, srv.clock.now());
    const say = async (text: string) => (await bridgePost(srv, ch, 'G1', [{ messageId: msgId(), senderId: 'm1', senderName: '李叔', text }])).body.data.results[0];
    const before = consoleOut().length;
    expect((await say('+1')).outcome).toBe('refused'); // two items: which one?
    expect((await say('+100 水蜜桃')).outcome).toBe('refused');
    expect((await say('-1')).outcome).toBe('refused');
    expect((await say('今天的水蜜桃真甜')).outcome).toBe('ignored');
    expect((await say('+1 说得对')).outcome).toBe('ignored');
    expect(await orderCount()).toBe(0);
    expect((await say('接龙 2号 3')).outcome).toBe('joined');
    expect((await say('+1 蜜桃')).outcome).toBe('joined');
    expect((await say('查询')).outcome).toBe('queried');
    expect((await say('取消大米')).outcome).toBe('cancelled');
    expect((await say('我的订单')).outcome).toBe('queried');
    expect((await say('帮助')).outcome).toBe('help');
    await deliver(srv);
    const replies = consoleOut().slice(before).map((d) => d.content);
    expect(replies).toHaveLength(9);
    expect(replies[0]).toMatch(/^@李叔 /);
    expect(replies[0]).toMatch(/桃子|大米|哪/);
    expect(replies[1]).toContain('@李叔');
    expect(replies[3]).toContain('已为你下单：大米×3');
    expect(replies[5]).toMatch(/^@李叔 你在「测试团购」的订单：\n· 大米×3 ¥207\.00 待付款 去付款：http:\/\/localhost:3000\/pages\/order\/index\?id=\d+\n· 水蜜桃×1 ¥68\.00 待付款/);
    expect(replies[6]).toBe('@李叔 已取消：大米×3\n已付款的订单将原路退款');
    expect(replies[7]).not.toContain('大米');
    expect(replies[8]).toContain('+2 桃子 / +1 2号');
    expect(replies[8]).toContain('1. 水蜜桃\n2. 大米');
    const orders = await srv.container.orders.repo.findMany('o.user_id = :u', { u: n1.id });
    expect(orders.map((o) => o.status).sort()).toEqual(['cancelled', 'pending_payment']);
  });

  it('a leader unbinds the group: the bridge is refused, and nothing more is posted there', async () => {
    const { ch } = await boundGroup();
    const unbind = await request(srv.url).post(`/api/leader/bot/channels/${ch.id}/unbind`).set(auth(w.leader));
    expect(unbind.status).toBe(200);
    expect(unbind.body.data.status).toBe('unbound');
    const after = await bridgePost(srv, ch, 'G1', [{ messageId: msgId(), senderId: 'm', text: '帮助' }]);
    expect(after.status).toBe(409);
    // Another leader cannot touch this leader's channel.
    const other = await request(srv.url).post(`/api/leader/bot/channels/${ch.id}/unbind`).set(auth(w.otherLeader));
    expect(other.status).toBe(404);
    // The group can be bound again, to a new channel.
    const again = await createChannel(srv, w.leader, { name: '重新绑定', transport: 'console' });
    const bound = await bridgePost(srv, again, 'G1', [{ messageId: msgId(), senderId: 'l', text: again.bindingCode! }]);
    expect(bound.body.data.results[0].outcome).toBe('bound');
  });

  it('random chat through the signed bridge never makes an order it should not, and never a 500', async () => {
    const { ch, campaign } = await boundGroup();
    await srv.container.bot.service.members.link({ channelId: ch.id, memberId: 'fuzz', userId: w.neighbours[1].id, displayName: '路人' }, srv.clock.now());
    const items = commandItems(await srv.container.campaigns.items(campaign.id));
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.array(fc.constantFrom('+', '＋', '1', '２', '水蜜桃', '蜜桃', '大米', '接龙', '取消', '吗', '?', ' ', '😂', '[强]', '@王姐', '号', '份', '-', '今天'), { maxLength: 6 }).map((p) => p.join('')),
    );
    let expected = await orderCount();
    await fc.assert(fc.asyncProperty(anyText, async (text) => {
      const res = await bridgePost(srv, ch, 'G1', [{ messageId: msgId(), senderId: 'fuzz', senderName: '路人', text }]);
      expect(res.status).toBe(200);
      const parsed = parseCommand(text, { items });
      if (parsed.kind === 'join') expected += (res.body.data.results[0].outcome === 'joined' ? 1 : 0);
      else expect(res.body.data.results[0].outcome).not.toBe('joined');
      expect(await orderCount()).toBe(expected);
    }), { numRuns: 150 });
    // Text without any number never orders anything.
    const numberless = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((t) => !/[\p{N}零〇一二两三四五六七八九十百千万俩仨]/u.test(t.normalize('NFKC')));
    const before = await orderCount();
    await fc.assert(fc.asyncProperty(numberless, async (text) => {
      const res = await bridgePost(srv, ch, 'G1', [{ messageId: msgId(), senderId: 'fuzz', text }]);
      expect(res.status).toBe(200);
    }), { numRuns: 100 });
    expect(await orderCount()).toBe(before);
  });
});
