import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY, HOUR } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';

describe(`[${testDialect()}] after-sales refunds`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 3); });

  /** Walks a confirmed order to picked_up through the order state machine (fulfilment has its own tests). */
  async function pickUp(orderId: number) {
    await srv.container.db.transaction(systemContext('test', srv.clock.now()), async (trc) => {
      for (const [from, to] of [['confirmed', 'shipped'], ['shipped', 'ready_for_pickup'], ['ready_for_pickup', 'picked_up']] as const) {
        await srv.container.orders.transition(trc, { id: orderId, status: from }, to, 'test walk', 'test', to === 'picked_up' ? { picked_up_at: trc.now } : {});
      }
      await srv.container.flows.orderLife.scheduleCompletion(trc, orderId, new Date(trc.now.getTime() + 48 * HOUR));
    });
  }

  async function pickedUpOrder() {
    const c = await openCampaign(srv, w, { thresholdValue: 1, rice: { priceFen: 6900 } });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 3 }, { campaignItemId: c.items[1].id, quantity: 1 }], w.coldPoint);
    srv.clock.advance(DAY + 1000);
    await runDueJobs(srv);
    await pickUp(o.id);
    const full = await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]));
    return full.body.data;
  }

  it('a partial refund for two bad peaches, approved by the leader, reaches the neighbour', async () => {
    const o = await pickedUpOrder();
    const peachLine = o.items.find((i: { title: string }) => i.title.startsWith('水蜜桃'));
    const ask = await request(srv.url).post(`/api/orders/${o.id}/after-sales`).set(auth(w.neighbours[0]))
      .send({ kind: 'partial', items: [{ orderItemId: peachLine.id, quantity: 2 }], reason: '两箱桃子压坏了', photos: ['/uploads/a.jpg'] });
    expect(ask.status).toBe(201);
    expect(ask.body.data).toMatchObject({ kind: 'partial', amountFen: 13600, status: 'open' });
    const again = await request(srv.url).post(`/api/orders/${o.id}/after-sales`).set(auth(w.neighbours[0])).send({ kind: 'full', reason: '再来一次' });
    expect(again.status).toBe(409);

    const list = await request(srv.url).get('/api/leader/after-sales').set(auth(w.leader));
    expect(list.body.data.map((a: { id: number }) => a.id)).toEqual([ask.body.data.id]);
    const otherLeader = await request(srv.url).post(`/api/leader/after-sales/${ask.body.data.id}/decide`).set(auth(w.otherLeader)).send({ approve: true, note: 'x' });
    expect(otherLeader.status).toBe(403);
    const ok = await request(srv.url).post(`/api/leader/after-sales/${ask.body.data.id}/decide`).set(auth(w.leader)).send({ approve: true, note: '核实属实，退两箱' });
    expect(ok.body.data.status).toBe('approved');
    await runDueJobs(srv);
    const after = (await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]))).body.data;
    expect(after).toMatchObject({ status: 'partially_refunded', refundedFen: 13600, paidFen: 27300 });
    expect(after.items.find((i: { id: number }) => i.id === peachLine.id)).toMatchObject({ refundedQuantity: 2, refundedFen: 13600 });
    expect(after.refunds).toEqual([expect.objectContaining({ reasonKind: 'after_sale', amountFen: 13600, status: 'succeeded' })]);
    // The decision is audited.
    const audit = await srv.container.audit.list({ entity: 'after_sale', entityId: ask.body.data.id });
    expect(audit[0]).toMatchObject({ action: 'after_sale.approve', actorUserId: w.leader.id });

    // Asking for more than is left is refused.
    const tooMuch = await request(srv.url).post(`/api/orders/${o.id}/after-sales`).set(auth(w.neighbours[0]))
      .send({ kind: 'partial', items: [{ orderItemId: peachLine.id, quantity: 2 }], reason: '还有问题' });
    expect(tooMuch.status).toBe(400);
  });

  it('refuses after the 48 h window for fresh goods; a rejection refunds nothing', async () => {
    const o = await pickedUpOrder();
    const ask = await request(srv.url).post(`/api/orders/${o.id}/after-sales`).set(auth(w.neighbours[0])).send({ kind: 'full', reason: '不新鲜' });
    const no = await request(srv.url).post(`/api/admin/after-sales/${ask.body.data.id}/decide`).set(auth(w.admin)).send({ approve: false, note: '照片显示完好' });
    expect(no.body.data).toMatchObject({ status: 'rejected', decisionNote: '照片显示完好' });
    expect((await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]))).body.data.refundedFen).toBe(0);
    srv.clock.advance(49 * HOUR);
    const late = await request(srv.url).post(`/api/orders/${o.id}/after-sales`).set(auth(w.neighbours[0])).send({ kind: 'full', reason: '坏了' });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('RETURN_WINDOW_CLOSED');
  });

  it('a full refund approved by an admin ends the order refunded, and never exceeds what was paid', async () => {
    const o = await pickedUpOrder();
    const ask = await request(srv.url).post(`/api/orders/${o.id}/after-sales`).set(auth(w.neighbours[0])).send({ kind: 'full', reason: '全部变质' });
    expect(ask.body.data.amountFen).toBe(o.paidFen);
    await request(srv.url).post(`/api/admin/after-sales/${ask.body.data.id}/decide`).set(auth(w.admin)).send({ approve: true, note: '全额退' });
    await runDueJobs(srv);
    const after = (await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]))).body.data;
    expect(after).toMatchObject({ status: 'refunded', refundedFen: o.paidFen });
    const [{ total }] = await srv.container.db.select<{ total: number }>('SELECT SUM(amount_fen) AS total FROM refunds WHERE order_id = :id', { id: o.id });
    expect(Number(total)).toBe(o.paidFen);
  });

  it('completes after the return window; an open request holds completion until it is decided', async () => {
    const o = await pickedUpOrder();
    const status = async () => (await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]))).body.data.status;
    const ask = await request(srv.url).post(`/api/orders/${o.id}/after-sales`).set(auth(w.neighbours[0])).send({ kind: 'full', reason: '有坏果' });
    srv.clock.advance(49 * HOUR);
    await runDueJobs(srv);
    expect(await status()).toBe('picked_up');
    await request(srv.url).post(`/api/admin/after-sales/${ask.body.data.id}/decide`).set(auth(w.admin)).send({ approve: false, note: '不符合售后条件' });
    await runDueJobs(srv);
    expect(await status()).toBe('completed');
  });
});
