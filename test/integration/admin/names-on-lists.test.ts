/**
 * Names where people act on orders: the admin's uncollected list says whose order it is and at which pickup
 * point it waits (or should have arrived); the store's order answer says whose goods to hand over — the
 * neighbour's display name only, never a phone number or the pickup code.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, makePerson, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';
import type { UncollectedOrderDTO } from '../../../shared/types/admin-ops';
import type { StoreOrderDTO } from '../../../shared/types/fulfilment';

describe(`[${testDialect()}] names on the admin's and the store's order views`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); });

  /** Moves a confirmed order on as fulfilment would: shipped, then (if it arrived) ready at the store with a code. */
  async function walk(orderId: number, to: 'shipped' | 'ready_for_pickup', code: string) {
    await srv.container.db.transaction(systemContext('test', srv.clock.now()), async (trc) => {
      await srv.container.orders.transition(trc, { id: orderId, status: 'confirmed' }, 'shipped', 'test', 'test', { pickup_code: code });
      if (to === 'ready_for_pickup') await srv.container.orders.transition(trc, { id: orderId, status: 'shipped' }, 'ready_for_pickup', 'test', 'test');
    });
  }

  /** Two neighbours with names (and phones the store must not see), one order each at the world's two points. */
  async function twoOrders() {
    const [zhang, liu] = w.neighbours;
    await srv.container.db.execute("UPDATE users SET display_name = '张阿姨', phone = '13911112222' WHERE id = :id", { id: zhang.id });
    await srv.container.db.execute("UPDATE users SET display_name = '刘叔', phone = '13933334444' WHERE id = :id", { id: liu.id });
    const c = await openCampaign(srv, w, { thresholdValue: 1, pickupPointIds: [w.coldPoint, w.plainPoint], peach: null, rice: { priceFen: 6900 } });
    const a = await joinAndPay(srv, zhang, c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    const b = await joinAndPay(srv, liu, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.plainPoint);
    srv.clock.advance(DAY + 1000);
    await runDueJobs(srv);
    await walk(a.id, 'ready_for_pickup', 'K7Q2M9XA');
    await walk(b.id, 'shipped', 'P3R8T2WB');
    return { a, b };
  }

  it('the uncollected list names the neighbour and the pickup point', async () => {
    const { a, b } = await twoOrders();
    const list = async () => (await request(srv.url).get('/api/admin/uncollected').set(auth(w.admin)).expect(200)).body.data as UncollectedOrderDTO[];
    expect(await list()).toEqual([]); // the pickup window is still open
    srv.clock.advance(4 * DAY);
    const rows = await list();
    expect(rows.map((r) => [r.orderId, r.status, r.neighbourName, r.pickupPointName, r.paidFen - r.refundedFen])).toEqual([
      [a.id, 'ready_for_pickup', '张阿姨', '冷柜店', 13_800],
      [b.id, 'shipped', '刘叔', '普通店', 6_900],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/139\d{8}/);
  });

  it('the store\'s order shows the neighbour\'s display name, not their phone or pickup code; other stores get 403', async () => {
    const { a } = await twoOrders();
    const res = await request(srv.url).get(`/api/pickup/orders/${a.id}`).set(auth(w.storeOwner));
    expect(res.status).toBe(200);
    const o = res.body.data as StoreOrderDTO;
    expect(o).toMatchObject({ id: a.id, status: 'ready_for_pickup', neighbour: '张阿姨', pickupCode: null, codeTail: '9XA', pickupPoint: { id: w.coldPoint } });
    expect(o.items).toEqual([expect.objectContaining({ quantity: 2 })]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('13911112222');
    expect(text).not.toContain('K7Q2M9XA');

    const otherStore = await makePerson(srv, '别家老板', ['pickup']);
    expect((await request(srv.url).get(`/api/pickup/orders/${a.id}`).set(auth(otherStore))).status).toBe(403);
    expect((await request(srv.url).get(`/api/pickup/orders/${a.id}`).set(auth(w.neighbours[0]))).status).toBe(403);
    expect((await request(srv.url).get('/api/pickup/orders/999999').set(auth(w.storeOwner))).status).toBe(404);
  });
});
