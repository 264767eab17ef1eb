/**
 * Real time: the system clock and real node-schedule timers. The poll is set a minute away, so a job that
 * runs on time was woken by the timer armed for it.
 */
import { freshDatabase, dropTestDatabase, testDialect } from '../../helpers/db';
import { openDatabase, type Database } from '../../../server/infra/db';
import { systemClock } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';
import type { Scheduler } from '../../../server/infra/scheduler';
import { makeScheduler, clearJobs } from './support';

// The module object the scheduler calls through, so the spy sees its calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeSchedule = require('node-schedule') as typeof import('node-schedule');

const within = <T>(p: Promise<T>, ms: number, what: string) => Promise.race([
  p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms).unref()),
]);

describe(`[${testDialect()}] scheduler: real timers`, () => {
  let db: Database;
  let url: string;
  const running: Scheduler[] = [];
  beforeAll(async () => ({ db, url } = await freshDatabase('sched_timers')));
  afterAll(async () => { await db.close(); await dropTestDatabase(url); });
  beforeEach(() => clearJobs(db));
  afterEach(async () => { await Promise.all(running.splice(0).map((s) => s.stop())); jest.restoreAllMocks(); });

  /** A started scheduler whose handler for `kind` resolves `ran` with the wall time it ran at. */
  async function startWith(kind: string, database = db, pollIntervalMs = 60_000) {
    const s = makeScheduler(database, systemClock, { pollIntervalMs });
    let resolve!: (t: number) => void;
    const ran = new Promise<number>((r) => (resolve = r));
    s.register(kind, async () => { resolve(Date.now()); });
    await s.start();
    running.push(s);
    return { s, ran };
  }

  it('a deadline 1 s ahead is acted on within 2 s of it, woken by node-schedule', async () => {
    const spy = jest.spyOn(nodeSchedule, 'scheduleJob');
    const { s, ran } = await startWith('campaign.deadline');
    const due = new Date(Date.now() + 1_000);
    await s.enqueue(undefined, { kind: 'campaign.deadline', runAt: due, dedupeKey: 'campaign.deadline:1', payload: { campaignId: 1 } });
    expect(s.nextWakeAt).toEqual(due);
    expect(spy).toHaveBeenCalledWith(due, expect.any(Function));

    const lateMs = (await within(ran, 5_000, 'deadline job')) - due.getTime();
    process.stderr.write(`[${testDialect()}] job due in 1 s ran ${lateMs} ms after its due time\n`);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(2_000);
  });

  it('a job enqueued before start is armed by start; one enqueued in a transaction, when it commits', async () => {
    const early = makeScheduler(db, systemClock);
    const due = new Date(Date.now() + 800);
    await early.enqueue(undefined, { kind: 't.boot', runAt: due, dedupeKey: 'boot:1' });
    const { s, ran } = await startWith('t.boot');
    expect(s.nextWakeAt).toEqual(due);
    expect((await within(ran, 5_000, 'boot job')) - due.getTime()).toBeLessThan(2_000);

    const { s: s2, ran: ran2 } = await startWith('t.tx');
    const due2 = new Date(Date.now() + 500);
    await db.transaction(systemContext('test', new Date()), async (trc) => {
      await s2.enqueue(trc.tx, { kind: 't.tx', runAt: due2, dedupeKey: 'tx:1' });
      expect(s2.nextWakeAt).toBeNull(); // not before the row is visible to everyone
    });
    expect(s2.nextWakeAt).toEqual(due2);
    expect((await within(ran2, 5_000, 'tx job')) - due2.getTime()).toBeLessThan(2_000);
  });

  it('a handler that outlives its lease keeps it by heartbeat: a polling second instance does not run it again', async () => {
    const other = await openDatabase(url);
    try {
      const runs: string[] = [];
      const slow = makeScheduler(db, systemClock, { instanceId: 'slow', leaseMs: 600, pollIntervalMs: 60_000 });
      let finished!: () => void;
      const done = new Promise<void>((r) => (finished = r));
      slow.register('t.slow', async () => { runs.push('slow'); await new Promise((r) => setTimeout(r, 2_000)); finished(); });
      const watcher = makeScheduler(other, systemClock, { instanceId: 'watcher', leaseMs: 600, pollIntervalMs: 100 });
      watcher.register('t.slow', async () => { runs.push('watcher'); });
      await slow.start();
      await watcher.start();
      running.push(slow, watcher);
      await slow.enqueue(undefined, { kind: 't.slow', runAt: new Date(), dedupeKey: 'slow:1' });
      await within(done, 5_000, 'slow job');
      await new Promise((r) => setTimeout(r, 300)); // the watcher polls a few more times
      expect(runs).toEqual(['slow']);
      expect((await slow.listJobs()).items[0]).toMatchObject({ state: 'done', attempts: 1, leaseOwner: 'slow' });
    } finally {
      await Promise.all(running.splice(0).map((s) => s.stop()));
      await other.close();
    }
  });

  it('a job another instance enqueues is found by the poll', async () => {
    const other = await openDatabase(url);
    try {
      const { ran } = await startWith('t.elsewhere', db, 200);
      const elsewhere = makeScheduler(other, systemClock);
      const due = new Date(Date.now() + 100);
      await elsewhere.enqueue(undefined, { kind: 't.elsewhere', runAt: due, dedupeKey: 'elsewhere:1' });
      expect((await within(ran, 5_000, 'job from another instance')) - due.getTime()).toBeLessThan(1_000);
    } finally {
      await other.close();
    }
  });
});
