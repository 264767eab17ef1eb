/**
 * A burst of 200 paid joins: the group gets a handful of progress messages (coalesced), within the robot's
 * rate limit, each within its size limit, the last one accounting for everybody.
 */
import { startTestServer, type TestServer } from '../../helpers/server';
import { buildWorld, joinAndPay, openCampaign, type World } from '../../helpers/world';
import { testDialect } from '../../helpers/db';
import { FakeWecom } from '../../helpers/fake-wecom';
import { advance, closeAtDeadline, deliver, outbox, wecomChannel } from './support';
import { MINUTE } from './time';

describe(`[${testDialect()}] bot: a burst of joins`, () => {
  let srv: TestServer;
  let fake: FakeWecom;
  let w: World;

  beforeAll(async () => {
    srv = await startTestServer();
    fake = await new FakeWecom({ now: () => srv.clock.now().getTime() }).start();
    w = await buildWorld(srv, 200);
  });
  afterAll(async () => { await srv?.close(); await fake?.stop(); });

  it('200 joins in under two minutes make a handful of progress messages, all within 20 a minute', async () => {
    const ch = await wecomChannel(srv, w, fake, 'burst');
    const c = await openCampaign(srv, w, { thresholdValue: 150, peach: { stock: 1000 } });
    await deliver(srv);
    // Twenty at a time, concurrently, 5 s of clock between batches: 200 joins over 50 s, then 50 s more of them again.
    for (let b = 0; b < 10; b++) {
      await Promise.all(w.neighbours.slice(b * 20, b * 20 + 20).map((n, i) =>
        joinAndPay(srv, n, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 + ((b + i) % 3) }], w.coldPoint)));
      await advance(srv, 10_000);
    }
    await advance(srv, MINUTE);
    await advance(srv, MINUTE);

    const messages = fake.messagesFor('burst');
    const kinds = messages.map((m) => m.content.split('\n')[0].replace(/】.*$/, '】'));
    const progress = kinds.filter((k) => k === '【接龙】');
    expect(kinds[0]).toContain('已接入');
    expect(kinds[1]).toBe('【开团】');
    expect(kinds.filter((k) => k === '【成团啦】')).toHaveLength(1);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(4);
    expect(messages.length).toBeLessThanOrEqual(8);
    const last = messages.at(-1)!.content;
    expect(last).toContain('已有 200 人参团，已成团');
    expect(last).toMatch(/…… 另有 \d+ 位邻居，完整接龙见链接\nhttp:\/\/localhost:3000\/pages\/campaign\/index\?id=\d+&l=WANG01$/);
    for (const m of messages) {
      expect(Buffer.byteLength(m.content, 'utf8')).toBeLessThanOrEqual(2048);
      expect(m.content).not.toContain('\uFFFD');
      // Every list line is whole: "N. name item×q".
      if (m.content.startsWith('【开团】')) continue;
      for (const line of m.content.split('\n').filter((l) => /^\d+\. /.test(l))) expect(line).toMatch(/^\d+\. 邻居\d+ 水蜜桃×[123]$/);
    }
    expect(fake.maxPerMinute('burst')).toBeLessThanOrEqual(20);
    expect(fake.requests.filter((r) => r.errcode === 45009)).toHaveLength(0);
    process.stderr.write(`[${testDialect()}] 200 paid joins → ${messages.length} group messages (${progress.length} progress), at most ${fake.maxPerMinute('burst')} in a minute\n`);
    // Every paid join was in some message or folded into one: progress rows are sent or coalesced, none pending.
    expect((await outbox(srv, "channel_id = :id AND status = 'pending'", { id: ch.id }))).toHaveLength(0);

    // The close: the final list of 200 is split over at most three messages, each within the limit.
    await closeAtDeadline(srv, c.id);
    const closed = fake.messagesFor('burst').slice(messages.length);
    expect(closed.length).toBeGreaterThanOrEqual(2);
    expect(closed.length).toBeLessThanOrEqual(3);
    expect(closed[0].content).toMatch(/^【截团】测试团购 已成团截止，共 200 人 \d+ 份/);
    expect(closed[1].content).toMatch(/^（续 2\/\d）\n/);
    for (const m of closed) expect(Buffer.byteLength(m.content, 'utf8')).toBeLessThanOrEqual(2048);
    const listed = closed.flatMap((m) => m.content.split('\n')).filter((l) => /^\d+\. /.test(l)).map((l) => Number(l.split('.')[0]));
    expect(listed).toEqual(Array.from({ length: listed.length }, (_, i) => i + 1)); // in order, none twice
  }, 180_000);
});
