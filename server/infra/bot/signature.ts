/**
 * The chat bridge's request signature. A relay (a WeCom app, or another compliant relay) signs every call:
 *
 *   X-Linli-Timestamp: <unix seconds>
 *   X-Linli-Signature: hex(HMAC-SHA256(channel secret, `${timestamp}\n${raw body}`))
 *
 * Requests whose timestamp is more than five minutes away from our clock are refused, so a captured request
 * cannot be replayed later; within the window, each message id is handled once (bot_inbound_messages).
 * The same scheme signs what we POST to a bridge relay (bridge.transport.ts), with the same secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-linli-timestamp';
export const SIGNATURE_HEADER = 'x-linli-signature';
export const REPLAY_WINDOW_SECONDS = 300;

export function bridgeSignature(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${rawBody}`, 'utf8').digest('hex');
}

export function signedHeaders(secret: string, rawBody: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { 'X-Linli-Timestamp': timestamp, 'X-Linli-Signature': bridgeSignature(secret, timestamp, rawBody) };
}

export type SignatureProblem = 'missing' | 'malformed_timestamp' | 'stale' | 'bad_signature';

/** Null when the request is authentic and fresh; otherwise why not. */
export function checkBridgeSignature(
  secret: string, headers: Record<string, string | string[] | undefined>, rawBody: string, now: Date, windowSeconds = REPLAY_WINDOW_SECONDS,
): SignatureProblem | null {
  const ts = one(headers[TIMESTAMP_HEADER]);
  const sig = one(headers[SIGNATURE_HEADER]);
  if (!ts || !sig) return 'missing';
  if (!/^\d{1,12}$/.test(ts)) return 'malformed_timestamp';
  if (Math.abs(now.getTime() / 1000 - Number(ts)) > windowSeconds) return 'stale';
  const given = sig.trim().toLowerCase().replace(/^sha256=/, '');
  if (!/^[0-9a-f]{64}$/.test(given)) return 'bad_signature';
  const expected = Buffer.from(bridgeSignature(secret, ts, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex')) ? null : 'bad_signature';
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
