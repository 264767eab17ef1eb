/** The WeChat open-API clients that use the app's access token, built once per container. */
import type { Database } from '../db';
import type { Clock } from '../../kernel/clock';
import { createAccessTokenSource, DbAccessTokenStore } from './access-token';
import { createWxacodeClient, type WxacodeClient } from './wxacode.client';
import { createShippingClient, type ShippingClient } from './shipping.client';

export interface WechatOpenApis { wxacode: WxacodeClient; shipping: ShippingClient }

/** Null when the app id or secret is not configured (development, the demo): callers fall back or refuse. */
export function createWechatOpenApis(cfg: { apiBase: string; appId: string; appSecret: string }, clock: Clock, db: Database): WechatOpenApis | null {
  if (!cfg.appId || !cfg.appSecret) return null;
  const tokens = createAccessTokenSource(cfg, clock, new DbAccessTokenStore(db));
  return { wxacode: createWxacodeClient(cfg, tokens), shipping: createShippingClient(cfg, tokens) };
}
