import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, join, joinAndPay, newKey, openCampaign, pay, runDueJobs, type World } from '../../helpers/world';
import { MINUTE } from '../../../server/kernel/clock';

describe(`[${testDialect()}] joining: idempotency, stock, limits, expiry, cancellation, payments`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 4); });

  const detail = async (id: number) => (await request(srv.url).get(`/api/campaigns/${id}`)).body.data;
  const counters = async (campaignId: number) => {
    const [row] = await srv.container.db.select<{ reserved: number; sold: number }>(
      'SELECT SUM(reserved) AS reserved, SUM(sold) AS sold FROM campaign_items WHERE campaign_id = :campaignId', { campaignId });
    const [held] = await srv.container.db.select<{ q: number }>(
      `SELECT COALESCE(SUM(oi.quantity), 0) AS q FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.campaign_id = :campaignId AND o.status IN ('pending_payment','paid','confirmed')`, { campaignId });
    return { reserved: Number(row.reserved), sold: Number(row.sold), held: Number(held.q) };
  };

  it('the same Idempotency-Key and body return the same order; another body is a 409', async () => {
    const c = await openCampaign(srv, w);
    const key = newKey();
    const first = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint, key);
    expect(first.status).toBe(201);
    const again = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint, key);
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(first.body.data.id);
    const other = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 3 }], w.coldPoint, key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await counters(c.id)).reserved).toBe(2);
    // Concurrent retries of one key make one order.
    const key2 = newKey();
    const burst = await Promise.all(Array.from({ length: 8 }, () => join(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint, key2)));
    expect(new Set(burst.map((r) => r.body.data.id)).size).toBe(1);
    expect((await counters(c.id)).reserved).toBe(3);
  });

  it('refuses a join without an Idempotency-Key, bad quantities and unknown items with a clear 4xx', async () => {
    const c = await openCampaign(srv, w);
    const noKey = await request(srv.url).post(`/api/campaigns/${c.id}/orders`).set(auth(w.neighbours[0])).send({ items: [{ campaignItemId: c.items[0].id, quantity: 1 }], pickupPointId: w.coldPoint });
    expect(noKey.status).toBe(400);
    expect((await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 0 }], w.coldPoint)).status).toBe(400);
    expect((await join(srv, w.neighbours[0], c.id, [{ campaignItemId: 99999, quantity: 1 }], w.coldPoint)).status).toBe(404);
    expect((await join(srv, w.neighbours[0], 99999, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint)).status).toBe(404);
    expect((await counters(c.id)).reserved).toBe(0);
  });

  it('the last unit goes to exactly one of two buyers at once', async () => {
    const c = await openCampaign(srv, w, { peach: { stock: 1 } });
    const [a, b] = await Promise.all(w.neighbours.slice(0, 2).map((n) => join(srv, n, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint)));
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toBe('SOLD_OUT');
    expect(await counters(c.id)).toEqual({ reserved: 1, sold: 0, held: 1 });
  });

  it('enforces the per-person limit across orders', async () => {
    const c = await openCampaign(srv, w, { peach: { perPersonLimit: 3 } });
    expect((await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint)).status).toBe(201);
    const over = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 3, held: 2 } });
    expect((await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint)).status).toBe(201);
  });

  it('refuses a pickup point the campaign does not allow, and chilled goods to a point without cold storage', async () => {
    const c = await openCampaign(srv, w, { rice: { stock: 10 }, pickupPointIds: [w.coldPoint, w.plainPoint] });
    const cold = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.plainPoint);
    expect(cold.status).toBe(422);
    expect(cold.body.error.code).toBe('COLD_CHAIN_REQUIRED');
    expect((await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[1].id, quantity: 1 }], w.plainPoint)).status).toBe(201);
    const onlyCold = await openCampaign(srv, w, { pickupPointIds: [w.coldPoint] });
    const notAllowed = await join(srv, w.neighbours[1], onlyCold.id, [{ campaignItemId: onlyCold.items[0].id, quantity: 1 }], w.plainPoint);
    expect(notAllowed.status).toBe(422);
    expect(notAllowed.body.error.code).toBe('PICKUP_POINT_NOT_ALLOWED');
  });

  it('an unpaid order expires after 15 minutes and its stock returns; only paid orders count', async () => {
    const c = await openCampaign(srv, w, { peach: { stock: 5 } });
    const j = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 5 }], w.coldPoint);
    expect((await detail(c.id)).items[0].available).toBe(0);
    expect((await detail(c.id)).progress.paidParticipants).toBe(0);
    srv.clock.advance(14 * MINUTE);
    await runDueJobs(srv);
    expect((await detail(c.id)).items[0].available).toBe(0);
    srv.clock.advance(2 * MINUTE);
    await runDueJobs(srv);
    const o = await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(w.neighbours[0]));
    expect(o.body.data.status).toBe('expired');
    expect((await detail(c.id)).items[0].available).toBe(5);
    // Paying an expired order is refused.
    const late = await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(w.neighbours[0]));
    expect(late.status).toBe(409);
  });

  it('cancelling: an unpaid order releases stock; a paid one is refunded while open and leaves the 接龙 list', async () => {
    const c = await openCampaign(srv, w);
    const unpaid = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 4 }], w.coldPoint);
    const cancelled = await request(srv.url).post(`/api/orders/${unpaid.body.data.id}/cancel`).set(auth(w.neighbours[0]));
    expect(cancelled.body.data.status).toBe('cancelled');
    expect((await counters(c.id)).reserved).toBe(0);

    const paid = await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    expect((await detail(c.id)).jielong).toHaveLength(1);
    const res = await request(srv.url).post(`/api/orders/${paid.id}/cancel`).set(auth(w.neighbours[1]));
    expect(res.status).toBe(200);
    await runDueJobs(srv);
    const after = await request(srv.url).get(`/api/orders/${paid.id}`).set(auth(w.neighbours[1]));
    expect(after.body.data).toMatchObject({ status: 'refunded', refundedFen: 13600 });
    const d = await detail(c.id);
    expect(d.jielong).toEqual([]);
    expect(d.progress.paidParticipants).toBe(0);
    expect(await counters(c.id)).toEqual({ reserved: 0, sold: 0, held: 0 });
    // Someone else's order is not yours to cancel.
    const mine = await joinAndPay(srv, w.neighbours[2], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    expect((await request(srv.url).post(`/api/orders/${mine.id}/cancel`).set(auth(w.neighbours[3]))).status).toBe(404);
  });

  it('a duplicate payment notification changes nothing; a failed payment leaves the order payable', async () => {
    const c = await openCampaign(srv, w);
    const j = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const failed = await pay(srv, w.neighbours[0], j.body.data.id, 'fail');
    expect(failed.status).toBe('pending_payment');
    const p = await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(w.neighbours[0]));
    const provider = srv.container.paymentProvider('sandbox') as import('../../../server/modules/payment').SandboxPaymentProvider;
    const signed = provider.sign({ outTradeNo: p.body.data.outTradeNo, result: 'SUCCESS', amountFen: 6800, transactionId: 'tx-dup-1' }, srv.clock.now());
    const rc = { actor: { kind: 'system' as const, name: 't' }, requestId: 't', now: srv.clock.now() };
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await srv.container.flows.payment.receive(rc, 'sandbox', signed));
    expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate']);
    const d = await detail(c.id);
    expect(d.progress).toMatchObject({ paidParticipants: 1, paidQuantity: 1 });
    expect(d.items[0].sold).toBe(1);
  });

  it('a forged or stale notification is refused and changes nothing', async () => {
    const c = await openCampaign(srv, w);
    const j = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const p = await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(w.neighbours[0]));
    const provider = srv.container.paymentProvider('sandbox') as import('../../../server/modules/payment').SandboxPaymentProvider;
    const rc = { actor: { kind: 'system' as const, name: 't' }, requestId: 't', now: srv.clock.now() };
    const good = provider.sign({ outTradeNo: p.body.data.outTradeNo, result: 'SUCCESS', amountFen: 6800, transactionId: 'tx-1' }, srv.clock.now());
    const forged = { headers: good.headers, rawBody: good.rawBody.replace('6800', '1') };
    await expect(srv.container.flows.payment.receive(rc, 'sandbox', forged)).rejects.toMatchObject({ reason: 'bad_signature' });
    const stale = provider.sign({ outTradeNo: p.body.data.outTradeNo, result: 'SUCCESS', amountFen: 6800, transactionId: 'tx-1' }, new Date(srv.clock.now().getTime() - 10 * MINUTE));
    await expect(srv.container.flows.payment.receive(rc, 'sandbox', stale)).rejects.toMatchObject({ reason: 'stale_timestamp' });
    const wrongAmount = provider.sign({ outTradeNo: p.body.data.outTradeNo, result: 'SUCCESS', amountFen: 1, transactionId: 'tx-1' }, srv.clock.now());
    await expect(srv.container.flows.payment.receive(rc, 'sandbox', wrongAmount)).rejects.toMatchObject({ code: 'CONFLICT' });
    const o = await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(w.neighbours[0]));
    expect(o.body.data).toMatchObject({ status: 'pending_payment', paidFen: 0 });
  });

  it('a payment that arrives after the order expired is refunded in full automatically', async () => {
    const c = await openCampaign(srv, w);
    const j = await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const p = await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(w.neighbours[0]));
    srv.clock.advance(16 * MINUTE);
    await runDueJobs(srv);
    const done = await request(srv.url).post(`/api/payments/sandbox/${p.body.data.outTradeNo}`).set(auth(w.neighbours[0])).send({ result: 'success' });
    expect(done.body.data.outcome).toBe('late_refunded');
    await runDueJobs(srv);
    const o = await request(srv.url).get(`/api/orders/${j.body.data.id}`).set(auth(w.neighbours[0]));
    expect(o.body.data).toMatchObject({ status: 'expired', paidFen: 6800, refundedFen: 6800 });
    expect(o.body.data.refunds[0]).toMatchObject({ reasonKind: 'late_payment', status: 'succeeded' });
    expect((await detail(c.id)).progress.paidParticipants).toBe(0);
  });

  it('neighbours only see their own orders', async () => {
    const c = await openCampaign(srv, w);
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    expect((await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[1]))).status).toBe(404);
    expect((await request(srv.url).get('/api/orders').set(auth(w.neighbours[1]))).body.data).toEqual([]);
    expect((await request(srv.url).get('/api/orders').set(auth(w.neighbours[0]))).body.data).toHaveLength(1);
  });

  it('joins through a share link at once by one unbound neighbour: every order made, one binding, no 500', async () => {
    const c = await openCampaign(srv, w);
    const burst = await Promise.all(Array.from({ length: 4 }, () =>
      join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint, newKey(), { leaderCode: w.otherLeader.code })));
    expect(burst.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const [{ n }] = await srv.container.db.select<{ n: number }>('SELECT COUNT(*) AS n FROM leader_bindings WHERE user_id = :u', { u: w.neighbours[0].id });
    expect(Number(n)).toBe(1);
    const [{ leaders }] = await srv.container.db.select<{ leaders: number }>('SELECT COUNT(DISTINCT leader_id) AS leaders FROM orders WHERE user_id = :u', { u: w.neighbours[0].id });
    expect(Number(leaders)).toBe(1);
  });
});
