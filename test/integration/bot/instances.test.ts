/**
 * The dispatcher across a crash and a restart, and with two server instances on one database: every group
 * message is delivered once, in the order it was written, within the rate limit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from '../../helpers/server';
import { buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { dropTestDatabase, testDatabaseUrl, testDialect } from '../../helpers/db';
import { FakeWecom } from '../../helpers/fake-wecom';
import { ManualClock } from '../../../server/kernel/clock';
import { checkBridgeSignature } from '../../../server/modules/bot';
import { BridgeTransport } from '../../../server/infra/bot/bridge.transport';
import { closeAtDeadline, createChannel, deliver, outbox, wecomChannel, writeTexts } from './support';
import type { BotRenderer } from '../../../server/flows/bot-render';
import { MINUTE, SECOND_MS } from './time';

/** What the fake should have received for a channel: every sent row's parts, in the order the rows were written. */
async function expectedTexts(srv: TestServer, channelId: number): Promise<string[]> {
  const rows = await outbox(srv, "channel_id = :id AND status = 'sent'", { id: channelId });
  return rows.flatMap((r) => r.rendered ?? []);
}

describe(`[${testDialect()}] bot: crash, restart and two instances`, () => {
  let fake: FakeWecom;
  const clock = new ManualClock();

  beforeAll(async () => { fake = await new FakeWecom({ now: () => clock.now().getTime() }).start(); });
  afterAll(async () => { await fake?.stop(); });

  it('a dispatcher that dies mid-message: after a restart the rest goes out once, in order, resuming after the last part sent', async () => {
    const url = testDatabaseUrl('bot_crash');
    await dropTestDatabase(url);
    const a = await startTestServer({ clock, databaseName: 'bot_crash', keepDatabase: true });
    let b: TestServer | undefined;
    try {
      const w: World = await buildWorld(a, 2);
      const ch = await wecomChannel(a, w, fake, 'crash');
      await deliver(a);
      await writeTexts(a, ch.id, ['第一条', '第二条', '第三条']);

      // The instance that dies: it leased the group, claimed the first message (rendered, here, as three parts),
      // sent part one and recorded it — and then the process was gone, leases and all.
      const bot = a.container.bot.service;
      const now = clock.now();
      const until = new Date(now.getTime() + 30 * SECOND_MS);
      expect(await bot.channels.lease(ch.id, 'dead-instance', now, until)).toBe(true);
      const first = (await bot.outbox.nextForChannel(ch.id, now))!;
      const lease = (await bot.outbox.claim(first.id, 'dead-instance', now, until))!;
      expect(await bot.outbox.saveRendered(lease, ['第一条（上）', '第一条（中）', '第一条（下）'])).toBe(true);
      await fetch(`${fake.url}/cgi-bin/webhook/send?key=crash`, { method: 'POST', body: JSON.stringify({ msgtype: 'text', text: { content: '第一条（上）' } }) });
      expect(await bot.outbox.partSent(lease, 1, now)).toBe(true);
      await a.stop();

      b = await startTestServer({ clock, databaseName: 'bot_crash', keepDatabase: true });
      await deliver(b); // the dead instance's leases still stand: nothing goes out
      expect(fake.messagesFor('crash')).toHaveLength(2);
      clock.advance(31 * SECOND_MS);
      await deliver(b);
      expect(fake.messagesFor('crash').map((m) => m.content)).toEqual([
        expect.stringContaining('已接入'), '第一条（上）', '第一条（中）', '第一条（下）', '第二条', '第三条',
      ]);
      const rows = await outbox(b, "channel_id = :id AND topic = 'reply'", { id: ch.id });
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
      expect(rows[1]).toMatchObject({ attempts: 2, partsSent: 3 });
      // Later passes change nothing.
      clock.advance(10 * MINUTE);
      await deliver(b);
      expect(fake.messagesFor('crash')).toHaveLength(6);
    } finally {
      await b?.stop();
      await dropTestDatabase(url);
    }
  });

  it("a campaign's life across a dispatcher crash and a restart: each group message once, in order", async () => {
    const url = testDatabaseUrl('bot_life_crash');
    await dropTestDatabase(url);
    const a = await startTestServer({ clock, databaseName: 'bot_life_crash', keepDatabase: true });
    let b: TestServer | undefined;
    try {
      const w = await buildWorld(a, 3);
      const ch = await wecomChannel(a, w, fake, 'life-crash');
      await deliver(a);
      const c = await openCampaign(a, w, { thresholdValue: 2, deadlineInMs: 3 * 3600_000 });
      // The instance dies right after claiming the 开团 message and freezing its text, before sending it.
      const bot = a.container.bot.service;
      const now = clock.now();
      const until = new Date(now.getTime() + 30 * SECOND_MS);
      expect(await bot.channels.lease(ch.id, 'dead-instance', now, until)).toBe(true);
      const opened = (await bot.outbox.nextForChannel(ch.id, now))!;
      expect(opened.topic).toBe('opened');
      const lease = (await bot.outbox.claim(opened.id, 'dead-instance', now, until))!;
      const renderer = (a.container.bot.dispatcher as unknown as { render: BotRenderer }).render;
      expect(await bot.outbox.saveRendered(lease, (await renderer.group(opened, { leaderId: w.leader.leaderId }, 2048, now))!)).toBe(true);
      // Meanwhile the neighbours keep paying (on the instance that is still up, until it goes).
      await joinAndPay(a, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
      await joinAndPay(a, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
      await a.stop();

      b = await startTestServer({ clock, databaseName: 'bot_life_crash', keepDatabase: true });
      await deliver(b);
      expect(fake.messagesFor('life-crash')).toHaveLength(1); // the dead instance's leases hold the group
      clock.advance(31 * SECOND_MS);
      await deliver(b);
      await joinAndPay(b, w.neighbours[2], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
      clock.advance(MINUTE + SECOND_MS);
      await deliver(b);
      await closeAtDeadline(b, c.id);
      clock.advance(10 * MINUTE);
      await deliver(b);
      const heads = fake.messagesFor('life-crash').map((m) => m.content.split('\n')[0].replace(/】.*$/, '】'));
      expect(heads).toEqual([expect.stringContaining('已接入'), '【开团】', '【成团啦】', '【接龙】', '【截团】']);
      expect(fake.messagesFor('life-crash')[3].content).toContain('已有 3 人参团，已成团');
      const rows = await outbox(b, 'channel_id = :id', { id: ch.id });
      expect(rows.find((r) => r.id === opened.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
    } finally {
      await b?.stop();
      await dropTestDatabase(url);
    }
  });

  it('a crash between the relay taking a part and us recording it: the part is sent again with the same delivery id, which a bridge relay drops', async () => {
    const seen = new Map<string, number>();
    const shown: string[] = [];
    let secret = '';
    const relay = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (checkBridgeSignature(secret, req.headers, raw, clock.now())) { res.writeHead(401).end(); return; }
        const body = JSON.parse(raw) as { deliveryId: string; text: string };
        seen.set(body.deliveryId, (seen.get(body.deliveryId) ?? 0) + 1);
        if (seen.get(body.deliveryId) === 1) shown.push(body.text); // a relay that keeps ids shows each once
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const srv = await startTestServer({ clock });
    try {
      const w = await buildWorld(srv, 1);
      const ch = await createChannel(srv, w.leader, { name: '桥', transport: 'bridge', webhookUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/send` });
      secret = ch.secret;
      await writeTexts(srv, ch.id, ['只显示一次']);
      // The relay's group is bound (as its binding code would have done).
      await srv.container.db.execute("UPDATE bot_channels SET status = 'active', external_group_id = 'G' WHERE id = :id", { id: ch.id });
      // The dying instance: claimed, rendered and sent the message, then died before recording it.
      const bot = srv.container.bot.service;
      const now = clock.now();
      const until = new Date(now.getTime() + 30 * SECOND_MS);
      expect(await bot.channels.lease(ch.id, 'dead', now, until)).toBe(true);
      const row = (await bot.outbox.nextForChannel(ch.id, now))!;
      const lease = (await bot.outbox.claim(row.id, 'dead', now, until))!;
      await bot.outbox.saveRendered(lease, ['只显示一次']);
      const target = { id: ch.id, webhookUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/send`, externalGroupId: 'G', secret };
      expect(await new BridgeTransport(clock).send(target, { content: '只显示一次', deliveryId: `${row.dedupeKey}#1` })).toEqual({ ok: true });
      clock.advance(31 * SECOND_MS);
      await deliver(srv);
      expect([...seen.values()]).toEqual([2]); // sent twice: the gap no sender closes alone
      expect(shown).toEqual(['只显示一次']); // shown once: the relay dropped the repeat by its delivery id
      expect((await bot.outbox.get(row.id))!.status).toBe('sent');
    } finally {
      await srv.close();
      await new Promise<void>((r) => relay.close(() => r()));
    }
  });

  it('two instances dispatching at once deliver every message once, in order, within 20 a minute', async () => {
    const url = testDatabaseUrl('bot_pair');
    await dropTestDatabase(url);
    const a = await startTestServer({ clock, databaseName: 'bot_pair', keepDatabase: true });
    const b = await startTestServer({ clock, databaseName: 'bot_pair', keepDatabase: true });
    try {
      const w = await buildWorld(a, 30);
      const ch = await wecomChannel(a, w, fake, 'pair');
      const c = await openCampaign(a, w, { thresholdValue: 10 });
      await writeTexts(a, ch.id, Array.from({ length: 25 }, (_, i) => `A 的第 ${i + 1} 条`), 'a');
      await writeTexts(b, ch.id, Array.from({ length: 25 }, (_, i) => `B 的第 ${i + 1} 条`), 'b');
      for (let i = 0; i < 30; i += 2) {
        await Promise.all([
          joinAndPay(a, w.neighbours[i], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint),
          joinAndPay(b, w.neighbours[i + 1], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint),
        ]);
        if (i % 10 === 0) await Promise.all([runDueJobs(a), runDueJobs(b)]);
      }
      for (let round = 0; round < 8; round++) {
        await Promise.all([runDueJobs(a), runDueJobs(b), runDueJobs(a), runDueJobs(b)]);
        clock.advance(MINUTE + SECOND_MS);
      }
      await Promise.all([deliver(a), deliver(b)]);

      const got = fake.messagesFor('pair').map((m) => m.content);
      const expected = await expectedTexts(a, ch.id);
      expect(got).toEqual(expected);
      expect(new Set(got).size).toBe(got.length);
      expect(got.filter((t) => /^[AB] 的第/.test(t))).toHaveLength(50);
      expect(got.some((t) => t.startsWith('【成团啦】'))).toBe(true);
      expect((await outbox(a, "channel_id = :id AND status = 'pending'", { id: ch.id }))).toHaveLength(0);
      expect(fake.maxPerMinute('pair')).toBeLessThanOrEqual(20);
      expect(fake.requests.filter((r) => r.key === 'pair' && r.errcode === 45009)).toHaveLength(0);
      // Both instances did some of the work.
      const owners = await a.container.db.select<{ o: string }>(
        "SELECT DISTINCT lease_owner AS o FROM scheduled_jobs WHERE kind = 'bot.dispatch' AND lease_owner IS NOT NULL");
      expect(owners.length).toBe(2);
    } finally {
      await b.stop();
      await a.stop();
      await dropTestDatabase(url);
    }
  }, 120_000);
});
