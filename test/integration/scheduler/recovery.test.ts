import { freshDatabase, dropTestDatabase, testDialect } from '../../helpers/db';
import { openDatabase, type Database } from '../../../server/infra/db';
import { ManualClock, MINUTE, HOUR } from '../../../server/kernel/clock';
import { makeScheduler, rawJobs, clearJobs, insertAbandonedRun } from './support';

describe(`[${testDialect()}] scheduler: durable across restarts and crashes`, () => {
  let db: Database;
  let url: string;
  beforeAll(async () => ({ db, url } = await freshDatabase('sched_recovery')));
  afterAll(async () => { await db.close(); await dropTestDatabase(url); });
  beforeEach(() => clearJobs(db));

  it('a deadline that passed while the server was stopped is acted on when it starts', async () => {
    const clock = new ManualClock();
    const closed: number[] = [];
    const closeCampaign = async ({ job }: { job: { payload: unknown } }) => { closed.push((job.payload as { campaignId: number }).campaignId); };

    const before = makeScheduler(db, clock, { instanceId: 'before-restart' }).register('campaign.deadline', closeCampaign);
    await before.start();
    const deadline = new Date(clock.now().getTime() + 30 * MINUTE);
    await before.enqueue(undefined, { kind: 'campaign.deadline', runAt: deadline, dedupeKey: 'campaign.deadline:7', payload: { campaignId: 7 } });
    await before.stop();

    clock.advance(2 * HOUR); // down across the deadline
    const after = makeScheduler(db, clock, { instanceId: 'after-restart' }).register('campaign.deadline', closeCampaign);
    await after.start();
    try {
      expect(closed).toEqual([7]);
      expect((await rawJobs(db))[0]).toMatchObject({ state: 'done', attempts: 1, leaseOwner: 'after-restart' });
    } finally {
      await after.stop();
    }
  });

  it('a run left behind by a dead instance is taken up once its lease expires, not before', async () => {
    const clock = new ManualClock();
    const now = clock.now().getTime();
    const id = await insertAbandonedRun(db, {
      kind: 'order.complete', dedupeKey: 'order.complete:9', runAt: new Date(now - 5 * MINUTE),
      leaseUntil: new Date(now + 30_000), attempts: 1, payload: { orderId: 9 },
    });
    const s = makeScheduler(db, clock, { instanceId: 'survivor' });
    const attempts: number[] = [];
    s.register('order.complete', async ({ job }) => { attempts.push(job.attempt); });

    expect((await s.tick()).claimed).toBe(0); // the lease still holds: its owner may be alive
    clock.set(now + 30_000);
    expect((await s.tick()).claimed).toBe(0); // expired only strictly after lease_until
    clock.set(now + 30_001);
    expect(await s.tick()).toEqual({ claimed: 1, succeeded: 1, failed: 0 });
    expect(attempts).toEqual([2]);
    expect(await s.getJob(id)).toMatchObject({ state: 'done', attempts: 2, leaseOwner: 'survivor' });
  });

  it('an instance that lost its lease mid-run cannot record an outcome over the instance that took over', async () => {
    const clock = new ManualClock();
    const db2 = await openDatabase(url);
    try {
      const slow = makeScheduler(db, clock, { instanceId: 'slow', leaseMs: 60_000 });
      const quick = makeScheduler(db2, clock, { instanceId: 'quick', leaseMs: 60_000 });
      const calls: string[] = [];
      let started!: () => void;
      const slowStarted = new Promise<void>((r) => (started = r));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      slow.register('t.long', async () => { calls.push('slow'); started(); await gate; throw new Error('too late to matter'); });
      quick.register('t.long', async () => { calls.push('quick'); });
      await slow.enqueue(undefined, { kind: 't.long', runAt: clock.now(), dedupeKey: 'long:1' });

      const slowPass = slow.tick();
      await slowStarted;
      clock.advance(60_001); // the slow run's lease is over (no heartbeat with a manual clock)
      expect(await quick.tick()).toEqual({ claimed: 1, succeeded: 1, failed: 0 });
      release();
      expect(await slowPass).toEqual({ claimed: 1, succeeded: 0, failed: 1 });

      expect(calls).toEqual(['slow', 'quick']);
      const [row] = await rawJobs(db);
      expect(row).toMatchObject({ state: 'done', attempts: 2, leaseOwner: 'quick' });
      expect((await slow.getJob(row.id))?.lastError).toBeNull(); // the slow instance's failure was not recorded
    } finally {
      await db2.close();
    }
  });

  it('a job whose runs keep dying is parked as failed once its attempts are used up, without running again', async () => {
    const clock = new ManualClock();
    const now = clock.now().getTime();
    const id = await insertAbandonedRun(db, {
      kind: 't.poison', dedupeKey: 'poison:1', runAt: new Date(now - HOUR), leaseUntil: new Date(now - MINUTE), attempts: 3, maxAttempts: 3,
    });
    const s = makeScheduler(db, clock);
    let ran = 0;
    s.register('t.poison', async () => { ran++; });
    expect(await s.tick()).toEqual({ claimed: 1, succeeded: 0, failed: 1 });
    expect(ran).toBe(0);
    const job = await s.getJob(id);
    expect(job).toMatchObject({ state: 'failed', attempts: 4 });
    expect(job?.lastError).toMatch(/never finished/);
    expect((await s.listJobs({ state: 'failed' })).items.map((j) => j.id)).toEqual([id]);
  });

  it('stop() waits for the running handler; a stopped scheduler takes nothing more', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let finished = false;
    s.register('t.wait', async () => { started(); await gate; finished = true; });
    await s.start();
    await s.enqueue(undefined, { kind: 't.wait', runAt: clock.now(), dedupeKey: 'wait:1' });
    await s.enqueue(undefined, { kind: 't.wait', runAt: new Date(clock.now().getTime() + 1), dedupeKey: 'wait:2' });
    const ticking = s.tick();
    await running;
    clock.advance(1); // wait:2 falls due while wait:1 runs; the pass would take it next, but stop() comes first
    const stopping = s.stop();
    setTimeout(release, 50);
    await stopping;
    expect(finished).toBe(true);
    await ticking;
    const rows = await rawJobs(db);
    expect(rows.map((r) => r.state)).toEqual(['done', 'pending']);
  });
});
