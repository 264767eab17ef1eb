/**
 * Two server instances on one database settle and pay at the same moment: one run per cycle key, every
 * released entry on exactly one statement, and a statement paid once however many admins press "pay".
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY, MINUTE, ManualClock } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';
import { BooksChecker, pickUp } from './support';

describe(`[${testDialect()}] settlement on two instances at once`, () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 1, 0, 0));
  let a: TestServer;
  let b: TestServer;
  let w: World;

  beforeAll(async () => {
    const config = { auth: { tokenTtlSeconds: 90 * 24 * 3600 } };
    a = await startTestServer({ clock, config, databaseName: 'ledger_two' });
    b = await startTestServer({ clock, config, databaseName: 'ledger_two', keepDatabase: true });
    w = await buildWorld(a, 6);
    for (const campaign of [0, 1]) {
      const c = await openCampaign(a, w, { thresholdValue: 1, rice: { priceFen: 5900 } });
      const orders = [];
      for (const [k, n] of w.neighbours.entries()) {
        orders.push(await joinAndPay(a, n, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 + ((k + campaign) % 3) }, { campaignItemId: c.items[1].id, quantity: 1 }], w.coldPoint));
      }
      clock.advance(DAY + MINUTE);
      await runDueJobs(a);
      for (const o of orders) await pickUp(a, o.id);
    }
    clock.advance(8 * DAY);
    await runDueJobs(a);
  });
  afterAll(async () => { await b.close(); await a.close(); });

  it('runs each cycle once and puts every released entry on exactly one statement', async () => {
    const run = (srv: TestServer, cycleKey: string) => srv.container.commission.settlement.run(systemContext('test', clock.now()), { cycleKey, triggeredBy: `test:${cycleKey}` });
    const results = await Promise.all([run(a, 'same'), run(b, 'same'), run(a, 'a-only'), run(b, 'b-only'), run(b, 'same')]);
    const same = results.filter((r) => r.run.cycleKey === 'same');
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(same.map((r) => r.run.id)).size).toBe(1);
    const [{ available }] = await a.container.db.select<{ available: number }>("SELECT COUNT(*) AS available FROM ledger_entries WHERE bucket = 'available'");
    const [{ lineCount }] = await a.container.db.select<{ lineCount: number }>('SELECT COUNT(*) AS lineCount FROM statement_lines');
    expect(Number(lineCount)).toBe(Number(available));
    expect(Number(available)).toBeGreaterThan(20);
    expect(results.reduce((s, r) => s + (r.created ? r.run.entryCount : 0), 0)).toBe(Number(available));
    await new BooksChecker(a).check('two instances');
  });

  it('pays a statement once when two admins on two instances press pay together', async () => {
    const list = (await request(a.url).get('/api/admin/statements?beneficiaryKind=leader&status=draft').set(auth(w.admin))).body.data;
    expect(list).toHaveLength(1);
    const id = list[0].id;
    const approvals = await Promise.all([a, b].map((srv) => request(srv.url).post(`/api/admin/statements/${id}/approve`).set(auth(w.admin))));
    expect(approvals.map((r) => r.status).sort()).toEqual([200, 409]);
    const pays = await Promise.all([a, b, a, b].map((srv, k) => request(srv.url).post(`/api/admin/statements/${id}/pay`).set(auth(w.admin)).send({ method: 'manual', reference: `REF-${k}` })));
    expect(pays.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const s = (await request(b.url).get(`/api/admin/statements/${id}`).set(auth(w.admin))).body.data;
    expect(s.status).toBe('paid');
    expect(s.payouts).toHaveLength(1);
    expect(s.payoutRef).toBe(s.payouts[0].providerRef);
    await new BooksChecker(b).check('paid once');
  });
});
