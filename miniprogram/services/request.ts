/**
 * The one way the mini-program calls the API. It adds the base URL and the Bearer token, unwraps
 * `{ data }`, and turns `{ error: { code, message } }` (or no answer at all) into an ApiError whose message
 * can be shown as is. A 401 on a signed-in call ends the session; pages watching it go back to login.
 */
import Taro from '@tarojs/taro';
import type { ApiErrorBody, ApiSuccess } from '@shared/types/api';
import { ERROR_CODES, type ErrorCode } from '@shared/types/error-codes';
import { ApiError } from './api-error';
import { clearSession, getSession } from '../stores/session';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  url: string;
  method?: Method;
  /** Query for GET, JSON body otherwise. */
  data?: Record<string, unknown> | unknown[];
  header?: Record<string, string>;
  /** Sign-in calls send no token, and their 401 does not end a session. */
  anonymous?: boolean;
  timeoutMs?: number;
}

/**
 * h5 is served by the API server itself, so it calls its own origin. WeChat needs an absolute https origin,
 * set at build time (LINLI_API_BASE, see config/prod.ts).
 */
export const API_BASE: string = process.env.TARO_ENV === 'h5' ? '' : LINLI_API_BASE.replace(/\/+$/, '');

const FALLBACK_MESSAGE: Partial<Record<ErrorCode, string>> = {
  INVALID_INPUT: '填写的内容有误，请检查后重试',
  INVALID_JSON: '请求格式有误',
  CONFLICT: '数据已变化，请刷新后重试',
  SOLD_OUT: '已售罄',
  CAMPAIGN_NOT_OPEN: '团购未在进行中',
  UNAUTHORIZED: '登录已过期，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或已下架',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '服务器开小差了，请稍后再试',
  PAYLOAD_TOO_LARGE: '文件太大了',
  IDEMPOTENCY_KEY_REUSED: '订单内容有变化，请重新提交',
  NOT_READY: '服务正在启动，请稍后再试',
};

const NETWORK_MESSAGE = '网络不太给力，请检查网络后重试';

export async function request<T>(opts: RequestOptions): Promise<T> {
  const session = opts.anonymous ? null : getSession();
  const header: Record<string, string> = { Accept: 'application/json', ...opts.header };
  if (session) header.Authorization = `Bearer ${session.token}`;
  if (opts.method && opts.method !== 'GET') header['Content-Type'] = 'application/json';

  // The body's shape is checked below (isSuccess / isErrorBody), so it is typed as the loosest Taro allows.
  let res: Taro.request.SuccessCallbackResult<string | ArrayBuffer | TaroGeneral.IAnyObject>;
  try {
    res = await Taro.request({
      url: API_BASE + opts.url,
      method: opts.method ?? 'GET',
      data: opts.data,
      header,
      dataType: 'json',
      timeout: opts.timeoutMs ?? 15_000,
    });
  } catch (err) {
    // No HTTP answer: offline, DNS, timeout, or (weapp) a domain missing from the request whitelist.
    throw new ApiError('NETWORK_ERROR', NETWORK_MESSAGE, 0, err);
  }

  const status = res.statusCode;
  const body = parseBody(res.data);
  if (status >= 200 && status < 300) {
    if (isSuccess<T>(body)) return body.data;
    if (status === 204) return undefined as T;
    throw new ApiError('BAD_RESPONSE', '服务器返回了无法识别的内容', status, body);
  }

  const error = toApiError(status, body);
  // Only a token we sent can have expired; a wrong code on a sign-in call is just an error.
  if (status === 401 && session) clearSession();
  throw error;
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data; // an HTML error page from a proxy, say
  }
}

function isSuccess<T>(body: unknown): body is ApiSuccess<T> {
  return typeof body === 'object' && body !== null && 'data' in body;
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'NOT_READY';
  return status >= 500 ? 'INTERNAL' : 'INVALID_INPUT';
}

function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const raw = body.error.code as string;
    const code = (ERROR_CODES as readonly string[]).includes(raw) ? (raw as ErrorCode) : codeForStatus(status);
    const serverMessage = body.error.message?.trim() ?? '';
    return new ApiError(code, userFacing(serverMessage, code), status, body.error.details, serverMessage);
  }
  // A gateway or proxy answered instead of the API.
  const code = codeForStatus(status);
  return new ApiError(code, FALLBACK_MESSAGE[code] ?? GENERIC_MESSAGE, status, body);
}

const GENERIC_MESSAGE = '请求失败，请稍后再试';

/**
 * The server writes messages for people in Chinese and shows them as they are; a few generic ones are still
 * developer English ("route GET /x not found"), which would puzzle a user: those get the Chinese text for
 * their code. The original stays on ApiError.serverMessage for logs.
 */
function userFacing(serverMessage: string, code: ErrorCode): string {
  if (/[\u4e00-\u9fff]/.test(serverMessage)) return serverMessage;
  return FALLBACK_MESSAGE[code] ?? (serverMessage || GENERIC_MESSAGE);
}

/**
 * Uploads one local file (a path from Taro.chooseImage) as multipart/form-data, the way both targets send
 * files (wx.uploadFile; a FormData POST on h5), with the same token and the same error handling as request().
 */
export async function upload<T>(opts: { url: string; filePath: string; name?: string; timeoutMs?: number }): Promise<T> {
  const session = getSession();
  const header: Record<string, string> = { Accept: 'application/json' };
  if (session) header.Authorization = `Bearer ${session.token}`;
  let res: Taro.uploadFile.SuccessCallbackResult;
  try {
    res = await Taro.uploadFile({
      url: API_BASE + opts.url, filePath: opts.filePath, name: opts.name ?? 'file', header, timeout: opts.timeoutMs ?? 60_000,
    });
  } catch (err) {
    throw new ApiError('NETWORK_ERROR', '图片上传失败，请检查网络后重试', 0, err);
  }
  const body = parseBody(res.data);
  if (res.statusCode >= 200 && res.statusCode < 300 && isSuccess<T>(body)) return body.data;
  if (res.statusCode >= 200 && res.statusCode < 300) throw new ApiError('BAD_RESPONSE', '服务器返回了无法识别的内容', res.statusCode, body);
  if (res.statusCode === 401 && session) clearSession();
  throw toApiError(res.statusCode, body);
}
