/**
 * Cron expressions evaluated in a time zone at any instant, not only "from the wall clock now": the scheduler
 * needs the occurrence after a ManualClock reading, and the latest occurrence at or before it (to run one missed
 * occurrence after downtime). node-schedule's public RecurrenceRule does the time-zone arithmetic
 * (`nextInvocationDate(base)`); this file only turns the cron text into rules.
 *
 * Syntax: 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first). Each field is a
 * comma list of `*`, `n`, `a-b`, `*\/s`, `a-b/s` or `a/s`; months and weekdays also by English abbreviation
 * (JAN, MON); weekday 7 is Sunday. As in classic cron, when both day-of-month and day-of-week are restricted a
 * day matches either of them.
 */
import { RecurrenceRule } from 'node-schedule';

interface FieldSpec { name: string; min: number; max: number; names?: readonly string[] }

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month', min: 1, max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAY_OF_WEEK: FieldSpec = { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };

/** The longest each month gets (February in leap years), indexed from 0. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ALL_MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

export class CronSyntaxError extends Error {}

/** Searching backwards for the latest occurrence: look in growing windows so frequent crons stay cheap. */
const LOOKBACK_WINDOWS_MS = [3_600_000, 86_400_000, 8 * 86_400_000, 32 * 86_400_000, 367 * 86_400_000, 5 * 366 * 86_400_000];

export class CronSchedule {
  /** One rule, or two when day-of-month and day-of-week both restrict (cron ORs them; a rule would AND them). */
  private readonly rules: RecurrenceRule[];
  /** Fires only at second 0 (every 5-field expression). */
  private readonly onTheMinute: boolean;

  constructor(readonly expression: string, readonly timeZone: string) {
    assertTimeZone(timeZone);
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 5 && parts.length !== 6) {
      throw new CronSyntaxError(`cron "${expression}": expected 5 or 6 fields, got ${parts.length}`);
    }
    const [sec, min, hour, dom, month, dow] = parts.length === 6 ? parts : ['0', ...parts];
    const base = {
      second: parseField(sec, SECOND, expression),
      minute: parseField(min, MINUTE, expression),
      hour: parseField(hour, HOUR, expression),
      // RecurrenceRule counts months from 0, like Date#getMonth.
      month: parseField(month, MONTH, expression)?.map((m) => m - 1) ?? null,
    };
    const days = parseField(dom, DAY_OF_MONTH, expression);
    const weekdays = parseField(dow, DAY_OF_WEEK, expression)?.map((d) => d % 7) ?? null;
    const make = (date: number[] | null, dayOfWeek: number[] | null): RecurrenceRule => {
      const rule = new RecurrenceRule();
      rule.second = base.second as never;
      rule.minute = base.minute as never;
      rule.hour = base.hour as never;
      rule.month = base.month as never;
      rule.date = date as never;
      rule.dayOfWeek = dayOfWeek as never;
      rule.tz = timeZone;
      return rule;
    };
    // RecurrenceRule searches forever for a day that cannot exist (31 February): refuse those here.
    if (days && !weekdays && !(base.month ?? ALL_MONTHS).some((m) => days[0] <= DAYS_IN_MONTH[m])) {
      throw new CronSyntaxError(`cron "${expression}" never fires: no such day in its months`);
    }
    this.onTheMinute = base.second?.length === 1 && base.second[0] === 0;
    // null means "any" to RecurrenceRule, as `*` does in cron.
    this.rules = days && weekdays ? [make(days, null), make(null, weekdays)] : [make(days, weekdays)];
  }

  /** The first occurrence strictly after `after` (whole seconds), or null if there is none. */
  next(after: Date): Date | null {
    // RecurrenceRule steps one second at a time; when only second 0 can match, nothing fires before the next
    // whole minute, so start from the last second of this one. (Zone offsets are whole minutes since ~1900.)
    const from = this.onTheMinute ? new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 59_000) : after;
    let best: Date | null = null;
    for (const rule of this.rules) {
      const d = rule.nextInvocationDate(from) as Date | null;
      if (d && (!best || d < best)) best = d;
    }
    return best;
  }

  /** The latest occurrence at or before `at`, looking back at most about five years; null if none. */
  latestAtOrBefore(at: Date): Date | null {
    for (const windowMs of LOOKBACK_WINDOWS_MS) {
      let last: Date | null = null;
      for (let d = this.next(new Date(at.getTime() - windowMs)); d && d <= at; d = this.next(d)) last = d;
      if (last) return last;
    }
    return null;
  }
}

/** Parses one field into the sorted list of values it allows, or null for an unrestricted `*`. */
function parseField(text: string, f: FieldSpec, expression: string): number[] | null {
  if (text === '*' || text === '?') return null;
  const fail = (why: string): never => { throw new CronSyntaxError(`cron "${expression}": ${f.name} "${text}" ${why}`); };
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(item);
    if (!m) fail('is not a cron field');
    const [, startText, endText, stepText] = m!;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) fail('has a step below 1');
    let start: number;
    let end: number;
    if (startText === '*') {
      if (endText !== undefined) fail('has a range starting at *');
      [start, end] = [f.min, f.max];
    } else {
      start = value(startText, f, fail);
      // `a/s` means from a to the end of the field, every s.
      end = endText !== undefined ? value(endText, f, fail) : stepText !== undefined ? f.max : start;
    }
    if (end < start) fail('has a range that ends before it starts');
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function value(text: string, f: FieldSpec, fail: (why: string) => never): number {
  const named = f.names?.indexOf(text.toUpperCase()) ?? -1;
  // Month names count from 1 (JAN = 1), weekday names from 0 (SUN = 0).
  const n = named >= 0 ? named + (f === MONTH ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < f.min || n > f.max) fail(`is out of range ${f.min}-${f.max}`);
  return n;
}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new CronSyntaxError(`unknown time zone "${timeZone}"`);
  }
}
