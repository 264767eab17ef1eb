/**
 * Delivery to a WeCom group robot (a local fake speaking its protocol) when it misbehaves: errors, rate-limit
 * answers, a dropped connection, an invalid key — retried with backoff, in order, nothing lost, nothing twice;
 * and our own rate limit keeps within 20 messages a minute.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { auth, buildWorld, type World } from '../../helpers/world';
import { testDialect } from '../../helpers/db';
import { FakeWecom } from '../../helpers/fake-wecom';
import { MINUTE, SECOND_MS } from './time';
import { advance, deliver, outbox, wecomChannel, writeTexts } from './support';

describe(`[${testDialect()}] bot: delivery to a WeCom robot`, () => {
  let srv: TestServer;
  let fake: FakeWecom;
  let w: World;

  beforeAll(async () => {
    srv = await startTestServer();
    fake = await new FakeWecom({ now: () => srv.clock.now().getTime() }).start();
  });
  afterAll(async () => { await srv?.close(); await fake?.stop(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); });

  const texts = (key: string) => fake.messagesFor(key).map((m) => m.content);
  const numbered = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} 第 ${i + 1} 条`);

  it('retries through system errors, HTTP 5xx, a rate-limit answer and a dropped connection — in order, once each', async () => {
    const ch = await wecomChannel(srv, w, fake, 'flaky');
    await deliver(srv); // the greeting
    fake.failNext('flaky', { errcode: -1, errmsg: 'system busy' })
      .failNext('flaky', { httpStatus: 502 })
      .failNext('flaky', { errcode: 45009, errmsg: 'api freq out of limit' })
      .failNext('flaky', { hangUp: true });
    await writeTexts(srv, ch.id, numbered(3, '消息'));
    await deliver(srv);
    expect(texts('flaky')).toHaveLength(1); // -1: held for the backoff
    const held = await request(srv.url).get(`/api/leader/bot/channels/${ch.id}`).set(auth(w.leader));
    expect(held.body.data.lastError).toContain('-1');
    expect(held.body.data.blockedUntil).not.toBeNull();
    await advance(srv, 10 * SECOND_MS); // 502
    expect(texts('flaky')).toHaveLength(1);
    await advance(srv, 20 * SECOND_MS); // 45009: a minute's wait, not counted as an attempt
    expect(texts('flaky')).toHaveLength(1);
    await advance(srv, MINUTE); // the connection drops
    expect(texts('flaky')).toHaveLength(1);
    for (let i = 0; i < 6; i++) await advance(srv, MINUTE);
    expect(texts('flaky')).toEqual([expect.stringContaining('已接入'), ...numbered(3, '消息')]);
    const rows = await outbox(srv, 'channel_id = :id AND topic = :t', { id: ch.id, t: 'reply' });
    expect(rows.map((r) => [r.status, r.partsSent])).toEqual([['sent', 1], ['sent', 1], ['sent', 1], ['sent', 1]]);
    expect(rows[1].attempts).toBe(4); // -1, 502, dropped connection, then sent (the 45009 attempt was given back)
    expect(fake.requests.filter((r) => r.key === 'flaky')).toHaveLength(8);
  });

  it('parks a message WeCom refuses as malformed, and the queue goes on', async () => {
    const ch = await wecomChannel(srv, w, fake, 'reject');
    await deliver(srv);
    fake.failNext('reject', { errcode: 40008, errmsg: 'invalid message type' });
    await writeTexts(srv, ch.id, ['坏消息', '好消息']);
    await deliver(srv);
    expect(texts('reject').slice(1)).toEqual(['好消息']);
    const [bad] = await outbox(srv, "channel_id = :id AND status = 'failed'", { id: ch.id });
    expect(bad.lastError).toContain('40008');
    // An admin sees it and puts it back in line; it goes out once.
    const failed = await request(srv.url).get('/api/admin/bot/outbox').set(auth(w.admin));
    expect(failed.body.data).toEqual([expect.objectContaining({ id: bad.id, status: 'failed', topic: 'reply', text: '坏消息' })]);
    expect((await request(srv.url).post(`/api/admin/bot/outbox/${bad.id}/retry`).set(auth(w.admin))).status).toBe(200);
    expect((await request(srv.url).post(`/api/admin/bot/outbox/${bad.id}/retry`).set(auth(w.admin))).status).toBe(409);
    expect((await request(srv.url).post('/api/admin/bot/outbox/999999/retry').set(auth(w.admin))).status).toBe(404);
    expect((await request(srv.url).get('/api/admin/bot/outbox').set(auth(w.leader))).status).toBe(403);
    await deliver(srv);
    expect(texts('reject').slice(1)).toEqual(['好消息', '坏消息']);
  });

  it('parks a message after its last attempt; the messages behind it then go out', async () => {
    const ch = await wecomChannel(srv, w, fake, 'down');
    await deliver(srv);
    fake.failNext('down', { httpStatus: 500 }, srv.container.config.bot.maxAttempts);
    await writeTexts(srv, ch.id, ['一', '二']);
    for (let i = 0; i < 40 && texts('down').length < 2; i++) await advance(srv, 2 * MINUTE);
    expect(texts('down').slice(1)).toEqual(['二']);
    const [parked] = await outbox(srv, "channel_id = :id AND status = 'failed'", { id: ch.id });
    expect(parked.attempts).toBe(srv.container.config.bot.maxAttempts);
  });

  it('holds the channel on an invalid webhook key, losing nothing; a new URL resumes delivery', async () => {
    const ch = await wecomChannel(srv, w, fake, 'gone');
    await deliver(srv);
    fake.removeRobot('gone');
    await writeTexts(srv, ch.id, numbered(3, '等待'));
    await deliver(srv);
    await advance(srv, MINUTE);
    const view = await request(srv.url).get(`/api/leader/bot/channels/${ch.id}`).set(auth(w.leader));
    expect(view.body.data.lastError).toContain('93000');
    expect((await outbox(srv, "channel_id = :id AND status = 'pending'", { id: ch.id }))).toHaveLength(3);
    const patched = await request(srv.url).patch(`/api/leader/bot/channels/${ch.id}`).set(auth(w.leader)).send({ webhookUrl: fake.robot('back') });
    expect(patched.status).toBe(200);
    expect(patched.body.data.blockedUntil).toBeNull();
    await advance(srv, 10 * MINUTE);
    expect(texts('back')).toEqual(numbered(3, '等待'));
    expect(texts('gone')).toHaveLength(1);
  });

  it('sends at most 20 a minute across the window, by its own count, and the rest when the window moves', async () => {
    const ch = await wecomChannel(srv, w, fake, 'busy');
    await writeTexts(srv, ch.id, numbered(44, '通知'));
    await deliver(srv);
    expect(texts('busy')).toHaveLength(20);
    await advance(srv, 30 * SECOND_MS);
    expect(texts('busy')).toHaveLength(20);
    await advance(srv, 31 * SECOND_MS);
    expect(texts('busy')).toHaveLength(40);
    await advance(srv, 61 * SECOND_MS);
    expect(texts('busy')).toEqual([expect.stringContaining('已接入'), ...numbered(44, '通知')]);
    expect(fake.requests.filter((r) => r.key === 'busy' && r.errcode === 45009)).toHaveLength(0);
    expect(fake.maxPerMinute('busy')).toBeLessThanOrEqual(20);
  });
});
