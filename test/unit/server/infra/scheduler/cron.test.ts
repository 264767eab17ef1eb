import { CronSchedule, CronSyntaxError } from '../../../../../server/infra/scheduler/cron';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Every occurrence in (from, to]. */
function occurrences(cron: CronSchedule, from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let d = cron.next(from); d && d <= to; d = cron.next(d)) out.push(d.toISOString());
  return out;
}

describe('CronSchedule', () => {
  it('reads the expression in its time zone: 08:00 in Shanghai is 00:00 UTC, in UTC it is 08:00', () => {
    expect(iso(new CronSchedule('0 8 * * *', 'Asia/Shanghai').next(at('2026-11-22T02:00:00Z')))).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(new CronSchedule('0 8 * * *', 'UTC').next(at('2026-11-22T02:00:00Z')))).toBe('2026-11-22T08:00:00.000Z');
  });

  it('gives the first occurrence strictly after the instant', () => {
    const hourly = new CronSchedule('0 * * * *', 'Asia/Shanghai');
    expect(iso(hourly.next(at('2026-11-22T10:00:00.000Z')))).toBe('2026-11-22T11:00:00.000Z');
    expect(iso(hourly.next(at('2026-11-22T09:59:59.999Z')))).toBe('2026-11-22T10:00:00.000Z');
  });

  it('counts a Shanghai day of a quarter-hourly, an office-hours and a weekly cron', () => {
    // Monday 23 November 2026 in Shanghai: 2026-11-22T16:00Z to 2026-11-23T16:00Z.
    const [from, to] = [at('2026-11-22T16:00:00Z'), at('2026-11-23T16:00:00Z')];
    expect(occurrences(new CronSchedule('*/15 * * * *', 'Asia/Shanghai'), from, to)).toHaveLength(96);
    const office = occurrences(new CronSchedule('0 9-18 * * MON-FRI', 'Asia/Shanghai'), from, to);
    expect(office).toHaveLength(10);
    expect(office[0]).toBe('2026-11-23T01:00:00.000Z');
    expect(occurrences(new CronSchedule('0 3 * * 1', 'Asia/Shanghai'), from, to)).toEqual(['2026-11-22T19:00:00.000Z']);
    // The same office hours on the Sunday before: none.
    expect(occurrences(new CronSchedule('0 9-18 * * 1-5', 'Asia/Shanghai'), at('2026-11-21T16:00:00Z'), from)).toEqual([]);
  });

  it('supports seconds, steps from a start, lists, names and Sunday as 7', () => {
    expect(iso(new CronSchedule('30 * * * * *', 'UTC').next(at('2026-01-01T00:00:10.500Z')))).toBe('2026-01-01T00:00:30.000Z');
    expect(occurrences(new CronSchedule('5/20 0 1 JAN *', 'UTC'), at('2026-12-31T23:00:00Z'), at('2027-01-01T01:00:00Z')))
      .toEqual(['2027-01-01T00:05:00.000Z', '2027-01-01T00:25:00.000Z', '2027-01-01T00:45:00.000Z']);
    expect(occurrences(new CronSchedule('0 12 * * 0,7', 'UTC'), at('2026-11-16T00:00:00Z'), at('2026-11-30T00:00:00Z')))
      .toEqual(['2026-11-22T12:00:00.000Z', '2026-11-29T12:00:00.000Z']);
  });

  it('matches either day-of-month or day-of-week when both are given, as cron does', () => {
    const c = new CronSchedule('0 12 13 * FRI', 'UTC');
    expect(occurrences(c, at('2026-01-01T00:00:00Z'), at('2026-01-31T00:00:00Z')).map((d) => d.slice(0, 10)))
      .toEqual(['2026-01-02', '2026-01-09', '2026-01-13', '2026-01-16', '2026-01-23', '2026-01-30']);
  });

  it('finds the latest occurrence at or before an instant, near or far back', () => {
    expect(iso(new CronSchedule('*/15 * * * *', 'UTC').latestAtOrBefore(at('2026-11-22T10:14:59Z')))).toBe('2026-11-22T10:00:00.000Z');
    expect(iso(new CronSchedule('*/15 * * * *', 'UTC').latestAtOrBefore(at('2026-11-22T10:15:00Z')))).toBe('2026-11-22T10:15:00.000Z');
    expect(iso(new CronSchedule('0 3 * * 1', 'Asia/Shanghai').latestAtOrBefore(at('2026-11-22T02:00:00Z')))).toBe('2026-11-15T19:00:00.000Z');
    expect(iso(new CronSchedule('0 0 1 1 *', 'UTC').latestAtOrBefore(at('2026-11-22T02:00:00Z')))).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([
    ['0 8 * *', /5 or 6 fields/],
    ['61 * * * *', /minute "61" is out of range/],
    ['0 8 * * MOX', /day of week "MOX"/],
    ['*/0 * * * *', /step below 1/],
    ['0 5-1 * * *', /ends before it starts/],
    ['0 0 31 2 *', /never fires/],
    ['0 0 L * *', /not a cron field|out of range/],
  ])('refuses "%s"', (expr, message) => {
    expect(() => new CronSchedule(expr, 'UTC')).toThrow(CronSyntaxError);
    expect(() => new CronSchedule(expr, 'UTC')).toThrow(message);
  });

  it('refuses an unknown time zone', () => {
    expect(() => new CronSchedule('0 8 * * *', 'Asia/Atlantis')).toThrow(/unknown time zone/);
  });
});
