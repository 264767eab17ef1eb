import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY } from '../../../server/kernel/clock';
import type { PaymentProvider, RefundRequest, RefundResult } from '../../../server/modules/payment';
import { SandboxPaymentProvider } from '../../../server/modules/payment';

/** A sandbox that refuses the next refund, the way a real provider sometimes does (balance, closed account). */
class RefusingSandbox extends SandboxPaymentProvider {
  refuseNext = 0;
  override async refund(req: RefundRequest): Promise<RefundResult> {
    if (this.refuseNext > 0) { this.refuseNext--; return { status: 'failed', providerRefundId: null, message: 'NOT_ENOUGH: 商户余额不足' }; }
    return super.refund(req);
  }
}

describe(`[${testDialect()}] admin refunds`, () => {
  let srv: TestServer;
  let w: World;
  const sandbox = new RefusingSandbox('x'.repeat(40), 300, 'http://localhost');
  beforeAll(async () => { srv = await startTestServer({ adapters: { paymentProviders: { sandbox: sandbox as PaymentProvider } } }); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); });

  async function confirmedOrder() {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 3 }], w.coldPoint);
    srv.clock.advance(DAY + 1000);
    await runDueJobs(srv);
    return o;
  }

  it('refunds part of a confirmed order, then the rest; never more than was paid', async () => {
    const o = await confirmedOrder();
    const part = await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.admin)).send({ amountFen: 1000, reason: '到货少了一点' });
    expect(part.status).toBe(201);
    await runDueJobs(srv);
    let order = (await request(srv.url).get(`/api/admin/orders/${o.id}`).set(auth(w.admin))).body.data;
    expect(order).toMatchObject({ status: 'confirmed', refundedFen: 1000 });
    const tooMuch = await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.admin)).send({ amountFen: 20401, reason: '超额' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('REFUND_EXCEEDS_PAID');
    await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.admin)).send({ reason: '整单退' });
    await runDueJobs(srv);
    order = (await request(srv.url).get(`/api/admin/orders/${o.id}`).set(auth(w.admin))).body.data;
    expect(order).toMatchObject({ status: 'refunded', refundedFen: 20400 });
    expect((await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.admin)).send({ reason: '再退' })).status).toBe(409);
    expect((await srv.container.audit.list({ entity: 'order', entityId: o.id })).map((a) => a.action)).toEqual(['order.refund', 'order.refund']);
  });

  it('a refund the provider refuses is parked as failed, listed for admins, and retried on request', async () => {
    const o = await confirmedOrder();
    sandbox.refuseNext = 1;
    await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.admin)).send({ amountFen: 500, reason: '补偿' });
    await runDueJobs(srv);
    const failed = await request(srv.url).get('/api/admin/refunds?status=failed').set(auth(w.admin));
    expect(failed.body.data).toHaveLength(1);
    const retried = await request(srv.url).post(`/api/admin/refunds/${failed.body.data[0].id}/retry`).set(auth(w.admin));
    expect(retried.status).toBe(200);
    await runDueJobs(srv);
    expect((await srv.container.payments.refund(failed.body.data[0].id))!.status).toBe('succeeded');
  });

  it('only admins may refund', async () => {
    const o = await confirmedOrder();
    expect((await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.leader)).send({ reason: '试试' })).status).toBe(403);
  });
});
