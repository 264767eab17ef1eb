import { ConfigError, DEFAULT_JWT_SECRET, loadServerConfig } from '../../../config/server';

describe('config/server', () => {
  it('has working defaults: port 3000 on an embedded SQLite file', () => {
    const c = loadServerConfig({});
    expect(c.env).toBe('development');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('sqlite:data/linli.sqlite');
    expect(c.orders.unpaidExpiryMinutes).toBe(15);
    expect(c.auth.devLogin).toBe(true);
  });

  it('applies per-environment overrides, and environment variables win over both', () => {
    expect(loadServerConfig({ NODE_ENV: 'test' }).scheduler.enabled).toBe(false);
    const c = loadServerConfig({ NODE_ENV: 'test', PORT: '4100', DATABASE_URL: 'mysql://u:p@db:3306/linli', SCHEDULER_ENABLED: 'true', ORDER_UNPAID_EXPIRY_MINUTES: '20' });
    expect(c.port).toBe(4100);
    expect(c.databaseUrl).toBe('mysql://u:p@db:3306/linli');
    expect(c.scheduler.enabled).toBe(true);
    expect(c.orders.unpaidExpiryMinutes).toBe(20);
  });

  it('refuses invalid values with a readable message', () => {
    expect(() => loadServerConfig({ PORT: 'eighty' })).toThrow(/port/);
    expect(() => loadServerConfig({ NODE_ENV: 'staging' })).toThrow(ConfigError);
  });

  it('refuses to start in production with a default secret', () => {
    expect(() => loadServerConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is the development default/);
    expect(() => loadServerConfig({ NODE_ENV: 'production', JWT_SECRET: DEFAULT_JWT_SECRET, BOT_CALLBACK_SECRET: 'x'.repeat(32) })).toThrow(ConfigError);
    const ok = loadServerConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), BOT_CALLBACK_SECRET: 'b'.repeat(32) });
    expect(ok.auth.devLogin).toBe(false);
    expect(ok.payments.provider).toBe('wechat');
  });

  it('refuses the development login in production', () => {
    expect(() => loadServerConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), BOT_CALLBACK_SECRET: 'b'.repeat(32), DEV_LOGIN: 'true' })).toThrow(/DEV_LOGIN/);
  });

  it('reads PEM keys given on one line with \\n', () => {
    const c = loadServerConfig({ WECHATPAY_PLATFORM_CERT: '-----BEGIN CERTIFICATE-----\\nabc\\n-----END CERTIFICATE-----' });
    expect(c.wechatPay.platformCertPem.split('\n')).toHaveLength(3);
  });
});
