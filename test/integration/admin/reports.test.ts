/**
 * The admin's overview report against a known world, to the fen: orders paid on two Shanghai days (one just after
 * local midnight, still the previous day in UTC), a campaign that succeeds and one that fails (refunded), a
 * partial admin refund; distinct buyers over the range; the money split equal to the ledger's reconciliation.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { MINUTE } from '../../../server/kernel/clock';
import type { ReportOverviewDTO } from '../../../shared/types/admin-reports';

describe(`[${testDialect()}] admin reports`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => {
    await srv.reset();
    srv.clock.set(Date.parse('2026-11-22T02:00:00Z')); // 10:00 in Shanghai
    w = await buildWorld(srv, 4);
  });

  const overview = async (qs: string) => (await request(srv.url).get(`/api/admin/reports/overview?${qs}`).set(auth(w.admin)).expect(200)).body.data as ReportOverviewDTO;

  it('adds up per Shanghai day, to the fen, and splits the money as the ledger does', async () => {
    const [n0, n1, n2] = w.neighbours;
    const peach = await openCampaign(srv, w, { thresholdValue: 1 }); // succeeds
    const rice = await openCampaign(srv, w, { peach: null, rice: { priceFen: 6900 }, thresholdValue: 5 }); // fails
    await joinAndPay(srv, n0, peach.id, [{ campaignItemId: peach.items[0].id, quantity: 2 }], w.coldPoint); // 13,600
    const o1 = await joinAndPay(srv, n1, peach.id, [{ campaignItemId: peach.items[0].id, quantity: 1 }], w.coldPoint); // 6,800
    await joinAndPay(srv, n2, rice.id, [{ campaignItemId: rice.items[0].id, quantity: 1 }], w.coldPoint); // 6,900
    srv.clock.set(Date.parse('2026-11-22T16:30:00Z')); // 00:30 on the 23rd in Shanghai, still the 22nd in UTC
    await joinAndPay(srv, n0, peach.id, [{ campaignItemId: peach.items[0].id, quantity: 1 }], w.coldPoint); // 6,800
    srv.clock.set(Date.parse('2026-11-23T02:00:00Z') + MINUTE); // past both deadlines
    await runDueJobs(srv); // peach closes 成团; rice fails and its order is refunded (6,900)
    await request(srv.url).post(`/api/admin/orders/${o1.id}/refunds`).set(auth(w.admin)).send({ amountFen: 1000, reason: '到货少了一个' }).expect(201);
    await runDueJobs(srv);

    const r = await overview('from=2026-11-22&to=2026-11-23');
    expect(r).toMatchObject({ from: '2026-11-22', to: '2026-11-23', timeZone: 'Asia/Shanghai' });
    expect(r.days).toEqual([
      { day: '2026-11-22', paidFen: 27_300, refundedFen: 0, paidOrders: 3, buyers: 3, campaignsSucceeded: 0, campaignsFailed: 0 },
      { day: '2026-11-23', paidFen: 6_800, refundedFen: 7_900, paidOrders: 1, buyers: 1, campaignsSucceeded: 1, campaignsFailed: 1 },
    ]);
    expect(r.totals).toEqual({
      paidFen: 34_100, refundedFen: 7_900, netFen: 26_200, paidOrders: 4, buyers: 3,
      campaignsSucceeded: 1, campaignsFailed: 1, campaignsCancelled: 0, successRateBps: 5000,
    });
    expect(r.topCampaigns).toEqual([
      { id: peach.id, title: '测试团购', gmvFen: 27_200, paidOrders: 3, units: 4 },
      { id: rice.id, title: '测试团购', gmvFen: 6_900, paidOrders: 1, units: 1 },
    ]);
    expect(r.topProducts.map((p) => [p.title, p.gmvFen, p.paidOrders, p.units])).toEqual([['水蜜桃', 27_200, 3, 4], ['大米', 6_900, 1, 1]]);

    // The money of the orders paid in the range, as the ledger's reconciliation has it for the same instants.
    const rec = await srv.container.commission.reports.reconcilePeriod(new Date('2026-11-21T16:00:00Z'), new Date('2026-11-23T16:00:00Z'));
    expect(r.money).toEqual({
      orderCount: 4, paidFen: 34_100, refundedFen: 7_900, supplierFen: rec.supplierFen, leaderFen: rec.leaderFen, pickupFen: rec.pickupFen,
      platformFen: rec.platformFen, heldFen: 0, balanced: true,
    });
    expect(r.money.leaderFen).toBeGreaterThan(0);
    expect(r.money.paidFen).toBe(r.money.refundedFen + r.money.supplierFen + r.money.leaderFen + r.money.pickupFen + r.money.platformFen);

    // One day alone; a range with nothing in it is all zeros.
    expect((await overview('from=2026-11-23&to=2026-11-23')).totals).toMatchObject({ paidFen: 6_800, refundedFen: 7_900, buyers: 1 });
    const empty = await overview('from=2026-10-01&to=2026-10-03');
    expect(empty.days.map((d) => d.paidFen + d.paidOrders + d.refundedFen)).toEqual([0, 0, 0]);
    expect(empty.totals.successRateBps).toBeNull();
    expect(empty.money).toMatchObject({ orderCount: 0, paidFen: 0, balanced: true });
  });

  it('defaults to the 7 days ending today in Shanghai, and refuses bad ranges and other roles', async () => {
    srv.clock.set(Date.parse('2026-11-22T17:00:00Z')); // 01:00 on the 23rd in Shanghai
    const r = await overview('');
    expect(r.days.map((d) => d.day)).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    const bad = async (qs: string, message: RegExp) => {
      const res = await request(srv.url).get(`/api/admin/reports/overview?${qs}`).set(auth(w.admin));
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
      expect(res.body.error.message).toMatch(message);
    };
    await bad('from=2026-11-23&to=2026-11-22', /开始日期不能晚于结束日期/);
    await bad('from=2026-01-01&to=2026-11-22', /最多查看 92 天/);
    await bad('from=2026-02-30&to=2026-03-01', /有效的日期/);
    await bad('from=yesterday', /YYYY-MM-DD/);
    const leader = await request(srv.url).get('/api/admin/reports/overview').set(auth(w.leader));
    expect({ status: leader.status, code: leader.body.error.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });
});
