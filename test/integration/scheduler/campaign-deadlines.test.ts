import request from 'supertest';
import { startTestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { buildWorld, joinAndPay, openCampaign } from '../../helpers/world';
import { systemClock } from '../../../server/kernel/clock';
import { toDate } from '../../../server/infra/db';

/**
 * Deadlines on the real clock, through the real scheduler (node-schedule timers), not tick():
 * a campaign closes within 2 s of its deadline; a server stopped before a deadline and started after it
 * closes the campaign at start.
 */
describe(`[${testDialect()}] campaign deadlines on the real clock`, () => {
  const status = async (url: string, id: number) => (await request(url).get(`/api/campaigns/${id}`)).body.data.status as string;
  const waitFor = async (check: () => Promise<boolean>, ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) { if (await check()) return true; await new Promise((r) => setTimeout(r, 50)); }
    return false;
  };

  it('closes a campaign within 2 s of its deadline', async () => {
    const srv = await startTestServer({ databaseName: 'deadline', clock: systemClock as never, background: true });
    try {
      const w = await buildWorld(srv, 1);
      const c = await openCampaign(srv, w, { thresholdValue: 1, deadlineInMs: 2500 });
      await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
      const [{ deadlineAt }] = await srv.container.db.select<{ deadlineAt: unknown }>('SELECT deadline_at AS deadlineAt FROM campaigns WHERE id = :id', { id: c.id });
      const deadline = toDate(deadlineAt).getTime();
      expect(await status(srv.url, c.id)).toBe('open');
      const closed = await waitFor(async () => (await status(srv.url, c.id)) === 'closed', deadline - Date.now() + 2000);
      expect(closed).toBe(true);
      const [{ at }] = await srv.container.db.select<{ at: unknown }>("SELECT created_at AS at FROM campaign_events WHERE campaign_id = :id AND to_status = 'closed'", { id: c.id });
      const closedAt = toDate(at).getTime();
      expect(closedAt - deadline).toBeGreaterThanOrEqual(0);
      expect(closedAt - deadline).toBeLessThan(2000);
    } finally {
      await srv.close();
    }
  });

  it('a server stopped before the deadline and started after it closes the campaign at start', async () => {
    const first = await startTestServer({ databaseName: 'restart', clock: systemClock as never, background: true });
    let id: number;
    try {
      const w = await buildWorld(first, 1);
      const c = await openCampaign(first, w, { thresholdValue: 1, deadlineInMs: 1500 });
      await joinAndPay(first, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
      id = c.id;
    } finally {
      await first.stop(); // down before the deadline
    }
    await new Promise((r) => setTimeout(r, 2000)); // the deadline passes while nobody runs
    const second = await startTestServer({ databaseName: 'restart', keepDatabase: true, clock: systemClock as never, background: true });
    try {
      expect(await waitFor(async () => (await status(second.url, id)) === 'closed', 3000)).toBe(true);
      const events = (await second.container.campaigns.repo.events(id)).map((e) => `${e.fromStatus}→${e.toStatus}`);
      expect(events.filter((e) => e === 'open→closed')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
