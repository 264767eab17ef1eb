/**
 * The notifications WeChat Pay posts to our notify_url ("支付通知", "退款结果通知"):
 *   headers  Wechatpay-Timestamp, -Nonce, -Signature, -Serial (RSA-SHA256 over `timestamp\nnonce\nbody\n`)
 *   body     { id, create_time, event_type, resource_type: 'encrypt-resource', summary,
 *              resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce, original_type } }
 * Opening one means: verify the signature and the age, then decrypt the resource with the APIv3 key. Every
 * failure is a NotificationRejectedError; the route answers WeChat with an error and WeChat sends it again.
 */
import {
  NotificationRejectedError,
  type IncomingHttp,
  type PaymentNotification,
} from '../../../modules/payment/provider';
import { AeadDecryptError, decryptAes256Gcm } from './aead';
import type { PlatformKeyring } from './keys';
import { MappingError, mapRefund, mapTransaction, parseJsonObject, type MappedRefund, type MerchantIdentity } from './mapping';
import { checkPlatformSignature, headerLookup } from './platform-signature';

export interface NotificationKeys extends MerchantIdentity {
  platformKeys: PlatformKeyring;
  apiV3Key: string;
  /** Refuse a notification whose timestamp is further than this from `now`, either way (replays). */
  maxAgeSeconds: number;
}

/** A notification's envelope (the part that is not encrypted). */
export interface NotificationEnvelope {
  id: string;
  createTime: string;
  eventType: string;
  summary: string;
  originalType: string;
}

export interface OpenedNotification {
  envelope: NotificationEnvelope;
  /** The decrypted resource, as text. */
  plaintext: string;
}

/**
 * Verifies and decrypts any WeChat Pay notification. `originalType` is what the caller expects inside
 * ('transaction' or 'refund'): a refund notification posted to the payment route is refused, not misread.
 */
export function openNotification(http: IncomingHttp, now: Date, keys: NotificationKeys, originalType: 'transaction' | 'refund'): OpenedNotification {
  // A route that let a body parser consume the request has no raw text left to verify: say so plainly.
  if (typeof http.rawBody !== 'string') throw new NotificationRejectedError('malformed', 'no raw body to verify (was it parsed as JSON first?)');
  const check = checkPlatformSignature({
    header: headerLookup(http.headers),
    body: http.rawBody,
    keyring: keys.platformKeys,
    now,
    maxAgeSeconds: keys.maxAgeSeconds,
  });
  if (!check.ok) throw new NotificationRejectedError(check.reason, check.message);

  const body = asMalformed(() => parseJsonObject(http.rawBody, 'notification body'));
  const resource = body.resource;
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    throw new NotificationRejectedError('malformed', 'notification without a resource');
  }
  const r = resource as Record<string, unknown>;
  if (r.algorithm !== 'AEAD_AES_256_GCM') throw new NotificationRejectedError('malformed', `unsupported resource algorithm ${String(r.algorithm)}`);
  if (typeof r.ciphertext !== 'string' || typeof r.nonce !== 'string') throw new NotificationRejectedError('malformed', 'resource without ciphertext or nonce');
  if (r.associated_data !== undefined && r.associated_data !== null && typeof r.associated_data !== 'string') {
    throw new NotificationRejectedError('malformed', 'resource.associated_data is not a string');
  }
  if (r.original_type !== originalType) {
    throw new NotificationRejectedError('malformed', `expected a ${originalType} notification, got original_type ${String(r.original_type)}`);
  }
  const envelope: NotificationEnvelope = {
    id: typeof body.id === 'string' ? body.id : '',
    createTime: typeof body.create_time === 'string' ? body.create_time : '',
    eventType: typeof body.event_type === 'string' ? body.event_type : '',
    summary: typeof body.summary === 'string' ? body.summary : '',
    originalType,
  };
  let plaintext: string;
  try {
    plaintext = decryptAes256Gcm({ ciphertext: r.ciphertext, nonce: r.nonce, associated_data: r.associated_data ?? '' }, keys.apiV3Key);
  } catch (err) {
    if (err instanceof AeadDecryptError) throw new NotificationRejectedError('decrypt_failed', err.message);
    throw err;
  }
  return { envelope, plaintext };
}

/** A payment notification (event_type TRANSACTION.*) as the provider contract's PaymentNotification. */
export function parsePaymentNotification(http: IncomingHttp, now: Date, keys: NotificationKeys): PaymentNotification {
  const { envelope, plaintext } = openNotification(http, now, keys, 'transaction');
  if (!envelope.eventType.startsWith('TRANSACTION.')) {
    throw new NotificationRejectedError('malformed', `expected a TRANSACTION.* event, got ${envelope.eventType || '(none)'}`);
  }
  return asMalformed(() => mapTransaction(plaintext, keys));
}

/** A verified refund result (event_type REFUND.SUCCESS, REFUND.ABNORMAL or REFUND.CLOSED). */
export interface RefundNotification extends MappedRefund {
  eventType: string;
  /** The decrypted resource, kept for audit. */
  raw: string;
}

export function parseRefundNotification(http: IncomingHttp, now: Date, keys: NotificationKeys): RefundNotification {
  const { envelope, plaintext } = openNotification(http, now, keys, 'refund');
  if (!envelope.eventType.startsWith('REFUND.')) {
    throw new NotificationRejectedError('malformed', `expected a REFUND.* event, got ${envelope.eventType || '(none)'}`);
  }
  const refund = asMalformed(() => mapRefund(parseJsonObject(plaintext, 'refund'), keys));
  return { ...refund, eventType: envelope.eventType, raw: plaintext };
}

function asMalformed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MappingError) throw new NotificationRejectedError('malformed', err.message);
    throw err;
  }
}
