/**
 * Payment notifications for one campaign arriving together are applied in one transaction (a batch), each still
 * decided on its own: a neighbour paying two orders in one batch, a duplicate notification, a failed payment, a
 * wrong amount and a payment for an order cancelled meanwhile, all at once. Afterwards the counters equal the
 * rows, the 接龙 list is in order of payment, 成团 is recorded once, and every paid order has its message.
 */
import request from 'supertest';
import { systemContext } from '../../../server/kernel/context';
import type { PaymentNotification } from '../../../server/modules/payment';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, makeNeighbours, newKey, openCampaign, type Person, type World } from '../../helpers/world';

describe(`[${testDialect()}] payment notifications applied in batches`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 0); });

  async function joinToPay(c: { id: number; items: Array<{ id: number }> }, who: Person, quantity: number) {
    const j = await request(srv.url).post(`/api/campaigns/${c.id}/orders`).set(auth(who)).set('Idempotency-Key', newKey())
      .send({ items: [{ campaignItemId: c.items[0].id, quantity }], pickupPointId: w.coldPoint });
    expect(j.status).toBe(201);
    const p = await request(srv.url).post(`/api/orders/${j.body.data.id}/pay`).set(auth(who));
    expect(p.status).toBe(200);
    return { orderId: j.body.data.id as number, outTradeNo: p.body.data.outTradeNo as string, amountFen: p.body.data.amountFen as number };
  }

  const note = (o: { outTradeNo: string; amountFen: number }, k: number, over: Partial<PaymentNotification> = {}): PaymentNotification =>
    ({ outTradeNo: o.outTradeNo, transactionId: `T${k}`, tradeState: 'SUCCESS', amountFen: o.amountFen, paidAt: null, raw: '{}', ...over });

  it('decides each notification on its own, and writes the batch once', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 4, peach: { stock: 1000 } });
    const ns = await makeNeighbours(srv, 8, w.communityId, '批量');
    const twice = [await joinToPay(c, ns[0], 1), await joinToPay(c, ns[0], 2)]; // one neighbour, two orders
    const payers = [twice[0], twice[1], ...(await Promise.all(ns.slice(1, 5).map((n) => joinToPay(c, n, 1))))];
    const failing = await joinToPay(c, ns[5], 1);
    const wrongAmount = await joinToPay(c, ns[6], 1);
    const cancelled = await joinToPay(c, ns[7], 1);
    expect((await request(srv.url).post(`/api/orders/${cancelled.orderId}/cancel`).set(auth(ns[7]))).status).toBe(200);

    // Count the campaign's lock: one per batch transaction.
    let locks = 0;
    const lock = srv.container.campaigns.lock.bind(srv.container.campaigns);
    srv.container.campaigns.lock = (...args) => { locks += 1; return lock(...args); };
    const rc = systemContext('test', srv.clock.now());
    const notes = [
      ...payers.map((o, k) => note(o, k)),
      note(payers[2], 99), // the provider notifies twice
      note(failing, 100, { tradeState: 'PAYERROR' }),
      note(wrongAmount, 101, { amountFen: wrongAmount.amountFen - 1 }),
      note(cancelled, 102),
    ];
    const outcomes = await Promise.allSettled(notes.map((n) => srv.container.flows.payment.apply(rc, n)));
    srv.container.campaigns.lock = lock;

    const value = (k: number) => (outcomes[k].status === 'fulfilled' ? (outcomes[k] as PromiseFulfilledResult<string>).value : `rejected: ${(outcomes[k] as PromiseRejectedResult).reason}`);
    // Six orders paid; the twice-notified one is applied once (whichever came first) and a duplicate once.
    expect(payers.map((_, k) => value(k === 2 ? (value(2) === 'applied' ? 2 : payers.length) : k))).toEqual(payers.map(() => 'applied'));
    expect([value(2), value(payers.length)].sort()).toEqual(['applied', 'duplicate']);
    expect(value(payers.length + 1)).toBe('failed_recorded');
    expect((outcomes[payers.length + 2] as PromiseRejectedResult).reason?.code).toBe('CONFLICT');
    expect(value(payers.length + 3)).toBe('late_refunded');
    expect(locks).toBeLessThan(payers.length + 1); // batched: fewer transactions than payments applied

    const one = async <T extends object>(sql: string, params: Record<string, unknown> = {}) => (await srv.container.db.select<T>(sql, { id: c.id, ...params }))[0];
    const cmp = await one<{ p: number; q: number; s: Date | null }>('SELECT paid_participants AS p, paid_quantity AS q, succeeded_at AS s FROM campaigns WHERE id = :id');
    expect(Number(cmp.p)).toBe(5);
    expect(Number(cmp.q)).toBe(1 + 2 + 4);
    expect(cmp.s).not.toBeNull();
    const item = await one<{ sold: number }>('SELECT sold FROM campaign_items WHERE id = :itemId', { itemId: c.items[0].id });
    expect(Number(item.sold)).toBe(7);
    const mine = await one<{ orders: number; q: number }>('SELECT paid_orders AS orders, paid_quantity AS q FROM campaign_participants WHERE campaign_id = :id AND user_id = :u', { u: ns[0].id });
    expect([Number(mine.orders), Number(mine.q)]).toEqual([2, 3]);
    const reached = await one<{ n: number }>("SELECT COUNT(*) AS n FROM campaign_events WHERE campaign_id = :id AND reason = '达到成团条件（成团）'");
    expect(Number(reached.n)).toBe(1);
    const messages = await one<{ n: number }>("SELECT COUNT(*) AS n FROM outbox_messages WHERE campaign_id = :id AND topic = 'paid'");
    expect(Number(messages.n)).toBe(payers.length);
    const statuses = await srv.container.db.select<{ id: number; status: string }>('SELECT id, status FROM orders WHERE campaign_id = :id ORDER BY id', { id: c.id });
    const statusOf = new Map(statuses.map((r) => [Number(r.id), r.status]));
    expect(payers.map((o) => statusOf.get(o.orderId))).toEqual(payers.map(() => 'paid'));
    expect([statusOf.get(failing.orderId), statusOf.get(wrongAmount.orderId)]).toEqual(['pending_payment', 'pending_payment']);
    // Every paid order has its rates snapshotted (the ledger needs them at 成团).
    const unsnapped = await one<{ n: number }>("SELECT COUNT(*) AS n FROM orders WHERE campaign_id = :id AND status = 'paid' AND pickup_fee_fen IS NULL");
    expect(Number(unsnapped.n)).toBe(0);

    // The 接龙 list: five neighbours, each once, numbered without gaps.
    const d = (await request(srv.url).get(`/api/campaigns/${c.id}`)).body.data;
    expect(d.jielongTotal).toBe(5);
    expect(d.jielong.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
