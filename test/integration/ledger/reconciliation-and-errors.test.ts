/**
 * The reconciliation report is a check, not a restatement: an order whose money does not close is listed.
 * And bad input to the settlement API gets a clear 4xx in the common error shape, changing nothing.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, makePerson, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY, MINUTE } from '../../../server/kernel/clock';
import { pickUp, runSettlement } from './support';

describe(`[${testDialect()}] reconciliation report and settlement API errors`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); });

  const period = () => `from=${new Date(srv.clock.now().getTime() - 30 * DAY).toISOString()}&to=${new Date(srv.clock.now().getTime() + DAY).toISOString()}`;

  it('lists an order whose money does not close, and only that one', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o1 = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    const o2 = await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    let r = (await request(srv.url).get(`/api/admin/reconciliation?${period()}`).set(auth(w.admin))).body.data;
    expect(r).toMatchObject({ orderCount: 2, balanced: true, unbalanced: [], paidFen: 20_400, heldFen: 0 });
    expect(r.paidFen).toBe(r.refundedFen + r.supplierFen + r.leaderFen + r.pickupFen + r.platformFen);

    // A fen that appears from nowhere (here: written behind the ledger's back) is caught.
    await srv.container.db.execute('UPDATE orders SET refunded_fen = refunded_fen + 1 WHERE id = :id', { id: o2.id });
    r = (await request(srv.url).get(`/api/admin/reconciliation?${period()}`).set(auth(w.admin))).body.data;
    expect(r.balanced).toBe(false);
    expect(r.unbalanced).toEqual([expect.objectContaining({ orderId: o2.id, balanced: false, heldFen: -1 })]);
    const one = (await request(srv.url).get(`/api/admin/reconciliation/orders/${o1.id}`).set(auth(w.admin))).body.data;
    expect(one).toMatchObject({ balanced: true, heldFen: 0 });
    expect(one.entries.every((e: { bucket: string; entryType: string }) => e.bucket === 'pending' && e.entryType === 'accrual')).toBe(true);
    await srv.container.db.execute('UPDATE orders SET refunded_fen = refunded_fen - 1 WHERE id = :id', { id: o2.id });
  });

  it('keeps the rule an order was paid with, even when a new version takes effect before 成团', async () => {
    await request(srv.url).post('/api/admin/commission-rules').set(auth(w.admin)).send({ leaderBps: 1000, pickupFeeFen: 100 }).expect(201);
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await request(srv.url).post('/api/admin/commission-rules').set(auth(w.admin)).send({ leaderBps: 2000, pickupFeeFen: 300 }).expect(201);
    const rules = (await request(srv.url).get('/api/admin/commission-rules').set(auth(w.admin))).body.data;
    expect(rules.map((x: { version: number; inForce: boolean }) => [x.version, x.inForce])).toEqual([[1, false], [2, true]]);
    const later = await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    expect((await request(srv.url).get(`/api/admin/reconciliation/orders/${o.id}`).set(auth(w.admin))).body.data).toMatchObject({ leaderFen: 680, pickupFen: 100 });
    expect((await request(srv.url).get(`/api/admin/reconciliation/orders/${later.id}`).set(auth(w.admin))).body.data).toMatchObject({ leaderFen: 1360, pickupFen: 300 });
  });

  it('answers bad input with 4xx in the common shape', async () => {
    const admin = auth(w.admin);
    const expectError = async (res: request.Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
    };
    await expectError(await request(srv.url).post('/api/admin/settlement/runs').set(admin).send({ cycleKey: 'week 47!' }), 400, 'INVALID_INPUT');
    await expectError(await request(srv.url).post('/api/admin/commission-rules').set(admin).send({ leaderBps: 12_000, pickupFeeFen: 100 }), 400, 'INVALID_INPUT');
    await expectError(await request(srv.url).post('/api/admin/commission-rules').set(admin).send({ leaderBps: 100, pickupFeeFen: 1.5 }), 400, 'INVALID_INPUT');
    await expectError(await request(srv.url).post('/api/admin/statements/999/approve').set(admin), 404, 'NOT_FOUND');
    await expectError(await request(srv.url).get('/api/admin/statements/999/lines').set(admin), 404, 'NOT_FOUND');
    await expectError(await request(srv.url).get('/api/admin/statements?status=lost').set(admin), 400, 'INVALID_INPUT');
    await expectError(await request(srv.url).get('/api/admin/reconciliation?from=yesterday&to=today').set(admin), 400, 'INVALID_INPUT');
    await expectError(await request(srv.url).get('/api/admin/reconciliation/orders/999').set(admin), 404, 'NOT_FOUND');

    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    await pickUp(srv, o.id);
    srv.clock.advance(3 * DAY);
    await runDueJobs(srv);
    const run = await runSettlement(srv, w.admin, 'week-1');
    const s = run.statements.find((x) => x.beneficiaryKind === 'leader')!;
    await expectError(await request(srv.url).post(`/api/admin/statements/${s.id}/void`).set(admin).send({ reason: '作废' }), 409, 'ILLEGAL_TRANSITION');
    await expectError(await request(srv.url).post(`/api/admin/statements/${s.id}/void`).set(admin).send({ reason: 'x' }), 400, 'INVALID_INPUT');
    await expectError(await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(admin).send({ method: 'manual', reference: 'R1' }), 409, 'ILLEGAL_TRANSITION');
    await request(srv.url).post(`/api/admin/statements/${s.id}/approve`).set(admin).expect(200);
    await expectError(await request(srv.url).post(`/api/admin/statements/${s.id}/approve`).set(admin), 409, 'ILLEGAL_TRANSITION');
    await expectError(await request(srv.url).post(`/api/admin/statements/${s.id}/payouts/refresh`).set(admin), 400, 'INVALID_INPUT');
    await expectError(await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(admin).send({ method: 'wechat' }), 409, 'ILLEGAL_TRANSITION'); // not configured here
    expect((await request(srv.url).get(`/api/admin/statements/${s.id}`).set(admin)).body.data).toMatchObject({ status: 'approved', payouts: [] });

    // Roles: leaders and stores see only their own; neighbours nothing.
    await expectError(await request(srv.url).post('/api/admin/settlement/runs').set(auth(w.leader)).send({}), 403, 'FORBIDDEN');
    await expectError(await request(srv.url).get('/api/pickup/earnings').set(auth(w.neighbours[0])), 403, 'FORBIDDEN');
    const stranger = await makePerson(srv, '新团长', ['leader'], w.communityId); // the role, but no leader profile yet
    await expectError(await request(srv.url).get('/api/leader/earnings').set(auth(stranger)), 404, 'NOT_FOUND');
    const storeStatement = run.statements.find((x) => x.beneficiaryKind === 'pickup_point')!;
    expect((await request(srv.url).get(`/api/pickup/earnings/statements/${storeStatement.id}`).set(auth(w.storeOwner))).status).toBe(200);
    await expectError(await request(srv.url).get(`/api/pickup/earnings/statements/${s.id}`).set(auth(w.storeOwner)), 404, 'NOT_FOUND');
  });
});
