/**
 * What createWechatPayProvider needs: the `wechatPay` settings as configured, plus the mini-program's appId
 * and the notification age limit, which live in other sections of the configuration.
 */
import type { ServerConfig } from '../../../../config/server';
import type { Clock } from '../../../kernel/clock';

export type WechatPayProviderOptions = ServerConfig['wechatPay'] & {
  /** The mini-program's appid: goes into prepay and into the paySign the client checks. */
  appId: string;
  /** Notifications whose Wechatpay-Timestamp is further than this from `now` (either way) are refused. */
  notifyMaxAgeSeconds: number;
  /** Where WeChat posts refund results; without it WeChat uses the URL set in the merchant platform. */
  refundNotifyUrl?: string;
  /**
   * Timestamps of signed requests and the freshness check of answers need the wall clock. Defaults to the
   * system clock; a test that moves a ManualClock must give the fake WeChat Pay the same clock.
   */
  clock?: Clock;
  /** Per-request timeout; a timeout surfaces as a retryable NETWORK_ERROR. */
  timeoutMs?: number;
};

/** The options from the server configuration, for the composition root. */
export function wechatPayOptionsFromConfig(
  config: Pick<ServerConfig, 'wechat' | 'wechatPay' | 'payments'>,
  extra: Pick<WechatPayProviderOptions, 'clock' | 'timeoutMs' | 'refundNotifyUrl'> = {},
): WechatPayProviderOptions {
  return { ...config.wechatPay, appId: config.wechat.appId, notifyMaxAgeSeconds: config.payments.notifyMaxAgeSeconds, ...extra };
}
