import { freshDatabase, dropTestDatabase, testDialect } from '../../helpers/db';
import { openDatabase, type Database } from '../../../server/infra/db';
import { ManualClock, MINUTE, HOUR, DAY } from '../../../server/kernel/clock';
import { CronSchedule, type Scheduler } from '../../../server/infra/scheduler';
import { makeScheduler, rawJobs, clearJobs } from './support';

/** Monday 23 November 2026, 00:00 in Shanghai. */
const MONDAY_SHANGHAI = Date.UTC(2026, 10, 22, 16, 0, 0);

const CRONS = {
  'report.daily': '0 8 * * *', // 08:00 every day
  'settlement.weekly': '0 3 * * 1', // Monday 03:00
  'pickup.sweep': '*/15 * * * *', // every quarter hour
  'leader.digest': '30 9-18/3 * * MON-FRI', // 09:30, 12:30, 15:30, 18:30 on weekdays
} as const;
type Kind = keyof typeof CRONS;

describe(`[${testDialect()}] scheduler: recurring jobs`, () => {
  let dbA: Database;
  let dbB: Database;
  let url: string;
  beforeAll(async () => {
    ({ db: dbA, url } = await freshDatabase('sched_recurring'));
    dbB = await openDatabase(url);
  });
  afterAll(async () => { await dbB.close(); await dbA.close(); await dropTestDatabase(url); });
  beforeEach(() => clearJobs(dbA));

  it('a simulated Shanghai day yields each occurrence once, at its Shanghai time, with two instances running', async () => {
    const clock = new ManualClock(MONDAY_SHANGHAI);
    const runs: Array<{ kind: Kind; at: string; by: string }> = [];
    const instance = (db: Database, name: string): Scheduler => {
      const s = makeScheduler(db, clock, { instanceId: name, timeZone: 'Asia/Shanghai' });
      for (const kind of Object.keys(CRONS) as Kind[]) {
        s.recurring({ kind, cron: CRONS[kind], handler: async ({ job, rc }) => {
          expect(rc.now.getTime()).toBeGreaterThanOrEqual(job.runAt.getTime());
          runs.push({ kind, at: job.runAt.toISOString(), by: name });
        } });
      }
      return s;
    };
    const a = instance(dbA, 'a');
    const b = instance(dbB, 'b');
    await Promise.all([a.start(), b.start()]);

    const started = performance.now();
    for (let t = MONDAY_SHANGHAI; t < MONDAY_SHANGHAI + DAY; t += 5 * MINUTE) {
      clock.set(t + 5 * MINUTE);
      await Promise.all([a.tick(), b.tick()]);
    }
    const ms = Math.round(performance.now() - started);
    await Promise.all([a.stop(), b.stop()]);

    const shanghai = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
    const of = (kind: Kind) => runs.filter((r) => r.kind === kind).map((r) => r.at);
    expect(of('report.daily').map(shanghai)).toEqual(['08:00']);
    expect(of('settlement.weekly').map(shanghai)).toEqual(['03:00']);
    expect(of('pickup.sweep')).toHaveLength(96); // 00:15 … 24:00: the day's first quarter ran before it began
    expect(of('leader.digest').map(shanghai)).toEqual(['09:30', '12:30', '15:30', '18:30']);

    const keys = runs.map((r) => `${r.kind}@${r.at}`);
    expect(new Set(keys).size).toBe(keys.length); // no occurrence ran twice
    expect(runs.length).toBe(1 + 1 + 96 + 4);
    // Every occurrence is one row, and the next of each is already written ahead.
    const pending = await rawJobs(dbA, "state = 'pending'");
    expect(pending.map((r) => r.kind).sort()).toEqual(Object.keys(CRONS).sort());
    expect(await rawJobs(dbA, "state = 'done'")).toHaveLength(runs.length);
    process.stderr.write(`[${testDialect()}] a simulated day of 4 crons on two instances: ${ms} ms (a ran ${runs.filter((r) => r.by === 'a').length}, b ran ${runs.filter((r) => r.by === 'b').length})\n`);
  });

  it('occurrences missed while every instance was down: only the latest runs, once', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 0, 30)); // 08:30 in Shanghai
    const ran: string[] = [];
    const hourly = (db: Database, name: string) => makeScheduler(db, clock, { instanceId: name })
      .recurring({ kind: 'report.hourly', cron: '0 * * * *', handler: async ({ job }) => { ran.push(job.runAt.toISOString()); } });

    const before = hourly(dbA, 'before');
    await before.start(); // writes the 01:00Z occurrence ahead
    await before.stop();
    clock.set(Date.UTC(2026, 10, 22, 5, 30)); // down for five hours: 01:00 … 05:00 missed

    const [after, other] = [hourly(dbA, 'after'), hourly(dbB, 'other')];
    await Promise.all([after.start(), other.start()]);
    expect(ran).toEqual(['2026-11-22T05:00:00.000Z']);
    const rows = await rawJobs(dbA);
    expect(rows.map((r) => [r.runAt.toISOString().slice(11, 16), r.state, r.attempts])).toEqual([
      ['01:00', 'done', 0], // never ran: superseded
      ['05:00', 'done', 1],
      ['06:00', 'pending', 0],
    ]);
    expect((await after.getJob(rows[0].id))?.lastError).toMatch(/skipped: missed while no instance was running/);

    clock.set(Date.UTC(2026, 10, 22, 6, 0));
    await Promise.all([after.tick(), other.tick()]);
    expect(ran).toEqual(['2026-11-22T05:00:00.000Z', '2026-11-22T06:00:00.000Z']);
    await Promise.all([after.stop(), other.stop()]);
  });

  it('a fresh database does not run the occurrence before the first start', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 0, 30));
    let runs = 0;
    const s = makeScheduler(dbA, clock).recurring({ kind: 'report.daily', cron: '0 8 * * *', handler: async () => { runs++; } });
    await s.start();
    expect(runs).toBe(0);
    expect((await rawJobs(dbA)).map((r) => [r.dedupeKey, r.state])).toEqual([['report.daily@2026-11-23T00:00:00.000Z', 'pending']]);
    await s.stop();
  });

  it('an occurrence planned ahead runs when due even if its row went missing meanwhile', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 0, 30));
    const ran: string[] = [];
    const s = makeScheduler(dbA, clock).recurring({ kind: 'report.hourly', cron: '0 * * * *', handler: async ({ job }) => { ran.push(job.runAt.toISOString()); } });
    await s.start();
    await clearJobs(dbA); // e.g. a test emptying every table between cases
    clock.set(Date.UTC(2026, 10, 22, 1, 0));
    await s.tick();
    expect(ran).toEqual(['2026-11-22T01:00:00.000Z']);
    await s.stop();
  });

  it('a bad cron expression fails at registration, not at 3 a.m.', () => {
    expect(() => makeScheduler(dbA, new ManualClock()).recurring({ kind: 'x', cron: '0 25 * * *', handler: async () => undefined }))
      .toThrow(/hour "25" is out of range/);
    expect(new CronSchedule('0 8 * * *', 'Asia/Shanghai').timeZone).toBe('Asia/Shanghai');
  });
});
