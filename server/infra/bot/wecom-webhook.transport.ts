/**
 * The WeCom group robot (企业微信群机器人) webhook, and anything compatible with it:
 *   POST {webhook_url}  (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)
 *   {"msgtype":"text","text":{"content":"…","mentioned_list":["userid"]}}
 *   → {"errcode":0,"errmsg":"ok"}
 * Limits: 20 messages a minute per robot (errcode 45009 beyond that); text content ≤ 2,048 bytes UTF-8.
 * Error codes: 93000 invalid webhook key (the robot was removed or the URL mistyped: the channel is broken,
 * not the message); -1 system busy and HTTP 5xx are retried; 40008/44004/40058 and other 4xxxx are the
 * message's fault and are not retried.
 */
import { networkFailure, type BotTransport, type ChannelTarget, type OutgoingMessage, type SendResult } from './transport';

export const WECOM_TEXT_BYTES = 2048;
export const WECOM_MARKDOWN_BYTES = 4096;

/** Codes that say the robot or its key is gone. */
const CHANNEL_BROKEN = new Set([93000, 93004 /* robot disabled */, 40001, 40014 /* invalid credential */]);
const RATE_LIMITED = new Set([45009, 45033]);
const RETRY = new Set([-1, 45002 /* busy */, 45047]);

export function classifyWecomErrcode(errcode: number, errmsg: string): SendResult {
  if (errcode === 0) return { ok: true };
  const error = `wecom errcode ${errcode}: ${errmsg}`;
  if (RATE_LIMITED.has(errcode)) return { ok: false, kind: 'rate_limited', error, retryAfterMs: 60_000 };
  if (CHANNEL_BROKEN.has(errcode)) return { ok: false, kind: 'channel_broken', error };
  if (RETRY.has(errcode)) return { ok: false, kind: 'retry', error };
  return { ok: false, kind: 'rejected', error };
}

export class WecomWebhookTransport implements BotTransport {
  readonly name = 'wecom_webhook';
  readonly limits;

  constructor(private readonly opts: { perMinute: number; timeoutMs?: number }) {
    this.limits = { textBytes: WECOM_TEXT_BYTES, perMinute: opts.perMinute };
  }

  async send(target: ChannelTarget, message: OutgoingMessage): Promise<SendResult> {
    if (!target.webhookUrl) return { ok: false, kind: 'channel_broken', error: 'channel has no webhook URL' };
    const body = {
      msgtype: 'text',
      text: { content: message.content, ...(message.mentions?.length ? { mentioned_list: message.mentions } : {}) },
    };
    let res: Response;
    try {
      res = await fetch(target.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      return networkFailure(err);
    }
    const text = await res.text().catch(() => '');
    if (res.status === 429) return { ok: false, kind: 'rate_limited', error: 'HTTP 429', retryAfterMs: 60_000 };
    if (res.status >= 500) return { ok: false, kind: 'retry', error: `HTTP ${res.status}` };
    if (res.status === 404) return { ok: false, kind: 'channel_broken', error: 'HTTP 404: webhook not found' };
    if (!res.ok) return { ok: false, kind: 'retry', error: `HTTP ${res.status}: ${text.slice(0, 200)}` };
    let parsed: { errcode?: unknown; errmsg?: unknown };
    try { parsed = JSON.parse(text); } catch { return { ok: false, kind: 'retry', error: `non-JSON answer: ${text.slice(0, 200)}` }; }
    if (typeof parsed.errcode !== 'number') return { ok: false, kind: 'retry', error: `answer without errcode: ${text.slice(0, 200)}` };
    return classifyWecomErrcode(parsed.errcode, String(parsed.errmsg ?? ''));
  }
}
