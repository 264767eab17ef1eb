/**
 * The signed HTTP client for WeChat Pay API v3. Each request carries an Authorization header signed with the
 * merchant key; each answer is believed only after its platform signature checks out. Failures become
 * WechatPayError (retryable or not); the client itself never retries, the caller decides.
 */
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../../kernel/clock';
import { LOCAL_ERROR_CODES, WechatPayError } from './errors';
import type { PlatformKeyring } from './keys';
import { checkPlatformSignature } from './platform-signature';
import { newNonce, signRequest, unixSeconds } from './signing';

/** How far an answer's Wechatpay-Timestamp may be from our clock: WeChat allows our requests the same 5 minutes. */
export const RESPONSE_MAX_SKEW_SECONDS = 300;

const USER_AGENT = 'linli-server (WeChatPay-APIv3; node)';

export interface WechatPayClientOptions {
  apiBase: string;
  mchId: string;
  merchantSerialNo: string;
  merchantKey: KeyObject;
  platformKeys: PlatformKeyring;
  /**
   * Sent as Wechatpay-Serial on every request: in the WeChat Pay public-key mode it tells WeChat which key to
   * sign the answer with; in certificate mode it is harmless.
   */
  platformSerialNo: string;
  clock: Clock;
  timeoutMs: number;
}

export interface WechatPayAnswer<T> {
  status: number;
  /** Parsed JSON; null for 204 No Content. */
  body: T | null;
  /** The body as received (what was signed), e.g. to keep for audit. */
  text: string;
  requestId: string | undefined;
}

export interface WechatPayErrorBody { code?: string; message?: string; detail?: unknown }

export class WechatPayClient {
  private readonly base: string;

  constructor(private readonly opts: WechatPayClientOptions) {
    this.base = opts.apiBase.replace(/\/+$/, '');
  }

  /**
   * One API call. `pathAndQuery` starts with /v3/; path parameters must already be URI-encoded.
   * `api` names the call in errors and logs.
   */
  async call<T>(api: string, method: 'GET' | 'POST', pathAndQuery: string, payload?: object): Promise<WechatPayAnswer<T>> {
    const url = new URL(this.base + pathAndQuery);
    // What we sign must be byte for byte what the server sees: the serialised URL's path and query.
    const canonicalUrl = url.pathname + url.search;
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const authorization = signRequest({
      method,
      canonicalUrl,
      body,
      mchId: this.opts.mchId,
      merchantSerialNo: this.opts.merchantSerialNo,
      merchantKey: this.opts.merchantKey,
      timestamp: unixSeconds(this.opts.clock.now()),
      nonce: newNonce(),
    });
    const headers: Record<string, string> = {
      Authorization: authorization,
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
      'Wechatpay-Serial': this.opts.platformSerialNo,
    };
    if (method === 'POST') headers['Content-Type'] = 'application/json';

    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body: method === 'POST' ? body : undefined, signal: AbortSignal.timeout(this.opts.timeoutMs) });
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      const what = e.name === 'TimeoutError' ? `no answer within ${this.opts.timeoutMs}ms` : `${e.message}${causeOf(e)}`;
      throw new WechatPayError({ api, httpStatus: null, wechatPayCode: LOCAL_ERROR_CODES.network, message: what });
    }
    const requestId = res.headers.get('request-id') ?? undefined;
    const signed = res.headers.has('wechatpay-signature');

    // A success must be signed. An error is checked when signed; gateways in front of WeChat answer some
    // 5xx without a signature, and those are reported as failures anyway (never as success). An error's age
    // is not checked: when our clock drifts, WeChat's answer "SIGN_ERROR, timestamp expired" is exactly what
    // the operator needs to read, and an error is never taken as success, so a replayed one gains nothing.
    if (res.ok || signed) {
      const check = checkPlatformSignature({
        header: (name) => res.headers.get(name) ?? undefined,
        body: text,
        keyring: this.opts.platformKeys,
        now: this.opts.clock.now(),
        maxAgeSeconds: res.ok ? RESPONSE_MAX_SKEW_SECONDS : Number.POSITIVE_INFINITY,
      });
      if (!check.ok) {
        throw new WechatPayError({
          api, httpStatus: res.status, wechatPayCode: LOCAL_ERROR_CODES.badSignature, requestId,
          message: `answer refused (${check.reason}): ${check.message}`,
        });
      }
    }

    if (!res.ok) {
      const err = parseJson<WechatPayErrorBody>(text);
      throw new WechatPayError({
        api,
        httpStatus: res.status,
        wechatPayCode: typeof err?.code === 'string' && err.code ? err.code : `HTTP_${res.status}`,
        message: typeof err?.message === 'string' ? err.message : text.slice(0, 200) || res.statusText,
        requestId,
        detail: signed ? err?.detail : { unsigned: true, detail: err?.detail },
      });
    }
    if (text === '') return { status: res.status, body: null, text, requestId };
    const parsed = parseJson<T>(text);
    if (parsed === undefined) {
      throw new WechatPayError({ api, httpStatus: res.status, wechatPayCode: LOCAL_ERROR_CODES.malformed, requestId, message: 'answer is not JSON' });
    }
    return { status: res.status, body: parsed, text, requestId };
  }
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** undici reports "fetch failed" and hides the useful part (ECONNREFUSED…) in `cause`. */
function causeOf(err: Error): string {
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
