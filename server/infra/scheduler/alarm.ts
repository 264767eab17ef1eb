/**
 * One node-schedule timer for "the next moment something is due". The scheduler keeps exactly one armed: when
 * a pass ends it asks the store for the next due time and re-arms; enqueue() in this process pulls it earlier.
 * node-schedule's date jobs use long-timeout, so a due time weeks away is fine.
 */
import { scheduleJob, type Job } from 'node-schedule';

/** node-schedule refuses dates in the past; wake almost at once instead. */
const MIN_DELAY_MS = 10;

export class Alarm {
  private job: Job | null = null;
  private at: Date | null = null;

  constructor(private readonly onFire: () => void, private readonly wallNow: () => number = Date.now) {}

  /** When the armed timer fires, or null. */
  get armedAt(): Date | null { return this.at; }

  /** Fires at `at` (or at once if that has passed), replacing any earlier setting. */
  set(at: Date): void {
    const when = new Date(Math.max(at.getTime(), this.wallNow() + MIN_DELAY_MS));
    if (this.at && this.job && this.at.getTime() === when.getTime()) return;
    this.clear();
    const job = scheduleJob(when, () => {
      if (this.job !== job) return;
      this.job = null;
      this.at = null;
      this.onFire();
    }) as Job | null;
    if (!job) { // raced past `when` between the check and the call
      setImmediate(this.onFire);
      return;
    }
    this.job = job;
    this.at = when;
  }

  /** Fires at `at` only if that is earlier than what is armed. */
  setEarlier(at: Date): void {
    if (!this.at || at < this.at) this.set(at);
  }

  clear(): void {
    this.job?.cancel();
    this.job = null;
    this.at = null;
  }
}
