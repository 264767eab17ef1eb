/**
 * Checking that a message really comes from WeChat Pay: the four Wechatpay-* headers, a known serial, a
 * valid RSA-SHA256 signature over `timestamp\nnonce\nbody\n`, and a timestamp close to our clock. The same
 * check guards API answers (client.ts) and the notifications WeChat posts to us (notification.ts); each
 * caller turns a failure into its own error type.
 */
import type { PlatformKeyring } from './keys';
import { responseSignatureMessage, rsaSha256Verify } from './signing';

export const WECHATPAY_HEADERS = {
  timestamp: 'wechatpay-timestamp',
  nonce: 'wechatpay-nonce',
  signature: 'wechatpay-signature',
  serial: 'wechatpay-serial',
} as const;

/** Looks a header up by name, whatever its case; `undefined` when absent. Throws on a repeated header. */
export type HeaderLookup = (lowerCaseName: string) => string | undefined;

export type PlatformSignatureFailure = 'malformed' | 'unknown_serial' | 'bad_signature' | 'stale_timestamp';

export type PlatformSignatureCheck =
  | { ok: true; serialNo: string; timestamp: number }
  | { ok: false; reason: PlatformSignatureFailure; message: string };

/** A plain header record (Koa's ctx.headers, or the fake's) as a case-insensitive lookup. */
export function headerLookup(headers: Record<string, string | string[] | undefined>): HeaderLookup {
  const lower = new Map<string, string | string[] | undefined>();
  for (const [name, value] of Object.entries(headers)) {
    const k = name.toLowerCase();
    // Two spellings of one header (Wechatpay-Serial and wechatpay-serial) is as ambiguous as a repeat.
    if (lower.has(k)) lower.set(k, [...toList(lower.get(k)), ...toList(value)]);
    else lower.set(k, value);
  }
  return (name) => {
    const v = lower.get(name);
    if (Array.isArray(v)) {
      if (v.length === 1) return v[0];
      throw new RepeatedHeaderError(name);
    }
    return v;
  };
}

const toList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export class RepeatedHeaderError extends Error {
  constructor(readonly header: string) { super(`header ${header} appears more than once`); }
}

/**
 * Verifies one signed message. The order of checks matters for what a caller is told: a missing or
 * malformed header first, then an unknown key, then the signature, and only then the age, because an
 * unsigned timestamp means nothing.
 */
export function checkPlatformSignature(input: {
  header: HeaderLookup;
  body: string;
  keyring: PlatformKeyring;
  now: Date;
  maxAgeSeconds: number;
}): PlatformSignatureCheck {
  let timestamp: string | undefined, nonce: string | undefined, signature: string | undefined, serial: string | undefined;
  try {
    timestamp = input.header(WECHATPAY_HEADERS.timestamp);
    nonce = input.header(WECHATPAY_HEADERS.nonce);
    signature = input.header(WECHATPAY_HEADERS.signature);
    serial = input.header(WECHATPAY_HEADERS.serial);
  } catch (err) {
    return { ok: false, reason: 'malformed', message: (err as Error).message };
  }
  if (!timestamp || !nonce || !signature || !serial) {
    return { ok: false, reason: 'malformed', message: 'missing Wechatpay-Timestamp, -Nonce, -Signature or -Serial header' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed', message: `Wechatpay-Timestamp "${timestamp.slice(0, 20)}" is not Unix seconds` };

  const key = input.keyring.find(serial);
  if (!key) {
    return {
      ok: false,
      reason: 'unknown_serial',
      message: `signed with platform key ${serial.slice(0, 64)}, we know ${input.keyring.serials.join(', ') || 'none'} (platform certificate rotated?)`,
    };
  }
  // WeChat probes integrations with signatures prefixed WECHATPAY/SIGNTEST/: they must fail, and they do here.
  if (!rsaSha256Verify(responseSignatureMessage(timestamp, nonce, input.body), signature, key.key)) {
    return { ok: false, reason: 'bad_signature', message: 'the platform signature does not match the message' };
  }
  const ageSeconds = Math.floor(input.now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(ageSeconds) > input.maxAgeSeconds) {
    return {
      ok: false,
      reason: 'stale_timestamp',
      message: `Wechatpay-Timestamp is ${Math.abs(ageSeconds)}s ${ageSeconds > 0 ? 'old' : 'in the future'}, more than ${input.maxAgeSeconds}s`,
    };
  }
  return { ok: true, serialNo: key.serialNo, timestamp: Number(timestamp) };
}
