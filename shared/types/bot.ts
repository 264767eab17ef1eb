/**
 * A leader's chat groups as the API shows them (/api/leader/bot/channels): the mini-program's bot page reads
 * these, the server's channel flow returns them. Times are ISO strings.
 */

/**
 * How the bot reaches the group: a WeCom group robot's webhook (active at once), a bridge relay (pending until
 * the binding code is typed into the group), or the console (development only: messages go to the server log).
 */
export type BotTransport = 'wecom_webhook' | 'bridge' | 'console';

/** pending: waiting for the binding code to be typed in the group; active: bound; unbound: the leader unbound it. */
export type BotChannelStatus = 'pending' | 'active' | 'unbound';

export interface BotChannelDTO {
  id: number;
  name: string;
  transport: BotTransport;
  status: BotChannelStatus;
  communityId: number;
  webhookUrl: string | null;
  /** A group has typed the binding code: its messages come from that group only. */
  groupBound: boolean;
  /** The one-time binding code while it is valid (30 minutes), else null (renew it). */
  bindingCode: string | null;
  bindingExpiresAt: string | null;
  boundAt: string | null;
  /** Where the relay posts this group's messages. */
  bridgeUrl: string;
  /** Delivery is held until then (retry backoff, rate limit, broken webhook), with the reason. */
  blockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
}

/** POST /api/leader/bot/channels: the new channel and its signing secret (shown this once). */
export interface BotChannelCreatedDTO {
  channel: BotChannelDTO;
  secret: string;
}

/** sent; pending (waiting or retrying); failed (parked for an admin); coalesced (merged into a later progress message); dropped (the group was unbound). */
export type BotMessageStatus = 'pending' | 'sent' | 'failed' | 'coalesced' | 'dropped';

/** A message the bot sent (or is still trying to send) to a group. */
export interface BotMessageDTO {
  id: number;
  /** opened, progress, threshold, closing, closed, failed, arrived, remind, reply… */
  topic: string;
  status: BotMessageStatus;
  attempts: number;
  lastError: string | null;
  campaignId: number | null;
  sentAt: string | null;
  createdAt: string;
  /** The text as rendered at the first attempt; null until then. */
  text: string | null;
}
