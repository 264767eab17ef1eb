/**
 * The server's configuration: ONE typed, validated object. Every environment variable is read here and
 * nowhere else. Order of precedence: defaults < per-environment overrides (below) < environment variables.
 */
import { z } from 'zod';

export const DEFAULT_JWT_SECRET = 'linli-dev-secret-change-me-0000000000';
export const DEFAULT_CALLBACK_SECRET = 'linli-dev-callback-secret-change-me';

const Env = z.enum(['development', 'test', 'production']);
export type Environment = z.infer<typeof Env>;

const ServerConfig = z.object({
  env: Env,
  port: z.number().int().min(0).max(65535),
  host: z.string(),
  /** Sequelize URI: mysql://user:pass@host:3306/linli, sqlite:data/linli.sqlite, sqlite:/abs/path.sqlite */
  databaseUrl: z.string().min(1),
  /** Where the mini-program, share links and pay links point. */
  publicBaseUrl: z.string().url(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  bodyLimit: z.string(),
  /** Time zone for cron schedules, reports and message texts. Storage is always UTC. */
  timeZone: z.string(),
  auth: z.object({
    jwtSecret: z.string().min(32),
    tokenTtlSeconds: z.number().int().positive(),
    /** POST /api/auth/dev-login: sign in as any demo account. Never in production. */
    devLogin: z.boolean(),
  }),
  demo: z.object({ seedOnEmptyDatabase: z.boolean() }),
  orders: z.object({
    unpaidExpiryMinutes: z.number().int().positive(),
    returnWindowHoursFresh: z.number().int().positive(),
    returnWindowHoursOther: z.number().int().positive(),
  }),
  leaders: z.object({ bindingExpiryDays: z.number().int().positive() }),
  /** Fulfilment (issue 5): pickup-code verification limits, reminders, share codes and posters. */
  fulfilment: z.object({
    /** Wrong pickup codes in a row from one store before its verification locks. */
    verifyMaxFailures: z.number().int().min(3).max(1000),
    verifyLockMinutes: z.number().int().positive(),
    /** First reminder this long after arrival; another one this long before the pickup window ends. */
    reminderAfterHours: z.number().int().positive(),
    /** The mini-program page a share card and a mini-program code open. */
    sharePage: z.string().regex(/^[\w/-]+$/),
    /** Which mini-program version WeChat's codes open (release in production). */
    wxacodeEnvVersion: z.enum(['release', 'trial', 'develop']),
    /** CJK font files for posters; empty: the usual system locations. */
    posterFontFiles: z.array(z.string()),
  }),
  payments: z.object({
    provider: z.enum(['sandbox', 'wechat']),
    /** Notifications older than this are refused (replays). */
    notifyMaxAgeSeconds: z.number().int().positive(),
  }),
  wechat: z.object({
    appId: z.string(),
    appSecret: z.string(),
    /** WeChat's API host; tests point it at a local fake. */
    apiBase: z.string().url(),
  }),
  wechatPay: z.object({
    mchId: z.string(),
    merchantSerialNo: z.string(),
    merchantPrivateKeyPem: z.string(),
    apiV3Key: z.string(),
    platformCertPem: z.string(),
    platformSerialNo: z.string(),
    apiBase: z.string().url(),
    notifyUrl: z.string(),
  }),
  scheduler: z.object({
    enabled: z.boolean(),
    /** How often due jobs are looked for (besides the timers set for known ones). */
    pollIntervalMs: z.number().int().positive(),
    leaseMs: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    settlementCron: z.string(),
    dailyReportCron: z.string(),
  }),
  bot: z.object({
    callbackSecret: z.string().min(16),
    webhookPerMinute: z.number().int().positive(),
    coalesceSeconds: z.number().int().nonnegative(),
    /** The "closing soon" group message goes this long before a campaign's deadline. */
    closingSoonMinutes: z.number().int().positive(),
    /** Delivery attempts per outbox message before it is parked as failed. */
    maxAttempts: z.number().int().positive(),
    /** WeChat subscribe-message template ids for personal notices; an empty id logs the notice instead. */
    subscribeTemplates: z.object({ paid: z.string(), arrived: z.string(), refunded: z.string() }),
  }),
  commission: z.object({
    defaultLeaderBps: z.number().int().min(0).max(10_000),
    defaultPickupFeeFen: z.number().int().min(0),
  }),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const defaults: ServerConfig = {
  env: 'development',
  port: 3000,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:data/linli.sqlite',
  publicBaseUrl: 'http://localhost:3000',
  logLevel: 'info',
  bodyLimit: '256kb',
  timeZone: 'Asia/Shanghai',
  auth: { jwtSecret: DEFAULT_JWT_SECRET, tokenTtlSeconds: 7 * 24 * 3600, devLogin: true },
  demo: { seedOnEmptyDatabase: true },
  orders: { unpaidExpiryMinutes: 15, returnWindowHoursFresh: 48, returnWindowHoursOther: 7 * 24 },
  leaders: { bindingExpiryDays: 30 },
  fulfilment: {
    verifyMaxFailures: 20, verifyLockMinutes: 15, reminderAfterHours: 24, sharePage: 'pages/campaign/index',
    wxacodeEnvVersion: 'release', posterFontFiles: [],
  },
  payments: { provider: 'sandbox', notifyMaxAgeSeconds: 300 },
  wechat: { appId: '', appSecret: '', apiBase: 'https://api.weixin.qq.com' },
  wechatPay: {
    mchId: '', merchantSerialNo: '', merchantPrivateKeyPem: '', apiV3Key: '', platformCertPem: '',
    platformSerialNo: '', apiBase: 'https://api.mch.weixin.qq.com', notifyUrl: '',
  },
  scheduler: {
    enabled: true, pollIntervalMs: 1000, leaseMs: 60_000, maxAttempts: 5,
    settlementCron: '0 3 * * 1', dailyReportCron: '0 8 * * *',
  },
  bot: {
    callbackSecret: DEFAULT_CALLBACK_SECRET, webhookPerMinute: 20, coalesceSeconds: 60, closingSoonMinutes: 120, maxAttempts: 8,
    subscribeTemplates: { paid: '', arrived: '', refunded: '' },
  },
  commission: { defaultLeaderBps: 1000, defaultPickupFeeFen: 100 },
};

/** Per-environment overrides of the defaults. */
const overrides: Record<Environment, DeepPartial<ServerConfig>> = {
  development: { logLevel: 'info' },
  test: { logLevel: 'silent', port: 0, demo: { seedOnEmptyDatabase: false }, scheduler: { enabled: false } },
  production: { logLevel: 'info', auth: { devLogin: false }, demo: { seedOnEmptyDatabase: false }, payments: { provider: 'wechat' } },
};

function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const cur = out[k];
    out[k] = cur && typeof cur === 'object' && !Array.isArray(cur) && typeof v === 'object' ? merge(cur, v as never) : v;
  }
  return out as T;
}

type EnvVars = Record<string, string | undefined>;

const int = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const bool = (v: string | undefined) => (v === undefined || v === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()));
const str = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
/** PEM values may come with literal "\n" (one-line env files). */
const pem = (v: string | undefined) => str(v)?.replace(/\\n/g, '\n');

/** The environment variables this server reads, and where each lands. */
function fromEnvironment(e: EnvVars): DeepPartial<ServerConfig> {
  return {
    port: int(e.PORT),
    host: str(e.HOST),
    databaseUrl: str(e.DATABASE_URL),
    publicBaseUrl: str(e.PUBLIC_BASE_URL),
    logLevel: str(e.LOG_LEVEL) as ServerConfig['logLevel'] | undefined,
    bodyLimit: str(e.BODY_LIMIT),
    timeZone: str(e.TZ_BUSINESS),
    auth: { jwtSecret: str(e.JWT_SECRET), tokenTtlSeconds: int(e.TOKEN_TTL_SECONDS), devLogin: bool(e.DEV_LOGIN) },
    demo: { seedOnEmptyDatabase: bool(e.DEMO_SEED) },
    orders: {
      unpaidExpiryMinutes: int(e.ORDER_UNPAID_EXPIRY_MINUTES),
      returnWindowHoursFresh: int(e.RETURN_WINDOW_HOURS_FRESH),
      returnWindowHoursOther: int(e.RETURN_WINDOW_HOURS_OTHER),
    },
    leaders: { bindingExpiryDays: int(e.LEADER_BINDING_EXPIRY_DAYS) },
    fulfilment: {
      verifyMaxFailures: int(e.PICKUP_VERIFY_MAX_FAILURES),
      verifyLockMinutes: int(e.PICKUP_VERIFY_LOCK_MINUTES),
      reminderAfterHours: int(e.PICKUP_REMINDER_AFTER_HOURS),
      sharePage: str(e.SHARE_PAGE),
      wxacodeEnvVersion: str(e.WXACODE_ENV_VERSION) as 'release' | 'trial' | 'develop' | undefined,
      posterFontFiles: str(e.POSTER_FONT_FILES)?.split(',').map((f) => f.trim()).filter(Boolean),
    },
    payments: { provider: str(e.PAYMENT_PROVIDER) as 'sandbox' | 'wechat' | undefined, notifyMaxAgeSeconds: int(e.PAY_NOTIFY_MAX_AGE_SECONDS) },
    wechat: { appId: str(e.WECHAT_APP_ID), appSecret: str(e.WECHAT_APP_SECRET), apiBase: str(e.WECHAT_API_BASE) },
    wechatPay: {
      mchId: str(e.WECHATPAY_MCH_ID),
      merchantSerialNo: str(e.WECHATPAY_MERCHANT_SERIAL_NO),
      merchantPrivateKeyPem: pem(e.WECHATPAY_MERCHANT_PRIVATE_KEY),
      apiV3Key: str(e.WECHATPAY_API_V3_KEY),
      platformCertPem: pem(e.WECHATPAY_PLATFORM_CERT),
      platformSerialNo: str(e.WECHATPAY_PLATFORM_SERIAL_NO),
      apiBase: str(e.WECHATPAY_API_BASE),
      notifyUrl: str(e.WECHATPAY_NOTIFY_URL),
    },
    scheduler: {
      enabled: bool(e.SCHEDULER_ENABLED),
      pollIntervalMs: int(e.SCHEDULER_POLL_MS),
      leaseMs: int(e.SCHEDULER_LEASE_MS),
      maxAttempts: int(e.SCHEDULER_MAX_ATTEMPTS),
      settlementCron: str(e.SETTLEMENT_CRON),
      dailyReportCron: str(e.DAILY_REPORT_CRON),
    },
    bot: {
      callbackSecret: str(e.BOT_CALLBACK_SECRET), webhookPerMinute: int(e.BOT_WEBHOOK_PER_MINUTE), coalesceSeconds: int(e.BOT_COALESCE_SECONDS),
      closingSoonMinutes: int(e.BOT_CLOSING_SOON_MINUTES), maxAttempts: int(e.BOT_MAX_ATTEMPTS),
      subscribeTemplates: { paid: str(e.WECHAT_SUBSCRIBE_TPL_PAID), arrived: str(e.WECHAT_SUBSCRIBE_TPL_ARRIVED), refunded: str(e.WECHAT_SUBSCRIBE_TPL_REFUNDED) },
    },
    commission: { defaultLeaderBps: int(e.COMMISSION_LEADER_BPS), defaultPickupFeeFen: int(e.COMMISSION_PICKUP_FEE_FEN) },
  };
}

export class ConfigError extends Error {}

/**
 * Builds the configuration for `env` (defaults to process.env), optionally with programmatic overrides
 * (tests). Throws ConfigError when a value is invalid, or when production would run on a default secret.
 */
export function loadServerConfig(e: EnvVars = process.env, extra: DeepPartial<ServerConfig> = {}): ServerConfig {
  const envName = Env.safeParse(e.NODE_ENV ?? extra.env ?? 'development');
  if (!envName.success) throw new ConfigError(`NODE_ENV must be development, test or production, got "${e.NODE_ENV}"`);
  const merged = merge(merge(merge({ ...defaults, env: envName.data }, overrides[envName.data]), fromEnvironment(e)), extra);
  const parsed = ServerConfig.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = parsed.data;
  if (config.env === 'production') {
    const problems: string[] = [];
    if (config.auth.jwtSecret === DEFAULT_JWT_SECRET) problems.push('JWT_SECRET is the development default');
    if (config.bot.callbackSecret === DEFAULT_CALLBACK_SECRET) problems.push('BOT_CALLBACK_SECRET is the development default');
    if (config.auth.devLogin) problems.push('DEV_LOGIN must stay off in production');
    if (problems.length) throw new ConfigError(`refusing to start in production: ${problems.join('; ')}`);
  }
  return config;
}
