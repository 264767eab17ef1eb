/**
 * A realistic stretch of weeks, through the real server over HTTP: two leaders, three stores, tiers, a
 * neighbour cancelling, a failed campaign, an after-sale refund, a goodwill refund, the scheduled weekly
 * settlement, approvals and manual payouts, a refund that lowers an approved statement (payout refused until
 * netted), and a late refund that reverses an already settled and paid commission and carries a negative
 * balance forward into later statements. Exports are checked against the API.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, join, joinAndPay, makePerson, runDueJobs, type Person, type World } from '../../helpers/world';
import { DAY, HOUR, MINUTE, ManualClock } from '../../../server/kernel/clock';
import { CommunityPickupPointModel, PickupPointModel } from '../../../server/modules/pickup/pickup.model';
import { BooksChecker, adminRefund, parseCsv, pickUp, runSettlement, type StatementJson } from './support';

// Monday 2026-11-23 09:00 in Shanghai. The weekly run is Monday 03:00 Shanghai = Sunday 19:00 UTC.
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0);
const WEEK1_RUN = Date.UTC(2026, 10, 29, 19, 0, 0);
const WEEK2_RUN = WEEK1_RUN + 7 * DAY;
const WEEK3_RUN = WEEK2_RUN + 7 * DAY;

describe(`[${testDialect()}] settlement: a realistic week and the weeks after`, () => {
  let srv: TestServer;
  let w: World;
  let zhao: Person;
  let zhaoPoint: number;
  let books: BooksChecker;

  beforeAll(async () => {
    // Sessions outlive the three weeks the test clock travels.
    srv = await startTestServer({ clock: new ManualClock(T0), config: { auth: { tokenTtlSeconds: 60 * 24 * 3600 } } });
    w = await buildWorld(srv, 8);
    books = new BooksChecker(srv);
    zhao = await makePerson(srv, '赵姐', ['pickup'], w.communityId);
    const now = srv.clock.now();
    const p = await PickupPointModel.create({
      ownerUserId: zhao.id, name: '赵姐便利店', address: '翠苑路 2 号', hours: '7-22', capacity: 80, coldStorage: true, contactName: '赵', contactPhone: '137',
      feeFen: 150, status: 'approved', createdAt: now, updatedAt: now,
    });
    zhaoPoint = p.id;
    await CommunityPickupPointModel.create({ communityId: w.communityId, pickupPointId: zhaoPoint, createdAt: now });
  });
  afterAll(async () => { await srv.close(); });

  const admin = () => auth(w.admin);
  const n = (i: number) => w.neighbours[i];

  async function campaign(leader: Person, spec: { peach?: { priceFen: number; bps?: number; tiers?: Array<{ minParticipants: number; priceFen: number }> }; rice?: { priceFen: number }; threshold: number; points: number[] }) {
    const now = srv.clock.now().getTime();
    const items = [];
    if (spec.peach) items.push({ skuId: w.peachSku, lotId: w.peachLot, priceFen: spec.peach.priceFen, stock: 100, perPersonLimit: null, tiers: spec.peach.tiers ?? [], leaderCommissionBps: spec.peach.bps ?? null });
    if (spec.rice) items.push({ skuId: w.riceSku, lotId: w.riceLot, priceFen: spec.rice.priceFen, stock: 100, perPersonLimit: null, tiers: [] });
    const created = await request(srv.url).post('/api/leader/campaigns').set(auth(leader)).send({
      title: '周末鲜果团', description: 'x', thresholdKind: 'participants', thresholdValue: spec.threshold,
      startsAt: new Date(now - HOUR).toISOString(), deadlineAt: new Date(now + DAY).toISOString(),
      pickupStartsAt: new Date(now + DAY + HOUR).toISOString(), pickupEndsAt: new Date(now + 4 * DAY).toISOString(), items, pickupPointIds: spec.points,
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const opened = await request(srv.url).post(`/api/leader/campaigns/${created.body.data.id}/open`).set(auth(leader));
    expect(opened.status).toBe(200);
    return opened.body.data as { id: number; items: Array<{ id: number; skuId: number }> };
  }
  const itemOf = (c: { items: Array<{ id: number; skuId: number }> }, sku: number) => c.items.find((i) => i.skuId === sku)!.id;
  const statementOf = (list: StatementJson[], kind: string, id: number) => list.find((s) => s.beneficiaryKind === kind && s.beneficiaryId === id);
  const reconcile = async (orderId: number) => (await request(srv.url).get(`/api/admin/reconciliation/orders/${orderId}`).set(admin())).body.data;

  it('settles the week, nets late refunds, carries a negative balance forward, and the exports match the API', async () => {
    // --- the rule in force ---------------------------------------------------------------------------------
    const rule = await request(srv.url).post('/api/admin/commission-rules').set(admin()).send({ leaderBps: 1000, pickupFeeFen: 100 });
    expect(rule.status).toBe(201);
    expect(rule.body.data.version).toBe(1);
    const back = await request(srv.url).post('/api/admin/commission-rules').set(admin()).send({ leaderBps: 900, pickupFeeFen: 100, effectiveFrom: new Date(T0 - DAY).toISOString() });
    expect(back.status).toBe(400); // no retroactive rules
    expect(back.body.error.code).toBe('INVALID_INPUT');

    // --- Monday: three campaigns -----------------------------------------------------------------------------
    const A = await campaign(w.leader, { peach: { priceFen: 6800, tiers: [{ minParticipants: 3, priceFen: 6000 }] }, threshold: 2, points: [w.coldPoint, zhaoPoint] });
    const B = await campaign(w.otherLeader, { rice: { priceFen: 6900 }, threshold: 3, points: [w.plainPoint] });
    const C = await campaign(w.otherLeader, { peach: { priceFen: 6800, bps: 1500 }, rice: { priceFen: 6900 }, threshold: 1, points: [zhaoPoint] });
    const a0 = await joinAndPay(srv, n(0), A.id, [{ campaignItemId: itemOf(A, w.peachSku), quantity: 2 }], w.coldPoint);
    const a1 = await joinAndPay(srv, n(1), A.id, [{ campaignItemId: itemOf(A, w.peachSku), quantity: 1 }], zhaoPoint, { leaderCode: w.otherLeader.code });
    const a2 = await joinAndPay(srv, n(2), A.id, [{ campaignItemId: itemOf(A, w.peachSku), quantity: 3 }], w.coldPoint);
    const a3 = await joinAndPay(srv, n(3), A.id, [{ campaignItemId: itemOf(A, w.peachSku), quantity: 1 }], w.coldPoint);
    expect((await request(srv.url).post(`/api/orders/${a3.id}/cancel`).set(auth(n(3)))).status).toBe(200); // changed their mind while open
    const b4 = await joinAndPay(srv, n(4), B.id, [{ campaignItemId: itemOf(B, w.riceSku), quantity: 1 }], w.plainPoint);
    const b5 = await joinAndPay(srv, n(5), B.id, [{ campaignItemId: itemOf(B, w.riceSku), quantity: 2 }], w.plainPoint);
    const c6 = await joinAndPay(srv, n(6), C.id, [{ campaignItemId: itemOf(C, w.peachSku), quantity: 1 }, { campaignItemId: itemOf(C, w.riceSku), quantity: 2 }], zhaoPoint);
    const unpaid = await join(srv, n(7), A.id, [{ campaignItemId: itemOf(A, w.peachSku), quantity: 1 }], w.coldPoint); // never paid
    expect(unpaid.status).toBe(201);
    expect((await srv.container.orders.get(a1.id)).leaderId).toBe(w.otherLeader.leaderId);
    await runDueJobs(srv);
    await books.check('monday');
    // Paid orders of open campaigns are held, not allocated.
    expect(await reconcile(a0.id)).toMatchObject({ paidFen: 13_600, heldFen: 13_600, leaderFen: 0, balanced: true });

    // --- Tuesday: deadlines. A succeeds with the 3-person tier, B fails, C succeeds ------------------------
    srv.clock.set(T0 + DAY + MINUTE);
    await runDueJobs(srv);
    await books.check('tuesday');
    expect(await reconcile(a0.id)).toMatchObject({ refundedFen: 1600, heldFen: 0, supplierFen: 8000, leaderFen: 1200, pickupFen: 100, platformFen: 13_600 - 1600 - 8000 - 1200 - 100 });
    for (const o of [b4, b5]) expect(await reconcile(o.id)).toMatchObject({ paidFen: o.paidFen, refundedFen: o.paidFen, leaderFen: 0, supplierFen: 0, platformFen: 0, balanced: true });
    expect(await reconcile(a3.id)).toMatchObject({ paidFen: a3.paidFen, refundedFen: a3.paidFen, leaderFen: 0, balanced: true });

    // --- Wednesday: pickups; an after-sale refund of one bad peach; a goodwill refund ------------------------
    srv.clock.set(T0 + 2 * DAY);
    for (const o of [a0, a1, a2, c6]) await pickUp(srv, o.id);
    const peachLine = (await srv.container.orders.repo.items([a0.id])).find((i) => i.skuId === w.peachSku)!;
    const ask = await request(srv.url).post(`/api/orders/${a0.id}/after-sales`).set(auth(n(0))).send({ kind: 'partial', items: [{ orderItemId: peachLine.id, quantity: 1 }], reason: '一箱压坏了', photos: [] });
    expect(ask.status).toBe(201);
    expect((await request(srv.url).post(`/api/leader/after-sales/${ask.body.data.id}/decide`).set(auth(w.leader)).send({ approve: true, note: '属实' })).status).toBe(200);
    await adminRefund(srv, w.admin, a2.id, { amountFen: 500, reason: '配送延误补偿' });
    await runDueJobs(srv);
    await books.check('wednesday');
    expect(await reconcile(a0.id)).toMatchObject({ refundedFen: 1600 + 6000, supplierFen: 4000, leaderFen: 600, pickupFen: 100, balanced: true });

    // --- Friday: return windows over, orders complete, commissions released ----------------------------------
    srv.clock.set(T0 + 4 * DAY + 2 * HOUR);
    await runDueJobs(srv);
    for (const o of [a0, a1, a2, c6]) expect(['completed']).toContain((await srv.container.orders.get(o.id)).status);
    await books.check('friday');

    // --- Monday 03:00: the scheduled weekly run ----------------------------------------------------------------
    srv.clock.set(WEEK1_RUN + MINUTE);
    await runDueJobs(srv);
    const runs = (await request(srv.url).get('/api/admin/settlement/runs').set(admin())).body.data;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ cycleKey: 'auto-20261130-0300', triggeredBy: 'scheduler' });
    const week1 = (await request(srv.url).get(`/api/admin/settlement/runs/${runs[0].id}`).set(admin())).body.data;
    const wangS1 = statementOf(week1.statements, 'leader', w.leader.leaderId)!;
    const liS1 = statementOf(week1.statements, 'leader', w.otherLeader.leaderId)!;
    // Wang: a0 6000 × 10% + a2 (18000 − 500) × 10%. Li: a1 6000 × 10% + c6 peach 6800 × 15% + rice 13800 × 10%.
    expect(wangS1).toMatchObject({ totalFen: 600 + 1750, carriedInFen: 0, status: 'draft' });
    expect(liS1).toMatchObject({ totalFen: 600 + 1020 + 1380, status: 'draft' });
    expect(statementOf(week1.statements, 'pickup_point', w.coldPoint)).toMatchObject({ totalFen: 200 });
    expect(statementOf(week1.statements, 'pickup_point', zhaoPoint)).toMatchObject({ totalFen: 2 * 150 }); // the store's own fee, per order
    expect(statementOf(week1.statements, 'pickup_point', w.plainPoint)).toBeUndefined(); // only a failed campaign there
    expect(week1.statements.map((s: StatementJson) => s.beneficiaryKind).sort()).toEqual(['leader', 'leader', 'pickup_point', 'pickup_point', 'platform', 'supplier']);
    await books.check('week 1 run');

    // A rerun of the same cycle creates nothing new.
    const rerun = await request(srv.url).post('/api/admin/settlement/runs').set(admin()).send({ cycleKey: 'auto-20261130-0300' });
    expect(rerun.status).toBe(200);
    expect(rerun.body.data).toMatchObject({ id: week1.id, created: false, statementCount: week1.statementCount });
    expect((await request(srv.url).get('/api/admin/statements?limit=500').set(admin())).body.data).toHaveLength(week1.statements.length);

    // CSV = API: the run's statements, and Wang's lines.
    const csv = await request(srv.url).get(`/api/admin/settlement/runs/${week1.id}/statements.csv`).set(admin());
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parseCsv(csv.text);
    expect(rows[0].slice(0, 8)).toEqual(['statement_id', 'cycle_key', 'beneficiary_kind', 'beneficiary_id', 'beneficiary_name', 'carried_in_fen', 'lines_fen', 'total_fen']);
    expect(rows.slice(1).map((r) => [Number(r[0]), r[2], Number(r[3]), r[4], Number(r[5]), Number(r[6]), Number(r[7]), Number(r[8]), r[9]]))
      .toEqual(week1.statements.map((s: StatementJson & { beneficiaryName: string }) => [s.id, s.beneficiaryKind, s.beneficiaryId, s.beneficiaryName, s.carriedInFen, s.linesFen, s.totalFen, s.lineCount, s.status]));
    const lines = (await request(srv.url).get(`/api/admin/statements/${wangS1.id}/lines?limit=5000`).set(admin())).body.data;
    const linesCsv = parseCsv((await request(srv.url).get(`/api/admin/statements/${wangS1.id}/lines.csv`).set(admin())).text);
    expect(linesCsv.slice(1).map((r) => [Number(r[0]), Number(r[1]), Number(r[2]), r[3], r[6], Number(r[8]), r[9]]))
      .toEqual(lines.items.map((l: Record<string, unknown>) => [l.lineId, l.ledgerEntryId, l.orderId, l.orderNo, l.entryType, l.amountFen, l.postedAt]));
    expect(lines.items.reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0)).toBe(wangS1.linesFen);

    // --- Admins approve and pay ----------------------------------------------------------------------------
    expect((await request(srv.url).post(`/api/admin/statements/${wangS1.id}/pay`).set(admin()).send({ method: 'manual', reference: 'BANK-W1' })).status).toBe(409); // not approved yet
    expect((await request(srv.url).post(`/api/admin/statements/${wangS1.id}/approve`).set(admin())).status).toBe(200);
    expect((await request(srv.url).post(`/api/admin/statements/${wangS1.id}/pay`).set(admin()).send({ method: 'manual' })).status).toBe(400); // reference required
    const paidW = await request(srv.url).post(`/api/admin/statements/${wangS1.id}/pay`).set(admin()).send({ method: 'manual', reference: 'BANK-W1' });
    expect(paidW.status).toBe(200);
    expect(paidW.body.data).toMatchObject({ status: 'paid', payoutMethod: 'manual', payoutRef: 'BANK-W1', paidBy: w.admin.id });
    expect(paidW.body.data.audit.map((a: { action: string }) => a.action)).toEqual(['statement.paid', 'statement.approve']);
    expect((await request(srv.url).post(`/api/admin/statements/${wangS1.id}/pay`).set(admin()).send({ method: 'manual', reference: 'BANK-W1b' })).status).toBe(409); // never twice

    // Li's statement is approved; then a refund of c6's rice (after completion) lowers what Li is owed.
    expect((await request(srv.url).post(`/api/admin/statements/${liS1.id}/approve`).set(admin())).status).toBe(200);
    const riceLine = (await srv.container.orders.repo.items([c6.id])).find((i) => i.skuId === w.riceSku)!;
    await adminRefund(srv, w.admin, c6.id, { items: [{ orderItemId: riceLine.id, quantity: 2 }], reason: '大米受潮，整袋退' });
    await runDueJobs(srv);
    await books.check('after the refund of c6');
    const refused = await request(srv.url).post(`/api/admin/statements/${liS1.id}/pay`).set(admin()).send({ method: 'manual', reference: 'BANK-L1' });
    expect(refused.status).toBe(422); // earnings are never paid out after a refund took them back
    expect(refused.body.error.details).toMatchObject({ reason: 'exceeds_owed', totalFen: 3000, owedFen: 3000 - 1380 });
    expect((await request(srv.url).post(`/api/admin/statements/${liS1.id}/void`).set(admin()).send({ reason: '有退款，重新结算' })).status).toBe(200);
    const netted = await runSettlement(srv, w.admin, 'manual-li-net');
    expect(netted.created).toBe(true);
    const liS2 = statementOf(netted.statements, 'leader', w.otherLeader.leaderId)!;
    expect(liS2).toMatchObject({ carriedInFen: 3000, linesFen: -1380, totalFen: 1620 });
    const liOld = (await request(srv.url).get(`/api/admin/statements/${liS1.id}`).set(admin())).body.data;
    expect(liOld).toMatchObject({ status: 'carried', carriedIntoId: liS2.id });
    expect(liOld.audit.map((a: { action: string }) => a.action)).toEqual(['statement.void', 'statement.approve']);
    expect((await request(srv.url).post(`/api/admin/statements/${liS1.id}/approve`).set(admin())).status).toBe(409);
    expect((await request(srv.url).post(`/api/admin/statements/${liS2.id}/approve`).set(admin())).status).toBe(200);
    expect((await request(srv.url).post(`/api/admin/statements/${liS2.id}/pay`).set(admin()).send({ method: 'manual', reference: 'BANK-L2' })).body.data.status).toBe('paid');
    await books.check('li paid');

    // --- A late refund reverses Wang's settled and paid commission on a2 ------------------------------------
    await adminRefund(srv, w.admin, a2.id, { reason: '客户投诉，全额退款' });
    await runDueJobs(srv);
    expect(await reconcile(a2.id)).toMatchObject({ paidFen: 20_400, refundedFen: 20_400, leaderFen: 0, supplierFen: 0, pickupFen: 0, platformFen: 0, balanced: true });
    await books.check('late refund');

    // Week 2: Wang's statement is negative: not payable, carried forward.
    srv.clock.set(WEEK2_RUN + MINUTE);
    await runDueJobs(srv);
    const week2 = (await request(srv.url).get('/api/admin/statements?status=draft&beneficiaryKind=leader').set(admin())).body.data as StatementJson[];
    const wangS2 = statementOf(week2, 'leader', w.leader.leaderId)!;
    expect(wangS2).toMatchObject({ carriedInFen: 0, linesFen: -1750, totalFen: -1750, status: 'draft' });
    const neg = await request(srv.url).post(`/api/admin/statements/${wangS2.id}/approve`).set(admin());
    expect(neg.status).toBe(422);
    expect(neg.body.error.details).toMatchObject({ reason: 'nothing_to_pay' });
    expect(statementOf(week2, 'leader', w.otherLeader.leaderId)).toBeUndefined();
    await books.check('week 2');

    // Week 3: new sales for Wang absorb the clawback; what is left is paid.
    const D = await campaign(w.leader, { peach: { priceFen: 6800 }, threshold: 1, points: [w.coldPoint] });
    const d7 = await joinAndPay(srv, n(7), D.id, [{ campaignItemId: itemOf(D, w.peachSku), quantity: 5 }], w.coldPoint);
    srv.clock.set(WEEK2_RUN + DAY + 2 * MINUTE);
    await runDueJobs(srv);
    await pickUp(srv, d7.id);
    srv.clock.set(WEEK2_RUN + 4 * DAY);
    await runDueJobs(srv);
    expect((await srv.container.orders.get(d7.id)).status).toBe('completed');
    srv.clock.set(WEEK3_RUN + MINUTE);
    await runDueJobs(srv);
    const wangS3 = statementOf((await request(srv.url).get(`/api/admin/statements?beneficiaryKind=leader&beneficiaryId=${w.leader.leaderId}`).set(admin())).body.data, 'leader', w.leader.leaderId)!;
    expect(wangS3).toMatchObject({ carriedInFen: -1750, linesFen: 3400, totalFen: 1650, status: 'draft' });
    expect((await request(srv.url).get(`/api/admin/statements/${wangS2.id}`).set(admin())).body.data).toMatchObject({ status: 'carried', carriedIntoId: wangS3.id });
    await request(srv.url).post(`/api/admin/statements/${wangS3.id}/approve`).set(admin()).expect(200);
    await request(srv.url).post(`/api/admin/statements/${wangS3.id}/pay`).set(admin()).send({ method: 'manual', reference: 'BANK-W3' }).expect(200);
    await books.check('week 3');

    // --- Earnings as the leader and the store see them ---------------------------------------------------------
    const wang = (await request(srv.url).get('/api/leader/earnings').set(auth(w.leader))).body.data;
    expect(wang).toMatchObject({ accruedFen: 2350 - 1750 + 3400, pendingFen: 0, releasedFen: 4000, settledFen: 4000, paidFen: 2350 + 1650, owedFen: 0 });
    expect(wang.statements.map((s: StatementJson) => s.status)).toEqual(['paid', 'carried', 'paid']);
    expect((await request(srv.url).get(`/api/leader/earnings/statements/${liS2.id}`).set(auth(w.leader))).status).toBe(404); // not Wang's
    const li = (await request(srv.url).get(`/api/leader/earnings/statements/${liS2.id}/lines`).set(auth(w.otherLeader))).body.data;
    expect(li.items.map((l: { amountFen: number }) => l.amountFen)).toEqual([-1380]);
    const store = (await request(srv.url).get('/api/pickup/earnings').set(auth(w.storeOwner))).body.data;
    expect(store.map((e: { beneficiaryId: number }) => e.beneficiaryId).sort()).toEqual([w.coldPoint, w.plainPoint].sort());
    expect(store.find((e: { beneficiaryId: number }) => e.beneficiaryId === w.coldPoint)).toMatchObject({ releasedFen: 200 - 100 + 100, paidFen: 0 });
    expect((await request(srv.url).get('/api/pickup/earnings').set(auth(zhao))).body.data[0]).toMatchObject({ beneficiaryId: zhaoPoint, releasedFen: 300 });

    // --- The period reconciles, and its CSV says the same ---------------------------------------------------
    const period = await request(srv.url).get(`/api/admin/reconciliation?from=${new Date(T0 - DAY).toISOString()}&to=${new Date(WEEK3_RUN + DAY).toISOString()}`).set(admin());
    expect(period.body.data).toMatchObject({ balanced: true, unbalanced: [], heldFen: 0 });
    const p = period.body.data;
    expect(p.paidFen).toBe(p.refundedFen + p.supplierFen + p.leaderFen + p.pickupFen + p.platformFen);
    expect(p.leaderFen).toBe(4000 + 600 + 1020); // Wang 4000, Li 600 + 1020 after the rice refund
    const recCsv = parseCsv((await request(srv.url).get(`/api/admin/reconciliation.csv?from=${new Date(T0 - DAY).toISOString()}&to=${new Date(WEEK3_RUN + DAY).toISOString()}`).set(admin())).text);
    expect(recCsv.length - 1).toBe(p.orderCount);
    expect(recCsv.slice(1).reduce((s, r) => s + Number(r[8]), 0)).toBe(p.leaderFen);
    expect(recCsv.slice(1).every((r) => r[12] === 'yes')).toBe(true);
    expect((await request(srv.url).get('/api/admin/reconciliation?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z').set(admin())).status).toBe(400);
    expect((await request(srv.url).get('/api/admin/statements').set(auth(w.leader))).status).toBe(403);
  });
  it('lists each beneficiary\'s entries, newest first, page by page, with the statement that settled them', async () => {
    const expected = await srv.container.db.select<{ id: number; amountFen: number; statementId: number | null }>(
      `SELECT e.id, e.amount_fen AS amountFen, sl.statement_id AS statementId FROM ledger_entries e LEFT JOIN statement_lines sl ON sl.ledger_entry_id = e.id
        WHERE e.beneficiary_kind = 'leader' AND e.beneficiary_id = :id ORDER BY e.id DESC`, { id: w.leader.leaderId });
    expect(expected.length).toBeGreaterThan(5);
    const seen: Array<{ id: number; amountFen: number; statementId: number | null; orderNo: string; campaignTitle: string }> = [];
    let before = 0;
    for (;;) {
      const page = await request(srv.url).get(`/api/leader/earnings/entries?limit=4&before=${before}`).set(auth(w.leader));
      expect(page.status).toBe(200);
      seen.push(...page.body.data.items);
      if (!page.body.data.nextCursor) break;
      before = Number(page.body.data.nextCursor);
    }
    expect(seen.map((e) => [e.id, e.amountFen, e.statementId])).toEqual(expected.map((e) => [Number(e.id), Number(e.amountFen), e.statementId === null ? null : Number(e.statementId)]));
    expect(seen.every((e) => e.orderNo.length > 0 && e.campaignTitle === '周末鲜果团')).toBe(true);
    // The other leader sees only their own; a store cannot read a point it does not own.
    const other = await request(srv.url).get('/api/leader/earnings/entries').set(auth(w.otherLeader));
    expect(other.body.data.items.every((e: { id: number }) => !expected.some((x) => Number(x.id) === e.id))).toBe(true);
    expect((await request(srv.url).get(`/api/pickup/earnings/entries?pointId=${zhaoPoint}`).set(auth(zhao))).status).toBe(200);
    expect((await request(srv.url).get(`/api/pickup/earnings/entries?pointId=${w.coldPoint}`).set(auth(zhao))).status).toBe(404);
    expect((await request(srv.url).get('/api/leader/earnings/entries?limit=0').set(auth(w.leader))).status).toBe(400);
  });
});
