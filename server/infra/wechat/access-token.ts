/**
 * WeChat's server access token (GET /cgi-bin/token, 2 hours). There is one valid token per app at a time: each
 * fetch starts a new one and the previous one lapses five minutes later. So every server instance reads the
 * token from the shared store (the wechat_access_tokens row) and only fetches when it is missing or close to
 * expiry; a token WeChat refuses (40001/42001/40014) is dropped from the store by compare-and-set, and the next
 * caller fetches a fresh one. Within one process concurrent callers share one fetch.
 */
import { wechatFetch, WechatApiError } from './http';
import type { Database } from '../db';
import { toDate } from '../db';
import type { Clock } from '../../kernel/clock';

export interface AccessTokenSource {
  /** A token valid for at least a few more minutes. */
  get(): Promise<string>;
  /** WeChat refused this token: forget it (only if it is still the stored one). */
  invalidate(token: string): Promise<void>;
}

export interface AccessTokenStore {
  read(appId: string): Promise<{ token: string; expiresAt: Date } | null>;
  write(appId: string, token: string, expiresAt: Date, now: Date): Promise<void>;
  remove(appId: string, token: string): Promise<void>;
}

/** Refresh this long before WeChat's expiry, so a token handed out is still good for the call that uses it. */
const EARLY_REFRESH_MS = 5 * 60_000;

/** errcodes that mean "this access token is no good": invalid, expired, or not the latest. */
export const STALE_TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export function isStaleTokenError(err: unknown): boolean {
  return err instanceof WechatApiError && STALE_TOKEN_ERRCODES.has(err.errcode);
}

export function createAccessTokenSource(cfg: { apiBase: string; appId: string; appSecret: string }, clock: Clock, store: AccessTokenStore): AccessTokenSource {
  let inFlight: Promise<string> | null = null;
  const fetchNew = async (): Promise<string> => {
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: cfg.appId, secret: cfg.appSecret });
    const body = await wechatFetch<{ access_token: string; expires_in: number }>(`${cfg.apiBase}/cgi-bin/token?${q}`, { method: 'GET', api: 'getAccessToken' });
    const now = clock.now();
    await store.write(cfg.appId, body.access_token, new Date(now.getTime() + body.expires_in * 1000), now);
    return body.access_token;
  };
  return {
    async get() {
      const stored = await store.read(cfg.appId);
      if (stored && stored.expiresAt.getTime() - EARLY_REFRESH_MS > clock.now().getTime()) return stored.token;
      inFlight ??= fetchNew().finally(() => { inFlight = null; });
      return inFlight;
    },
    async invalidate(token) {
      await store.remove(cfg.appId, token);
    },
  };
}

/** The shared store: one row per app id in wechat_access_tokens (migration 0002). */
export class DbAccessTokenStore implements AccessTokenStore {
  constructor(private readonly db: Database) {}

  async read(appId: string): Promise<{ token: string; expiresAt: Date } | null> {
    const [row] = await this.db.select<{ token: string; expiresAt: unknown }>('SELECT token, expires_at AS expiresAt FROM wechat_access_tokens WHERE app_id = :appId', { appId });
    return row ? { token: row.token, expiresAt: toDate(row.expiresAt) } : null;
  }

  async write(appId: string, token: string, expiresAt: Date, now: Date): Promise<void> {
    const upsert = this.db.dialect === 'mysql'
      ? 'ON DUPLICATE KEY UPDATE token = VALUES(token), expires_at = VALUES(expires_at), updated_at = VALUES(updated_at)'
      : 'ON CONFLICT (app_id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at, updated_at = excluded.updated_at';
    await this.db.execute(`INSERT INTO wechat_access_tokens (app_id, token, expires_at, updated_at) VALUES (:appId, :token, :expiresAt, :now) ${upsert}`,
      { appId, token, expiresAt, now });
  }

  async remove(appId: string, token: string): Promise<void> {
    await this.db.execute('DELETE FROM wechat_access_tokens WHERE app_id = :appId AND token = :token', { appId, token });
  }
}

/** Calls `fn` with a token; if WeChat says the token is stale, drops it and tries once more with a fresh one. */
export async function withAccessToken<T>(tokens: AccessTokenSource, fn: (token: string) => Promise<T>): Promise<T> {
  const token = await tokens.get();
  try {
    return await fn(token);
  } catch (err) {
    if (!isStaleTokenError(err)) throw err;
    await tokens.invalidate(token);
    return fn(await tokens.get());
  }
}
