/**
 * How a message reaches a chat group. A transport sends one message and says what happened, in terms the
 * dispatcher can act on; it never retries by itself (the dispatcher owns retries, backoff and rate limits,
 * which must hold across server instances and restarts, so they live in the database).
 *
 * Add a transport: implement BotTransport, give it a name, register it in bot-wiring.ts.
 */

export interface OutgoingMessage {
  /** Plain text (what every transport can show). */
  content: string;
  /** Chat member ids to @mention (WeCom `mentioned_list`); transports that cannot mention ignore them. */
  mentions?: string[];
  /** Unique per message part: lets a relay that keeps ids drop a repeat after a lost acknowledgement. */
  deliveryId: string;
}

/** The group as a transport needs to see it. */
export interface ChannelTarget {
  id: number;
  webhookUrl: string | null;
  externalGroupId: string | null;
  secret: string;
}

export type SendFailure =
  /** The receiver's rate limit: wait, then send the same message. Not the message's fault. */
  | { kind: 'rate_limited'; error: string; retryAfterMs?: number }
  /** Worth another try later: network, timeout, 5xx, "system busy". */
  | { kind: 'retry'; error: string }
  /** This message will never be accepted (too long, bad format): park it. */
  | { kind: 'rejected'; error: string }
  /** The channel itself is broken (invalid webhook key, robot removed): hold the channel until the leader fixes it. */
  | { kind: 'channel_broken'; error: string };

export type SendResult = { ok: true } | ({ ok: false } & SendFailure);

export interface TransportLimits {
  /** Largest text message, in UTF-8 bytes. */
  textBytes: number;
  /** Messages per minute per channel, or null for none. */
  perMinute: number | null;
}

export interface BotTransport {
  readonly name: string;
  readonly limits: TransportLimits;
  send(target: ChannelTarget, message: OutgoingMessage): Promise<SendResult>;
}

/** Classifies a thrown fetch error (network, timeout) as worth a retry. */
export function networkFailure(err: unknown): SendResult {
  const e = err as Error;
  return { ok: false, kind: 'retry', error: `${e?.name === 'TimeoutError' ? 'timeout' : 'network'}: ${e?.message ?? String(err)}` };
}
