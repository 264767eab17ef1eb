/** Shared pieces of the scheduler tests: a scheduler with test settings, and raw looks at scheduled_jobs. */
import { createLogger } from '../../../server/infra/logger';
import { toDate, type Database } from '../../../server/infra/db';
import { Scheduler, exponentialBackoff, type SchedulerOptions } from '../../../server/infra/scheduler';
import type { Clock } from '../../../server/kernel/clock';

export const quietLog = createLogger('silent');

/** A scheduler as the server would build it, with short backoff (1 s, 2 s, … 10 s) and 3 attempts. */
export function makeScheduler(db: Database, clock: Clock, over: Partial<SchedulerOptions> = {}): Scheduler {
  return new Scheduler({
    db, clock, log: quietLog, leaseMs: 60_000, pollIntervalMs: 1_000, maxAttempts: 3, timeZone: 'Asia/Shanghai',
    backoff: exponentialBackoff({ baseMs: 1_000, maxMs: 10_000 }), ...over,
  });
}

export interface RawJob { id: number; kind: string; dedupeKey: string; state: string; runAt: Date; attempts: number; leaseOwner: string | null }

export async function rawJobs(db: Database, where = '1 = 1', params: Record<string, unknown> = {}): Promise<RawJob[]> {
  const rows = await db.select<Record<string, unknown>>(
    `SELECT id, kind, dedupe_key, state, run_at, attempts, lease_owner FROM scheduled_jobs WHERE ${where} ORDER BY run_at, id`, params,
  );
  return rows.map((r) => ({
    id: Number(r.id), kind: String(r.kind), dedupeKey: String(r.dedupe_key), state: String(r.state), runAt: toDate(r.run_at),
    attempts: Number(r.attempts), leaseOwner: (r.lease_owner as string | null) ?? null,
  }));
}

/** A row as a crashed instance leaves it: running, its lease running out at `leaseUntil`. */
export async function insertAbandonedRun(
  db: Database, job: { kind: string; dedupeKey: string; runAt: Date; leaseUntil: Date; attempts: number; maxAttempts?: number; payload?: unknown },
): Promise<number> {
  await db.execute(
    `INSERT INTO scheduled_jobs (kind, dedupe_key, run_at, payload, state, attempts, max_attempts, lease_owner, lease_until, created_at, updated_at)
     VALUES (:kind, :dedupeKey, :runAt, :payload, 'running', :attempts, :maxAttempts, 'dead-instance', :leaseUntil, :runAt, :runAt)`,
    { ...job, payload: JSON.stringify(job.payload ?? null), maxAttempts: job.maxAttempts ?? 3 },
  );
  const [row] = await rawJobs(db, 'dedupe_key = :k', { k: job.dedupeKey });
  return row.id;
}

export const clearJobs = (db: Database) => db.execute('DELETE FROM scheduled_jobs');
