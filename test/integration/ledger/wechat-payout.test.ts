/**
 * Paying statements through WeChat Pay's merchant transfer API (商家转账), against the local fake speaking the
 * real v3 protocol (signed requests, signed answers): the payee confirms, the check job sees SUCCESS and the
 * statement becomes paid exactly once; a refused transfer leaves the statement approved for another attempt;
 * a transfer whose answer was lost is found again by its out_bill_no, never sent twice.
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { FakeWechatPay, makeWechatPayTestKeys, wechatPayTestConfig } from '../../helpers/fake-wechatpay';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY, MINUTE, ManualClock } from '../../../server/kernel/clock';
import { UserModel } from '../../../server/modules/identity/identity.model';
import { BooksChecker, pickUp, runSettlement, type StatementJson } from './support';

describe(`[${testDialect()}] statement payouts through WeChat Pay transfers`, () => {
  const keys = makeWechatPayTestKeys({ mode: 'public_key' });
  const clock = new ManualClock(Date.now());
  const fake = new FakeWechatPay(keys, { now: () => clock.now() });
  let srv: TestServer;
  let w: World;
  let books: BooksChecker;

  beforeAll(async () => {
    await fake.start();
    srv = await startTestServer({ clock, config: { wechat: { appId: keys.appId }, wechatPay: wechatPayTestConfig(keys, fake.url) } });
  });
  afterAll(async () => { await srv.close(); await fake.stop(); });
  beforeEach(async () => {
    // Statement ids start again after a reset, so out_bill_no would repeat: WeChat's side starts empty too.
    fake.transfers.clear();
    fake.calls.length = 0;
    await srv.reset();
    w = await buildWorld(srv, 3);
    books = new BooksChecker(srv);
    await UserModel.update({ openid: 'o-wang-openid' }, { where: { id: w.leader.id } });
    await UserModel.update({ openid: 'o-chen-openid' }, { where: { id: w.storeOwner.id } });
  });

  /** One completed order, settled: returns the run's statements. */
  async function settledWeek(quantity = 2, priceFen = 6800): Promise<StatementJson[]> {
    const c = await openCampaign(srv, w, { thresholdValue: 1, peach: { priceFen } });
    const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity }], w.coldPoint);
    clock.advance(DAY + MINUTE);
    await runDueJobs(srv);
    await pickUp(srv, o.id);
    clock.advance(3 * DAY);
    await runDueJobs(srv);
    return (await runSettlement(srv, w.admin)).statements;
  }
  const leaderStatement = (list: StatementJson[]) => list.find((s) => s.beneficiaryKind === 'leader')!;
  const get = async (id: number) => (await request(srv.url).get(`/api/admin/statements/${id}`).set(auth(w.admin))).body.data;

  it('the payee confirms; the check job sees SUCCESS; the statement is paid once, with WeChat\'s bill number', async () => {
    const s = leaderStatement(await settledWeek());
    expect(s.totalFen).toBe(1360); // 2 × 6800 × 10% (the configured default rate)
    await request(srv.url).post(`/api/admin/statements/${s.id}/approve`).set(auth(w.admin)).expect(200);
    const started = await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' });
    expect(started.status).toBe(200);
    expect(started.body.data).toMatchObject({ status: 'approved', payouts: [expect.objectContaining({ method: 'wechat', state: 'pending', providerState: 'WAIT_USER_CONFIRM', outBillNo: `LLST${s.id}A1` })] });
    expect(started.body.data.payouts[0].packageInfo).toEqual(expect.any(String));

    // What reached WeChat: a signed request with the statement's amount, the payee and the commission scene.
    const call = fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills')[0];
    expect(call.status).toBe(200);
    expect(call.authorization?.mchid).toBe(keys.mchId);
    expect(call.body).toMatchObject({
      appid: keys.appId, out_bill_no: `LLST${s.id}A1`, openid: 'o-wang-openid', transfer_amount: 1360, transfer_scene_id: '1005',
      transfer_scene_report_infos: [{ info_type: '岗位类型', info_content: expect.any(String) }, { info_type: '报酬说明', info_content: expect.any(String) }],
    });
    // The leader sees what to confirm in the mini-program.
    const mine = (await request(srv.url).get(`/api/leader/earnings/statements/${s.id}`).set(auth(w.leader))).body.data;
    expect(mine.payouts[0]).toMatchObject({ state: 'pending', packageInfo: started.body.data.payouts[0].packageInfo });

    // While the transfer is under way the statement can be neither voided nor paid again.
    expect((await request(srv.url).post(`/api/admin/statements/${s.id}/void`).set(auth(w.admin)).send({ reason: '改线下' })).status).toBe(409);
    expect((await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(auth(w.admin)).send({ method: 'manual', reference: 'X' })).status).toBe(409);

    clock.advance(2 * MINUTE);
    await runDueJobs(srv); // the check: still waiting for the payee
    expect((await get(s.id)).status).toBe('approved');
    fake.confirmTransfer(`LLST${s.id}A1`);
    clock.advance(10 * MINUTE);
    await runDueJobs(srv);
    const paid = await get(s.id);
    expect(paid).toMatchObject({ status: 'paid', payoutMethod: 'wechat', payoutRef: fake.transfers.get(`LLST${s.id}A1`)!.transferBillNo, paidBy: w.admin.id });
    expect(paid.audit.map((a: { action: string }) => a.action)).toEqual(['statement.paid', 'statement.payout_started', 'statement.approve']);
    expect(fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills').filter((c) => c.method === 'POST')).toHaveLength(1);
    clock.advance(DAY);
    await runDueJobs(srv);
    expect(fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills').filter((c) => c.method === 'POST')).toHaveLength(1);
    await books.check('wechat paid');
  });

  it('a refused transfer leaves the statement approved; the admin then pays it manually', async () => {
    const s = leaderStatement(await settledWeek());
    await request(srv.url).post(`/api/admin/statements/${s.id}/approve`).set(auth(w.admin)).expect(200);
    fake.planNextTransfer({ state: 'FAIL', failReason: 'PAYEE_ACCOUNT_ABNORMAL' });
    const r = (await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' })).body.data;
    expect(r).toMatchObject({ status: 'approved', payouts: [expect.objectContaining({ state: 'failed', lastError: 'PAYEE_ACCOUNT_ABNORMAL' })] });
    const manual = await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(auth(w.admin)).send({ method: 'manual', reference: 'ICBC-20261201-7' });
    expect(manual.body.data).toMatchObject({ status: 'paid', payoutMethod: 'manual', payoutRef: 'ICBC-20261201-7' });
    expect(manual.body.data.audit.map((a: { action: string }) => a.action)).toEqual(['statement.paid', 'statement.payout_failed', 'statement.payout_started', 'statement.approve']);
    await books.check('refused then manual');
  });

  it('a lost answer: the check job finds the transfer is missing and sends the same bill again, once', async () => {
    const s = leaderStatement(await settledWeek());
    await request(srv.url).post(`/api/admin/statements/${s.id}/approve`).set(auth(w.admin)).expect(200);
    fake.failNext({ status: 500, code: 'SYSTEM_ERROR', path: '/v3/fund-app/' });
    const r = (await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' })).body.data;
    expect(r.payouts).toEqual([expect.objectContaining({ state: 'pending', providerState: null })]);
    expect(fake.transfers.size).toBe(0);
    clock.advance(2 * MINUTE);
    await runDueJobs(srv); // query: not found → the same out_bill_no again
    expect([...fake.transfers.keys()]).toEqual([`LLST${s.id}A1`]);
    fake.confirmTransfer(`LLST${s.id}A1`);
    const refreshed = await request(srv.url).post(`/api/admin/statements/${s.id}/payouts/refresh`).set(auth(w.admin));
    expect(refreshed.body.data).toMatchObject({ status: 'paid', payoutMethod: 'wechat' });
    await books.check('lost answer');
  });

  it('an unconfirmed transfer that WeChat closes frees the statement for a new attempt', async () => {
    const s = leaderStatement(await settledWeek());
    await request(srv.url).post(`/api/admin/statements/${s.id}/approve`).set(auth(w.admin)).expect(200);
    await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' }).expect(200);
    fake.expireTransfer(`LLST${s.id}A1`);
    clock.advance(2 * MINUTE);
    await runDueJobs(srv);
    expect((await get(s.id)).payouts[0]).toMatchObject({ state: 'failed', providerState: 'CANCELLED' });
    const again = (await request(srv.url).post(`/api/admin/statements/${s.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' })).body.data;
    expect(again.payouts.map((p: { outBillNo: string; state: string }) => [p.outBillNo, p.state])).toEqual([[`LLST${s.id}A1`, 'failed'], [`LLST${s.id}A2`, 'pending']]);
    await books.check('second attempt');
  });

  it('refuses WeChat transfers to suppliers, to payees without WeChat, and of ¥2,000 or more', async () => {
    const list = await settledWeek(3, 700_000); // 3 × ¥7,000 × 10% = ¥2,100 for the leader
    const supplier = list.find((s) => s.beneficiaryKind === 'supplier')!;
    await request(srv.url).post(`/api/admin/statements/${supplier.id}/approve`).set(auth(w.admin)).expect(200);
    const r1 = await request(srv.url).post(`/api/admin/statements/${supplier.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' });
    expect(r1.status).toBe(422);
    const leader = leaderStatement(list);
    await request(srv.url).post(`/api/admin/statements/${leader.id}/approve`).set(auth(w.admin)).expect(200);
    const r2 = await request(srv.url).post(`/api/admin/statements/${leader.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' });
    expect(r2.status).toBe(422);
    expect(r2.body.error.details).toMatchObject({ totalFen: 210_000 });
    await UserModel.update({ openid: null }, { where: { id: w.storeOwner.id } });
    const store = list.find((s) => s.beneficiaryKind === 'pickup_point')!;
    await request(srv.url).post(`/api/admin/statements/${store.id}/approve`).set(auth(w.admin)).expect(200);
    expect((await request(srv.url).post(`/api/admin/statements/${store.id}/pay`).set(auth(w.admin)).send({ method: 'wechat' })).status).toBe(422);
    expect(fake.transfers.size).toBe(0);
    expect((await request(srv.url).post(`/api/admin/statements/${store.id}/pay`).set(auth(w.admin)).send({ method: 'alipay' })).status).toBe(400);
  });
});
