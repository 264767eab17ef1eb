/**
 * 提货码: a short random code per order, unguessable (8 symbols from 30: ≈ 6.6·10¹¹ codes), unique per pickup
 * point (orders.uq (pickup_point_id, pickup_code)), shown to the neighbour as text and as a QR. Stores verify it by
 * scanning or typing; wrong guesses are counted per store: `maxFailures` wrong codes in a row lock the point's
 * verification for `lockMs` (pickup_points.verify_fail_streak / verify_locked_until), so codes cannot be walked.
 */
import { randomInt } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';

/** No 0/O, 1/I/L or U: easy to read out and to type. */
export const PICKUP_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const PICKUP_CODE_LENGTH = 8;

export function newPickupCode(): string {
  let s = '';
  for (let i = 0; i < PICKUP_CODE_LENGTH; i++) s += PICKUP_CODE_ALPHABET[randomInt(PICKUP_CODE_ALPHABET.length)];
  return s;
}

/** What a store typed or scanned, as stored: case, spaces and dashes don't matter. Null if it cannot be a code. */
export function normalisePickupCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== PICKUP_CODE_LENGTH) return null;
  for (const ch of s) if (!PICKUP_CODE_ALPHABET.includes(ch)) return null;
  return s;
}

/** "ABCD-EFGH": how the neighbour sees it. */
export const formatPickupCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** The tail printed on the sorting list so a bag can be matched to the code the neighbour shows. */
export const pickupCodeTail = (code: string | null, n = 3): string | null => (code ? code.slice(-n) : null);

export interface VerifyGuard { failStreak: number; lockedUntil: Date | null }

/** The per-store counter of wrong codes. Callers lock the point's row first (lockGuard) in their transaction. */
export class VerificationGuard {
  constructor(private readonly db: Database, readonly maxFailures: number, readonly lockMs: number) {}

  async lockGuard(tx: Transaction, pickupPointId: number): Promise<VerifyGuard | null> {
    const [row] = await this.db.select<{ s: number; u: unknown }>(
      `SELECT verify_fail_streak AS s, verify_locked_until AS u FROM pickup_points WHERE id = :pickupPointId${this.db.forUpdate}`, { pickupPointId }, tx);
    return row ? { failStreak: Number(row.s), lockedUntil: toDate(row.u, true) } : null;
  }

  /** One more wrong code; the `maxFailures`-th in a row locks verification until now + lockMs. */
  async recordFailure(tx: Transaction, pickupPointId: number, guard: VerifyGuard, now: Date): Promise<VerifyGuard> {
    const streak = guard.failStreak + 1;
    const next: VerifyGuard = streak >= this.maxFailures
      ? { failStreak: 0, lockedUntil: new Date(now.getTime() + this.lockMs) }
      : { failStreak: streak, lockedUntil: guard.lockedUntil };
    await this.db.execute('UPDATE pickup_points SET verify_fail_streak = :s, verify_locked_until = :u WHERE id = :pickupPointId',
      { s: next.failStreak, u: next.lockedUntil, pickupPointId }, tx);
    return { ...next, failStreak: streak >= this.maxFailures ? streak : next.failStreak };
  }

  async reset(tx: Transaction, pickupPointId: number): Promise<void> {
    await this.db.execute('UPDATE pickup_points SET verify_fail_streak = 0 WHERE id = :pickupPointId AND verify_fail_streak <> 0', { pickupPointId }, tx);
  }
}
