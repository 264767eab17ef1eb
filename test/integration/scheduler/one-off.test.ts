import { freshDatabase, dropTestDatabase, testDialect } from '../../helpers/db';
import type { Database } from '../../../server/infra/db';
import { ManualClock, MINUTE, HOUR } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';
import type { JobContext } from '../../../server/infra/scheduler';
import { makeScheduler, rawJobs, clearJobs } from './support';

describe(`[${testDialect()}] scheduler: one-off jobs`, () => {
  let db: Database;
  let url: string;
  beforeAll(async () => ({ db, url } = await freshDatabase('sched_oneoff')));
  afterAll(async () => { await db.close(); await dropTestDatabase(url); });
  beforeEach(() => clearJobs(db));

  it('runs a job when it falls due and not before, with the payload and a system context at the clock reading', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock, { instanceId: 'one' });
    const runs: JobContext[] = [];
    s.register('campaign.deadline', async (ctx) => { runs.push(ctx); });
    const due = new Date(clock.now().getTime() + 10 * MINUTE);
    await s.enqueue(undefined, { kind: 'campaign.deadline', runAt: due, dedupeKey: 'campaign.deadline:42', payload: { campaignId: 42 } });

    expect(await s.tick()).toEqual({ claimed: 0, succeeded: 0, failed: 0 });
    clock.set(due.getTime() - 1);
    await s.tick();
    expect(runs).toHaveLength(0);

    clock.set(due);
    expect(await s.tick()).toEqual({ claimed: 1, succeeded: 1, failed: 0 });
    expect(runs).toHaveLength(1);
    expect(runs[0].job).toEqual({ id: expect.any(Number), kind: 'campaign.deadline', payload: { campaignId: 42 }, attempt: 1, runAt: due });
    expect(runs[0].rc.now).toEqual(due);
    expect(runs[0].rc.actor).toEqual({ kind: 'system', name: 'job:campaign.deadline' });

    clock.advance(HOUR);
    await s.tick();
    expect(runs).toHaveLength(1);
    const job = await s.getJob(runs[0].job.id);
    expect(job).toMatchObject({ state: 'done', attempts: 1, leaseOwner: 'one', finishedAt: due, leaseUntil: null, lastError: null });
  });

  it('runs several due jobs in order of their due time', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock, { concurrency: 1 });
    const order: string[] = [];
    s.register('t.order', async ({ job }) => { order.push(job.payload as string); });
    const base = clock.now().getTime();
    for (const [name, offset] of [['third', 3], ['first', 1], ['second', 2]] as const) {
      await s.enqueue(undefined, { kind: 't.order', runAt: new Date(base + offset * MINUTE), dedupeKey: `order:${name}`, payload: name });
    }
    clock.advance(HOUR);
    await s.tick();
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('enqueuing an existing dedupe key changes nothing', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock);
    const at = new Date(clock.now().getTime() + MINUTE);
    await s.enqueue(undefined, { kind: 't.dup', runAt: at, dedupeKey: 'dup:1', payload: { v: 1 } });
    await s.enqueue(undefined, { kind: 't.dup', runAt: new Date(at.getTime() + HOUR), dedupeKey: 'dup:1', payload: { v: 2 } });
    const rows = await rawJobs(db);
    expect(rows).toHaveLength(1);
    expect(rows[0].runAt).toEqual(at);
    expect((await s.getJob(rows[0].id))?.payload).toEqual({ v: 1 });
  });

  it('a job enqueued in a transaction exists only if that transaction commits', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock);
    const rc = systemContext('test', clock.now());
    await expect(db.transaction(rc, async (trc) => {
      await s.enqueue(trc.tx, { kind: 't.tx', runAt: clock.now(), dedupeKey: 'tx:rolled-back' });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    await db.transaction(rc, (trc) => s.enqueue(trc.tx, { kind: 't.tx', runAt: clock.now(), dedupeKey: 'tx:committed' }));
    expect((await rawJobs(db)).map((r) => r.dedupeKey)).toEqual(['tx:committed']);
  });

  it('reschedule moves a pending job; cancel removes it, and the key can be used again', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock);
    const ran: string[] = [];
    s.register('t.move', async ({ job }) => { ran.push(job.runAt.toISOString()); });
    const t0 = clock.now().getTime();
    await s.enqueue(undefined, { kind: 't.move', runAt: new Date(t0 + 10 * MINUTE), dedupeKey: 'move:1' });
    await s.reschedule(undefined, 'move:1', new Date(t0 + 30 * MINUTE));
    clock.set(t0 + 20 * MINUTE);
    await s.tick();
    expect(ran).toEqual([]);
    clock.set(t0 + 30 * MINUTE);
    await s.tick();
    expect(ran).toEqual([new Date(t0 + 30 * MINUTE).toISOString()]);
    // A job that already ran is not moved.
    await s.reschedule(undefined, 'move:1', new Date(t0 + 90 * MINUTE));
    expect((await rawJobs(db, "dedupe_key = 'move:1'"))[0]).toMatchObject({ state: 'done', runAt: new Date(t0 + 30 * MINUTE) });

    await s.enqueue(undefined, { kind: 't.move', runAt: new Date(t0 + 40 * MINUTE), dedupeKey: 'move:2' });
    await s.cancel(undefined, 'move:2');
    expect(await rawJobs(db, "dedupe_key = 'move:2'")).toEqual([]);
    clock.set(t0 + 50 * MINUTE);
    await s.tick();
    expect(ran).toHaveLength(1);
    await s.enqueue(undefined, { kind: 't.move', runAt: new Date(t0 + 60 * MINUTE), dedupeKey: 'move:2' });
    expect(await rawJobs(db, "dedupe_key = 'move:2'")).toHaveLength(1);
  });

  it('leaves jobs of kinds it has no handler for to instances that have one', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock);
    s.register('t.known', async () => undefined);
    await s.enqueue(undefined, { kind: 't.unknown', runAt: clock.now(), dedupeKey: 'unknown:1' });
    expect(await s.tick()).toEqual({ claimed: 0, succeeded: 0, failed: 0 });
    expect((await rawJobs(db))[0]).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('refuses a kind or dedupe key longer than the columns, and a second handler for a kind', async () => {
    const s = makeScheduler(db, new ManualClock());
    await expect(s.enqueue(undefined, { kind: 'k'.repeat(49), runAt: new Date(), dedupeKey: 'x' })).rejects.toThrow(/kind/);
    await expect(s.enqueue(undefined, { kind: 'k', runAt: new Date(), dedupeKey: 'x'.repeat(161) })).rejects.toThrow(/dedupe key/);
    s.register('t.once', async () => undefined);
    expect(() => s.register('t.once', async () => undefined)).toThrow(/already registered/);
  });
});
