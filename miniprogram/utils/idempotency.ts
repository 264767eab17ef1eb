/**
 * Idempotency-Keys. A join: one checkout attempt (one visit to the checkout page) has one random part; the
 * body's fingerprint is added so that a double tap or a retry of the same basket sends the same key (the server
 * answers with the same order), while a changed basket is a new request instead of a reused key (409). An admin's
 * refund of one order works the same way, per opening of the refund form.
 */
export function newAttemptId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** FNV-1a over the body's canonical JSON: short, stable, and all the key needs (not a security hash). */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function joinKey(attemptId: string, body: unknown): string {
  return `mp-join:${attemptId}:${fingerprint(body)}`;
}

export function refundKey(attemptId: string, body: unknown): string {
  return `mp-refund:${attemptId}:${fingerprint(body)}`;
}
