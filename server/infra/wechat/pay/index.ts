/** WeChat Pay API v3: the PaymentProvider and the pieces a webhook route or a test may need. */
export { createWechatPayProvider, type WechatPayProvider } from './wechat-pay.provider';
export { wechatPayOptionsFromConfig, type WechatPayProviderOptions } from './options';
export { WechatPayError, isRetryableWechatPayError, LOCAL_ERROR_CODES } from './errors';
export { parsePaymentNotification, parseRefundNotification, openNotification, type RefundNotification, type NotificationKeys, type NotificationEnvelope } from './notification';
export { createPlatformKeyring, loadPlatformKey, loadMerchantPrivateKey, type PlatformKey, type PlatformKeyring } from './keys';
export type { WechatRefundStatus } from './mapping';
