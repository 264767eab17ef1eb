/**
 * An admin refunds one order: finds it by its order number or id, reads its lines, paid and refunded amounts and
 * what may still be refunded, and refunds part of it through the refund flow, once per Idempotency-Key (a double
 * tap — even two requests at the same instant — records one refund), never more than is refundable, and with a
 * clear 4xx for every bad ask.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, join, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY } from '../../../server/kernel/clock';
import type { AdminOrderDTO, AdminOrderRefundResultDTO } from '../../../shared/types/admin-ops';

describe(`[${testDialect()}] admin: refund of one order`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); });

  /** A confirmed order of 3 peaches at ¥68.00 (¥204.00 paid). */
  async function confirmedOrder() {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 3 }], w.coldPoint);
    srv.clock.advance(DAY + 1000);
    await runDueJobs(srv);
    return o;
  }

  const find = (q: string) => request(srv.url).get('/api/admin/orders').query({ q }).set(auth(w.admin));
  const refund = (orderId: number, body: Record<string, unknown>, key?: string) => {
    const r = request(srv.url).post(`/api/admin/orders/${orderId}/refunds`).set(auth(w.admin));
    return (key ? r.set('Idempotency-Key', key) : r).send(body);
  };
  const refundRows = async (orderId: number) =>
    (await srv.container.db.select<{ id: number; amount_fen: number }>('SELECT id, amount_fen FROM refunds WHERE order_id = :orderId ORDER BY id', { orderId }))
      .map((r) => ({ id: Number(r.id), amountFen: Number(r.amount_fen) }));

  it('finds an order by its order number (as typed: spaces, lower case) or its id, with lines, amounts and the neighbour', async () => {
    const o = await confirmedOrder();
    const [{ order_no: orderNo }] = await srv.container.db.select<{ order_no: string }>('SELECT order_no FROM orders WHERE id = :id', { id: o.id });

    const byNo = await find(` ${orderNo.slice(0, 6).toLowerCase()} ${orderNo.slice(6)} `);
    expect(byNo.status).toBe(200);
    const [found] = byNo.body.data as AdminOrderDTO[];
    expect(found).toMatchObject({
      id: o.id, orderNo, status: 'confirmed', paidFen: 20_400, refundedFen: 0, refundableFen: 20_400,
      neighbourName: w.neighbours[0].name, pickupPoint: { id: w.coldPoint, name: '冷柜店' }, refunds: [],
    });
    expect(found.items).toEqual([expect.objectContaining({ title: expect.stringContaining('水蜜桃'), quantity: 3, unitPriceFen: 6800, refundedQuantity: 0, refundedFen: 0 })]);

    expect(((await find(String(o.id))).body.data as AdminOrderDTO[]).map((x) => x.id)).toEqual([o.id]);
    expect(((await find(`#${o.id}`)).body.data as AdminOrderDTO[]).map((x) => x.id)).toEqual([o.id]);
    expect((await request(srv.url).get(`/api/admin/orders/${o.id}`).set(auth(w.admin))).body.data).toMatchObject({ orderNo, refundableFen: 20_400, neighbourName: w.neighbours[0].name });

    // Nothing by that number: an empty list, not an error.
    expect(await find('L000000NOPE0000')).toMatchObject({ status: 200, body: { data: [] } });
    expect(await find('999999')).toMatchObject({ status: 200, body: { data: [] } });
    // Text that cannot be an order number or id: a 400 that says what to type.
    for (const q of ['订单', 'a b!', 'L1', '0']) {
      const bad = await find(q);
      expect({ q, status: bad.status, code: bad.body.error?.code }).toEqual({ q, status: 400, code: 'INVALID_INPUT' });
      expect(bad.body.error.message).toContain('订单号');
    }
    const empty = await request(srv.url).get('/api/admin/orders').set(auth(w.admin));
    expect({ status: empty.status, code: empty.body.error?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
    // Only admins.
    expect((await request(srv.url).get('/api/admin/orders').query({ q: String(o.id) }).set(auth(w.leader))).status).toBe(403);
    expect((await request(srv.url).get('/api/admin/orders').query({ q: String(o.id) })).status).toBe(401);
  });

  it('refunds part of an order once per Idempotency-Key: a double tap, even at the same instant, refunds once', async () => {
    const o = await confirmedOrder();
    const body = { amountFen: 1250, reason: '桃子压坏了一个' };

    const [a, b] = await Promise.all([refund(o.id, body, 'mp-refund:tap-1:abc'), refund(o.id, body, 'mp-refund:tap-1:abc')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const first = (a.status === 201 ? a : b).body.data as AdminOrderRefundResultDTO;
    const again = (a.status === 201 ? b : a);
    expect(first).toMatchObject({ id: o.id, replayed: false, refundedFen: 1250, refundableFen: 20_400 - 1250, refund: { amountFen: 1250, reasonKind: 'admin', reason: '桃子压坏了一个' } });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data).toMatchObject({ replayed: true, refund: { id: first.refund.id, amountFen: 1250 }, refundedFen: 1250 });
    expect(await refundRows(o.id)).toEqual([{ id: first.refund.id, amountFen: 1250 }]);

    // Later (the answer was lost, the page retries): still the same refund, now settled by the sandbox.
    await runDueJobs(srv);
    const later = await refund(o.id, body, 'mp-refund:tap-1:abc');
    expect(later.status).toBe(200);
    expect(later.body.data).toMatchObject({ replayed: true, refund: { id: first.refund.id, status: 'succeeded', lastError: null } });
    expect(later.body.data.refunds).toEqual([expect.objectContaining({ id: first.refund.id, status: 'succeeded', reason: '桃子压坏了一个' })]);

    // The same key for a different refund is refused, and changes nothing.
    const reused = await refund(o.id, { amountFen: 999, reason: '桃子压坏了一个' }, 'mp-refund:tap-1:abc');
    expect({ status: reused.status, code: reused.body.error?.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    const otherReason = await refund(o.id, { amountFen: 1250, reason: '另一个原因' }, 'mp-refund:tap-1:abc');
    expect(otherReason.status).toBe(409);

    // A new key is a new refund; one audit line per refund recorded.
    expect((await refund(o.id, { amountFen: 750, reason: '再补偿一点' }, 'mp-refund:tap-2:def')).status).toBe(201);
    expect((await refundRows(o.id)).map((r) => r.amountFen)).toEqual([1250, 750]);
    expect((await srv.container.audit.list({ entity: 'order', entityId: o.id })).filter((x) => x.action === 'order.refund')).toHaveLength(2);
    expect((await srv.container.orders.get(o.id)).refundedFen).toBe(2000);
  });

  it('caps the amount by what is refundable, and refunds everything left to the fen', async () => {
    const o = await confirmedOrder();
    expect((await refund(o.id, { amountFen: 400, reason: '少了一个' }, 'k-cap-0001')).status).toBe(201);

    const tooMuch = await refund(o.id, { amountFen: 20_001, reason: '超额退款' }, 'k-cap-0002');
    expect({ status: tooMuch.status, code: tooMuch.body.error?.code }).toEqual({ status: 422, code: 'REFUND_EXCEEDS_PAID' });
    expect(tooMuch.body.error.message).toBe('最多可退 ¥200.00');
    expect(tooMuch.body.error.details).toMatchObject({ remaining: 20_000 });

    const rest = await refund(o.id, { amountFen: 20_000, reason: '整单退款' }, 'k-cap-0003');
    expect(rest.status).toBe(201);
    expect(rest.body.data).toMatchObject({ refundedFen: 20_400, refundableFen: 0 });
    expect(['refunding', 'refunded']).toContain(rest.body.data.status); // the sandbox may have answered already
    await runDueJobs(srv);
    expect((await request(srv.url).get(`/api/admin/orders/${o.id}`).set(auth(w.admin))).body.data).toMatchObject({ status: 'refunded', refundableFen: 0 });

    // Nothing left: a new refund is refused; a repeat of the last one still answers it.
    const more = await refund(o.id, { amountFen: 1, reason: '再退一分' }, 'k-cap-0004');
    expect({ status: more.status, code: more.body.error?.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    expect((await refund(o.id, { amountFen: 20_000, reason: '整单退款' }, 'k-cap-0003')).status).toBe(200);
    expect((await refundRows(o.id)).map((r) => r.amountFen)).toEqual([400, 20_000]);
  });

  it('refuses bad asks with a clear 4xx in the common shape, never a 500', async () => {
    const o = await confirmedOrder();
    const cases: Array<[string, Record<string, unknown>, string | undefined, number, string]> = [
      ['no reason', { amountFen: 100 }, 'k-bad-0001', 400, 'INVALID_INPUT'],
      ['short reason', { amountFen: 100, reason: '退' }, 'k-bad-0002', 400, 'INVALID_INPUT'],
      ['zero', { amountFen: 0, reason: '零元退款' }, 'k-bad-0003', 400, 'INVALID_INPUT'],
      ['fraction of a fen', { amountFen: 12.5, reason: '半分钱' }, 'k-bad-0004', 400, 'INVALID_INPUT'],
      ['yuan as text', { amountFen: '12.50', reason: '文本金额' }, 'k-bad-0005', 400, 'INVALID_INPUT'],
      ['amount and units', { amountFen: 100, items: [{ orderItemId: 1, quantity: 1 }], reason: '两种都填' }, 'k-bad-0006', 400, 'INVALID_INPUT'],
      ['bad key', { amountFen: 100, reason: '钥匙太短' }, 'short', 400, 'INVALID_INPUT'],
      ['bad key characters', { amountFen: 100, reason: '钥匙有空格' }, 'has spaces in it', 400, 'INVALID_INPUT'],
    ];
    for (const [label, body, key, status, code] of cases) {
      const res = await refund(o.id, body, key);
      expect({ label, status: res.status, code: res.body.error?.code, requestId: typeof res.body.error?.requestId }).toEqual({ label, status, code, requestId: 'string' });
    }
    expect((await refund(999_999, { amountFen: 100, reason: '没有这单' }, 'k-bad-0007')).status).toBe(404);
    expect((await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.leader)).set('Idempotency-Key', 'k-bad-0008').send({ amountFen: 100, reason: '团长来退' })).status).toBe(403);

    // An unpaid order has nothing to refund.
    const c = await openCampaign(srv, w, { thresholdValue: 5 });
    const unpaid = await join(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const found = (await find(String(unpaid.body.data.id))).body.data as AdminOrderDTO[];
    expect(found[0]).toMatchObject({ status: 'pending_payment', refundableFen: 0 });
    const res = await refund(unpaid.body.data.id, { amountFen: 100, reason: '未付款' }, 'k-bad-0009');
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    expect(await refundRows(o.id)).toEqual([]);
  });
});
