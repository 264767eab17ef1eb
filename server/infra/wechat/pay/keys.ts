/**
 * The keys WeChat Pay v3 needs. Ours: the merchant API private key (signs requests and paySign). Theirs: the
 * platform key that signs answers and notifications, given in one of two forms:
 *  - a platform certificate PEM ("平台证书"): its serial is the certificate's serial number;
 *  - a WeChat Pay public key PEM ("微信支付公钥", the newer mode): its serial is the key id, PUB_KEY_ID_….
 * Answers name the key they were signed with in the Wechatpay-Serial header, so the keyring is looked up by
 * serial; an unknown serial is refused rather than tried against every key.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../../../../config/server';

export interface PlatformKey {
  /** Upper-case: certificate serials are hex, and WeChat has written them in either case. */
  serialNo: string;
  key: KeyObject;
  source: 'certificate' | 'public_key';
  /** The certificate's expiry (for a health check or a warning); null for a bare public key. */
  notAfter: Date | null;
}

export interface PlatformKeyring {
  find(serialNo: string): PlatformKey | undefined;
  readonly serials: readonly string[];
}

const normaliseSerial = (s: string): string => s.trim().toUpperCase();

export function loadMerchantPrivateKey(pem: string): KeyObject {
  if (!pem.trim()) throw new ConfigError('wechatPay.merchantPrivateKeyPem is empty');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new ConfigError(`wechatPay.merchantPrivateKeyPem is not a private key PEM: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(`wechatPay.merchantPrivateKeyPem must be an RSA key, got ${key.asymmetricKeyType}`);
  return key;
}

/**
 * Reads one platform key. For a certificate, `serialNo` may be empty (it is read from the certificate) but
 * if given it must match: a mismatch means the configuration pairs the wrong serial with the wrong PEM, and
 * every answer would then be refused as signed by an unknown key.
 */
export function loadPlatformKey(pem: string, serialNo: string): PlatformKey {
  if (!pem.trim()) throw new ConfigError('wechatPay.platformCertPem is empty');
  if (pem.includes('BEGIN CERTIFICATE')) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (err) {
      throw new ConfigError(`wechatPay.platformCertPem is not a valid certificate: ${(err as Error).message}`);
    }
    const certSerial = normaliseSerial(cert.serialNumber);
    if (serialNo.trim() && normaliseSerial(serialNo) !== certSerial) {
      throw new ConfigError(`wechatPay.platformSerialNo ${serialNo} does not match the certificate's serial ${certSerial}`);
    }
    return { serialNo: certSerial, key: cert.publicKey, source: 'certificate', notAfter: new Date(cert.validTo) };
  }
  if (!serialNo.trim()) throw new ConfigError('wechatPay.platformSerialNo (the public key id, PUB_KEY_ID_…) is required with a public key PEM');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new ConfigError(`wechatPay.platformCertPem is neither a certificate nor a public key PEM: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(`the WeChat Pay platform key must be RSA, got ${key.asymmetricKeyType}`);
  return { serialNo: normaliseSerial(serialNo), key, source: 'public_key', notAfter: null };
}

/** Several keys are only needed while WeChat rotates its platform certificate (old and new both sign). */
export function createPlatformKeyring(keys: readonly PlatformKey[]): PlatformKeyring {
  const bySerial = new Map(keys.map((k) => [k.serialNo, k] as const));
  return {
    find: (serialNo) => bySerial.get(normaliseSerial(serialNo)),
    serials: [...bySerial.keys()],
  };
}
