/**
 * Why a refund failed: the admin's refund list (and the order's refunds) carry the reason the payment provider
 * gave when it refused a refund, as the server stored it; a retry that succeeds clears it.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY } from '../../../server/kernel/clock';
import { SandboxPaymentProvider, type PaymentProvider, type RefundRequest, type RefundResult } from '../../../server/modules/payment';
import type { AdminOrderDTO, AdminRefundDTO } from '../../../shared/types/admin-ops';

/** A sandbox that refuses the next refunds with the given messages, as WeChat Pay does (balance, account). */
class RefusingSandbox extends SandboxPaymentProvider {
  refusals: string[] = [];
  override async refund(req: RefundRequest): Promise<RefundResult> {
    const message = this.refusals.shift();
    if (message) return { status: 'failed', providerRefundId: null, message };
    return super.refund(req);
  }
}

describe(`[${testDialect()}] admin: why a refund failed`, () => {
  let srv: TestServer;
  let w: World;
  const sandbox = new RefusingSandbox('x'.repeat(40), 300, 'http://localhost');
  beforeAll(async () => { srv = await startTestServer({ adapters: { paymentProviders: { sandbox: sandbox as PaymentProvider } } }); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); sandbox.refusals = []; });

  /** The request kicks the provider right after commit; wait for that answer before the jobs run (no double ask). */
  const answered = async (refundId: number) => {
    for (let i = 0; i < 100; i++) {
      const r = await srv.container.payments.refund(refundId);
      if (r && r.status !== 'pending' && r.status !== 'processing') break;
      await new Promise((res) => setTimeout(res, 20));
    }
    await runDueJobs(srv);
  };

  const list = async (status: string) => {
    const res = await request(srv.url).get('/api/admin/refunds').query({ status }).set(auth(w.admin));
    expect(res.status).toBe(200);
    return res.body.data as AdminRefundDTO[];
  };

  it('lists a refused refund with the provider\'s reason; a retry that succeeds clears it', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    srv.clock.advance(DAY + 1000);
    await runDueJobs(srv);

    sandbox.refusals = ['NOT_ENOUGH: 商户余额不足'];
    const asked = await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.admin)).set('Idempotency-Key', 'k-refused-001').send({ amountFen: 500, reason: '物流延误补偿' });
    expect(asked.status).toBe(201);
    await answered(asked.body.data.refund.id);

    const [failed] = await list('failed');
    expect(failed).toMatchObject({ orderId: o.id, amountFen: 500, status: 'failed', reason: '物流延误补偿', lastError: 'NOT_ENOUGH: 商户余额不足', attempts: 1 });
    // The order's refunds say the same.
    const order = (await request(srv.url).get(`/api/admin/orders/${o.id}`).set(auth(w.admin))).body.data as AdminOrderDTO;
    expect(order.refunds).toEqual([expect.objectContaining({ id: failed.id, status: 'failed', lastError: 'NOT_ENOUGH: 商户余额不足' })]);

    // Refused again on the retry: the newest reason shows.
    sandbox.refusals = ['USER_ACCOUNT_ABNORMAL: 退款请求失败，用户帐号注销'];
    const retried = await request(srv.url).post(`/api/admin/refunds/${failed.id}/retry`).set(auth(w.admin));
    expect(retried.status).toBe(200);
    await answered(failed.id);
    expect((await list('failed')).map((r) => [r.id, r.lastError, r.attempts])).toEqual([[failed.id, 'USER_ACCOUNT_ABNORMAL: 退款请求失败，用户帐号注销', 2]]);

    // Accepted at last: no longer failed, and no reason left on it.
    const again = await request(srv.url).post(`/api/admin/refunds/${failed.id}/retry`).set(auth(w.admin));
    expect(again.status).toBe(200);
    expect(again.body.data).toHaveProperty('lastError');
    await answered(failed.id);
    expect(await list('failed')).toEqual([]);
    expect((await list('succeeded')).find((r) => r.id === failed.id)).toMatchObject({ status: 'succeeded', lastError: null });
  });

  it('a refund that never failed has no reason', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o = await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    srv.clock.advance(DAY + 1000);
    await runDueJobs(srv);
    expect((await request(srv.url).post(`/api/admin/orders/${o.id}/refunds`).set(auth(w.admin)).send({ amountFen: 100, reason: '小额补偿' })).status).toBe(201);
    await runDueJobs(srv);
    expect(await list('succeeded')).toEqual([expect.objectContaining({ orderId: o.id, lastError: null })]);
    const bad = await request(srv.url).get('/api/admin/refunds').query({ status: 'refused' }).set(auth(w.admin));
    expect({ status: bad.status, code: bad.body.error?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
  });
});
