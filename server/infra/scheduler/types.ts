/**
 * The durable scheduler's contract. Jobs are rows in scheduled_jobs; one row is one occurrence, made unique by
 * its dedupe key, so enqueuing the same occurrence twice is a no-op. Handlers are idempotent: a retry after a
 * crash must change nothing twice. Implementation: infra/scheduler/scheduler.ts.
 */
import type { Transaction } from 'sequelize';
import type { ServiceContext } from '../../kernel/context';
import type { Logger } from '../logger';

export interface JobSpec {
  /** A registered kind, e.g. 'campaign.deadline'. */
  kind: string;
  /** When it becomes due (UTC). */
  runAt: Date;
  /** JSON-serialisable input for the handler. */
  payload?: unknown;
  /** Unique per occurrence, e.g. `campaign.deadline:42`. Enqueuing an existing key does nothing. */
  dedupeKey: string;
  maxAttempts?: number;
}

export interface JobRun {
  id: number;
  kind: string;
  payload: unknown;
  /** 1 on the first run. */
  attempt: number;
  runAt: Date;
}

export interface JobContext {
  /** A system context whose `now` is the scheduler clock's reading when the run started. */
  rc: ServiceContext;
  job: JobRun;
  log: Logger;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

/** What services need to schedule work: inside their own transaction, so the job exists iff the change does. */
export interface JobQueue {
  enqueue(tx: Transaction | undefined, spec: JobSpec): Promise<void>;
  /** Moves a pending job to a new time (e.g. a campaign deadline edited), or does nothing if it already ran. */
  reschedule(tx: Transaction | undefined, dedupeKey: string, runAt: Date): Promise<void>;
  /** Cancels a pending job (e.g. a cancelled campaign's deadline). */
  cancel(tx: Transaction | undefined, dedupeKey: string): Promise<void>;
}
