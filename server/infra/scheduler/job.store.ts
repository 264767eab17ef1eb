/**
 * Every SQL statement on scheduled_jobs. Raw SQL through Database rather than the ScheduledJobModel: the model
 * class is bound to one Sequelize instance, and several schedulers (instances) on separate connections must be
 * able to live in one process (tests). Times always go in as Date replacements (Database formats them per
 * dialect) and come out through toDate().
 *
 * The exactly-once rules live here:
 *  - a job is claimed by a conditional UPDATE; one affected row means this owner has it;
 *  - everything after the claim is fenced by (lease_owner, attempts): an owner whose lease expired and was taken
 *    over can no longer finish, fail or renew the job.
 */
import { toDate, type Database, type Transaction } from '../db';
import type { JobState } from '../../../shared/types/statuses';

export interface JobRecord {
  id: number;
  kind: string;
  dedupeKey: string;
  runAt: Date;
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** Who holds (running) or last held the job. */
  leaseOwner: string | null;
  leaseUntil: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewJob {
  kind: string;
  dedupeKey: string;
  runAt: Date;
  /** Already JSON text. */
  payload: string | null;
  maxAttempts: number;
}

export interface JobListQuery {
  state?: JobState;
  kind?: string;
  /** Only jobs with a smaller id (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

/** A claim's identity: the fence every later write of that run checks. */
export interface Lease { id: number; owner: string; attempt: number }

interface JobRow {
  id: number | string;
  kind: string;
  dedupe_key: string;
  run_at: unknown;
  payload: string | null;
  state: JobState;
  attempts: number | string;
  max_attempts: number | string;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: unknown;
  finished_at: unknown;
  created_at: unknown;
  updated_at: unknown;
}

const COLUMNS = 'id, kind, dedupe_key, run_at, payload, state, attempts, max_attempts, last_error, lease_owner, lease_until, finished_at, created_at, updated_at';

/** What a due job looks like to both the SELECT that finds it and the UPDATE that claims it. */
const DUE = "((state = 'pending' AND run_at <= :now) OR (state = 'running' AND lease_until < :now))";

/** The fence: only the current holder of this attempt may write its outcome. */
const HELD = "id = :id AND state = 'running' AND lease_owner = :owner AND attempts = :attempt";

export class JobStore {
  constructor(private readonly db: Database) {}

  /**
   * Inserts the job unless its dedupe key exists; true if it was inserted. Portable insert-or-ignore. (The
   * answer only decides whether to pull the timer earlier: a MySQL that counted the no-op as a found row
   * would cost one early wake-up, nothing more.)
   */
  async insertIfAbsent(tx: Transaction | undefined, job: NewJob, now: Date): Promise<boolean> {
    // MySQL's INSERT IGNORE would also swallow truncation and other errors; this only ignores the duplicate.
    const onDuplicate = this.db.dialect === 'mysql' ? 'ON DUPLICATE KEY UPDATE id = id' : 'ON CONFLICT (dedupe_key) DO NOTHING';
    const inserted = await this.db.execute(
      `INSERT INTO scheduled_jobs (kind, dedupe_key, run_at, payload, state, attempts, max_attempts, created_at, updated_at)
       VALUES (:kind, :dedupeKey, :runAt, :payload, 'pending', 0, :maxAttempts, :now, :now) ${onDuplicate}`,
      { ...job, now }, tx,
    );
    return inserted === 1;
  }

  /** Moves a pending job to a new time; false if there is no pending job with that key. */
  async moveRunAt(tx: Transaction | undefined, dedupeKey: string, runAt: Date, now: Date): Promise<boolean> {
    const n = await this.db.execute(
      "UPDATE scheduled_jobs SET run_at = :runAt, updated_at = :now WHERE dedupe_key = :dedupeKey AND state = 'pending'",
      { dedupeKey, runAt, now }, tx,
    );
    return n === 1;
  }

  /** Deletes a pending job, so the same key may be enqueued again later; false if there was none. */
  async deletePending(tx: Transaction | undefined, dedupeKey: string): Promise<boolean> {
    const n = await this.db.execute("DELETE FROM scheduled_jobs WHERE dedupe_key = :dedupeKey AND state = 'pending'", { dedupeKey }, tx);
    return n === 1;
  }

  /** Ids of jobs of these kinds that are due at `now` (or whose lease expired), oldest due first. */
  async dueIds(kinds: readonly string[], now: Date, limit: number): Promise<number[]> {
    if (!kinds.length) return [];
    const rows = await this.db.select<{ id: number | string }>(
      `SELECT id FROM scheduled_jobs WHERE ${DUE} AND kind IN (:kinds) ORDER BY run_at, id LIMIT ${Math.floor(limit)}`,
      { now, kinds },
    );
    return rows.map((r) => Number(r.id));
  }

  /** Takes the job if it is still due; true means this owner now runs attempt `attempts + 1`. */
  async claim(id: number, owner: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const n = await this.db.execute(
      `UPDATE scheduled_jobs SET state = 'running', lease_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1,
         updated_at = :now
       WHERE id = :id AND ${DUE}`,
      { id, owner, now, leaseUntil },
    );
    return n === 1;
  }

  async get(id: number): Promise<JobRecord | null> {
    const [row] = await this.db.select<JobRow>(`SELECT ${COLUMNS} FROM scheduled_jobs WHERE id = :id`, { id });
    return row ? toRecord(row) : null;
  }

  /** Extends a running job's lease (long handlers); false if the lease was lost. */
  async renewLease(lease: Lease, leaseUntil: Date, now: Date): Promise<boolean> {
    const n = await this.db.execute(
      `UPDATE scheduled_jobs SET lease_until = :leaseUntil, updated_at = :now WHERE ${HELD}`,
      { ...lease, leaseUntil, now },
    );
    return n === 1;
  }

  async complete(lease: Lease, now: Date): Promise<boolean> {
    const n = await this.db.execute(
      `UPDATE scheduled_jobs SET state = 'done', finished_at = :now, lease_until = NULL, updated_at = :now WHERE ${HELD}`,
      { ...lease, now },
    );
    return n === 1;
  }

  /** After a failed attempt: pending again at `runAt`, the error kept for admins. */
  async retryLater(lease: Lease, runAt: Date, error: string, now: Date): Promise<boolean> {
    const n = await this.db.execute(
      `UPDATE scheduled_jobs SET state = 'pending', run_at = :runAt, last_error = :error, lease_owner = NULL, lease_until = NULL,
         updated_at = :now
       WHERE ${HELD}`,
      { ...lease, runAt, error, now },
    );
    return n === 1;
  }

  /** Out of attempts: `failed` until an admin retries it. */
  async park(lease: Lease, error: string, now: Date): Promise<boolean> {
    const n = await this.db.execute(
      `UPDATE scheduled_jobs SET state = 'failed', last_error = :error, lease_until = NULL, finished_at = :now, updated_at = :now
       WHERE ${HELD}`,
      { ...lease, error, now },
    );
    return n === 1;
  }

  /** A failed job back to pending, due at `now`, with a fresh budget of attempts; false if it is not failed. */
  async requeueFailed(id: number, now: Date): Promise<boolean> {
    const n = await this.db.execute(
      `UPDATE scheduled_jobs SET state = 'pending', run_at = :now, attempts = 0, lease_owner = NULL, lease_until = NULL,
         finished_at = NULL, updated_at = :now
       WHERE id = :id AND state = 'failed'`,
      { id, now },
    );
    return n === 1;
  }

  /**
   * The earliest moment something of these kinds needs attention: a pending job falls due, or a running job's
   * lease runs out (its holder may have died).
   */
  async nextWakeAt(kinds: readonly string[]): Promise<Date | null> {
    if (!kinds.length) return null;
    const [row] = await this.db.select<{ due: unknown; lease: unknown }>(
      `SELECT (SELECT MIN(run_at) FROM scheduled_jobs WHERE state = 'pending' AND kind IN (:kinds)) AS due,
              (SELECT MIN(lease_until) FROM scheduled_jobs WHERE state = 'running' AND kind IN (:kinds)) AS lease`,
      { kinds },
    );
    const due = toDate(row?.due, true);
    const lease = toDate(row?.lease, true);
    // A lease counts as expired only strictly after lease_until.
    const leaseOver = lease && new Date(lease.getTime() + 1);
    if (!due) return leaseOver;
    if (!leaseOver) return due;
    return due < leaseOver ? due : leaseOver;
  }

  /** The run time of the oldest pending job of `kind` that is due at `now`. */
  async oldestDuePending(kind: string, now: Date): Promise<Date | null> {
    const [row] = await this.db.select<{ t: unknown }>(
      "SELECT MIN(run_at) AS t FROM scheduled_jobs WHERE kind = :kind AND state = 'pending' AND run_at <= :now",
      { kind, now },
    );
    return toDate(row?.t, true);
  }

  /** Marks pending jobs of `kind` due before `before` as done without running them; returns how many. */
  async skipPendingBefore(kind: string, before: Date, note: string, now: Date): Promise<number> {
    return this.db.execute(
      `UPDATE scheduled_jobs SET state = 'done', last_error = :note, finished_at = :now, updated_at = :now
       WHERE kind = :kind AND state = 'pending' AND run_at < :before`,
      { kind, before, note, now },
    );
  }

  async list(q: JobListQuery): Promise<JobRecord[]> {
    const where: string[] = [];
    if (q.state) where.push('state = :state');
    if (q.kind) where.push('kind = :kind');
    if (q.beforeId !== undefined) where.push('id < :beforeId');
    const rows = await this.db.select<JobRow>(
      `SELECT ${COLUMNS} FROM scheduled_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT ${Math.floor(q.limit)}`,
      { state: q.state, kind: q.kind, beforeId: q.beforeId },
    );
    return rows.map(toRecord);
  }
}

function toRecord(r: JobRow): JobRecord {
  return {
    id: Number(r.id),
    kind: r.kind,
    dedupeKey: r.dedupe_key,
    runAt: toDate(r.run_at),
    payload: parsePayload(r.payload),
    state: r.state,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    lastError: r.last_error,
    leaseOwner: r.lease_owner,
    leaseUntil: toDate(r.lease_until, true),
    finishedAt: toDate(r.finished_at, true),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/** Payloads are written by enqueue() as JSON; anything else (a hand-edited row) is shown as it is. */
function parsePayload(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
