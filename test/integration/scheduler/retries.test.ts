import Koa from 'koa';
import request from 'supertest';
import { bodyParser } from '@koa/bodyparser';
import { freshDatabase, dropTestDatabase, testDialect } from '../../helpers/db';
import type { Database } from '../../../server/infra/db';
import { ManualClock, DAY } from '../../../server/kernel/clock';
import { ConflictError, NotFoundError } from '../../../server/kernel/errors';
import { TokenService } from '../../../server/modules/identity';
import { requestContext } from '../../../server/http/middleware/request-context';
import { errorHandler } from '../../../server/http/middleware/error-handler';
import { authenticate } from '../../../server/http/middleware/auth';
import type { AppState } from '../../../server/http/state';
import { jobsAdminRoutes } from '../../../server/http/routes/admin/jobs.routes';
import type { Scheduler } from '../../../server/infra/scheduler';
import { makeScheduler, clearJobs, quietLog } from './support';

describe(`[${testDialect()}] scheduler: failures, retries and the admin view`, () => {
  let db: Database;
  let url: string;
  beforeAll(async () => ({ db, url } = await freshDatabase('sched_retries')));
  afterAll(async () => { await db.close(); await dropTestDatabase(url); });
  beforeEach(() => clearJobs(db));

  it('a handler that throws is retried with backoff, then parked as failed and listed for admins', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock, { maxAttempts: 3 }); // backoff 1 s, 2 s
    const tries: number[] = [];
    s.register('t.flaky', async ({ job }) => { tries.push(job.attempt); throw new Error(`boom ${job.attempt}`); });
    const t0 = clock.now().getTime();
    await s.enqueue(undefined, { kind: 't.flaky', runAt: clock.now(), dedupeKey: 'flaky:1' });

    expect(await s.tick()).toEqual({ claimed: 1, succeeded: 0, failed: 1 });
    const [afterFirst] = (await s.listJobs()).items;
    expect(afterFirst).toMatchObject({ state: 'pending', attempts: 1, runAt: new Date(t0 + 1_000), leaseOwner: null });
    expect(afterFirst.lastError).toMatch(/^Error: boom 1/);

    clock.set(t0 + 999);
    await s.tick();
    expect(tries).toEqual([1]);
    clock.set(t0 + 1_000);
    await s.tick();
    expect(tries).toEqual([1, 2]);
    expect((await s.getJob(afterFirst.id))?.runAt).toEqual(new Date(t0 + 1_000 + 2_000));
    clock.set(t0 + 3_000);
    await s.tick();
    expect(tries).toEqual([1, 2, 3]);

    clock.advance(DAY);
    await s.tick();
    expect(tries).toEqual([1, 2, 3]);
    const failed = await s.listJobs({ state: 'failed' });
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ id: afterFirst.id, state: 'failed', attempts: 3, finishedAt: new Date(t0 + 3_000) });
    expect(failed.items[0].lastError).toMatch(/boom 3/);
  });

  it('retry() sends a failed job round again with a fresh budget; it refuses other states and unknown ids', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock, { maxAttempts: 1 });
    let healthy = false;
    const runs: number[] = [];
    s.register('t.fixable', async ({ job }) => { runs.push(job.attempt); if (!healthy) throw new Error('upstream down'); });
    await s.enqueue(undefined, { kind: 't.fixable', runAt: clock.now(), dedupeKey: 'fixable:1' });
    await s.tick();
    const [job] = (await s.listJobs({ state: 'failed' })).items;

    clock.advance(DAY);
    healthy = true;
    const queued = await s.retry(job.id);
    expect(queued).toMatchObject({ state: 'pending', attempts: 0, runAt: clock.now(), finishedAt: null });
    await s.tick();
    expect(runs).toEqual([1, 1]);
    expect(await s.getJob(job.id)).toMatchObject({ state: 'done', attempts: 1 });

    await expect(s.retry(job.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(s.retry(987_654)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('listJobs pages newest first and filters by state and kind', async () => {
    const clock = new ManualClock();
    const s = makeScheduler(db, clock);
    for (let i = 1; i <= 5; i++) await s.enqueue(undefined, { kind: i % 2 ? 't.odd' : 't.even', runAt: clock.now(), dedupeKey: `page:${i}` });
    const first = await s.listJobs({ limit: 2 });
    expect(first.items.map((j) => j.dedupeKey)).toEqual(['page:5', 'page:4']);
    const second = await s.listJobs({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((j) => j.dedupeKey)).toEqual(['page:3', 'page:2']);
    const third = await s.listJobs({ limit: 2, cursor: second.nextCursor });
    expect(third).toEqual({ items: [expect.objectContaining({ dedupeKey: 'page:1' })], nextCursor: null });
    expect((await s.listJobs({ kind: 't.odd' })).items.map((j) => j.dedupeKey)).toEqual(['page:5', 'page:3', 'page:1']);
    expect((await s.listJobs({ state: 'done' })).items).toEqual([]);
  });

  describe('admin API', () => {
    const tokens = new TokenService('scheduler-test-secret-0123456789abcdef', 3_600);
    const clock = new ManualClock();
    /** The project's middleware in the app's order, and only the jobs routes. */
    function adminApp(s: Scheduler) {
      const app = new Koa<AppState>();
      app.use(requestContext(quietLog, clock));
      app.use(errorHandler());
      app.use(authenticate(tokens));
      app.use(bodyParser({ enableTypes: ['json'] }));
      const api = jobsAdminRoutes(s);
      app.use(api.middleware());
      app.use(api.allowedMethods());
      return app.callback();
    }
    const bearer = async (roles: Array<'admin' | 'leader'>) => `Bearer ${(await tokens.issue({ userId: 1, roles }, clock.now())).token}`;

    it('GET /api/admin/jobs lists failures for admins; POST /api/admin/jobs/:id/retry queues one again', async () => {
      const s = makeScheduler(db, clock, { maxAttempts: 1 });
      s.register('t.admin', async () => { throw new Error('settlement bank API refused'); });
      await s.enqueue(undefined, { kind: 't.admin', runAt: clock.now(), dedupeKey: 'admin:1', payload: { batch: 3 } });
      await s.enqueue(undefined, { kind: 't.admin', runAt: new Date(clock.now().getTime() + DAY), dedupeKey: 'admin:2' });
      await s.tick();
      const app = adminApp(s);
      const admin = await bearer(['admin']);

      const list = await request(app).get('/api/admin/jobs?state=failed').set('Authorization', admin).expect(200);
      expect(list.body.data.nextCursor).toBeNull();
      expect(list.body.data.items).toEqual([expect.objectContaining({
        kind: 't.admin', dedupeKey: 'admin:1', state: 'failed', attempts: 1, payload: { batch: 3 },
        lastError: expect.stringContaining('settlement bank API refused'),
      })]);
      const all = await request(app).get('/api/admin/jobs?limit=1').set('Authorization', admin).expect(200);
      expect(all.body.data.items.map((j: { dedupeKey: string }) => j.dedupeKey)).toEqual(['admin:2']);
      expect(all.body.data.nextCursor).toEqual(expect.any(String));

      const id = list.body.data.items[0].id as number;
      const retried = await request(app).post(`/api/admin/jobs/${id}/retry`).set('Authorization', admin).expect(200);
      expect(retried.body.data).toMatchObject({ id, state: 'pending', attempts: 0 });
      const again = await request(app).post(`/api/admin/jobs/${id}/retry`).set('Authorization', admin).expect(409);
      expect(again.body.error.code).toBe('CONFLICT');
      await request(app).post('/api/admin/jobs/999999/retry').set('Authorization', admin).expect(404);
      const bad = await request(app).get('/api/admin/jobs?state=lost').set('Authorization', admin).expect(400);
      expect(bad.body.error.code).toBe('INVALID_INPUT');
    });

    it('answers 401 without a token and 403 to a non-admin', async () => {
      const app = adminApp(makeScheduler(db, clock));
      await request(app).get('/api/admin/jobs').expect(401);
      await request(app).get('/api/admin/jobs').set('Authorization', await bearer(['leader'])).expect(403);
      await request(app).post('/api/admin/jobs/1/retry').set('Authorization', await bearer(['leader'])).expect(403);
    });
  });
});
