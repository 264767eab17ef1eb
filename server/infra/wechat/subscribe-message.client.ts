/**
 * WeChat subscribe messages (订阅消息): one personal notice to a user who allowed it in the mini-program.
 *   POST /cgi-bin/message/subscribe/send?access_token=…
 *   { touser: openid, template_id, page, data: { thing1: { value }, … }, miniprogram_state }
 * 43101: the user refused or used up their subscription — not an error to retry, the notice is dropped.
 * Values are cut to WeChat's limits per key type (thing ≤ 20 characters, character_string ≤ 32, …).
 */
import { wechatFetch, WechatApiError } from './http';
import { withAccessToken, type AccessTokenSource } from './access-token';

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** Mini-program page opened from the notice, e.g. pages/order/index?id=7. */
  page: string;
  data: Record<string, string>;
}

export type SubscribeOutcome = 'sent' | 'not_subscribed';

export interface SubscribeMessageClient { send(m: SubscribeMessage): Promise<SubscribeOutcome> }

/** 43101 user refused / no quota; 43107 the subscription is for another template; 40003 the openid is not this app's. */
const NOT_SUBSCRIBED = new Set([43101, 43107, 40003]);

const LIMITS: Array<[RegExp, number]> = [[/^thing/, 20], [/^character_string/, 32], [/^phrase/, 5], [/^name/, 10], [/^amount/, 10], [/^number/, 32], [/^time|^date/, 30]];

/** A value cut to its key type's limit, by characters (code points), never mid-character. */
export function fitValue(key: string, value: string): string {
  const limit = LIMITS.find(([re]) => re.test(key))?.[1] ?? 20;
  const chars = Array.from(value);
  return chars.length <= limit ? value : `${chars.slice(0, limit - 1).join('')}…`;
}

export function createSubscribeMessageClient(cfg: { apiBase: string; state?: 'formal' | 'trial' | 'developer' }, tokens: AccessTokenSource): SubscribeMessageClient {
  return {
    async send(m) {
      const data = Object.fromEntries(Object.entries(m.data).map(([k, v]) => [k, { value: fitValue(k, v) }]));
      try {
        await withAccessToken(tokens, (token) => wechatFetch(`${cfg.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, api: 'subscribeMessage.send',
          body: JSON.stringify({ touser: m.openid, template_id: m.templateId, page: m.page, data, miniprogram_state: cfg.state ?? 'formal', lang: 'zh_CN' }),
        }));
        return 'sent';
      } catch (err) {
        if (err instanceof WechatApiError && NOT_SUBSCRIBED.has(err.errcode)) return 'not_subscribed';
        throw err;
      }
    },
  };
}
