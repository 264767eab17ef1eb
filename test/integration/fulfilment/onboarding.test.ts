import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, makePerson, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY, MINUTE } from '../../../server/kernel/clock';
import { recordNotices, refreshed } from './support';

describe(`[${testDialect()}] leaders, stores, bindings and uncollected orders`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer({ config: { leaders: { bindingExpiryDays: 2 } } }); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 3); });

  const application = { name: '孙团长', phone: '13600001111', communityName: '翠苑一区', city: '杭州', address: '翠苑路 1 号' };

  it('a leader applies, is rejected with a reason, applies again and is approved into a new community', async () => {
    const p = await makePerson(srv, '孙女士', ['neighbour']);
    const bad = await request(srv.url).post('/api/leader/applications').set(auth(p)).send({ ...application, phone: 'x' });
    expect(bad.status).toBe(400);
    const applied = await request(srv.url).post('/api/leader/applications').set(auth(p)).send(application);
    expect(applied.status).toBe(201);
    expect(applied.body.data).toMatchObject({ status: 'pending', code: expect.stringMatching(/^[A-Z2-9]{6}$/) });
    expect((await request(srv.url).post('/api/leader/applications').set(auth(p)).send(application)).status).toBe(409); // pending already
    const id = applied.body.data.id;
    expect((await request(srv.url).post(`/api/admin/leader-applications/${id}/approve`).set(auth(w.leader)).send({})).status).toBe(403);
    const pending = (await request(srv.url).get('/api/admin/leader-applications').set(auth(w.admin))).body.data;
    expect(pending.map((a: { id: number }) => a.id)).toEqual([id]);

    const rejected = await request(srv.url).post(`/api/admin/leader-applications/${id}/reject`).set(auth(w.admin)).send({ reason: '地址不详' });
    expect(rejected.body.data).toMatchObject({ status: 'rejected', rejectReason: '地址不详' });
    expect((await request(srv.url).post(`/api/admin/leader-applications/${id}/approve`).set(auth(w.admin)).send({})).status).toBe(409);
    expect((await request(srv.url).get('/api/leader/applications/mine').set(auth(p))).body.data).toMatchObject({ status: 'rejected', rejectReason: '地址不详' });

    const again = await request(srv.url).post('/api/leader/applications').set(auth(p)).send({ ...application, address: '翠苑路 1 号 5 幢 2 单元' });
    expect(again.body.data).toMatchObject({ id, status: 'pending', rejectReason: null });
    const approved = await request(srv.url).post(`/api/admin/leader-applications/${id}/approve`).set(auth(w.admin)).send({});
    expect(approved.body.data).toMatchObject({ status: 'approved', communityId: expect.any(Number) });
    const community = await srv.container.community.community(approved.body.data.communityId);
    expect(community).toMatchObject({ name: '翠苑一区', city: '杭州' });

    // The role travels in the token: the old one still says neighbour, a refreshed one says leader.
    expect((await request(srv.url).get('/api/leader/community').set(auth(p))).status).toBe(403);
    const leader = await refreshed(srv, p);
    expect((await request(srv.url).get('/api/leader/community').set(auth(leader))).body.data).toMatchObject({ community: { name: '翠苑一区' }, pickupPoints: [] });
    const audit = (await srv.container.audit.list({ entity: 'leader', entityId: id })).map((a) => a.action).reverse();
    expect(audit).toEqual(['leader.apply', 'leader.reject', 'leader.apply', 'leader.approve']);
  });

  it('a second applicant for the same community joins it rather than creating another', async () => {
    const ids = [];
    for (const name of ['甲', '乙']) {
      const p = await makePerson(srv, name, ['neighbour']);
      const a = await request(srv.url).post('/api/leader/applications').set(auth(p)).send({ ...application, name: `${name}团长` });
      ids.push((await request(srv.url).post(`/api/admin/leader-applications/${a.body.data.id}/approve`).set(auth(w.admin)).send({})).body.data.communityId);
    }
    expect(ids[0]).toBe(ids[1]);
  });

  it('a store registers, is rejected, resubmits, is approved; leaders attach only approved points', async () => {
    const owner = await makePerson(srv, '周老板', ['neighbour']);
    const point = { name: '周记水果店', address: '测试路 9 号', hours: '08:00-20:00', capacity: 80, coldStorage: false, contactName: '周', contactPhone: '13500001111' };
    const reg = await request(srv.url).post('/api/pickup/points').set(auth(owner)).send(point);
    expect(reg.status).toBe(201);
    const id = reg.body.data.id;
    const attachPending = await request(srv.url).post('/api/leader/community/pickup-points').set(auth(w.leader)).send({ pickupPointId: id });
    expect(attachPending.status).toBe(422);
    await request(srv.url).post(`/api/admin/pickup-points/${id}/reject`).set(auth(w.admin)).send({ reason: '营业执照不清晰' }).expect(200);
    expect((await request(srv.url).put(`/api/pickup/points/${id}`).set(auth(w.storeOwner)).send(point)).status).toBe(403); // not theirs
    const resubmitted = await request(srv.url).put(`/api/pickup/points/${id}`).set(auth(owner)).send({ ...point, coldStorage: true });
    expect(resubmitted.body.data).toMatchObject({ status: 'pending', coldStorage: true, rejectReason: null });
    const ok = await request(srv.url).post(`/api/admin/pickup-points/${id}/approve`).set(auth(w.admin)).send({ feeFen: 120 });
    expect(ok.body.data).toMatchObject({ status: 'approved', feeFen: 120 });
    expect((await srv.container.identity.rolesOf(owner.id))).toContain('pickup');
    expect((await request(srv.url).post('/api/leader/community/pickup-points').set(auth(w.leader)).send({ pickupPointId: id })).body.data).toEqual({ attached: true });
    expect((await request(srv.url).post('/api/leader/community/pickup-points').set(auth(w.leader)).send({ pickupPointId: id })).body.data).toEqual({ attached: false });
    const mine = (await request(srv.url).get('/api/leader/community').set(auth(w.leader))).body.data;
    expect(mine.pickupPoints.map((p: { id: number }) => p.id)).toContain(id);
    // The new point is now one a campaign of this leader may use.
    expect((await request(srv.url).get('/api/leader/pickup-points').set(auth(w.leader))).body.data.map((p: { id: number }) => p.id)).toContain(id);
    expect((await request(srv.url).delete(`/api/leader/community/pickup-points/${id}`).set(auth(w.leader))).body.data).toEqual({ detached: true });
  });

  it('first-touch binding lasts the configured days; after it expires the next link binds afresh', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1, deadlineInMs: 5 * DAY });
    const n = w.neighbours[0];
    const visit = (code: string) => request(srv.url).post('/api/share/visit').set(auth(n)).send({ campaignId: c.id, leaderCode: code });
    expect((await visit(w.leader.code)).body.data).toMatchObject({ bound: true, leaderId: w.leader.leaderId });
    expect((await visit(w.otherLeader.code)).body.data.bound).toBe(false);
    expect((await visit('NOPE99')).status).toBe(404);
    srv.clock.advance(2 * DAY + MINUTE);
    expect((await request(srv.url).get('/api/share/binding').set(auth(n))).body.data).toBeNull();
    // An order without a link now goes to the campaign's owner; a new link binds to its leader.
    const o = await joinAndPay(srv, n, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    expect(await srv.container.orders.get(o.id)).toMatchObject({ attribution: 'owner', leaderId: w.leader.leaderId });
    expect((await visit(w.otherLeader.code)).body.data).toMatchObject({ bound: true, leaderId: w.otherLeader.leaderId });
  });

  it('a leader shares only their own or platform campaigns', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    expect((await request(srv.url).get(`/api/leader/share/campaigns/${c.id}`).set(auth(w.otherLeader))).status).toBe(403);
    expect((await request(srv.url).get(`/api/leader/share/campaigns/${c.id}`).set(auth(w.leader))).status).toBe(200);
    expect((await request(srv.url).get('/api/share/resolve?scene=bogus')).status).toBe(400);
  });

  it('after the pickup window an admin refunds an uncollected order or holds it until a date', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 1 });
    const [a, b] = w.neighbours;
    const oa = await joinAndPay(srv, a, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const ob = await joinAndPay(srv, b, c.id, [{ campaignItemId: c.items[0].id, quantity: 2 }], w.coldPoint);
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    await request(srv.url).post(`/api/leader/fulfilment/campaigns/${c.id}/shipments/${w.coldPoint}/ship`).set(auth(w.leader)).expect(200);
    const [shipment] = (await request(srv.url).get(`/api/pickup/points/${w.coldPoint}/shipments`).set(auth(w.storeOwner))).body.data;
    await request(srv.url).post(`/api/pickup/shipments/${shipment.id}/arrival`).set(auth(w.storeOwner)).send({ arrivedOrderIds: [oa.id], note: '少了一箱' }).expect(200);

    expect((await request(srv.url).get('/api/admin/uncollected').set(auth(w.admin))).body.data).toEqual([]); // window still open
    expect((await request(srv.url).post(`/api/admin/uncollected/${oa.id}/decision`).set(auth(w.admin)).send({ decision: 'refund', reason: '未取' })).status).toBe(422);
    // Reminders for what is waiting at the store (the bot turns them into group and personal messages).
    const notices = recordNotices(srv);
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    expect(notices.filter((n) => n.hook === 'pickupReminder').map((n) => n.args[2])).toEqual([[oa.id]]);
    srv.clock.advance(2 * DAY);
    const list = (await request(srv.url).get('/api/admin/uncollected').set(auth(w.admin))).body.data;
    expect(list.map((o: { orderId: number; status: string }) => [o.orderId, o.status])).toEqual([[oa.id, 'ready_for_pickup'], [ob.id, 'shipped']]);

    const held = await request(srv.url).post(`/api/admin/uncollected/${oa.id}/decision`).set(auth(w.admin)).send({ decision: 'hold', reason: '邻居出差，周末来取', holdUntil: new Date(srv.clock.now().getTime() + 2 * DAY).toISOString() });
    expect(held.status).toBe(200);
    const refunded = await request(srv.url).post(`/api/admin/uncollected/${ob.id}/decision`).set(auth(w.admin)).send({ decision: 'refund', reason: '货未到齐，退款' });
    expect(refunded.status).toBe(200);
    await runDueJobs(srv);
    expect(await srv.container.orders.get(ob.id)).toMatchObject({ status: 'refunded', refundedFen: ob.paidFen });
    expect((await srv.container.payments.refundsFor([ob.id])).map((r) => r.reasonKind)).toEqual(['short_arrival']);
    expect((await request(srv.url).get('/api/admin/uncollected').set(auth(w.admin))).body.data).toEqual([]);
    srv.clock.advance(2 * DAY + MINUTE);
    expect((await request(srv.url).get('/api/admin/uncollected').set(auth(w.admin))).body.data.map((o: { orderId: number }) => o.orderId)).toEqual([oa.id]);
    expect((await request(srv.url).get('/api/admin/uncollected').set(auth(w.leader))).status).toBe(403);
  });
});
