/**
 * The chat-group bot and personal notices, put together (part of the composition root; container.ts calls
 * wireBot). Provides the NoticeHooks (c.notices), registers the bot's jobs, and picks the WeChat adapters:
 * updatable share cards and subscribe messages need WECHAT_APP_ID/SECRET; without them share cards are plain
 * and personal notices are logged.
 */
import type { Container } from './container';
import { BotService, type TransportName } from './modules/bot';
import type { BotTransport } from './infra/bot/transport';
import { WecomWebhookTransport } from './infra/bot/wecom-webhook.transport';
import { ConsoleTransport } from './infra/bot/console.transport';
import { BridgeTransport } from './infra/bot/bridge.transport';
import { createAccessTokenSource, DbAccessTokenStore } from './infra/wechat/access-token';
import { createUpdatableMessageClient, type UpdatableMessageClient } from './infra/wechat/updatable-message.client';
import { createSubscribeMessageClient } from './infra/wechat/subscribe-message.client';
import { exponentialBackoff } from './infra/scheduler/backoff';
import { BOT_JOBS, NoticesFlow } from './flows/notices.flow';
import { BotRenderer } from './flows/bot-render';
import { BotDispatcher } from './flows/bot-dispatch.flow';
import { BotCommandsFlow } from './flows/bot-commands.flow';
import { BotChannelsFlow } from './flows/bot-channels.flow';
import { ShareCardFlow } from './flows/share-card.flow';
import { SubscribeMessageSender } from './flows/bot-personal';

export interface BotWiring {
  service: BotService;
  notices: NoticesFlow;
  dispatcher: BotDispatcher;
  commands: BotCommandsFlow;
  channels: BotChannelsFlow;
  share: ShareCardFlow;
  transports: Record<TransportName, BotTransport> & { console: ConsoleTransport };
}

/** Retries of a group message: 10 s, 20 s, 40 s … up to 10 minutes (the channel waits meanwhile). */
const botBackoff = exponentialBackoff({ baseMs: 10_000, maxMs: 10 * 60_000 });

export function wireBot(c: Container): BotWiring {
  const { config } = c;
  const service = new BotService(c.db, { allowInsecureWebhooks: config.env !== 'production' });
  const notices = new NoticesFlow(c, service, { coalesceMs: config.bot.coalesceSeconds * 1000, closingSoonMs: config.bot.closingSoonMinutes * 60_000 });

  const wechat = config.wechat.appId && config.wechat.appSecret
    ? createAccessTokenSource(config.wechat, c.clock, new DbAccessTokenStore(c.db)) : null;
  const updatable: UpdatableMessageClient | null = wechat ? createUpdatableMessageClient(config.wechat, wechat) : null;
  const subscribe = wechat ? createSubscribeMessageClient({ apiBase: config.wechat.apiBase, state: config.env === 'production' ? 'formal' : 'developer' }, wechat) : null;

  const transports = {
    wecom_webhook: new WecomWebhookTransport({ perMinute: config.bot.webhookPerMinute }),
    bridge: new BridgeTransport(c.clock),
    console: new ConsoleTransport(c.log.child({ part: 'bot-console' })),
  };
  const renderer = new BotRenderer(c, service);
  const dispatcher = new BotDispatcher(c, service, renderer, transports, new SubscribeMessageSender(c, subscribe), updatable, {
    instanceId: c.instanceId,
    // Shorter than the scheduler's lease: a job taken over after a crash finds the channel free again.
    leaseMs: Math.max(5_000, Math.floor(config.scheduler.leaseMs / 2)),
    maxAttempts: config.bot.maxAttempts,
    backoff: botBackoff,
    brokenChannelHoldMs: 10 * 60_000,
    perPass: 50,
  });
  const wiring: BotWiring = {
    service, notices, dispatcher, transports,
    commands: new BotCommandsFlow(c, service, notices),
    channels: new BotChannelsFlow(c, service, notices),
    share: new ShareCardFlow(c, service, updatable),
  };

  c.notices = notices;
  c.jobs.register(BOT_JOBS.dispatch, async ({ rc, job }) => { await dispatcher.run(rc, (job.payload ?? {}) as { channelId?: number }); });
  c.jobs.register(BOT_JOBS.closingSoon, async ({ rc, job }) => { await notices.closingSoon(rc, Number((job.payload as { campaignId: number }).campaignId)); });
  c.jobs.recurring({ kind: BOT_JOBS.sweep, cron: '*/5 * * * *', handler: async () => { await dispatcher.sweep(); } });
  return wiring;
}
