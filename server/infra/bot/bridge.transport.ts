/**
 * Messages back to a chat bridge (the relay that also posts the group's messages to us): a signed POST to the
 * relay's URL, with the headers and signature of the inbound direction (signature.ts):
 *   POST {webhook_url}
 *   X-Linli-Timestamp, X-Linli-Signature: hex(HMAC-SHA256(channel secret, `${timestamp}\n${body}`))
 *   {"channelId":1,"groupId":"…","deliveryId":"…","text":"…","mentions":["member id"]}
 * The relay answers 2xx when it has taken the message (it should drop a deliveryId it has seen: that makes
 * delivery exactly-once even when our acknowledgement is lost), 429 to slow us down, 5xx to have us retry.
 */
import { signedHeaders } from './signature';
import type { Clock } from '../../kernel/clock';
import { networkFailure, type BotTransport, type ChannelTarget, type OutgoingMessage, type SendResult } from './transport';

export class BridgeTransport implements BotTransport {
  readonly name = 'bridge';
  readonly limits = { textBytes: 4096, perMinute: null };

  constructor(private readonly clock: Clock, private readonly timeoutMs = 10_000) {}

  async send(target: ChannelTarget, message: OutgoingMessage): Promise<SendResult> {
    if (!target.webhookUrl) return { ok: false, kind: 'channel_broken', error: 'bridge channel has no relay URL' };
    const body = JSON.stringify({ channelId: target.id, groupId: target.externalGroupId, deliveryId: message.deliveryId, text: message.content, mentions: message.mentions ?? [] });
    let res: Response;
    try {
      res = await fetch(target.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...signedHeaders(target.secret, body, this.clock.now()) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      return networkFailure(err);
    }
    await res.text().catch(() => '');
    if (res.ok) return { ok: true };
    if (res.status === 429) return { ok: false, kind: 'rate_limited', error: 'relay HTTP 429', retryAfterMs: 30_000 };
    if (res.status === 404 || res.status === 410 || res.status === 401 || res.status === 403) return { ok: false, kind: 'channel_broken', error: `relay HTTP ${res.status}` };
    if (res.status >= 500) return { ok: false, kind: 'retry', error: `relay HTTP ${res.status}` };
    return { ok: false, kind: 'rejected', error: `relay HTTP ${res.status}` };
  }
}
