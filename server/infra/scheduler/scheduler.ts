/**
 * The durable scheduler: jobs are rows in scheduled_jobs (job.store.ts), run by whichever instance claims them.
 *
 *  - Durable: nothing lives only in memory. start() first runs everything that fell due while no instance was
 *    running; a job whose holder died is claimed again once its lease has expired.
 *  - Once: a claim is a conditional UPDATE and every later write is fenced by (lease owner, attempt), so several
 *    instances on one database run each occurrence once. Handlers are idempotent all the same, because a
 *    process can die after the handler's work committed and before the job was marked done.
 *  - Failures are retried with backoff, then parked as `failed` for an admin to see and retry.
 *  - Time comes from the injected Clock. With a ManualClock nothing is armed: tests move the clock and call
 *    tick(). Otherwise one node-schedule timer is armed for the next due time (alarm.ts), and a poll every
 *    pollIntervalMs catches what other instances enqueue.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Database } from '../db';
import type { Logger } from '../logger';
import { ManualClock, type Clock } from '../../kernel/clock';
import { systemContext } from '../../kernel/context';
import { ConflictError, InvalidInputError, NotFoundError } from '../../kernel/errors';
import type { JobState } from '../../../shared/types/statuses';
import type { Page } from '../../../shared/types/api';
import type { JobHandler, JobQueue, JobSpec } from './types';
import { JobStore, type JobRecord, type Lease } from './job.store';
import { RecurringPlanner } from './recurring';
import { CronSchedule } from './cron';
import { Alarm } from './alarm';
import { defaultBackoff, type Backoff } from './backoff';

export interface SchedulerOptions {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Written as lease_owner; unique per process. Default: host, pid and a random suffix. */
  instanceId?: string;
  /** How long a claim lasts before another instance may take the job over (renewed while a handler runs). */
  leaseMs: number;
  /** The fallback look for due jobs, e.g. ones other instances enqueued. */
  pollIntervalMs: number;
  /** Attempts per job unless its spec says otherwise. */
  maxAttempts: number;
  /** Time zone of cron expressions, e.g. Asia/Shanghai. */
  timeZone: string;
  backoff?: Backoff;
  /** Jobs this instance runs at the same time. */
  concurrency?: number;
  /** Arm node-schedule timers and the poll in start(). Default: yes, unless the clock is a ManualClock. */
  timers?: boolean;
}

export interface RecurringJob {
  kind: string;
  /** 5 or 6 fields (see cron.ts), read in the scheduler's time zone. */
  cron: string;
  handler: JobHandler;
  maxAttempts?: number;
}

/** What one pass did in this instance. */
export interface TickReport {
  /** Jobs this instance claimed. */
  claimed: number;
  succeeded: number;
  /** Attempts that threw (retried later or parked). */
  failed: number;
}

export interface JobFilter {
  state?: JobState;
  kind?: string;
  /** 1–200, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export type { JobRecord };

/** Due ids read per query; the claim decides who runs each. */
const BATCH = 100;
const MAX_KIND_LENGTH = 48;
const MAX_KEY_LENGTH = 160;
/** last_error is for people: the message and the top of the stack are enough. */
const MAX_ERROR_LENGTH = 4000;

export class Scheduler implements JobQueue {
  readonly instanceId: string;
  private readonly store: JobStore;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly planner: RecurringPlanner;
  private readonly alarm: Alarm;
  private readonly backoff: Backoff;
  private readonly concurrency: number;
  private readonly timers: boolean;
  /** Ids this process is running; a job never runs twice at once here. */
  private readonly inFlight = new Set<number>();
  private poller: NodeJS.Timeout | null = null;
  private started = false;
  private stopping = false;
  /** Passes run one after another; this is the tail of that chain. */
  private passChain: Promise<unknown> = Promise.resolve();
  /** A pass waiting to start: timer and poll wake-ups coalesce into it. */
  private queued: Promise<TickReport> | null = null;

  constructor(private readonly opts: SchedulerOptions) {
    this.store = new JobStore(opts.db);
    this.clock = opts.clock;
    this.log = opts.log.child({ component: 'scheduler' });
    this.instanceId = (opts.instanceId ?? `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`).slice(0, 64);
    this.planner = new RecurringPlanner(this.store, this.log);
    this.alarm = new Alarm(() => this.wake());
    this.backoff = opts.backoff ?? defaultBackoff;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.timers = opts.timers ?? !(opts.clock instanceof ManualClock);
  }

  /** The handler for one kind of job. Register before start(). */
  register(kind: string, handler: JobHandler): this {
    assertKind(kind);
    if (this.handlers.has(kind)) throw new Error(`job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler);
    return this;
  }

  /** A job that recurs by cron in the configured time zone; each occurrence runs once across instances. */
  recurring(job: RecurringJob): this {
    const cron = new CronSchedule(job.cron, this.opts.timeZone); // throws at boot on a bad expression
    this.register(job.kind, job.handler);
    this.planner.add({ kind: job.kind, cron, maxAttempts: job.maxAttempts ?? this.opts.maxAttempts });
    return this;
  }

  /**
   * Adds a job unless one with its dedupe key exists (then nothing changes). Pass the caller's transaction when
   * there is one: the job then exists if and only if the caller's change commits (and on SQLite, a write
   * outside the open transaction would wait for it).
   */
  async enqueue(tx: Transaction | undefined, spec: JobSpec): Promise<void> {
    assertKind(spec.kind);
    if (!spec.dedupeKey || spec.dedupeKey.length > MAX_KEY_LENGTH) throw new InvalidInputError(`dedupe key must be 1–${MAX_KEY_LENGTH} characters`);
    if (!(spec.runAt instanceof Date) || Number.isNaN(spec.runAt.getTime())) throw new InvalidInputError('runAt must be a valid Date');
    const maxAttempts = spec.maxAttempts ?? this.opts.maxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new InvalidInputError('maxAttempts must be a positive integer');
    const added = await this.store.insertIfAbsent(tx, {
      kind: spec.kind,
      dedupeKey: spec.dedupeKey,
      runAt: spec.runAt,
      payload: spec.payload === undefined ? null : JSON.stringify(spec.payload),
      maxAttempts,
    }, this.clock.now());
    if (added) this.afterCommit(tx, () => this.noteDue(spec.runAt));
  }

  /** Moves a pending job to `runAt`; does nothing if it already ran, is running, or does not exist. */
  async reschedule(tx: Transaction | undefined, dedupeKey: string, runAt: Date): Promise<void> {
    const moved = await this.store.moveRunAt(tx, dedupeKey, runAt, this.clock.now());
    if (moved) this.afterCommit(tx, () => this.noteDue(runAt));
  }

  /**
   * Removes a pending job, so the key may be enqueued again later. A run already under way is not
   * interrupted: handlers check the state of what they act on anyway.
   */
  async cancel(tx: Transaction | undefined, dedupeKey: string): Promise<void> {
    await this.store.deletePending(tx, dedupeKey);
  }

  /** Runs what fell due while stopped (the recovery on boot), then keeps running jobs as they fall due. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.log.info({ instanceId: this.instanceId, kinds: [...this.handlers.keys()], timers: this.timers }, 'scheduler starting');
    if (this.timers) {
      this.poller = setInterval(() => this.wake(), this.opts.pollIntervalMs);
      this.poller.unref();
    }
    try {
      const report = await this.tick();
      if (report.claimed) this.log.info(report, 'scheduler: ran jobs that fell due while stopped');
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /**
   * Disarms the timers and waits for running handlers, at most `graceMs` (default: the lease, after which
   * another instance would take the job over anyway).
   */
  async stop(graceMs = this.opts.leaseMs): Promise<void> {
    this.stopping = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    this.alarm.clear();
    let timer: NodeJS.Timeout | undefined;
    const drained = this.passChain.then(() => 'drained' as const);
    const outcome = await Promise.race([drained, new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), graceMs); })]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.log.warn({ running: [...this.inFlight] }, 'scheduler stopped while jobs still run; their leases will expire');
    this.started = false;
    if (outcome === 'drained') this.stopping = false;
    // A pass still finishing keeps `stopping` until it ends, so it takes no new jobs.
    else void drained.then(() => { if (!this.started) this.stopping = false; });
  }

  /**
   * Claims and runs everything due at `now` (default: the clock's reading each round), until nothing is left
   * that this instance can take. Resolves with what this instance did.
   */
  tick(now?: Date): Promise<TickReport> {
    if (!now && this.queued) return this.queued;
    const pass: Promise<TickReport> = this.passChain.then(() => {
      if (this.queued === pass) this.queued = null;
      return this.pass(now);
    });
    if (!now) this.queued = pass;
    this.passChain = pass.catch(() => undefined);
    return pass;
  }

  /** Jobs newest first, optionally by state and kind; pages by `cursor`. */
  async listJobs(filter: JobFilter = {}): Promise<Page<JobRecord>> {
    const limit = Math.min(200, Math.max(1, Math.floor(filter.limit ?? 50)));
    let beforeId: number | undefined;
    if (filter.cursor) {
      beforeId = Number(filter.cursor);
      if (!Number.isSafeInteger(beforeId) || beforeId < 1) throw new InvalidInputError('cursor is not one this list gave out');
    }
    const rows = await this.store.list({ state: filter.state, kind: filter.kind, beforeId, limit: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].id) : null };
  }

  getJob(id: number): Promise<JobRecord | null> {
    return this.store.get(id);
  }

  /** A failed job back to pending, due now, with a fresh budget of attempts. */
  async retry(id: number): Promise<JobRecord> {
    const now = this.clock.now();
    if (!(await this.store.requeueFailed(id, now))) {
      const job = await this.store.get(id);
      if (!job) throw new NotFoundError('job', id);
      throw new ConflictError(`job ${id} is ${job.state}; only a failed job can be retried`, { id, state: job.state });
    }
    this.log.info({ jobId: id }, 'failed job queued again by an admin');
    this.noteDue(now);
    return (await this.store.get(id))!;
  }

  /** When the node-schedule timer fires next (null when none is armed). For tests and diagnostics. */
  get nextWakeAt(): Date | null { return this.alarm.armedAt; }

  private async pass(fixedNow: Date | undefined): Promise<TickReport> {
    const report: TickReport = { claimed: 0, succeeded: 0, failed: 0 };
    if (this.stopping) return report;
    const at = () => fixedNow ?? this.clock.now();
    await this.planner.plan(at());
    const kinds = [...this.handlers.keys()];
    for (;;) {
      if (this.stopping) break;
      const ids = (await this.store.dueIds(kinds, at(), BATCH)).filter((id) => !this.inFlight.has(id));
      if (!ids.length) break;
      await this.runAll(ids, at, report);
    }
    if (this.timers && this.started && !this.stopping) await this.rearm(kinds);
    return report;
  }

  /** Runs the ids with at most `concurrency` handlers at once. Ids others claim first are skipped. */
  private async runAll(ids: number[], at: () => Date, report: TickReport): Promise<void> {
    const queue = ids.slice();
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && !this.stopping; id = queue.shift()) await this.claimAndRun(id, at, report);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
  }

  /** Never throws: a database error leaves the job to its lease, and the next pass goes on. */
  private async claimAndRun(id: number, at: () => Date, report: TickReport): Promise<void> {
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      const now = at();
      if (!(await this.store.claim(id, this.instanceId, now, new Date(now.getTime() + this.opts.leaseMs)))) return;
      report.claimed++;
      const job = await this.store.get(id);
      if (!job) return;
      const ok = await this.execute(job, { id, owner: this.instanceId, attempt: job.attempts }, at);
      if (ok) report.succeeded++;
      else report.failed++;
    } catch (err) {
      this.log.error({ err, jobId: id }, 'scheduler: could not run job; it is taken up again when its lease expires');
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Runs one claimed attempt and records its outcome; true if the handler succeeded. */
  private async execute(job: JobRecord, lease: Lease, at: () => Date): Promise<boolean> {
    const log = this.log.child({ jobId: job.id, kind: job.kind, attempt: lease.attempt });
    if (lease.attempt > job.maxAttempts) {
      // Only a run whose holder vanished mid-run gets here (each such run used an attempt): a job that kills
      // its process every time must not take the cluster down with it forever.
      const reason = `gave up after ${job.maxAttempts} attempts; the last one never finished (its instance stopped or lost the lease)`;
      await this.store.park(lease, job.lastError ? `${reason}. Earlier error: ${job.lastError}` : reason, at());
      log.error('job parked as failed: its runs kept dying');
      return false;
    }
    const handler = this.handlers.get(job.kind)!;
    const rc = systemContext(`job:${job.kind}`, this.clock.now(), `job-${job.id}-${lease.attempt}`);
    const stopHeartbeat = this.heartbeat(lease, log);
    try {
      await handler({ rc, log, job: { id: job.id, kind: job.kind, payload: job.payload, attempt: lease.attempt, runAt: job.runAt } });
    } catch (err) {
      stopHeartbeat();
      await this.recordFailure(job, lease, err, at(), log);
      return false;
    }
    stopHeartbeat();
    if (await this.store.complete(lease, at())) log.debug('job done');
    else log.warn('job finished after its lease was taken over; the other instance records the outcome');
    return true;
  }

  private async recordFailure(job: JobRecord, lease: Lease, err: unknown, now: Date, log: Logger): Promise<void> {
    const message = describeError(err);
    if (lease.attempt >= job.maxAttempts) {
      const parked = await this.store.park(lease, message, now);
      if (parked) log.error({ err }, 'job failed for the last time and is parked for an admin');
      return;
    }
    const retryAt = new Date(now.getTime() + this.backoff(lease.attempt));
    if (await this.store.retryLater(lease, retryAt, message, now)) {
      log.warn({ err, retryAt }, 'job failed; retrying later');
    }
  }

  /** Keeps the lease of a long handler alive (real time only; with a ManualClock the test owns time). */
  private heartbeat(lease: Lease, log: Logger): () => void {
    if (!this.timers) return () => undefined;
    const every = Math.max(250, Math.floor(this.opts.leaseMs / 3));
    const timer = setInterval(() => {
      const now = this.clock.now();
      this.store.renewLease(lease, new Date(now.getTime() + this.opts.leaseMs), now)
        .then((held) => { if (!held) log.warn('lease lost while the job was running'); })
        .catch((err) => log.warn({ err }, 'could not renew lease'));
    }, every);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Points the node-schedule timer at the next moment anything is due. */
  private async rearm(kinds: readonly string[]): Promise<void> {
    const next = await this.store.nextWakeAt(kinds);
    if (this.stopping || !this.started) return;
    if (next) this.alarm.set(next);
    else this.alarm.clear();
  }

  /** A job of this process became due at `at`: wake no later than that. */
  private noteDue(at: Date): void {
    if (this.timers && this.started && !this.stopping) this.alarm.setEarlier(at);
  }

  private wake(): void {
    this.tick().catch((err) => this.log.error({ err }, 'scheduler pass failed; the next poll tries again'));
  }

  private afterCommit(tx: Transaction | undefined, fn: () => void): void {
    if (tx) tx.afterCommit(fn);
    else fn();
  }
}

function assertKind(kind: string): void {
  if (!kind || kind.length > MAX_KIND_LENGTH) throw new InvalidInputError(`job kind must be 1–${MAX_KIND_LENGTH} characters`);
}

function describeError(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
