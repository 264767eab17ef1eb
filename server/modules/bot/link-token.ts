/**
 * The token inside a personal join link: who asked in which group, for what, signed by the server so that
 * nobody can forge a link for another member. It is single-purpose (link this chat member to the signed-in
 * user and place their order) and expires; placing the order is idempotent on the chat message id, so
 * opening the link twice never makes two orders.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JoinIntent {
  channelId: number;
  memberId: string;
  memberName: string;
  campaignId: number;
  campaignItemId: number;
  quantity: number;
  /** The chat message the member typed: the order's idempotency key is made from it. */
  messageId: string;
  /** Unix seconds. */
  expiresAt: number;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const mac = (secret: string, body: string) => createHmac('sha256', `bot-link:${secret}`).update(body).digest();

export function signJoinIntent(secret: string, intent: JoinIntent): string {
  const body = b64(JSON.stringify([1, intent.channelId, intent.memberId, intent.memberName, intent.campaignId, intent.campaignItemId, intent.quantity, intent.messageId, intent.expiresAt]));
  return `${body}.${b64(mac(secret, body))}`;
}

/** The intent, or null if the token is forged, mangled or expired. */
export function verifyJoinIntent(secret: string, token: string, now: Date): JoinIntent | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let a: unknown;
  try { a = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')); } catch { return null; }
  if (!Array.isArray(a) || a[0] !== 1 || a.length !== 9) return null;
  const [, channelId, memberId, memberName, campaignId, campaignItemId, quantity, messageId, expiresAt] = a as [number, number, string, string, number, number, number, string, number];
  if (expiresAt * 1000 <= now.getTime()) return null;
  return { channelId, memberId, memberName, campaignId, campaignItemId, quantity, messageId, expiresAt };
}
