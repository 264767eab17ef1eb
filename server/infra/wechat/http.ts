/**
 * The HTTP client every WeChat adapter uses: JSON over fetch with a timeout, WeChat's `errcode` convention
 * turned into ExternalServiceError. The base URL is configuration, so tests aim it at a local fake server.
 */
import { ExternalServiceError } from '../../kernel/errors';

export interface WechatErrorBody { errcode?: number; errmsg?: string }

export class WechatApiError extends ExternalServiceError {
  constructor(readonly api: string, readonly errcode: number, readonly errmsg: string) {
    super('wechat', `${api} failed: ${errcode} ${errmsg}`, { api, errcode, errmsg });
  }
}

export async function wechatFetch<T>(url: string, init: RequestInit & { api: string; timeoutMs?: number }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 10_000) });
  } catch (err) {
    throw new ExternalServiceError('wechat', `${init.api} unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new ExternalServiceError('wechat', `${init.api} answered HTTP ${res.status}`, { body: text.slice(0, 500) });
  let body: T & WechatErrorBody;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ExternalServiceError('wechat', `${init.api} answered non-JSON`, { body: text.slice(0, 200) });
  }
  if (body.errcode) throw new WechatApiError(init.api, body.errcode, body.errmsg ?? '');
  return body;
}
