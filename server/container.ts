/**
 * The composition root: every service is built here with plain constructors, from the configuration, the
 * database, the clock and the outside-world adapters. Nothing else news up a service.
 */
import type { ServerConfig } from '../config/server';
import type { Database } from './infra/db';
import type { Logger } from './infra/logger';
import type { Clock } from './kernel/clock';
import { initAllModels } from './infra/models';
import { createWechatAuthClient, type WechatAuthClient } from './infra/wechat/auth.client';
import { IdentityService, TokenService } from './modules/identity';

export interface Adapters {
  wechatAuth: WechatAuthClient;
}

export interface Container {
  config: ServerConfig;
  log: Logger;
  db: Database;
  clock: Clock;
  adapters: Adapters;
  tokens: TokenService;
  identity: IdentityService;
  /** Scheduler and dispatchers; set once they exist. */
  startBackground?: () => Promise<void>;
  stopBackground?: () => Promise<void>;
}

export function defaultAdapters(config: ServerConfig): Adapters {
  return {
    wechatAuth: createWechatAuthClient(config.wechat),
  };
}

export function createContainer(deps: { config: ServerConfig; log: Logger; db: Database; clock: Clock; adapters?: Partial<Adapters> }): Container {
  const { config, log, db, clock } = deps;
  initAllModels(db.sequelize);
  const adapters: Adapters = { ...defaultAdapters(config), ...deps.adapters };
  const tokens = new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds);
  const identity = new IdentityService(tokens, adapters.wechatAuth, { devLogin: config.auth.devLogin });
  return { config, log, db, clock, adapters, tokens, identity };
}
