import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, join, joinAndPay, openCampaign, pay, runDueJobs, type World } from '../../helpers/world';
import { DAY } from '../../../server/kernel/clock';

describe(`[${testDialect()}] campaign lifecycle: thresholds, tiers, close, fail, cancel`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 6); });

  const passDeadline = async () => { srv.clock.advance(DAY + 60_000); await runDueJobs(srv); };
  const detail = async (id: number) => (await request(srv.url).get(`/api/campaigns/${id}`)).body.data;
  const order = async (who: { token: string }, id: number) => (await request(srv.url).get(`/api/orders/${id}`).set({ Authorization: `Bearer ${who.token}` })).body.data;

  it('succeeds by distinct paid participants: marked 成团 while open, closed at the deadline, orders confirmed', async () => {
    const c = await openCampaign(srv, w, { thresholdKind: 'participants', thresholdValue: 3 });
    const peach = c.items[0].id;
    const paid = [];
    for (const n of w.neighbours.slice(0, 3)) paid.push(await joinAndPay(srv, n, c.id, [{ campaignItemId: peach, quantity: 1 }], w.coldPoint));
    // One neighbour paying twice is still one participant.
    await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: peach, quantity: 2 }], w.coldPoint);
    let d = await detail(c.id);
    expect(d.status).toBe('open');
    expect(d.succeeded).toBe(true);
    expect(d.progress).toMatchObject({ kind: 'participants', target: 3, current: 3, missing: 0, reached: true, paidQuantity: 5 });
    expect(d.jielong.map((j: { displayName: string; items: string }) => [j.displayName, j.items])).toEqual([
      [w.neighbours[0].name, '水蜜桃×3'], [w.neighbours[1].name, '水蜜桃×1'], [w.neighbours[2].name, '水蜜桃×1'],
    ]);
    await passDeadline();
    d = await detail(c.id);
    expect(d.status).toBe('closed');
    for (const p of paid) expect((await order(w.neighbours[paid.indexOf(p)], p.id)).status).toBe('confirmed');
  });

  it('succeeds by paid quantity', async () => {
    const c = await openCampaign(srv, w, { thresholdKind: 'quantity', thresholdValue: 5 });
    await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 3 }], w.coldPoint);
    expect((await detail(c.id)).succeeded).toBe(false);
    await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    expect((await detail(c.id)).progress).toMatchObject({ kind: 'quantity', current: 5, reached: true });
    await passDeadline();
    expect((await detail(c.id)).status).toBe('closed');
  });

  it('fails below threshold at the deadline and refunds every paid member in full; unpaid orders are cancelled', async () => {
    const c = await openCampaign(srv, w, { thresholdKind: 'participants', thresholdValue: 5 });
    const peach = c.items[0].id;
    const paid = [];
    for (const n of w.neighbours.slice(0, 4)) paid.push({ n, o: await joinAndPay(srv, n, c.id, [{ campaignItemId: peach, quantity: 2 }], w.coldPoint) });
    const unpaid = await join(srv, w.neighbours[4], c.id, [{ campaignItemId: peach, quantity: 1 }], w.coldPoint);
    await passDeadline();
    const d = await detail(c.id);
    expect(d.status).toBe('failed');
    expect(d.succeeded).toBe(false);
    expect(d.progress.paidParticipants).toBe(0);
    expect(d.jielong).toEqual([]);
    for (const { n, o } of paid) {
      const after = await order(n, o.id);
      expect(after.status).toBe('refunded');
      expect(after.refundedFen).toBe(after.paidFen);
      expect(after.refunds).toEqual([expect.objectContaining({ reasonKind: 'campaign_failed', status: 'succeeded', amountFen: 13600 })]);
    }
    // The expiry sweep and the deadline are both due by now: whichever reaches the unpaid order first ends it.
    expect(['cancelled', 'expired']).toContain((await order(w.neighbours[4], unpaid.body.data.id)).status);
    expect(d.items[0]).toMatchObject({ available: 100, sold: 0 });
  });

  it('a campaign past its deadline below threshold is never counted as a success, even if it was 成团 earlier', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 2 });
    const a = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    expect((await detail(c.id)).succeeded).toBe(true);
    const cancel = await request(srv.url).post(`/api/orders/${a.id}/cancel`).set(auth(w.neighbours[0]));
    expect(cancel.body.data.status).toMatch(/refund/);
    expect((await detail(c.id)).succeeded).toBe(false);
    await passDeadline();
    expect((await detail(c.id)).status).toBe('failed');
  });

  it('tiers: everyone pays the lowest tier reached at close; the difference is refunded to the fen', async () => {
    const c = await openCampaign(srv, w, {
      thresholdValue: 2,
      peach: { priceFen: 6800, tiers: [{ minParticipants: 3, priceFen: 6333 }, { minParticipants: 5, priceFen: 5999 }] },
      rice: { priceFen: 6900, tiers: [{ minParticipants: 4, priceFen: 6501 }] },
    });
    const [peach, rice] = c.items.map((i) => i.id);
    const orders = [];
    // The first two pay the base price; the third joins at tier 1; the last two at tier 1 (tier 2 not yet reached when they joined).
    for (const [k, n] of w.neighbours.slice(0, 5).entries()) {
      orders.push({ n, o: await joinAndPay(srv, n, c.id, [{ campaignItemId: peach, quantity: k + 1 }, { campaignItemId: rice, quantity: 1 }], w.coldPoint) });
    }
    const d = await detail(c.id);
    expect(d.items[0].currentPriceFen).toBe(5999);
    expect(d.items[0].tiers.map((t: { current: boolean }) => t.current)).toEqual([false, true]);
    await passDeadline();
    for (const { n, o } of orders) {
      const after = await order(n, o.id);
      expect(after.status).toBe('confirmed');
      const paidFor = after.items.reduce((s: number, i: { unitPriceFen: number; quantity: number }) => s + i.unitPriceFen * i.quantity, 0);
      const owes = after.items.reduce((s: number, i: { finalUnitPriceFen: number; quantity: number }) => s + i.finalUnitPriceFen * i.quantity, 0);
      expect(after.items.map((i: { finalUnitPriceFen: number }) => i.finalUnitPriceFen)).toEqual([5999, 6501]);
      expect(after.paidFen).toBe(paidFor);
      expect(after.refundedFen).toBe(paidFor - owes);
      if (paidFor > owes) expect(after.refunds).toEqual([expect.objectContaining({ reasonKind: 'tier_difference', amountFen: paidFor - owes, status: 'succeeded' })]);
    }
    // The first neighbour paid 6800 + 6900 and ends up paying 5999 + 6501: 801 + 399 back.
    expect((await order(orders[0].n, orders[0].o.id)).refundedFen).toBe(1200);
  });

  it('a leader cancels before success: every paid order is refunded; after success the leader may not cancel', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 3 });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const res = await request(srv.url).post(`/api/leader/campaigns/${c.id}/cancel`).set(auth(w.leader)).send({ reason: '果园遇冰雹，无法供货' });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('cancelled');
    await runDueJobs(srv);
    expect((await order(w.neighbours[0], o.id))).toMatchObject({ status: 'refunded', refundedFen: 6800 });

    const c2 = await openCampaign(srv, w, { thresholdValue: 1 });
    await joinAndPay(srv, w.neighbours[1], c2.id, [{ campaignItemId: c2.items[0].id, quantity: 1 }], w.coldPoint);
    const refused = await request(srv.url).post(`/api/leader/campaigns/${c2.id}/cancel`).set(auth(w.leader)).send({ reason: '不想做了' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(refused.body.error.message).toMatch(/已成团/);
    const other = await request(srv.url).post(`/api/leader/campaigns/${c2.id}/cancel`).set(auth(w.otherLeader)).send({ reason: '试试' });
    expect(other.status).toBe(403);
  });

  it('only the fields allowed in each state may be edited', async () => {
    const c = await openCampaign(srv, w);
    const ok = await request(srv.url).patch(`/api/leader/campaigns/${c.id}`).set(auth(w.leader)).send({ title: '新标题：奉化水蜜桃' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.title).toBe('新标题：奉化水蜜桃');
    const refused = await request(srv.url).patch(`/api/leader/campaigns/${c.id}`).set(auth(w.leader)).send({ thresholdValue: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.refused).toEqual(['thresholdValue']);
  });

  it('a scheduled campaign opens at its start time by its job', async () => {
    const now = srv.clock.now().getTime();
    const body = {
      title: '排期团', thresholdKind: 'participants', thresholdValue: 1,
      startsAt: new Date(now + 3600_000).toISOString(), deadlineAt: new Date(now + DAY).toISOString(),
      pickupStartsAt: new Date(now + 2 * DAY).toISOString(), pickupEndsAt: new Date(now + 3 * DAY).toISOString(),
      items: [{ skuId: w.riceSku, lotId: w.riceLot, priceFen: 5000, stock: 10 }], pickupPointIds: [w.plainPoint],
    };
    const created = await request(srv.url).post('/api/leader/campaigns').set(auth(w.leader)).send(body);
    expect((await request(srv.url).post(`/api/leader/campaigns/${created.body.data.id}/schedule`).set(auth(w.leader))).body.data.status).toBe('scheduled');
    await runDueJobs(srv);
    expect((await detail(created.body.data.id)).status).toBe('scheduled');
    srv.clock.advance(3600_000);
    await runDueJobs(srv);
    expect((await detail(created.body.data.id)).status).toBe('open');
  });

  it('sells out before the deadline and closes early', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1, peach: { stock: 3 } });
    await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    await joinAndPay(srv, w.neighbours[1], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    await runDueJobs(srv);
    expect((await detail(c.id)).status).toBe('closed');
  });

  it('records every transition with its reason', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    await pay(srv, w.neighbours[0], (await join(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint)).body.data.id);
    await passDeadline();
    const inspect = await request(srv.url).get(`/api/leader/campaigns/${c.id}`).set(auth(w.leader));
    expect(inspect.body.data.events.map((e: { fromStatus: string; toStatus: string }) => `${e.fromStatus}→${e.toStatus}`)).toEqual(['draft→open', 'open→open', 'open→closed']);
    expect(inspect.body.data.events[2].reason).toBe('截止时达到成团条件');
  });

  it('the detail carries the start of the 接龙 list and its total; the rest is paged', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 10 });
    for (const n of w.neighbours.slice(0, 5)) await joinAndPay(srv, n, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const d = await detail(c.id);
    expect(d.jielongTotal).toBe(5);
    expect(d.jielong).toHaveLength(5);
    const page = await request(srv.url).get(`/api/campaigns/${c.id}/jielong?offset=2&limit=2`);
    expect(page.body.data.total).toBe(5);
    expect(page.body.data.entries.map((e: { seq: number; displayName: string }) => [e.seq, e.displayName])).toEqual([[3, w.neighbours[2].name], [4, w.neighbours[3].name]]);
    expect((await request(srv.url).get(`/api/campaigns/${c.id}/jielong?limit=0`)).status).toBe(400);
  });
});
