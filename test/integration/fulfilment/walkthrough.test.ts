import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, join, pay, runDueJobs, type Person, type World } from '../../helpers/world';
import { decodePng } from '../../helpers/png';
import { DAY, MINUTE } from '../../../server/kernel/clock';
import { approvedLeader, approvedStore, binary, openPlatformCampaign, recordNotices, type NoticeCall } from './support';

/**
 * Issue 5, end to end over HTTP: a platform campaign help-sold through a new leader's share link, first-touch
 * binding, attribution of each order, close, purchase and sorting lists, shipment, a partial arrival, and
 * pickup verification at the stores — on SQLite and on MariaDB.
 */
describe(`[${testDialect()}] fulfilment walkthrough: from a help-sold share link to verified pickup`, () => {
  let srv: TestServer;
  let w: World;
  let notices: NoticeCall[];
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 4); notices = recordNotices(srv); });

  it('walks one campaign from share link to pickup, with the lists agreeing with the orders', async () => {
    // ── onboarding: a new leader (help-seller) and a new store, both approved by an admin ──
    const helper = await approvedLeader(srv, w, '赵团长');
    const store = await approvedStore(srv, w, '赵记冷柜店');
    expect((await request(srv.url).post('/api/leader/community/pickup-points').set(auth(helper)).send({ pickupPointId: store.pointId })).body.data).toEqual({ attached: true });
    const campaign = await openPlatformCampaign(srv, w, [store.pointId, w.coldPoint]);
    const [peach, rice] = campaign.items;

    // ── share: the help-seller's card, code and poster ──
    const card = (await request(srv.url).get(`/api/leader/share/campaigns/${campaign.id}`).set(auth(helper))).body.data;
    expect(card).toMatchObject({ campaignId: campaign.id, leaderCode: helper.code, path: `pages/campaign/index?id=${campaign.id}&l=${helper.code}`, scene: `c=${campaign.id}&l=${helper.code}` });
    expect(card.scene.length).toBeLessThanOrEqual(32);
    const poster = await request(srv.url).get(card.posterUrl).set(auth(helper)).buffer(true).parse(binary);
    expect(poster.status).toBe(200);
    expect(poster.headers['content-type']).toBe('image/png');
    expect(decodePng(poster.body as Buffer)).toMatchObject({ width: 750, height: 1334 });
    expect((await request(srv.url).get(`/api/share/resolve?scene=${encodeURIComponent(card.scene)}`)).body.data).toMatchObject({ campaignId: campaign.id, leaderCode: helper.code });

    // ── binding and attribution ──
    const [ann, bob, cai, dan] = w.neighbours;
    // Ann opens the help-seller's link first: bound to them. A later link of another leader changes nothing.
    expect((await visit(ann, campaign.id, helper.code)).body.data).toMatchObject({ bound: true, leaderId: helper.leaderId });
    expect((await visit(ann, campaign.id, w.leader.code)).body.data).toMatchObject({ bound: false, binding: { leaderId: helper.leaderId } });
    // Cai opened 王团长's link some days ago and is bound to them.
    expect((await visit(cai, campaign.id, w.leader.code)).body.data.bound).toBe(true);

    const annOrder = await joinPaid(ann, [{ campaignItemId: peach.id, quantity: 2 }, { campaignItemId: rice.id, quantity: 1 }], store.pointId, helper.code);
    const bobOrder = await joinPaid(bob, [{ campaignItemId: peach.id, quantity: 1 }], store.pointId, helper.code); // Bob: unbound, came via the link: bound at join
    const caiOrder = await joinPaid(cai, [{ campaignItemId: rice.id, quantity: 3 }], store.pointId); // no link: his binding decides
    const danOrder = await joinPaid(dan, [{ campaignItemId: peach.id, quantity: 1 }], w.coldPoint); // no link, no binding, no owner
    const attribution = async (id: number) => (await srv.container.orders.get(id));
    expect(await attribution(annOrder)).toMatchObject({ leaderId: helper.leaderId, attribution: 'share' });
    expect(await attribution(bobOrder)).toMatchObject({ leaderId: helper.leaderId, attribution: 'share' });
    expect(await attribution(caiOrder)).toMatchObject({ leaderId: w.leader.leaderId, attribution: 'binding' });
    expect(await attribution(danOrder)).toMatchObject({ leaderId: null, attribution: 'none' });
    expect((await request(srv.url).get('/api/share/binding').set(auth(bob))).body.data).toMatchObject({ leaderId: helper.leaderId, leaderCode: helper.code });

    // The help-seller sees the orders attributed to them, and not Cai's.
    const mine = (await request(srv.url).get('/api/leader/orders').set(auth(helper))).body.data;
    expect(mine.map((o: { id: number }) => o.id).sort()).toEqual([annOrder, bobOrder].sort());
    expect((await request(srv.url).get(`/api/leader/orders/${caiOrder}`).set(auth(helper))).status).toBe(403);

    // ── close ──
    srv.clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    expect((await srv.container.campaigns.get(campaign.id)).status).toBe('closed');

    // ── lists: purchase list = sorting lists = paid order items ──
    const prepared = await request(srv.url).post(`/api/admin/fulfilment/campaigns/${campaign.id}/prepare`).set(auth(w.admin));
    expect(prepared.status).toBe(200);
    expect(prepared.body.data.map((s: { pickupPointId: number; expectedOrders: number }) => [s.pickupPointId, s.expectedOrders]).sort()).toEqual([[store.pointId, 3], [w.coldPoint, 1]].sort());
    const purchase = (await request(srv.url).get(`/api/admin/fulfilment/campaigns/${campaign.id}/purchase-list`).set(auth(w.admin))).body.data;
    const sortingStore = (await request(srv.url).get(`/api/pickup/points/${store.pointId}/campaigns/${campaign.id}/sorting-list`).set(auth(store))).body.data;
    const sortingCold = (await request(srv.url).get(`/api/admin/fulfilment/campaigns/${campaign.id}/sorting-lists/${w.coldPoint}`).set(auth(w.admin))).body.data;
    const paidItems = await srv.container.db.select<{ skuId: number; q: number }>(
      `SELECT oi.sku_id AS skuId, SUM(oi.quantity) AS q FROM order_items oi JOIN orders o ON o.id = oi.order_id
        WHERE o.campaign_id = :id AND o.paid_at IS NOT NULL GROUP BY oi.sku_id ORDER BY oi.sku_id`, { id: campaign.id });
    const paidBySku = Object.fromEntries(paidItems.map((r) => [Number(r.skuId), Number(r.q)]));
    const purchaseBySku: Record<number, number> = {};
    for (const g of purchase.suppliers) for (const l of g.lines) purchaseBySku[l.skuId] = (purchaseBySku[l.skuId] ?? 0) + l.quantity;
    const sortingBySku: Record<number, number> = {};
    for (const s of [sortingStore, sortingCold]) for (const t of s.totals) sortingBySku[t.skuId] = (sortingBySku[t.skuId] ?? 0) + t.quantity;
    expect(paidBySku).toEqual({ [w.peachSku]: 4, [w.riceSku]: 4 });
    expect(purchaseBySku).toEqual(paidBySku);
    expect(sortingBySku).toEqual(paidBySku);
    expect(purchase.totalQuantity).toBe(8);
    expect(purchase.suppliers[0].lines[0]).toMatchObject({ lotCode: expect.any(String), origin: expect.any(String) });
    expect(sortingStore.entries.map((e: { neighbour: string; codeTail: string }) => [e.neighbour, e.codeTail.length])).toEqual([[ann.name, 3], [bob.name, 3], [cai.name, 3]]);
    const csv = await request(srv.url).get(`/api/admin/fulfilment/campaigns/${campaign.id}/purchase-list.csv`).set(auth(w.admin));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\uFEFF供应商,SKU,商品')).toBe(true);
    expect(csv.text).toContain('合计');
    const html = await request(srv.url).get(`/api/pickup/points/${store.pointId}/campaigns/${campaign.id}/sorting-list.html`).set(auth(store));
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain(ann.name);
    const sortCsv = await request(srv.url).get(`/api/admin/fulfilment/campaigns/${campaign.id}/sorting-lists/${store.pointId}/csv`).set(auth(w.admin));
    expect(sortCsv.text.split('\n').filter(Boolean)).toHaveLength(1 + 4 + 2); // header, 4 item lines, 2 totals

    // ── shipment per pickup point ──
    const shipStore = await request(srv.url).post(`/api/admin/fulfilment/campaigns/${campaign.id}/shipments/${store.pointId}/ship`).set(auth(w.admin));
    expect(shipStore.body.data).toMatchObject({ status: 'shipped', expectedOrders: 3 });
    expect((await srv.container.campaigns.get(campaign.id)).status).toBe('fulfilling');
    expect((await request(srv.url).post(`/api/admin/fulfilment/campaigns/${campaign.id}/shipments/${store.pointId}/ship`).set(auth(w.admin))).body.data.status).toBe('shipped'); // again: no change
    await request(srv.url).post(`/api/admin/fulfilment/campaigns/${campaign.id}/shipments/${w.coldPoint}/ship`).set(auth(w.admin)).expect(200);
    expect((await request(srv.url).get(`/api/orders/${annOrder}`).set(auth(ann))).body.data).toMatchObject({ status: 'shipped', pickupCode: null });

    // ── partial arrival at the new store: Cai's rice is missing ──
    const shipments = (await request(srv.url).get(`/api/pickup/points/${store.pointId}/shipments`).set(auth(store))).body.data;
    expect(shipments).toHaveLength(1);
    const partialNoNote = await request(srv.url).post(`/api/pickup/shipments/${shipments[0].id}/arrival`).set(auth(store)).send({ arrivedOrderIds: [annOrder, bobOrder] });
    expect(partialNoNote.status).toBe(400);
    const arrived = await request(srv.url).post(`/api/pickup/shipments/${shipments[0].id}/arrival`).set(auth(store)).send({ arrivedOrderIds: [annOrder, bobOrder], note: '蔡先生的大米 3 袋未到' });
    expect(arrived.status).toBe(200);
    expect(arrived.body.data).toMatchObject({ shipment: { status: 'partially_arrived', arrivedOrders: 2, missingNote: '蔡先生的大米 3 袋未到' }, readyOrderIds: [annOrder, bobOrder] });
    expect(notices.filter((n) => n.hook === 'goodsArrived').map((n) => [n.args[2], n.args[3], n.args[4]])).toEqual([[store.pointId, [annOrder, bobOrder], '蔡先生的大米 3 袋未到']]);
    const annView = (await request(srv.url).get(`/api/orders/${annOrder}`).set(auth(ann))).body.data;
    expect(annView.status).toBe('ready_for_pickup');
    expect(annView.pickupCode).toMatch(/^[A-Z2-9]{8}$/);
    expect((await request(srv.url).get(`/api/orders/${caiOrder}`).set(auth(cai))).body.data).toMatchObject({ status: 'shipped', pickupCode: null });
    const codeView = (await request(srv.url).get(`/api/orders/${annOrder}/pickup-code`).set(auth(ann))).body.data;
    expect(codeView.code.replace('-', '')).toBe(annView.pickupCode);
    const qr = await request(srv.url).get(`/api/orders/${annOrder}/pickup-code.png`).set(auth(ann)).buffer(true).parse(binary);
    expect(qr.headers['content-type']).toBe('image/png');
    expect(decodePng(qr.body as Buffer).width).toBeGreaterThan(100);
    expect((await request(srv.url).get(`/api/orders/${annOrder}/pickup-code.png`).set(auth(bob))).status).toBe(404); // not Bob's order
    expect((await request(srv.url).get(`/api/orders/${caiOrder}/pickup-code`).set(auth(cai))).status).toBe(409); // not arrived yet

    // ── pending pickups and authorisation between stores ──
    const pending = (await request(srv.url).get(`/api/pickup/points/${store.pointId}/orders`).set(auth(store))).body.data;
    expect(pending.map((o: { id: number; pickupCode: string | null }) => [o.id, o.pickupCode])).toEqual([[annOrder, null], [bobOrder, null]]);
    expect((await request(srv.url).get(`/api/pickup/points/${w.coldPoint}/orders`).set(auth(store))).status).toBe(403);
    expect((await request(srv.url).get(`/api/pickup/orders/${danOrder}`).set(auth(store))).status).toBe(403);
    const worldStore = { ...w.storeOwner };
    expect((await request(srv.url).get(`/api/pickup/points/${store.pointId}/orders`).set(auth(worldStore))).status).toBe(403);

    // ── verification: not at another store, once at the right one, never twice ──
    const elsewhere = await request(srv.url).post(`/api/pickup/points/${w.coldPoint}/verify`).set(auth(worldStore)).send({ code: annView.pickupCode });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe('PICKUP_CODE_INVALID');
    const typed = `${annView.pickupCode.slice(0, 4).toLowerCase()}-${annView.pickupCode.slice(4)}`;
    const ok = await request(srv.url).post(`/api/pickup/points/${store.pointId}/verify`).set(auth(store)).send({ code: typed });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ id: annOrder, status: 'picked_up', neighbour: ann.name, pickupCode: null });
    const again = await request(srv.url).post(`/api/pickup/points/${store.pointId}/verify`).set(auth(store)).send({ code: annView.pickupCode });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PICKUP_CODE_USED');
    expect((await request(srv.url).get(`/api/orders/${annOrder}`).set(auth(ann))).body.data).toMatchObject({ status: 'picked_up', actions: expect.arrayContaining(['after_sale']) });

    // ── the rest arrives; the cold store's shipment arrives in full ──
    const rest = await request(srv.url).post(`/api/pickup/shipments/${shipments[0].id}/arrival`).set(auth(store)).send({});
    expect(rest.body.data).toMatchObject({ shipment: { status: 'arrived', arrivedOrders: 3 }, readyOrderIds: [caiOrder] });
    const coldShipment = (await request(srv.url).get(`/api/pickup/points/${w.coldPoint}/shipments`).set(auth(worldStore))).body.data[0];
    await request(srv.url).post(`/api/pickup/shipments/${coldShipment.id}/arrival`).set(auth(store)).send({}).expect(403); // not their store
    await request(srv.url).post(`/api/pickup/shipments/${coldShipment.id}/arrival`).set(auth(worldStore)).send({}).expect(200);
    for (const [who, id, point, owner] of [[bob, bobOrder, store.pointId, store], [cai, caiOrder, store.pointId, store], [dan, danOrder, w.coldPoint, worldStore]] as const) {
      const code = (await request(srv.url).get(`/api/orders/${id}`).set(auth(who))).body.data.pickupCode;
      await request(srv.url).post(`/api/pickup/points/${point}/verify`).set(auth(owner)).send({ code }).expect(200);
    }

    // ── the return window passes: orders complete, and with them the campaign ──
    srv.clock.advance(8 * DAY);
    await runDueJobs(srv);
    for (const id of [annOrder, bobOrder, caiOrder, danOrder]) expect((await srv.container.orders.get(id)).status).toBe('completed');
    srv.clock.advance(16 * MINUTE);
    await runDueJobs(srv);
    expect((await srv.container.campaigns.get(campaign.id)).status).toBe('completed');
  }, 180_000);

  function visit(who: Person, campaignId: number, leaderCode: string) {
    return request(srv.url).post('/api/share/visit').set(auth(who)).send({ campaignId, leaderCode });
  }

  async function joinPaid(who: Person, lines: Array<{ campaignItemId: number; quantity: number }>, pointId: number, leaderCode?: string): Promise<number> {
    const j = await join(srv, who, 0 + (await currentCampaignId()), lines, pointId, undefined, leaderCode ? { leaderCode } : {});
    if (j.status !== 201) throw new Error(`join failed: ${j.status} ${JSON.stringify(j.body)}`);
    return (await pay(srv, who, j.body.data.id)).id;
  }

  async function currentCampaignId(): Promise<number> {
    const [row] = await srv.container.db.select<{ id: number }>("SELECT id FROM campaigns WHERE status = 'open' ORDER BY id DESC LIMIT 1");
    return Number(row.id);
  }
});
