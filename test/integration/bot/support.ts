/** Helpers for the bot's integration tests: channels, the signed bridge, delivery with the manual clock. */
import request from 'supertest';
import type { TestServer } from '../../helpers/server';
import { auth, runDueJobs, type Person, type World } from '../../helpers/world';
import { signedHeaders } from '../../../server/modules/bot';
import { systemContext } from '../../../server/kernel/context';
import type { FakeWecom } from '../../helpers/fake-wecom';

export interface Channel { id: number; secret: string; bindingCode: string | null; status: string }

export async function createChannel(srv: TestServer, leader: Person, body: Record<string, unknown>): Promise<Channel> {
  const res = await request(srv.url).post('/api/leader/bot/channels').set(auth(leader)).send(body);
  if (res.status !== 201) throw new Error(`channel create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.data.channel.id, secret: res.body.data.secret, bindingCode: res.body.data.channel.bindingCode, status: res.body.data.channel.status };
}

/** A WeCom robot channel for the world's leader, pointing at the fake. */
export function wecomChannel(srv: TestServer, w: World, fake: FakeWecom, key: string): Promise<Channel> {
  return createChannel(srv, w.leader, { name: `群 ${key}`, webhookUrl: fake.robot(key) });
}

/** Delivers everything due now: the scheduler's jobs, as many passes as it takes. */
export async function deliver(srv: TestServer): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await runDueJobs(srv);
    const [due] = await srv.container.db.select<{ n: number }>(
      "SELECT COUNT(*) AS n FROM scheduled_jobs WHERE state = 'pending' AND run_at <= :now", { now: srv.clock.now() });
    if (!Number(due.n)) return;
  }
}

/** Moves the test clock and delivers what fell due. */
export async function advance(srv: TestServer, ms: number): Promise<void> {
  srv.clock.advance(ms);
  await deliver(srv);
}

export interface BridgeMessage { messageId: string; senderId: string; senderName?: string; text: string }

/** A signed POST from the bridge relay, at the test clock's time (or `at`). */
export function bridgePost(srv: TestServer, ch: { id: number; secret: string }, groupId: string, messages: BridgeMessage[], opts: { at?: Date; secret?: string; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify({ groupId, messages });
  return request(srv.url).post(`/api/bot/bridge/${ch.id}/messages`)
    .set('content-type', 'application/json')
    .set(signedHeaders(opts.secret ?? ch.secret, raw, opts.at ?? srv.clock.now()))
    .send(raw);
}

let seq = 0;
export const msgId = () => `m-${process.pid}-${++seq}-${Math.random().toString(36).slice(2, 7)}`;

/** Outbox rows as the tests look at them. */
export async function outbox(srv: TestServer, where = '1 = 1', params: Record<string, unknown> = {}) {
  return srv.container.bot.service.outbox.list(where, params);
}

/** Debugging aid: log statements slower than `ms` (BOT_TEST_SLOW=1). */
export function logSlowQueries(srv: TestServer, ms = 500): void {
  if (!process.env.BOT_TEST_SLOW) return;
  const seq = srv.container.db.sequelize as unknown as { query: (sql: unknown, o: { transaction?: unknown }) => Promise<unknown> };
  const orig = seq.query.bind(seq);
  seq.query = async (sql, o) => {
    const t0 = Date.now();
    try { return await orig(sql, o); } finally {
      const d = Date.now() - t0;
      if (d > ms) console.log('SLOW', d, o?.transaction ? 'tx' : 'notx', String(typeof sql === 'string' ? sql : (sql as { query: string }).query).slice(0, 160), new Error().stack?.split('\n').slice(2, 9).join(' | '));
    }
  };
}

/**
 * Runs a campaign's deadline handler on its own, as the deadline job would, before the other due jobs. (On
 * SQLite, the commission hooks' reads outside the close's transaction stall for the busy timeout when the
 * scheduler's concurrent writes meet them; running the close alone keeps these tests about the bot.)
 */
export async function closeAtDeadline(srv: TestServer, campaignId: number): Promise<void> {
  const deadline = (await srv.container.campaigns.get(campaignId)).deadlineAt.getTime();
  if (srv.clock.now().getTime() < deadline) srv.clock.set(deadline);
  await srv.container.flows.campaignLife.closeIfDue(systemContext('test-deadline', srv.clock.now()), campaignId);
  await deliver(srv);
}

/** Writes `texts` as group messages to a channel, each in its own transaction, as a flow's hook would. */
export async function writeTexts(srv: TestServer, channelId: number, texts: string[], tag = msgId()): Promise<void> {
  for (const [i, text] of texts.entries()) {
    await srv.container.db.transaction(systemContext('test', srv.clock.now()), (trc) => srv.container.bot.notices.write(trc, {
      audience: 'group', channelId, topic: 'reply', dedupeKey: `test:${tag}:${i}`, payload: { text }, availableAt: trc.now,
    }));
  }
}
