import { freshDatabase, dropTestDatabase, testDialect } from '../../helpers/db';
import { openDatabase, type Database } from '../../../server/infra/db';
import { ManualClock, MINUTE } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';
import type { JobHandler } from '../../../server/infra/scheduler';
import { makeScheduler, rawJobs, clearJobs } from './support';

const JOBS = 1_000;

describe(`[${testDialect()}] scheduler: several instances on one database`, () => {
  let dbA: Database;
  let dbB: Database;
  let url: string;
  beforeAll(async () => {
    ({ db: dbA, url } = await freshDatabase('sched_instances'));
    dbB = await openDatabase(url); // the second instance: its own connections to the same database
    // The handlers' side effect, with a unique key: a second run of a job would fail to insert.
    await dbA.execute('CREATE TABLE sched_probe (job_id INTEGER NOT NULL PRIMARY KEY, instance VARCHAR(64) NOT NULL)');
  });
  afterAll(async () => { await dbB.close(); await dbA.close(); await dropTestDatabase(url); });
  beforeEach(async () => { await clearJobs(dbA); await dbA.execute('DELETE FROM sched_probe'); });

  it(`two instances run each of ${JOBS} due jobs exactly once`, async () => {
    const clock = new ManualClock();
    const invocations = new Map<number, string[]>();
    const probe = (db: Database, instance: string): JobHandler => async ({ job }) => {
      invocations.set(job.id, [...(invocations.get(job.id) ?? []), instance]);
      await db.execute('INSERT INTO sched_probe (job_id, instance) VALUES (:id, :instance)', { id: job.id, instance });
    };
    const a = makeScheduler(dbA, clock, { instanceId: 'instance-a' }).register('t.fanout', probe(dbA, 'instance-a'));
    const b = makeScheduler(dbB, clock, { instanceId: 'instance-b' }).register('t.fanout', probe(dbB, 'instance-b'));

    const t0 = clock.now().getTime();
    await dbA.transaction(systemContext('test', clock.now()), async (trc) => {
      for (let i = 0; i < JOBS; i++) {
        await a.enqueue(trc.tx, { kind: 't.fanout', runAt: new Date(t0 - MINUTE + (i % 60) * 1_000), dedupeKey: `fanout:${i}`, payload: { i } });
      }
    });

    const started = performance.now();
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`[${testDialect()}] ${JOBS} due jobs on two instances: ${ms} ms (a ran ${ra.succeeded}, b ran ${rb.succeeded})\n`);

    expect(ra.failed + rb.failed).toBe(0);
    expect(ra.succeeded + rb.succeeded).toBe(JOBS);
    expect(invocations.size).toBe(JOBS);
    expect([...invocations.values()].filter((who) => who.length !== 1)).toEqual([]);
    const [probeCount] = await dbA.select<{ n: number | string; d: number | string }>('SELECT COUNT(*) AS n, COUNT(DISTINCT job_id) AS d FROM sched_probe');
    expect([Number(probeCount.n), Number(probeCount.d)]).toEqual([JOBS, JOBS]);
    const rows = await rawJobs(dbA);
    expect(rows.filter((r) => r.state !== 'done' || r.attempts !== 1)).toEqual([]);
    // Each instance recorded exactly the runs it made.
    expect(rows.filter((r) => r.leaseOwner === 'instance-a')).toHaveLength(ra.succeeded);
  });

  it('both instances enqueue the same occurrence: it exists and runs once', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const a = makeScheduler(dbA, clock).register('t.same', async () => { runs++; });
    const b = makeScheduler(dbB, clock).register('t.same', async () => { runs++; });
    const spec = { kind: 't.same', runAt: clock.now(), dedupeKey: 'campaign.deadline:99' };
    await Promise.all([a.enqueue(undefined, spec), b.enqueue(undefined, spec), a.enqueue(undefined, spec), b.enqueue(undefined, spec)]);
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(runs).toBe(1);
    expect(await rawJobs(dbA)).toHaveLength(1);
  });
});
