/**
 * How WeChat Pay failures reach callers. WeChat Pay v3 answers a failed call with HTTP 4xx/5xx and a JSON
 * body `{ code, message, detail? }`; we wrap that, network failures and unverifiable answers in one class so
 * callers need a single `instanceof` and can read `retryable` to decide whether to try again later.
 */
import { ExternalServiceError } from '../../../kernel/errors';

/** Codes we make up ourselves for failures that never got a WeChat Pay error body. */
export const LOCAL_ERROR_CODES = {
  /** DNS, connection refused/reset, TLS, timeout: the request may or may not have arrived. */
  network: 'NETWORK_ERROR',
  /** The answer's platform signature is missing, unknown, stale or wrong: we must not believe it. */
  badSignature: 'RESPONSE_SIGNATURE_INVALID',
  /** A signed answer whose body is not what the API documents (not JSON, a field missing). */
  malformed: 'MALFORMED_RESPONSE',
} as const;

/**
 * WeChat Pay's own codes that mean "try again later with the same out_trade_no / out_refund_no".
 * Every 5xx is retryable as well, whatever its code (BANK_ERROR, gateway pages without a body…).
 */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(['SYSTEM_ERROR', 'SYSTEMERROR', 'FREQUENCY_LIMITED', LOCAL_ERROR_CODES.network]);

export function isRetryableFailure(httpStatus: number | null, wechatPayCode: string): boolean {
  if (httpStatus !== null && (httpStatus >= 500 || httpStatus === 429)) return true;
  return RETRYABLE_CODES.has(wechatPayCode);
}

export interface WechatPayErrorInit {
  /** Which call failed, e.g. 'jsapiPrepay', 'createRefund'. */
  api: string;
  /** The HTTP status of the answer; null when no answer arrived (network failure). */
  httpStatus: number | null;
  /** WeChat Pay's `code` (PARAM_ERROR, ORDERPAID, SYSTEM_ERROR…) or one of LOCAL_ERROR_CODES. */
  wechatPayCode: string;
  message: string;
  /** WeChat's Request-ID header: what their support asks for. */
  requestId?: string;
  /** WeChat Pay's `detail` object, when given (which field was wrong). */
  detail?: unknown;
}

/**
 * A failed WeChat Pay call. `code` stays 'EXTERNAL_SERVICE' (the domain error code every external failure
 * shares, mapped to 502 at the HTTP edge); WeChat's own code is `wechatPayCode`.
 */
export class WechatPayError extends ExternalServiceError {
  readonly api: string;
  readonly httpStatus: number | null;
  readonly wechatPayCode: string;
  readonly requestId: string | undefined;
  /** True when the same call (same out_trade_no / out_refund_no) may succeed if made again later. */
  readonly retryable: boolean;

  constructor(init: WechatPayErrorInit) {
    const status = init.httpStatus === null ? 'no answer' : `HTTP ${init.httpStatus}`;
    super('wechatpay', `${init.api} failed (${status} ${init.wechatPayCode}): ${init.message}`, {
      api: init.api, httpStatus: init.httpStatus, wechatPayCode: init.wechatPayCode, requestId: init.requestId, detail: init.detail,
    });
    this.api = init.api;
    this.httpStatus = init.httpStatus;
    this.wechatPayCode = init.wechatPayCode;
    this.requestId = init.requestId;
    this.retryable = isRetryableFailure(init.httpStatus, init.wechatPayCode);
  }
}

/** For callers that hold an `unknown`: is this a WeChat Pay failure worth retrying? */
export function isRetryableWechatPayError(err: unknown): boolean {
  return err instanceof WechatPayError && err.retryable;
}
