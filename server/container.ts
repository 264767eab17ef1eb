/**
 * The composition root: every service is built here with plain constructors, from the configuration, the
 * database, the clock and the outside-world adapters. Nothing else news up a service.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { ServerConfig } from '../config/server';
import type { Database } from './infra/db';
import type { Logger } from './infra/logger';
import type { Clock } from './kernel/clock';
import { systemContext } from './kernel/context';
import { initAllModels } from './infra/models';
import { createWechatAuthClient, type WechatAuthClient } from './infra/wechat/auth.client';
import { createWechatPayProvider } from './infra/wechat/pay';
import { Scheduler } from './infra/scheduler/scheduler';
import { IdentityService, TokenService } from './modules/identity';
import { CommunityService } from './modules/community';
import { PickupService } from './modules/pickup';
import { CatalogueService } from './modules/catalogue';
import { CampaignService, CAMPAIGN_JOBS } from './modules/campaign';
import { OrderService } from './modules/order';
import { PaymentService, SandboxPaymentProvider, type PaymentProvider } from './modules/payment';
import { AuditService } from './modules/audit';
import { JoinFlow, ORDER_EXPIRY_JOB } from './flows/join.flow';
import { RefundFlow, REFUND_PROCESS_JOB } from './flows/refund.flow';
import { PaymentFlow } from './flows/payment.flow';
import { OrderLifecycleFlow, ORDER_COMPLETE_JOB } from './flows/order-lifecycle.flow';
import { CampaignLifecycleFlow } from './flows/campaign-lifecycle.flow';
import { CampaignAuthoringFlow } from './flows/campaign-authoring.flow';
import { AfterSaleFlow } from './flows/after-sale.flow';
import { AdminRefundFlow } from './flows/admin-refund.flow';
import { Views } from './flows/views';
import type { LedgerHooks, NoticeHooks } from './flows/hooks';
import type { TxContext } from './infra/db';
// Chat-group bot and personal notices (issue 7): outbox, dispatcher, bridge commands — see bot.wiring.ts.
import { wireBot, type BotWiring } from './bot.wiring';
// Commission ledger and settlement (issue 6): hooks, rule versions, settlement jobs — see ledger.wiring.ts.
import { wireLedger, type CommissionWiring } from './ledger.wiring';
// Fulfilment (issue 5): leader and store onboarding, sharing, shipments, pickup codes, WeChat shipping upload.
import { LeaderApplications, LeaderBindings } from './modules/community';
import { PickupPointRegistry, Shipments, VerificationGuard } from './modules/pickup';
import { createWechatOpenApis, type WechatOpenApis } from './infra/wechat/open-api';
import { createPosterRenderer, type PosterRenderer } from './infra/share/poster';
import { LeaderOnboardingFlow } from './flows/leader-onboarding.flow';
import { ShareFlow } from './flows/share.flow';
import { FulfilmentFlow, FULFILMENT_JOBS } from './flows/fulfilment.flow';
import { FulfilmentLists } from './flows/fulfilment-lists';
import { PickupVerificationFlow } from './flows/pickup-verification.flow';
import { ShippingUploadFlow, SHIPPING_JOBS } from './flows/shipping-upload.flow';

export interface Adapters {
  wechatAuth: WechatAuthClient;
  /** Payment providers by name; the configured one (payments.provider) is the default. */
  paymentProviders: Partial<Record<'wechat' | 'sandbox', PaymentProvider>>;
  /** WeChat open APIs on the app's access token (mini-program codes, shipping upload); null without WECHAT_APP_ID/SECRET. */
  wechatOpen?: WechatOpenApis | null;
  /** Renders share posters (SVG → PNG). */
  poster?: PosterRenderer;
}

export interface Flows {
  join: JoinFlow;
  refunds: RefundFlow;
  payment: PaymentFlow;
  orderLife: OrderLifecycleFlow;
  campaignLife: CampaignLifecycleFlow;
  authoring: CampaignAuthoringFlow;
  afterSale: AfterSaleFlow;
  adminRefund: AdminRefundFlow;
  leaderOnboarding: LeaderOnboardingFlow;
  share: ShareFlow;
  fulfilment: FulfilmentFlow;
  fulfilmentLists: FulfilmentLists;
  pickupVerification: PickupVerificationFlow;
  shippingUpload: ShippingUploadFlow;
}

export interface Container {
  config: ServerConfig;
  log: Logger;
  db: Database;
  clock: Clock;
  adapters: Adapters;
  instanceId: string;
  tokens: TokenService;
  identity: IdentityService;
  community: CommunityService;
  pickup: PickupService;
  catalogue: CatalogueService;
  campaigns: CampaignService;
  orders: OrderService;
  payments: PaymentService;
  audit: AuditService;
  leaderApplications: LeaderApplications;
  leaderBindings: LeaderBindings;
  pickupPoints: PickupPointRegistry;
  shipments: Shipments;
  /** Per-store count of wrong pickup codes (rate limit). */
  pickupGuard: VerificationGuard;
  /** The durable scheduler; services enqueue jobs through it inside their transactions. */
  jobs: Scheduler;
  paymentProvider(name?: string): PaymentProvider;
  flows: Flows;
  views: Views;
  /** Set by the commission ledger and the bot/notice outbox when they are wired in. */
  ledger?: LedgerHooks;
  /** The commission ledger and settlement: services, flows, reports (ledger.wiring.ts). */
  commission: CommissionWiring;
  notices?: NoticeHooks;
  /** The chat-group bot: channels, outbox dispatcher, bridge commands, share cards (bot.wiring.ts); provides `notices`. */
  bot: BotWiring;
  commissionRuleFor?: (trc: TxContext) => Promise<{ version: number } | null>;
  startBackground(): Promise<void>;
  stopBackground(): Promise<void>;
}

export function defaultAdapters(config: ServerConfig, clock: Clock): Adapters {
  const providers: Adapters['paymentProviders'] = {
    sandbox: new SandboxPaymentProvider(config.auth.jwtSecret, config.payments.notifyMaxAgeSeconds, config.publicBaseUrl),
  };
  if (config.wechatPay.mchId && config.wechatPay.merchantPrivateKeyPem) {
    providers.wechat = createWechatPayProvider({ ...config.wechatPay, appId: config.wechat.appId, notifyMaxAgeSeconds: config.payments.notifyMaxAgeSeconds, clock });
  }
  return { wechatAuth: createWechatAuthClient(config.wechat), paymentProviders: providers };
}

export function createContainer(deps: { config: ServerConfig; log: Logger; db: Database; clock: Clock; adapters?: Partial<Adapters> }): Container {
  const { config, log, db, clock } = deps;
  initAllModels(db.sequelize);
  const defaults = defaultAdapters(config, clock);
  const adapters: Adapters = {
    ...defaults, ...deps.adapters,
    paymentProviders: { ...defaults.paymentProviders, ...deps.adapters?.paymentProviders },
  };
  // Fulfilment adapters: the shared access token lives in the database; the poster warns through the log.
  if (adapters.wechatOpen === undefined) adapters.wechatOpen = createWechatOpenApis(config.wechat, clock, db);
  adapters.poster ??= createPosterRenderer({ fontFiles: config.fulfilment.posterFontFiles, warn: (m) => log.warn(m) });
  const instanceId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const tokens = new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds);
  const jobs = new Scheduler({
    db, clock, log: log.child({ part: 'scheduler' }), instanceId, leaseMs: config.scheduler.leaseMs,
    pollIntervalMs: config.scheduler.pollIntervalMs, maxAttempts: config.scheduler.maxAttempts, timeZone: config.timeZone,
  });

  const c = {
    config, log, db, clock, adapters, instanceId, tokens, jobs,
    identity: new IdentityService(tokens, adapters.wechatAuth, { devLogin: config.auth.devLogin }),
    community: new CommunityService(),
    pickup: new PickupService(),
    catalogue: new CatalogueService(),
    campaigns: new CampaignService(db, jobs),
    orders: new OrderService(db),
    payments: new PaymentService(db),
    audit: new AuditService(),
    leaderApplications: new LeaderApplications(),
    leaderBindings: new LeaderBindings(),
    pickupPoints: new PickupPointRegistry(),
    shipments: new Shipments(db),
    pickupGuard: new VerificationGuard(db, config.fulfilment.verifyMaxFailures, config.fulfilment.verifyLockMinutes * 60_000),
    paymentProvider(name?: string): PaymentProvider {
      const key = (name ?? config.payments.provider) as 'wechat' | 'sandbox';
      const p = adapters.paymentProviders[key];
      if (!p) throw new Error(`payment provider "${key}" is not configured (WECHATPAY_* settings)`);
      return p;
    },
  } as unknown as Container;

  const refunds = new RefundFlow(c);
  const orderLife = new OrderLifecycleFlow(c, refunds);
  c.flows = {
    join: new JoinFlow(c),
    refunds,
    payment: new PaymentFlow(c, refunds),
    orderLife,
    campaignLife: new CampaignLifecycleFlow(c, refunds, orderLife),
    authoring: new CampaignAuthoringFlow(c),
    afterSale: new AfterSaleFlow(c, refunds),
    adminRefund: new AdminRefundFlow(c, refunds),
    leaderOnboarding: new LeaderOnboardingFlow(c),
    share: new ShareFlow(c),
    fulfilment: new FulfilmentFlow(c),
    fulfilmentLists: new FulfilmentLists(c),
    pickupVerification: new PickupVerificationFlow(c),
    shippingUpload: new ShippingUploadFlow(c),
  };
  c.views = new Views(c);
  c.campaigns.onChanged = (campaignId) => c.views.invalidateCampaign(campaignId);
  c.campaigns.onDefinitionChanged = (campaignId) => c.flows.join.forgetCampaign(campaignId);
  wireLedger(c);
  c.bot = wireBot(c);
  registerJobs(c);
  c.startBackground = () => jobs.start();
  // Shorter than the server's 10 s shutdown grace: a handler still running then resumes elsewhere after its lease.
  c.stopBackground = () => jobs.stop(8_000);
  return c;
}

/** Every job kind and its handler: thin calls into flows; the scheduler adds leases, retries and logs. */
function registerJobs(c: Container): void {
  const payload = (p: unknown) => p as Record<string, number>;
  c.jobs.register(CAMPAIGN_JOBS.start, async ({ rc, job }) => { await c.flows.campaignLife.start(rc, payload(job.payload).campaignId); });
  c.jobs.register(CAMPAIGN_JOBS.deadline, async ({ rc, job }) => { await c.flows.campaignLife.closeIfDue(rc, payload(job.payload).campaignId); });
  c.jobs.register(ORDER_EXPIRY_JOB, async ({ rc }) => { await c.flows.orderLife.expireDue(rc); });
  c.jobs.register(ORDER_COMPLETE_JOB, async ({ rc, job }) => { await c.flows.orderLife.completeIfDue(rc, payload(job.payload).orderId); });
  c.jobs.register(REFUND_PROCESS_JOB, async ({ rc, job }) => { await c.flows.refunds.process(rc, payload(job.payload).refundId); });
  // Fulfilment: pickup reminders, campaign completion, WeChat shipping upload (and its safety-net sweep).
  c.jobs.register(FULFILMENT_JOBS.remind, async ({ rc, job }) => { await c.flows.fulfilment.remind(rc, payload(job.payload).campaignId, payload(job.payload).pickupPointId); });
  c.jobs.recurring({ kind: FULFILMENT_JOBS.completeSweep, cron: '*/15 * * * *', handler: async ({ rc }) => { await c.flows.fulfilment.completeSettled(rc); } });
  c.jobs.register(SHIPPING_JOBS.upload, async ({ rc, job }) => { await c.flows.shippingUpload.upload(rc, payload(job.payload).orderId); });
  c.jobs.recurring({ kind: SHIPPING_JOBS.sweep, cron: '7 * * * *', handler: async ({ rc }) => { await c.flows.shippingUpload.sweep(rc); } });
}

export { systemContext };
