/**
 * The outbox: messages written in the transaction of the change that causes them, delivered later by the
 * dispatcher (flows/bot-dispatch.flow.ts). Every row has a unique dedupe key, so writing the same message twice
 * (a retried transaction, a job run twice) keeps one row. Delivery state moves only by conditional updates
 * fenced by (lease owner, attempt): a dispatcher that lost its lease cannot overwrite what another one did.
 *
 * Audiences: `group` (a chat channel, delivered in order per channel), `personal` (a WeChat subscribe message
 * to one user), `share` (live progress on a campaign's updatable share cards).
 * Statuses: pending → sent | failed (parked after the last attempt) | coalesced (folded into a later message
 * of the same campaign) | dropped (cannot be delivered and must not be retried: group unbound, user not
 * subscribed).
 */
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';
import { write, writeAlone } from './write';

export type OutboxAudience = 'group' | 'personal' | 'share';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'coalesced' | 'dropped';

export interface OutboxRow {
  id: number;
  audience: OutboxAudience;
  channelId: number | null;
  userId: number | null;
  topic: string;
  campaignId: number | null;
  dedupeKey: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  availableAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  sentAt: Date | null;
  lastError: string | null;
  /** The parts as rendered at the first attempt (frozen, so a retry sends the same text). */
  rendered: string[] | null;
  partsSent: number;
  createdAt: Date;
}

export interface NewOutboxMessage {
  audience: OutboxAudience;
  channelId?: number | null;
  userId?: number | null;
  topic: string;
  campaignId?: number | null;
  dedupeKey: string;
  payload: Record<string, unknown>;
  availableAt: Date;
}

/** Who holds a claimed row, and for which attempt: every later write names both. */
export interface OutboxLease { id: number; owner: string; attempt: number }

const COLUMNS = `id, audience, channel_id AS channelId, user_id AS userId, topic, campaign_id AS campaignId, dedupe_key AS dedupeKey,
  payload, status, attempts, available_at AS availableAt, lease_owner AS leaseOwner, lease_until AS leaseUntil, sent_at AS sentAt,
  last_error AS lastError, rendered, parts_sent AS partsSent, created_at AS createdAt`;

const MAX_ERROR = 2000;

function toRow(r: Record<string, unknown>): OutboxRow {
  return {
    ...(r as unknown as OutboxRow),
    id: Number(r.id),
    channelId: r.channelId == null ? null : Number(r.channelId),
    userId: r.userId == null ? null : Number(r.userId),
    campaignId: r.campaignId == null ? null : Number(r.campaignId),
    payload: JSON.parse(String(r.payload)),
    attempts: Number(r.attempts),
    partsSent: Number(r.partsSent),
    rendered: r.rendered == null ? null : JSON.parse(String(r.rendered)),
    availableAt: toDate(r.availableAt), leaseUntil: toDate(r.leaseUntil, true), sentAt: toDate(r.sentAt, true), createdAt: toDate(r.createdAt),
  };
}

export class OutboxRepository {
  constructor(private readonly db: Database) {}

  /** Adds the message unless one with its dedupe key exists. True if this call added it. Caller's transaction. */
  async insert(tx: Transaction | undefined, m: NewOutboxMessage, now: Date): Promise<boolean> {
    const onDuplicate = this.db.dialect === 'mysql' ? 'ON DUPLICATE KEY UPDATE id = id' : 'ON CONFLICT (dedupe_key) DO NOTHING';
    const n = await write(this.db,
      `INSERT INTO outbox_messages (audience, channel_id, user_id, topic, campaign_id, dedupe_key, payload, status, attempts, parts_sent, available_at, created_at)
       VALUES (:audience, :channelId, :userId, :topic, :campaignId, :dedupeKey, :payload, 'pending', 0, 0, :availableAt, :now) ${onDuplicate}`,
      {
        audience: m.audience, channelId: m.channelId ?? null, userId: m.userId ?? null, topic: m.topic, campaignId: m.campaignId ?? null,
        dedupeKey: m.dedupeKey.slice(0, 160), payload: JSON.stringify(m.payload), availableAt: m.availableAt, now,
      }, tx);
    return n === 1;
  }

  /**
   * Is a message of this topic waiting, not yet attempted, for this campaign (and channel)? Then a new event
   * can ride on it instead of adding a row: it renders the campaign as it is when it goes out. The row is
   * locked, so the dispatcher's claim (which freezes what it will say) waits for this transaction; whatever
   * this transaction adds is therefore in the message.
   */
  async hasUnclaimed(tx: Transaction, q: { audience: OutboxAudience; campaignId: number; topic: string; channelId: number | null }): Promise<boolean> {
    const rows = await this.db.select<{ id: number }>(
      `SELECT id FROM outbox_messages WHERE campaign_id = :campaignId AND topic = :topic AND audience = :audience AND status = 'pending'
          AND attempts = 0 AND rendered IS NULL AND ${q.channelId === null ? 'channel_id IS NULL' : 'channel_id = :channelId'} ORDER BY id LIMIT 1${this.db.forUpdate}`,
      q, tx);
    return rows.length > 0;
  }

  /**
   * Folds waiting messages of these topics into a message going out now (e.g. progress into 成团 or 截团,
   * which carry the list themselves). Only rows nothing was sent of. Returns how many were folded.
   */
  async coalesce(q: { audience: OutboxAudience; campaignId: number; topics: string[]; channelId: number | null; into: number }, now: Date): Promise<number> {
    return writeAlone(this.db,
      `UPDATE outbox_messages SET status = 'coalesced', lease_owner = NULL, lease_until = NULL, last_error = :note
        WHERE campaign_id = :campaignId AND topic IN (:topics) AND audience = :audience AND status = 'pending' AND parts_sent = 0
          AND id <> :into AND ${q.channelId === null ? 'channel_id IS NULL' : 'channel_id = :channelId'}`,
      { ...q, note: `coalesced into #${q.into} at ${now.toISOString()}` });
  }

  async get(id: number, tx?: Transaction): Promise<OutboxRow | null> {
    const [r] = await this.db.select<Record<string, unknown>>(`SELECT ${COLUMNS} FROM outbox_messages WHERE id = :id`, { id }, tx);
    return r ? toRow(r) : null;
  }

  async list(where: string, replacements: Record<string, unknown>, suffix = 'ORDER BY id'): Promise<OutboxRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(`SELECT ${COLUMNS} FROM outbox_messages WHERE ${where} ${suffix}`, replacements);
    return rows.map(toRow);
  }

  /** Channels that have group messages due. */
  async channelsWithDue(now: Date, limit = 100): Promise<number[]> {
    const rows = await this.db.select<{ c: number }>(
      `SELECT DISTINCT channel_id AS c FROM outbox_messages WHERE audience = 'group' AND status = 'pending' AND available_at <= :now LIMIT ${Math.floor(limit)}`, { now });
    return rows.map((r) => Number(r.c));
  }

  /** The channel's next message: the oldest due one. Messages of a channel go out in the order they were written. */
  async nextForChannel(channelId: number, now: Date): Promise<OutboxRow | null> {
    const [r] = await this.db.select<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM outbox_messages WHERE channel_id = :channelId AND audience = 'group' AND status = 'pending' AND available_at <= :now
        ORDER BY id LIMIT 1`, { channelId, now });
    return r ? toRow(r) : null;
  }

  /** Personal and share-card messages that are due and not held by a live lease. */
  async dueSingles(now: Date, limit = 100): Promise<number[]> {
    const rows = await this.db.select<{ id: number }>(
      `SELECT id FROM outbox_messages WHERE audience IN ('personal', 'share') AND status = 'pending' AND available_at <= :now
          AND (lease_until IS NULL OR lease_until <= :now) ORDER BY id LIMIT ${Math.floor(limit)}`, { now });
    return rows.map((r) => Number(r.id));
  }

  /** Claims one due row for an attempt: a conditional update, so of several dispatchers exactly one wins. */
  async claim(id: number, owner: string, now: Date, leaseUntil: Date): Promise<OutboxLease | null> {
    const n = await writeAlone(this.db,
      `UPDATE outbox_messages SET lease_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1
        WHERE id = :id AND status = 'pending' AND available_at <= :now AND (lease_until IS NULL OR lease_until <= :now)`,
      { id, owner, now, leaseUntil });
    if (n !== 1) return null;
    const row = await this.get(id);
    return row && row.leaseOwner === owner ? { id, owner, attempt: row.attempts } : null;
  }

  private fenced(sets: string, lease: OutboxLease, extra: Record<string, unknown> = {}): Promise<number> {
    return writeAlone(this.db,
      `UPDATE outbox_messages SET ${sets} WHERE id = :id AND lease_owner = :owner AND attempts = :attempt AND status = 'pending'`,
      { ...lease, ...extra });
  }

  async saveRendered(lease: OutboxLease, parts: string[]): Promise<boolean> {
    return (await this.fenced('rendered = :rendered', lease, { rendered: JSON.stringify(parts) })) === 1;
  }

  /** One more part went out. */
  async partSent(lease: OutboxLease, partsSent: number, now: Date): Promise<boolean> {
    return (await this.fenced('parts_sent = :partsSent, sent_at = :now', lease, { partsSent, now })) === 1;
  }

  async markSent(lease: OutboxLease, now: Date): Promise<boolean> {
    return (await this.fenced("status = 'sent', sent_at = COALESCE(sent_at, :now), lease_owner = NULL, lease_until = NULL, last_error = NULL", lease, { now })) === 1;
  }

  /**
   * The attempt did not go through: free the row for a later one. `retryAt` moves a single message's next try
   * (group messages wait on their channel's gate instead, to keep their order); `refund` gives the attempt
   * back when the message was not at fault (rate limit, a channel problem).
   */
  async release(lease: OutboxLease, error: string, opts: { retryAt?: Date; refund?: boolean } = {}): Promise<boolean> {
    const sets = ['lease_owner = NULL', 'lease_until = NULL', 'last_error = :error'];
    if (opts.retryAt) sets.push('available_at = :retryAt');
    if (opts.refund) sets.push('attempts = attempts - 1');
    return (await this.fenced(sets.join(', '), lease, { error: error.slice(0, MAX_ERROR), retryAt: opts.retryAt ?? null })) === 1;
  }

  /** No more attempts: parked as failed for an admin to look at (and requeue). */
  async park(lease: OutboxLease, error: string): Promise<boolean> {
    return (await this.fenced("status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = :error", lease, { error: error.slice(0, MAX_ERROR) })) === 1;
  }

  /** Can never be delivered (user not subscribed, no openid, channel unbound): not an error to retry. */
  async drop(lease: OutboxLease, reason: string): Promise<boolean> {
    return (await this.fenced("status = 'dropped', lease_owner = NULL, lease_until = NULL, last_error = :reason", lease, { reason: reason.slice(0, MAX_ERROR) })) === 1;
  }

  /** Every pending message of a channel that is going away. Caller's transaction. */
  async dropPendingForChannel(tx: Transaction, channelId: number, reason: string): Promise<number> {
    return this.db.execute(
      "UPDATE outbox_messages SET status = 'dropped', lease_owner = NULL, lease_until = NULL, last_error = :reason WHERE channel_id = :channelId AND status = 'pending'",
      { channelId, reason }, tx);
  }

  /** Parts delivered to a channel since `since` (the robot's rate window), and when the oldest of them went. */
  async sentSince(channelId: number, since: Date): Promise<{ parts: number; oldest: Date | null }> {
    const [r] = await this.db.select<{ n: number | string | null; oldest: unknown }>(
      'SELECT SUM(parts_sent) AS n, MIN(sent_at) AS oldest FROM outbox_messages WHERE channel_id = :channelId AND sent_at > :since',
      { channelId, since });
    return { parts: Number(r?.n ?? 0), oldest: toDate(r?.oldest, true) };
  }

  /** A parked message back to pending with fresh attempts (admin). */
  async requeue(id: number, now: Date): Promise<boolean> {
    return (await writeAlone(this.db,
      "UPDATE outbox_messages SET status = 'pending', attempts = 0, available_at = :now, last_error = NULL WHERE id = :id AND status = 'failed'", { id, now })) === 1;
  }
}
