/**
 * The RSA signatures of WeChat Pay API v3 ("签名认证"). Every message is a list of lines, each ending in "\n"
 * (the last one included); the signature is base64(RSA-SHA256, PKCS#1 v1.5) over that message.
 *  - our requests:      METHOD \n CANONICAL_URL \n TIMESTAMP \n NONCE \n BODY \n     (merchant private key)
 *  - WeChat's answers
 *    and notifications: TIMESTAMP \n NONCE \n BODY \n                                (platform key)
 *  - wx.requestPayment: APPID \n TIMESTAMP \n NONCE \n PACKAGE \n                   (merchant private key)
 */
import { createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** Lines joined the way every v3 signature message is: each line ends with "\n", the last one too. */
const signatureMessage = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');

/**
 * What we sign for a request. `canonicalUrl` is the path plus the query string exactly as sent
 * ("/v3/pay/transactions/out-trade-no/X?mchid=1"), without scheme and host. `body` is '' for GET.
 */
export function requestSignatureMessage(method: string, canonicalUrl: string, timestamp: string, nonce: string, body: string): string {
  return signatureMessage([method.toUpperCase(), canonicalUrl, timestamp, nonce, body]);
}

/** What WeChat Pay signs on its answers and on the notifications it posts to us. */
export function responseSignatureMessage(timestamp: string, nonce: string, body: string): string {
  return signatureMessage([timestamp, nonce, body]);
}

/** What we sign so the mini-program can call wx.requestPayment ("小程序调起支付签名"). */
export function paySignMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return signatureMessage([appId, timeStamp, nonceStr, pkg]);
}

export function rsaSha256Sign(message: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

/** False (never a throw) for a wrong key, a tampered message or a signature that is not even base64. */
export function rsaSha256Verify(message: string, signatureBase64: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/** 32 random upper-case hex characters: WeChat allows up to 32 characters, and a nonce must not repeat. */
export const newNonce = (): string => randomBytes(16).toString('hex').toUpperCase();

/** WeChat's timestamps are whole Unix seconds, as decimal strings. */
export const unixSeconds = (at: Date): string => String(Math.floor(at.getTime() / 1000));

export interface AuthorizationParams {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"` */
export function authorizationHeader(p: AuthorizationParams): string {
  const fields: Array<keyof AuthorizationParams> = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'];
  return `${AUTH_SCHEMA} ${fields.map((k) => `${k}="${p[k]}"`).join(',')}`;
}

/** Builds the Authorization header for one request: signs it with the merchant private key. */
export function signRequest(input: {
  method: string;
  canonicalUrl: string;
  body: string;
  mchId: string;
  merchantSerialNo: string;
  merchantKey: KeyObject;
  timestamp: string;
  nonce: string;
}): string {
  const message = requestSignatureMessage(input.method, input.canonicalUrl, input.timestamp, input.nonce, input.body);
  return authorizationHeader({
    mchid: input.mchId,
    nonce_str: input.nonce,
    signature: rsaSha256Sign(message, input.merchantKey),
    timestamp: input.timestamp,
    serial_no: input.merchantSerialNo,
  });
}
