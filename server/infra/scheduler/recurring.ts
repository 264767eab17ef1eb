/**
 * Recurring (cron) jobs become ordinary rows, one per occurrence, keyed `${kind}@${occurrence ISO}`: every
 * instance inserts the same key, the unique index keeps one, and the usual claim runs it once.
 *
 * Only the next occurrence is written ahead. If no instance ran while several occurrences passed, the row of
 * the first missed one is still pending; it is replaced by the latest missed occurrence (the older rows are
 * marked done with a note, never run), so a restart runs one settlement, not a week of them.
 */
import type { Logger } from '../logger';
import type { CronSchedule } from './cron';
import type { JobStore, NewJob } from './job.store';

export interface RecurringDefinition {
  kind: string;
  cron: CronSchedule;
  maxAttempts: number;
}

/** A date far beyond any schedule: "nothing more to plan" for a cron that never fires again. */
const NEVER = new Date(8.64e15);

export const occurrenceKey = (kind: string, at: Date): string => `${kind}@${at.toISOString()}`;

export class RecurringPlanner {
  /** Per kind, the occurrence already written ahead; nothing to do until the clock reaches it. */
  private readonly plans = new Map<string, { def: RecurringDefinition; plannedUpTo: Date | null }>();

  constructor(private readonly store: JobStore, private readonly log: Logger) {}

  add(def: RecurringDefinition): void {
    this.plans.set(def.kind, { def, plannedUpTo: null });
  }

  get kinds(): string[] { return [...this.plans.keys()]; }

  /** Writes each kind's next occurrence ahead of `now` and folds a backlog of missed ones into the latest. */
  async plan(now: Date): Promise<void> {
    for (const plan of this.plans.values()) {
      if (plan.plannedUpTo && now < plan.plannedUpTo) continue;
      const { def } = plan;
      // The occurrence written ahead must exist when its time comes, even if its row went missing (a test
      // emptying the tables, a hand-cleaned table); if it already ran, this changes nothing.
      if (plan.plannedUpTo && plan.plannedUpTo !== NEVER) await this.store.insertIfAbsent(undefined, this.occurrence(def, plan.plannedUpTo), now);
      const next = (await this.foldMissed(def, now)) ?? def.cron.next(now);
      if (next) await this.store.insertIfAbsent(undefined, this.occurrence(def, next), now);
      plan.plannedUpTo = next ?? NEVER;
    }
  }

  /**
   * Folds missed occurrences into the latest. Returns the next occurrence after `now` when it learnt it on the
   * way (it usually does: cron arithmetic is the costly part of planning), else null.
   */
  private async foldMissed(def: RecurringDefinition, now: Date): Promise<Date | null> {
    const oldest = await this.store.oldestDuePending(def.kind, now);
    if (!oldest) return null;
    const following = def.cron.next(oldest);
    // One occurrence due: it simply runs. Nothing fires in (oldest, following), so `following` is next(now).
    if (!following || following > now) return following;
    const latest = def.cron.latestAtOrBefore(now);
    if (!latest || latest <= oldest) return null;
    await this.store.insertIfAbsent(undefined, this.occurrence(def, latest), now);
    const skipped = await this.store.skipPendingBefore(
      def.kind, latest, `skipped: missed while no instance was running; the occurrence of ${latest.toISOString()} ran instead`, now,
    );
    if (skipped) this.log.warn({ kind: def.kind, skipped, runs: latest.toISOString() }, 'recurring job: missed occurrences folded into the latest');
    return null;
  }

  private occurrence(def: RecurringDefinition, at: Date): NewJob {
    return { kind: def.kind, dedupeKey: occurrenceKey(def.kind, at), runAt: at, payload: null, maxAttempts: def.maxAttempts };
  }
}
