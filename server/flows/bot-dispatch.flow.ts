/**
 * The outbox dispatcher: delivers what notices.flow.ts and the bot wrote, once, in order, within each
 * transport's limits, across any number of server instances. It runs as scheduler jobs ('bot.dispatch' at each
 * message's due time, 'bot.sweep' as a safety net), so it needs no loop of its own and tests drive it with the
 * manual clock.
 *
 * Group messages:
 *  - A channel is leased (conditional UPDATE on bot_channels) before anything is sent to it: one dispatcher
 *    per group at a time, so messages arrive in the order they were written. Busy: a wake-up is planned for
 *    when the lease ends.
 *  - Each message is claimed (conditional UPDATE, attempt + 1, lease); its text is rendered at the first
 *    attempt and frozen; parts are marked sent one by one (fenced by lease and attempt), so a retry resumes
 *    after the last part that went out and a dispatcher that lost its lease cannot record anything.
 *  - Rate limit: parts sent to the channel in the last minute are counted in the database (so the limit holds
 *    across instances); at the limit the channel is gated until the oldest of them leaves the window.
 *  - Failures hold the channel, not the message (order is kept): a retryable error gates the channel for a
 *    backoff; a rate-limit answer gates it for a minute without using up an attempt; a broken channel (invalid
 *    webhook key) is gated for ten minutes and shown to the leader; a message the receiver rejects, or one out
 *    of attempts, is parked as failed and the queue moves on.
 * Personal notices and share-card updates are independent: claimed one by one, retried with backoff.
 *
 * Exactly once: a crash after the receiver took a part and before it was marked sent resends that part on the
 * next attempt — the one gap no sender can close without the receiver's help. Bridge relays get a stable
 * deliveryId per part to drop such a repeat; the WeCom robot has no such id.
 */
import { randomBytes } from 'node:crypto';
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import type { Logger } from '../infra/logger';
import type { Backoff } from '../infra/scheduler/backoff';
import type { JobSpec } from '../infra/scheduler/types';
import { systemContext } from '../kernel/context';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { BotTransport } from '../infra/bot/transport';
import type { UpdatableMessageClient } from '../infra/wechat/updatable-message.client';
import type { BotService, ChannelRow, OutboxLease, OutboxRow, TransportName } from '../modules/bot';
import type { BotRenderer, PersonalNotice } from './bot-render';
import { BOT_JOBS } from './notices.flow';

export interface PersonalSender {
  /** 'not_subscribed': the user cannot receive it (no openid, refused): dropped, not retried. */
  send(userId: number, notice: PersonalNotice): Promise<'sent' | 'not_subscribed'>;
}

export interface DispatcherOptions {
  instanceId: string;
  /** How long a claim on a channel or a message lasts; renewed after every message sent. */
  leaseMs: number;
  maxAttempts: number;
  backoff: Backoff;
  /** How long a broken channel (invalid webhook key) is held before it is tried again. */
  brokenChannelHoldMs: number;
  /** Messages one pass sends to one channel before it yields (and plans itself again at once). */
  perPass: number;
}

const WINDOW_MS = 60_000;

type RowOutcome = { kind: 'done' } | { kind: 'gate'; until: Date; error: string } | { kind: 'lost' };

export interface DispatchReport { sent: number; parked: number; dropped: number; deferred: number }

export class BotDispatcher {
  private readonly log: Logger;

  constructor(
    private readonly c: Container,
    private readonly bot: BotService,
    private readonly render: BotRenderer,
    private readonly transports: Record<TransportName, BotTransport>,
    private readonly personal: PersonalSender,
    private readonly updatable: UpdatableMessageClient | null,
    private readonly opts: DispatcherOptions,
  ) {
    this.log = c.log.child({ part: 'bot-dispatch' });
  }

  /** Job 'bot.dispatch'. */
  async run(rc: ServiceContext, payload: { channelId?: number | null }): Promise<DispatchReport> {
    const report = newReport();
    if (payload.channelId) await this.dispatchChannel(Number(payload.channelId), report);
    else await this.dispatchSingles(report);
    return report;
  }

  /** Job 'bot.sweep' (and tests): everything due, every channel. */
  async sweep(): Promise<DispatchReport> {
    const report = newReport();
    for (const channelId of await this.bot.outbox.channelsWithDue(this.now())) await this.dispatchChannel(channelId, report);
    await this.dispatchSingles(report);
    return report;
  }

  private now(): Date { return this.c.clock.now(); }
  private leaseEnd(now: Date): Date { return new Date(now.getTime() + this.opts.leaseMs); }

  /** Delivers a channel's due messages in order, as far as its limits allow. */
  async dispatchChannel(channelId: number, report: DispatchReport = newReport()): Promise<DispatchReport> {
    const owner = this.opts.instanceId;
    let now = this.now();
    if (!(await this.bot.channels.lease(channelId, owner, now, this.leaseEnd(now)))) {
      const gate = await this.bot.channels.gate(channelId);
      if (gate?.status !== 'active') return report; // unbound: its messages were dropped with it
      const until = [gate.leaseUntil, gate.blockedUntil].filter((d): d is Date => d !== null && d > now).sort((a, b) => +b - +a)[0];
      if (until) await this.wakeChannel(channelId, until);
      return report;
    }
    let gate: { until: Date; error: string } | null = null;
    let lost = false;
    try {
      const channel = (await this.bot.channels.get(channelId))!;
      const transport = this.transports[channel.transport];
      for (let n = 0; n < this.opts.perPass; n++) {
        now = this.now();
        const row = await this.bot.outbox.nextForChannel(channelId, now);
        if (!row) return report;
        const budget = await this.rateBudget(channelId, transport, now);
        if (budget.left <= 0) { gate = { until: budget.freeAt, error: 'rate limit: waiting for the minute window' }; report.deferred++; return report; }
        const outcome = await this.deliverGroup(row, channel, transport, budget.left, report);
        if (outcome.kind === 'lost') { lost = true; return report; }
        if (outcome.kind === 'gate') { gate = outcome; report.deferred++; return report; }
        if (!(await this.bot.channels.renew(channelId, owner, this.leaseEnd(this.now())))) { lost = true; return report; }
      }
      return report; // more than one pass's worth: the check below plans the rest in a fresh job
    } finally {
      await this.bot.channels.release(channelId, owner, gate ? { blockedUntil: gate.until, error: gate.error } : { blockedUntil: null });
      if (gate) await this.wakeChannel(channelId, gate.until);
      // A message written while we held the lease may have had its own wake-up turned away: look once more.
      else if (!lost && (await this.bot.outbox.nextForChannel(channelId, this.now()))) await this.wakeChannel(channelId, this.now(), true);
    }
  }

  /** How many more parts the channel may take now, and when the oldest one in the window leaves it. */
  private async rateBudget(channelId: number, transport: BotTransport, now: Date): Promise<{ left: number; freeAt: Date }> {
    const limit = transport.limits.perMinute;
    if (!limit) return { left: Number.MAX_SAFE_INTEGER, freeAt: now };
    const { parts, oldest } = await this.bot.outbox.sentSince(channelId, new Date(now.getTime() - WINDOW_MS));
    return { left: limit - parts, freeAt: new Date((oldest ?? now).getTime() + WINDOW_MS + 1) };
  }

  private async deliverGroup(row: OutboxRow, channel: ChannelRow, transport: BotTransport, budget: number, report: DispatchReport): Promise<RowOutcome> {
    const now = this.now();
    const lease = await this.bot.outbox.claim(row.id, this.opts.instanceId, now, this.leaseEnd(now));
    if (!lease) {
      // An earlier attempt (of a dispatcher that died) still holds the message: wait for its lease to end.
      const current = await this.bot.outbox.get(row.id);
      if (current?.status === 'pending' && current.leaseUntil && current.leaseUntil > now) {
        return { kind: 'gate', until: current.leaseUntil, error: 'an earlier attempt still holds the message' };
      }
      return { kind: 'done' };
    }
    if (lease.attempt > this.opts.maxAttempts) {
      await this.bot.outbox.park(lease, `gave up after ${this.opts.maxAttempts} attempts${row.lastError ? `; last error: ${row.lastError}` : ''}`);
      report.parked++;
      return { kind: 'done' };
    }
    let parts = row.rendered;
    if (!parts) {
      const rendered = await this.render.group(row, channel, transport.limits.textBytes, now);
      if (!rendered || !rendered.length) {
        await this.bot.outbox.drop(lease, 'nothing to say any more (campaign gone or no longer open)');
        report.dropped++;
        return { kind: 'done' };
      }
      if (!(await this.bot.outbox.saveRendered(lease, rendered))) return { kind: 'lost' };
      parts = rendered;
    }
    const mentions = Array.isArray(row.payload.mentions) ? row.payload.mentions.map(String) : undefined;
    for (let i = row.partsSent; i < parts.length; i++) {
      if (i - row.partsSent >= budget) {
        await this.bot.outbox.release(lease, 'rate limit reached mid-message', { refund: true });
        const { freeAt } = await this.rateBudget(channel.id, transport, this.now());
        return { kind: 'gate', until: freeAt, error: 'rate limit: waiting for the minute window' };
      }
      const result = await transport.send(
        { id: channel.id, webhookUrl: channel.webhookUrl, externalGroupId: channel.externalGroupId, secret: channel.secret },
        { content: parts[i], mentions: i === 0 ? mentions : undefined, deliveryId: `${row.dedupeKey}#${i + 1}` },
      );
      const at = this.now();
      if (result.ok) {
        if (!(await this.bot.outbox.partSent(lease, i + 1, at))) return { kind: 'lost' };
        continue;
      }
      this.log.warn({ outboxId: row.id, channelId: channel.id, attempt: lease.attempt, kind: result.kind, error: result.error }, 'group message not delivered');
      switch (result.kind) {
        case 'rate_limited':
          await this.bot.outbox.release(lease, result.error, { refund: true });
          return { kind: 'gate', until: new Date(at.getTime() + (result.retryAfterMs ?? WINDOW_MS)), error: result.error };
        case 'channel_broken':
          await this.bot.outbox.release(lease, result.error, { refund: true });
          return { kind: 'gate', until: new Date(at.getTime() + this.opts.brokenChannelHoldMs), error: result.error };
        case 'rejected':
          await this.bot.outbox.park(lease, result.error);
          report.parked++;
          return { kind: 'done' };
        case 'retry':
          if (lease.attempt >= this.opts.maxAttempts) {
            await this.bot.outbox.park(lease, result.error);
            report.parked++;
            return { kind: 'done' };
          }
          await this.bot.outbox.release(lease, result.error);
          return { kind: 'gate', until: new Date(at.getTime() + this.opts.backoff(lease.attempt)), error: result.error };
      }
    }
    if (!(await this.bot.outbox.markSent(lease, this.now()))) return { kind: 'lost' };
    report.sent++;
    return { kind: 'done' };
  }

  /** Personal notices and share-card updates that are due, each claimed on its own. */
  async dispatchSingles(report: DispatchReport = newReport()): Promise<DispatchReport> {
    for (const id of await this.bot.outbox.dueSingles(this.now())) {
      const now = this.now();
      const lease = await this.bot.outbox.claim(id, this.opts.instanceId, now, this.leaseEnd(now));
      if (!lease) continue;
      const row = (await this.bot.outbox.get(id))!;
      try {
        const outcome = row.audience === 'share' ? await this.deliverShare(row, lease) : await this.deliverPersonal(row, lease);
        report[outcome]++;
      } catch (err) {
        const error = (err as Error).message ?? String(err);
        this.log.warn({ outboxId: id, attempt: lease.attempt, error }, 'notice not delivered');
        if (lease.attempt >= this.opts.maxAttempts) { await this.bot.outbox.park(lease, error); report.parked++; continue; }
        const retryAt = new Date(this.now().getTime() + this.opts.backoff(lease.attempt));
        await this.bot.outbox.release(lease, error, { retryAt });
        await this.enqueue({ kind: BOT_JOBS.dispatch, runAt: retryAt, dedupeKey: `bot.wake:s${id}@${retryAt.toISOString()}`, payload: {} });
        report.deferred++;
      }
    }
    return report;
  }

  private async deliverPersonal(row: OutboxRow, lease: OutboxLease): Promise<'sent' | 'dropped' | 'parked'> {
    if (lease.attempt > this.opts.maxAttempts) { await this.bot.outbox.park(lease, 'gave up: attempts used up'); return 'parked'; }
    const notice = await this.render.personal(row);
    if (!notice || row.userId === null) { await this.bot.outbox.drop(lease, 'order no longer exists'); return 'dropped'; }
    const outcome = await this.personal.send(row.userId, notice);
    if (outcome === 'not_subscribed') { await this.bot.outbox.drop(lease, 'user has no openid or did not subscribe'); return 'dropped'; }
    await this.bot.outbox.markSent(lease, this.now());
    return 'sent';
  }

  /**
   * The campaign's share cards to its current count; the final message also ends them. Setting a count is
   * idempotent, so a retry after a partial failure simply sets every card again.
   */
  private async deliverShare(row: OutboxRow, lease: OutboxLease): Promise<'sent' | 'dropped' | 'parked'> {
    if (lease.attempt > this.opts.maxAttempts) { await this.bot.outbox.park(lease, 'gave up: attempts used up'); return 'parked'; }
    const final = row.topic === 'share_final';
    if (final) await this.bot.outbox.coalesce({ audience: 'share', campaignId: row.campaignId!, topics: ['share_progress'], channelId: null, into: row.id }, this.now());
    const campaign = await this.c.campaigns.repo.find(row.campaignId!);
    const cards = await this.bot.shares.live(row.campaignId!, this.now());
    if (!campaign || !cards.length || !this.updatable) { await this.bot.outbox.drop(lease, 'no live share card'); return 'dropped'; }
    const roomLimit = campaign.thresholdKind === 'participants' ? campaign.thresholdValue : Math.max(campaign.paidParticipants, 1);
    for (const card of cards) {
      await this.updatable.update(card.activityId, { memberCount: campaign.paidParticipants, roomLimit, ended: final });
    }
    if (final) await this.bot.shares.markFinal(cards.map((c) => c.id));
    await this.bot.outbox.markSent(lease, this.now());
    return 'sent';
  }

  /** An admin puts a parked message back in line (it resumes after the parts already sent) and wakes its dispatcher. */
  async requeue(id: number): Promise<OutboxRow> {
    const now = this.now();
    if (!(await this.bot.outbox.requeue(id, now))) {
      const row = await this.bot.outbox.get(id);
      if (!row) throw new NotFoundError('outbox message', id);
      throw new ConflictError(`message ${id} is ${row.status}; only a failed message can be retried`, { status: row.status });
    }
    const row = (await this.bot.outbox.get(id))!;
    await this.enqueue({ kind: BOT_JOBS.dispatch, runAt: now, dedupeKey: `bot.retry:${id}@${now.toISOString()}#${randomBytes(4).toString('hex')}`, payload: row.channelId ? { channelId: row.channelId } : {} });
    return row;
  }

  /** Plans a pass over the channel at `at`. `now`: a fresh key, since a job for this very moment may be the running one. */
  private async wakeChannel(channelId: number, at: Date, now = false): Promise<void> {
    const key = `bot.wake:${channelId}@${at.toISOString()}${now ? `#${randomBytes(4).toString('hex')}` : ''}`;
    await this.enqueue({ kind: BOT_JOBS.dispatch, runAt: at, dedupeKey: key, payload: { channelId } });
  }

  /** A wake-up job, in a transaction of its own (on SQLite that keeps it in line with the process's other writes). */
  private enqueue(spec: JobSpec): Promise<void> {
    return this.c.db.transaction(systemContext('bot-dispatch', this.now()), (trc) => this.c.jobs.enqueue(trc.tx, spec));
  }
}

function newReport(): DispatchReport {
  return { sent: 0, parked: 0, dropped: 0, deferred: 0 };
}
