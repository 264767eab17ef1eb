import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type Person, type World } from '../../helpers/world';
import { DAY, MINUTE } from '../../../server/kernel/clock';
import { approvedStore, binary } from './support';
import { decodePng } from '../../helpers/png';

/** Pickup codes: unguessable, single use, only at the order's own store, and guessing is rate limited per store. */
describe(`[${testDialect()}] pickup code verification`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 3); });

  /** A leader campaign at the world's cold store, closed, shipped and arrived: every order ready with a code. */
  async function readyOrders(buyers: Person[]): Promise<Array<{ id: number; code: string; who: Person }>> {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const orders = [];
    for (const b of buyers) orders.push({ id: (await joinAndPay(srv, b, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint)).id, who: b });
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    await request(srv.url).post(`/api/leader/fulfilment/campaigns/${c.id}/shipments/${w.coldPoint}/ship`).set(auth(w.leader)).expect(200);
    const [shipment] = (await request(srv.url).get(`/api/pickup/points/${w.coldPoint}/shipments`).set(auth(w.storeOwner))).body.data;
    await request(srv.url).post(`/api/pickup/shipments/${shipment.id}/arrival`).set(auth(w.storeOwner)).send({}).expect(200);
    return Promise.all(orders.map(async (o) => ({ ...o, code: (await request(srv.url).get(`/api/orders/${o.id}`).set(auth(o.who))).body.data.pickupCode as string })));
  }

  const verify = (store: Person, pointId: number, code: string) => request(srv.url).post(`/api/pickup/points/${pointId}/verify`).set(auth(store)).send({ code });

  it('codes are random, distinct, and shown to their owner only once the goods are ready', async () => {
    const orders = await readyOrders(w.neighbours);
    const codes = orders.map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$/);
    const qr = await request(srv.url).get(`/api/orders/${orders[0].id}/pickup-code.png`).set(auth(orders[0].who)).buffer(true).parse(binary);
    expect(qr.status).toBe(200);
    expect(decodePng(qr.body as Buffer).width).toBeGreaterThan(100);
    expect((await request(srv.url).get(`/api/orders/${orders[0].id}/pickup-code`).set(auth(orders[1].who))).status).toBe(404);
  });

  it('refuses a code at another store, then accepts it once at its own, and refuses it a second time', async () => {
    const [order] = await readyOrders([w.neighbours[0]]);
    const other = await approvedStore(srv, w, '隔壁便利店');
    const elsewhere = await verify(other, other.pointId, order.code);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe('PICKUP_CODE_INVALID');
    expect((await verify(other, w.coldPoint, order.code)).status).toBe(403); // not their point at all
    expect((await verify(w.storeOwner, w.coldPoint, order.code)).status).toBe(200);
    const second = await verify(w.storeOwner, w.coldPoint, order.code);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('PICKUP_CODE_USED');
    expect((await srv.container.orders.get(order.id)).status).toBe('picked_up');
  });

  it("the store's staff verifying the same code four times at once: exactly one pickup", async () => {
    const [order] = await readyOrders([w.neighbours[0]]);
    const answers = await Promise.all([1, 2, 3, 4].map(() => verify(w.storeOwner, w.coldPoint, order.code)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    const events = await srv.container.db.select<{ n: number }>("SELECT COUNT(*) AS n FROM order_events WHERE order_id = :id AND to_status = 'picked_up'", { id: order.id });
    expect(Number(events[0].n)).toBe(1);
  });

  it('20 wrong codes in a row from one store lock its verification (429), even for a right code, until the lock passes', async () => {
    const [order] = await readyOrders([w.neighbours[0]]);
    for (let i = 1; i <= 20; i++) {
      const r = await verify(w.storeOwner, w.coldPoint, `WRNG${String(i).padStart(4, '2').replace(/[01]/g, '3')}`);
      expect(r.status).toBe(422);
      expect(r.body.error.details.remainingAttempts).toBe(Math.max(0, 20 - i));
    }
    const locked = await verify(w.storeOwner, w.coldPoint, order.code);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    expect((await srv.container.orders.get(order.id)).status).toBe('ready_for_pickup');
    srv.clock.advance(15 * MINUTE + 1000);
    expect((await verify(w.storeOwner, w.coldPoint, order.code)).status).toBe(200);
  });

  it('a right code breaks the streak: wrong guesses must come 20 in a row', async () => {
    const orders = await readyOrders([w.neighbours[0], w.neighbours[1]]);
    for (let i = 0; i < 19; i++) expect((await verify(w.storeOwner, w.coldPoint, 'ZZZZZZZZ')).status).toBe(422);
    expect((await verify(w.storeOwner, w.coldPoint, orders[0].code)).status).toBe(200);
    for (let i = 0; i < 19; i++) expect((await verify(w.storeOwner, w.coldPoint, 'ZZZZZZZZ')).status).toBe(422);
    expect((await verify(w.storeOwner, w.coldPoint, orders[1].code)).status).toBe(200);
  });

  it('a code is not accepted before the goods are confirmed at the store', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    await request(srv.url).post(`/api/leader/fulfilment/campaigns/${c.id}/shipments/${w.coldPoint}/ship`).set(auth(w.leader)).expect(200);
    const [row] = await srv.container.db.select<{ code: string }>('SELECT pickup_code AS code FROM orders WHERE id = :id', { id: o.id });
    const r = await verify(w.storeOwner, w.coldPoint, row.code);
    expect(r.status).toBe(409);
    expect((await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]))).body.data.pickupCode).toBeNull();
  });
});
