/**
 * Chat channels: one chat group bound to a community by its leader. A channel is `pending` until its group
 * is known (the one-time binding code typed into the group, through the bridge), or `active` at once when the
 * leader gives a WeCom group-robot webhook URL (adding the robot to the group is the proof). `unbound` ends it.
 *
 * Delivery to a channel is leased: one dispatcher at a time sends a group's messages, so they arrive in the
 * order they were written even with several server instances; `blocked_until` holds the whole channel during a
 * retry backoff or the robot's rate limit.
 */
import type { Transaction } from 'sequelize';
import { isUniqueViolation, toDate, type Database } from '../../infra/db';
import { writeAlone } from './write';

export type TransportName = 'wecom_webhook' | 'bridge' | 'console';
export type ChannelStatus = 'pending' | 'active' | 'unbound';

export interface ChannelRow {
  id: number;
  communityId: number;
  leaderId: number;
  transport: TransportName;
  name: string;
  webhookUrl: string | null;
  externalGroupId: string | null;
  secret: string;
  status: ChannelStatus;
  bindingCode: string | null;
  bindingExpiresAt: Date | null;
  boundAt: Date | null;
  unboundAt: Date | null;
  blockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
}

export interface NewChannel {
  communityId: number; leaderId: number; transport: TransportName; name: string; webhookUrl: string | null; secret: string;
  status: ChannelStatus; bindingCode: string; bindingExpiresAt: Date;
}

const COLUMNS = `id, community_id AS communityId, leader_id AS leaderId, transport, name, webhook_url AS webhookUrl,
  external_group_id AS externalGroupId, secret, status, binding_code AS bindingCode, binding_expires_at AS bindingExpiresAt,
  bound_at AS boundAt, unbound_at AS unboundAt, blocked_until AS blockedUntil, last_error AS lastError, created_at AS createdAt`;

function toRow(r: Record<string, unknown>): ChannelRow {
  return {
    ...(r as unknown as ChannelRow),
    id: Number(r.id), communityId: Number(r.communityId), leaderId: Number(r.leaderId),
    bindingExpiresAt: toDate(r.bindingExpiresAt, true), boundAt: toDate(r.boundAt, true), unboundAt: toDate(r.unboundAt, true),
    blockedUntil: toDate(r.blockedUntil, true), createdAt: toDate(r.createdAt),
  };
}

export type BindOutcome = 'bound' | 'wrong_code' | 'group_taken';

export class ChannelRepository {
  constructor(private readonly db: Database) {}

  async insert(c: NewChannel, now: Date): Promise<number> {
    await writeAlone(this.db,
      `INSERT INTO bot_channels (community_id, leader_id, transport, name, webhook_url, secret, status, binding_code, binding_expires_at, bound_at, created_at, updated_at)
       VALUES (:communityId, :leaderId, :transport, :name, :webhookUrl, :secret, :status, :bindingCode, :bindingExpiresAt, :boundAt, :now, :now)`,
      { ...c, boundAt: c.status === 'active' ? now : null, now });
    const [r] = await this.db.select<{ id: number }>('SELECT id FROM bot_channels WHERE binding_code = :code', { code: c.bindingCode });
    return Number(r.id);
  }

  async get(id: number, tx?: Transaction, lock = false): Promise<ChannelRow | null> {
    const [r] = await this.db.select<Record<string, unknown>>(`SELECT ${COLUMNS} FROM bot_channels WHERE id = :id${lock ? this.db.forUpdate : ''}`, { id }, tx);
    return r ? toRow(r) : null;
  }

  async listByLeader(leaderId: number): Promise<ChannelRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(`SELECT ${COLUMNS} FROM bot_channels WHERE leader_id = :leaderId ORDER BY id DESC`, { leaderId });
    return rows.map(toRow);
  }

  /** The community's groups that hear its campaigns. Caller's transaction. */
  async activeForCommunity(tx: Transaction | undefined, communityId: number): Promise<ChannelRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM bot_channels WHERE community_id = :communityId AND status = 'active' ORDER BY id`, { communityId }, tx);
    return rows.map(toRow);
  }

  /**
   * The code typed into the group names this channel and is still valid: the group is now this channel's, the
   * code is used up, and the channel is active. A group bound to another channel must be unbound there first.
   */
  async bindGroup(tx: Transaction, id: number, code: string, groupId: string, now: Date): Promise<BindOutcome> {
    try {
      const n = await this.db.execute(
        `UPDATE bot_channels SET status = 'active', external_group_id = :groupId, binding_code = NULL, binding_expires_at = NULL,
            bound_at = :now, updated_at = :now
          WHERE id = :id AND binding_code = :code AND binding_expires_at > :now AND status <> 'unbound'`,
        { id, code, groupId, now }, tx);
      return n === 1 ? 'bound' : 'wrong_code';
    } catch (err) {
      if (isUniqueViolation(err)) return 'group_taken';
      throw err;
    }
  }

  /** Unbinds; the group may then be bound again (to this leader or another). False if already unbound. */
  async unbind(tx: Transaction, id: number, now: Date): Promise<boolean> {
    const n = await this.db.execute(
      `UPDATE bot_channels SET status = 'unbound', external_group_id = NULL, binding_code = NULL, binding_expires_at = NULL,
          unbound_at = :now, updated_at = :now WHERE id = :id AND status <> 'unbound'`, { id, now }, tx);
    return n === 1;
  }

  async setBindingCode(id: number, code: string, expiresAt: Date, now: Date): Promise<boolean> {
    const n = await writeAlone(this.db,
      "UPDATE bot_channels SET binding_code = :code, binding_expires_at = :expiresAt, updated_at = :now WHERE id = :id AND status <> 'unbound'",
      { id, code, expiresAt, now });
    return n === 1;
  }

  async setSecret(id: number, secret: string, now: Date): Promise<boolean> {
    return (await writeAlone(this.db, "UPDATE bot_channels SET secret = :secret, updated_at = :now WHERE id = :id AND status <> 'unbound'", { id, secret, now })) === 1;
  }

  /** A new webhook URL (the robot was re-added) also clears a gate set by the old one's errors. */
  async setWebhookUrl(id: number, url: string, now: Date): Promise<boolean> {
    return (await writeAlone(this.db,
      "UPDATE bot_channels SET webhook_url = :url, blocked_until = NULL, last_error = NULL, updated_at = :now WHERE id = :id AND status <> 'unbound'",
      { id, url, now })) === 1;
  }

  /** Takes the channel's delivery lease if it is active, free (or its holder's lease ran out) and not gated. */
  async lease(id: number, owner: string, now: Date, until: Date): Promise<boolean> {
    const n = await writeAlone(this.db,
      `UPDATE bot_channels SET lease_owner = :owner, lease_until = :until
        WHERE id = :id AND status = 'active' AND (lease_until IS NULL OR lease_until <= :now) AND (blocked_until IS NULL OR blocked_until <= :now)`,
      { id, owner, now, until });
    return n === 1;
  }

  async renew(id: number, owner: string, until: Date): Promise<boolean> {
    if ((await writeAlone(this.db, 'UPDATE bot_channels SET lease_until = :until WHERE id = :id AND lease_owner = :owner', { id, owner, until })) === 1) return true;
    // MySQL counts changed rows: renewing to the same instant changes nothing and answers 0. Still ours?
    const [r] = await this.db.select<{ o: string | null }>('SELECT lease_owner AS o FROM bot_channels WHERE id = :id', { id });
    return r?.o === owner;
  }

  /** Gives the lease back, optionally closing the gate until `blockedUntil` with the reason. */
  async release(id: number, owner: string, gate: { blockedUntil: Date | null; error?: string | null }): Promise<void> {
    await writeAlone(this.db,
      `UPDATE bot_channels SET lease_owner = NULL, lease_until = NULL, blocked_until = :blockedUntil,
          last_error = CASE WHEN :hasError = 1 THEN :error ELSE last_error END
        WHERE id = :id AND lease_owner = :owner`,
      { id, owner, blockedUntil: gate.blockedUntil, hasError: gate.error !== undefined ? 1 : 0, error: gate.error ?? null });
  }

  /** Why the channel is held and until when (for the retry wake-up). */
  async gate(id: number): Promise<{ status: ChannelStatus; leaseUntil: Date | null; blockedUntil: Date | null } | null> {
    const [r] = await this.db.select<{ status: ChannelStatus; leaseUntil: unknown; blockedUntil: unknown }>(
      'SELECT status, lease_until AS leaseUntil, blocked_until AS blockedUntil FROM bot_channels WHERE id = :id', { id });
    return r ? { status: r.status, leaseUntil: toDate(r.leaseUntil, true), blockedUntil: toDate(r.blockedUntil, true) } : null;
  }
}
