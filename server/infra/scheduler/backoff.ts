/** How long a failed job waits before its next attempt: `attempt` is the attempt that just failed (1, 2, …). */
export type Backoff = (attempt: number) => number;

export interface ExponentialBackoffOptions {
  /** Wait after the first failure. */
  baseMs: number;
  /** No wait grows beyond this. */
  maxMs: number;
  factor?: number;
}

/**
 * base · factorⁿ⁻¹, capped. No jitter: every job has its own due time already, so retries of different jobs
 * don't arrive in lockstep, and tests can predict the schedule.
 */
export function exponentialBackoff({ baseMs, maxMs, factor = 2 }: ExponentialBackoffOptions): Backoff {
  if (baseMs < 0 || maxMs < baseMs || factor < 1) throw new RangeError('backoff needs 0 <= baseMs <= maxMs and factor >= 1');
  return (attempt) => Math.min(maxMs, baseMs * factor ** Math.max(0, attempt - 1));
}

/** 10 s, 20 s, 40 s, … up to 30 minutes. */
export const defaultBackoff: Backoff = exponentialBackoff({ baseMs: 10_000, maxMs: 30 * 60_000 });
