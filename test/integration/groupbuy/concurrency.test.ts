import http from 'node:http';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, makeNeighbours, newKey, openCampaign, type World } from '../../helpers/world';

/**
 * 500 neighbours join one campaign holding 100 units at the same moment, over real HTTP. Exactly 100 units are
 * sold, the counters equal the rows, and every client gets an order or a clear 409/422 — never a 500.
 */
describe(`[${testDialect()}] flash join under concurrency`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); w = await buildWorld(srv, 0); });
  afterAll(async () => { await srv.close(); });

  it('500 neighbours, 100 units: exactly 100 sold, counters equal rows, no 500', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 10, peach: { stock: 100, perPersonLimit: 2 } });
    const neighbours = await makeNeighbours(srv, 500, w.communityId, '抢购');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
    const body = JSON.stringify({ items: [{ campaignItemId: c.items[0].id, quantity: 1 }], pickupPointId: w.coldPoint });
    const post = (token: string) => new Promise<{ status: number; body: { error?: { code: string } } }>((resolve, reject) => {
      const req = http.request(`${srv.url}/api/campaigns/${c.id}/orders`, {
        method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': newKey() },
      }, (res) => {
        let data = '';
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
      });
      req.on('error', reject);
      req.end(body);
    });
    const started = Date.now();
    const results = await Promise.all(neighbours.map((n) => post(n.token)));
    const elapsed = Date.now() - started;
    agent.destroy();
    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(byStatus.get(500)).toBeUndefined();
    expect(byStatus.get(201)).toBe(100);
    expect(byStatus.get(409)).toBe(400);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error?.code === 'SOLD_OUT')).toBe(true);

    const [item] = await srv.container.db.select<{ reserved: number; stock: number }>('SELECT reserved, stock FROM campaign_items WHERE campaign_id = :id', { id: c.id });
    const [rows] = await srv.container.db.select<{ q: number; n: number }>(
      `SELECT COALESCE(SUM(oi.quantity), 0) AS q, COUNT(DISTINCT o.id) AS n FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.campaign_id = :id`, { id: c.id });
    const [holdings] = await srv.container.db.select<{ q: number }>(
      'SELECT COALESCE(SUM(b.quantity), 0) AS q FROM campaign_item_buyers b JOIN campaign_items ci ON ci.id = b.campaign_item_id WHERE ci.campaign_id = :id', { id: c.id });
    expect(Number(item.reserved)).toBe(100);
    expect(Number(rows.q)).toBe(100);
    expect(Number(rows.n)).toBe(100);
    expect(Number(holdings.q)).toBe(100);
    const detail = (await request(srv.url).get(`/api/campaigns/${c.id}`)).body.data;
    expect(detail.items[0].available).toBe(0);
    console.log(`[${testDialect()}] 500 concurrent joins answered in ${elapsed} ms`);
  });

  it('paying concurrently keeps the paid counters equal to the paid rows', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 10, peach: { stock: 1000 } });
    const neighbours = await makeNeighbours(srv, 60, w.communityId, '付款');
    const joined = await Promise.all(neighbours.map((n) =>
      request(srv.url).post(`/api/campaigns/${c.id}/orders`).set(auth(n)).set('Idempotency-Key', newKey()).send({ items: [{ campaignItemId: c.items[0].id, quantity: 2 }], pickupPointId: w.coldPoint })));
    expect(joined.every((r) => r.status === 201)).toBe(true);
    await Promise.all(neighbours.map(async (n, i) => {
      const p = await request(srv.url).post(`/api/orders/${joined[i].body.data.id}/pay`).set(auth(n));
      const done = await request(srv.url).post(`/api/payments/sandbox/${p.body.data.outTradeNo}`).set(auth(n)).send({ result: 'success' });
      expect(done.status).toBe(200);
    }));
    const [cmp] = await srv.container.db.select<{ p: number; q: number }>('SELECT paid_participants AS p, paid_quantity AS q FROM campaigns WHERE id = :id', { id: c.id });
    const [paid] = await srv.container.db.select<{ n: number; q: number }>(
      `SELECT COUNT(DISTINCT o.user_id) AS n, SUM(oi.quantity) AS q FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.campaign_id = :id AND o.status = 'paid'`, { id: c.id });
    const [parts] = await srv.container.db.select<{ n: number }>('SELECT COUNT(*) AS n FROM campaign_participants WHERE campaign_id = :id', { id: c.id });
    expect(Number(cmp.p)).toBe(60);
    expect(Number(paid.n)).toBe(60);
    expect(Number(parts.n)).toBe(60);
    expect(Number(cmp.q)).toBe(120);
    expect(Number(paid.q)).toBe(120);
  });
});
