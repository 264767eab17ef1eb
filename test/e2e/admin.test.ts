/**
 * The admin's pages in the h5 build against the real server (demo data plus a small world built through the
 * server's API and state machines):
 * - the home counts what needs an admin; the admin approves the demo's pending leader application and store
 *   registration (bad input refused on the page first) and the count drops;
 * - campaigns by state, a campaign's detail, and a cancel with a reason (its paid orders are refunded);
 * - a completed order's commission is settled: a new commission rule version, settlement run now (a rerun makes
 *   nothing new), a statement approved and paid offline with its reference;
 * - a refund the payment provider refused shows the provider's reason and is retried; an after-sales request and an
 *   uncollected order (named: whose, at which store) are decided;
 * - one order, found by its order number, is refunded in part with a reason: sent twice with the page's
 *   Idempotency-Key, refunded once;
 * - every admin page opens at its short path, on a reload too; the old long path still opens.
 * Screenshots: admin-home, admin-approvals, admin-campaigns, admin-settlement, admin-statement, admin-refunds,
 * admin-uncollected, admin-order-refund-sheet, admin-order-refund.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { DAY, ManualClock } from '../../server/kernel/clock';
import { systemContext } from '../../server/kernel/context';
import { SandboxPaymentProvider, type PaymentProvider, type RefundRequest, type RefundResult } from '../../server/modules/payment';
import type { applicationDto } from '../../server/http/routes/fulfilment-dto';
import type { UncollectedOrder } from '../../server/flows/fulfilment.flow';
import type { LeaderApplicationDTO, UncollectedOrderDTO } from '../../shared/types/admin-ops';
import { formatFen } from '../../shared/money';
import { startTestServer, type TestServer } from '../helpers/server';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../helpers/world';
import { pickUp } from '../integration/ledger/support';
import { ensureH5Build } from './helpers/h5-build';
import { CHROMIUM, hasChromium, launchPhone, snap, type Phone, signIn } from './helpers/browser';

// Compile-time (npm run typecheck): the shared admin shapes the pages read are what the server's routes answer.
type Holds<T extends true> = T;
export type ApplicationsMatch = Holds<ReturnType<typeof applicationDto> extends LeaderApplicationDTO ? true : false>;
export type UncollectedMatch = Holds<UncollectedOrder extends UncollectedOrderDTO ? true : false>;

/** A sandbox that refuses the next refund, as a real provider sometimes does (merchant balance too low). */
class RefusingSandbox extends SandboxPaymentProvider {
  refuseNext = 0;
  override async refund(req: RefundRequest): Promise<RefundResult> {
    if (this.refuseNext > 0) { this.refuseNext--; return { status: 'failed', providerRefundId: null, message: 'NOT_ENOUGH: 商户余额不足' }; }
    return super.refund(req);
  }
}

/** The admin pages' web paths (config/index.ts customRoutes). */
const ADMIN_PAGE = {
  approvals: '/admin/approvals', campaigns: '/admin/campaigns', refunds: '/admin/refunds', settlement: '/admin/settlement', statement: '/admin/statement',
};

async function signInAdmin(page: Page, base: string): Promise<void> {
  await signIn(page, base, 'admin');
  await page.waitForURL((u) => u.pathname === '/admin');
}

/** The home with its figures loaded. */
async function openHome(page: Page, base: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/admin') await page.goto(`${base}/admin`);
  await page.locator('.remote-list--ready, .remote-list--empty').first().waitFor();
  await page.locator('#todo-refunds-failed').waitFor();
}

/** A screenshot once any toast has faded (a confirmation over the page would hide what it confirms). */
async function shot(page: Page, name: string): Promise<void> {
  // Taro's h5 toast is a zero-size fixed container: visible to people, "hidden" to Playwright; ask its display.
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((el) => getComputedStyle(el).display === 'none'));
  await snap(page, name);
}

const text = (page: Page, sel: string) => page.locator(sel).innerText();
const disabled = async (page: Page, scope: string, label: string) =>
  (await page.locator(scope).locator('.app-btn', { hasText: label }).getAttribute('aria-disabled')) === 'true';

if (!hasChromium()) {
  describe('admin pages in Chromium', () => {
    // In CI a missing browser is a failure, not a skip: it must never hide the browser tests.
    (process.env.CI ? it : it.skip)(`needs Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`, () => { throw new Error(`Chromium missing at ${CHROMIUM}`); });
  });
} else {
  describe('admin pages in Chromium', () => {
    let srv: TestServer;
    let phone: Phone;
    const sandbox = new RefusingSandbox('x'.repeat(40), 300, 'http://localhost');

    beforeAll(async () => {
      // eslint-disable-next-line no-console
      await ensureH5Build((m) => console.log(m));
      // The server's clock starts at real time (tokens it signs are current for the browser); tests move it on.
      srv = await startTestServer({
        config: { demo: { seedOnEmptyDatabase: true }, auth: { tokenTtlSeconds: 30 * 24 * 3600 } },
        clock: new ManualClock(Date.now()),
        adapters: { paymentProviders: { sandbox: sandbox as PaymentProvider } },
      });
      phone = await launchPhone();
    }, 300_000);

    afterAll(async () => {
      await phone?.close();
      await srv?.close();
    });

    afterEach(() => {
      expect(phone.errors).toEqual([]);
      phone.errors.length = 0;
    });

    it('the home counts pending applications; the admin approves the demo leader and store, bad input refused first', async () => {
      const { page } = phone;
      await signInAdmin(page, srv.url);
      await openHome(page, srv.url);
      expect(await text(page, '#stat-approvals')).toBe('2');
      await page.getByText('钱女士', { exact: true }).waitFor();
      await page.getByText('吴记便利店', { exact: true }).waitFor();
      for (const tile of ['入驻审批', '商品库', '团购活动', '退款售后', '佣金结算', '数据报表']) await page.getByText(tile, { exact: true }).waitFor();
      await shot(page, 'admin-home');

      await page.locator('#tile-adminApprovals').click();
      await page.waitForURL((u) => u.pathname === ADMIN_PAGE.approvals);
      const [qian] = await srv.container.db.select<{ id: number }>("SELECT id FROM leaders WHERE name = '钱女士'");
      const card = page.locator(`#application-${Number(qian.id)}`);
      await card.getByText('申请小区：杭州 翠苑二区').waitFor();
      await card.getByText('电话：13800000003 · 团长码 QIAN7M').waitFor();
      await shot(page, 'admin-approvals');

      // A rejection needs a reason: with none the button stays off and says why.
      await card.getByText('拒绝', { exact: true }).click();
      await page.locator('#reason-sheet').getByText('请填写原因（至少2个字）').waitFor();
      expect(await disabled(page, '#reason-sheet', '确认拒绝')).toBe(true);
      await page.locator('#reason-sheet .sheet__close').click();

      await card.getByText('通过', { exact: true }).click();
      await page.locator('#approve-sheet').getByText('钱女士 将成为「翠苑二区」的团长', { exact: false }).waitFor();
      await page.locator('#approve-sheet').getByText('确认通过').click();
      await page.getByText('没有待审批的申请').waitFor();
      const [leader] = await srv.container.db.select<{ status: string; community_id: number | null }>('SELECT status, community_id FROM leaders WHERE id = :id', { id: qian.id });
      expect(leader.status).toBe('approved');
      expect(leader.community_id).not.toBeNull();

      // The store: a fee that is not an amount is refused on the page; 1.5 yuan is sent as 150 fen.
      await page.locator('#kind-pickup_point').click();
      const [wu] = await srv.container.db.select<{ id: number }>("SELECT id FROM pickup_points WHERE name = '吴记便利店'");
      const point = page.locator(`#point-${Number(wu.id)}`);
      await point.getByText('营业时间 07:00-22:00 · 可存放 120 单 · 有冷藏').waitFor();
      await point.getByText('通过', { exact: true }).click();
      await page.locator('#fee-input').fill('1.555');
      await page.getByText('请输入金额，如 1.5（最多两位小数）').waitFor();
      expect(await disabled(page, '#approve-sheet', '确认通过')).toBe(true);
      await page.locator('#fee-input').fill('1.5');
      await page.locator('#approve-sheet').getByText('确认通过').click();
      await page.getByText('没有待审批的申请').waitFor();
      const [p] = await srv.container.db.select<{ status: string; fee_fen: number }>('SELECT status, fee_fen FROM pickup_points WHERE id = :id', { id: wu.id });
      expect([p.status, Number(p.fee_fen)]).toEqual(['approved', 150]);
      await page.locator('#status-approved').click();
      await point.getByText('每单费用 ¥1.50').waitFor();

      // Back home (the page reloads its figures on return): nothing waits any more.
      await page.goBack();
      await page.waitForURL((u) => u.pathname === '/admin');
      await page.getByText('暂无待审批申请').waitFor();
      expect(await text(page, '#stat-approvals')).toBe('0');
    });

    it('lists campaigns by state with owner and progress; a detail sheet; cancelling needs a reason and refunds the paid', async () => {
      const { page } = phone;
      await openHome(page, srv.url);
      await page.locator('#tile-adminCampaigns').click();
      await page.waitForURL((u) => u.pathname === ADMIN_PAGE.campaigns);
      await page.locator('.admin-campaigns .remote-list--ready').waitFor();
      await page.locator('.admin-campaigns').getByText('平台活动', { exact: true }).first().waitFor();
      await page.locator('.admin-campaigns').getByText('团长 王芳', { exact: true }).first().waitFor();
      await shot(page, 'admin-campaigns');

      // The platform campaign: open, not yet 成团 in the demo.
      const [platform] = await srv.container.db.select<{ id: number }>("SELECT id FROM campaigns WHERE leader_id IS NULL AND status = 'open' ORDER BY id LIMIT 1");
      const id = Number(platform.id);
      await page.locator(`#campaign-${id}`).click();
      const sheet = page.locator('#campaign-sheet');
      await sheet.getByText('商品', { exact: true }).waitFor();
      await sheet.getByText('记录', { exact: true }).waitFor();
      await sheet.getByText('取消活动', { exact: true }).click();
      await page.locator('#reason-sheet').getByText('请填写原因（至少2个字）').waitFor();
      expect(await disabled(page, '#reason-sheet', '确认取消活动')).toBe(true);
      await page.locator('#cancel-reason').fill('供应商缺货，无法发货');
      await page.locator('#reason-sheet').getByText('确认取消活动').click();
      await sheet.getByText('不能再取消', { exact: false }).waitFor();
      expect((await srv.container.campaigns.get(id)).status).toBe('cancelled');

      await page.locator('#campaign-sheet .sheet__close').click();
      await page.locator('#filter-cancelled').click();
      await page.locator(`#campaign-${id}`).waitFor();
      await page.locator('#filter-completed').click();
      await page.getByText('没有已完成的活动').waitFor();
    });

    let world: World;
    let settledOrder = 0;
    let refusedRefund = 0;
    let afterSale = 0;
    let uncollectedOrder = 0;
    let goodwillOrder = 0;

    /**
     * Through the server: two campaigns succeed; one order is picked up and completes after its return window
     * (its commission is released), one waits at the store past the pickup window, one asks for after-sales, and
     * a goodwill refund on the other campaign is refused by the provider.
     */
    async function buildAdminWorld(): Promise<void> {
      world = await buildWorld(srv, 3);
      const [n0, n1, n2] = world.neighbours;
      const a = await openCampaign(srv, world, { thresholdValue: 1 });
      const b = await openCampaign(srv, world, { thresholdValue: 1, peach: { priceFen: 5000 } });
      const line = (c: typeof a, quantity: number) => [{ campaignItemId: c.items[0].id, quantity }];
      const a1 = await joinAndPay(srv, n0, a.id, line(a, 2), world.coldPoint);
      const a2 = await joinAndPay(srv, n1, a.id, line(a, 1), world.coldPoint);
      const a3 = await joinAndPay(srv, n2, a.id, line(a, 1), world.coldPoint);
      const b1 = await joinAndPay(srv, n1, b.id, line(b, 1), world.coldPoint);
      await srv.container.db.execute("UPDATE users SET display_name = '陈阿姨' WHERE id = :id", { id: n1.id });
      srv.clock.advance(DAY + 1000);
      await runDueJobs(srv); // both close: 成团, orders confirmed, commissions accrued

      await pickUp(srv, a1.id);
      await pickUp(srv, a3.id);
      await srv.container.db.transaction(systemContext('e2e', srv.clock.now()), async (trc) => {
        await srv.container.orders.transition(trc, { id: a2.id, status: 'confirmed' }, 'shipped', 'e2e', 'e2e');
        await srv.container.orders.transition(trc, { id: a2.id, status: 'shipped' }, 'ready_for_pickup', 'e2e', 'e2e', { pickup_code: 'Q7M2K9' });
      });
      const asked = await request(srv.url).post(`/api/orders/${a3.id}/after-sales`).set(auth(n2)).send({ kind: 'full', reason: '桃子到手就坏了两个' });
      expect(asked.status).toBe(201);
      afterSale = asked.body.data.id;

      sandbox.refuseNext = 1;
      const refund = await request(srv.url).post(`/api/admin/orders/${b1.id}/refunds`).set(auth(world.admin)).send({ amountFen: 500, reason: '物流延误补偿' });
      expect(refund.status).toBe(201);
      await runDueJobs(srv);
      const failed = await request(srv.url).get('/api/admin/refunds?status=failed').set(auth(world.admin));
      expect(failed.body.data).toHaveLength(1);
      refusedRefund = failed.body.data[0].id;
      goodwillOrder = b1.id;

      srv.clock.advance(3 * DAY);
      await runDueJobs(srv); // a1's return window is over: completed, its commission released; a2's pickup window has ended
      expect((await srv.container.orders.get(a1.id)).status).toBe('completed');
      settledOrder = a1.id;
      uncollectedOrder = a2.id;
    }

    it('settles a completed order\'s commission: a new rule version, run now (a rerun makes nothing), approve, pay offline', async () => {
      await buildAdminWorld();
      const { page } = phone;
      await signInAdmin(page, srv.url); // a fresh session on the moved clock
      await openHome(page, srv.url);
      expect(await text(page, '#todo-refunds-failed')).toBe('1');
      expect(await text(page, '#todo-after-sales')).toBe('1');
      expect(await text(page, '#todo-uncollected')).toBe('1');

      await page.locator('#tile-adminSettlement').click();
      await page.waitForURL((u) => u.pathname === ADMIN_PAGE.settlement);
      await page.locator('#rule-in-force').waitFor();

      // A new rule: 60% is refused on the page; 12.5% and ¥2 go out as 1250 bps and 200 fen.
      await page.locator('#rule-new').click();
      await page.locator('#rule-bps').fill('60');
      await page.getByText('请输入 0–50 之间的百分比，最多两位小数').waitFor();
      expect(await disabled(page, '#rule-sheet', '发布')).toBe(true);
      await page.locator('#rule-bps').fill('12.5');
      await page.locator('#rule-fee').fill('2');
      await page.locator('#rule-sheet').getByText('发布', { exact: true }).click();
      await page.locator('#rule-in-force').getByText('12.5%', { exact: true }).waitFor();
      await page.locator('#rule-in-force').getByText('¥2.00', { exact: true }).waitFor();
      const rules = (await request(srv.url).get('/api/admin/commission-rules').set(auth(world.admin))).body.data as Array<{ leaderBps: number; pickupFeeFen: number; inForce: boolean }>;
      expect(rules.find((r) => r.inForce)).toMatchObject({ leaderBps: 1250, pickupFeeFen: 200 });

      await page.locator('.admin-settlement').getByText('立即结算', { exact: true }).click();
      await page.locator('#run-result').getByText('已生成结算批次', { exact: false }).waitFor();
      const statements = (await request(srv.url).get('/api/admin/statements?status=draft').set(auth(world.admin))).body.data as Array<{ id: number; beneficiaryKind: string; beneficiaryId: number; totalFen: number }>;
      const mine = statements.find((s) => s.beneficiaryKind === 'leader' && s.beneficiaryId === world.leader.leaderId)!;
      // The order was paid under the old rule and keeps it: its ledger says what the leader earned.
      const rec = (await request(srv.url).get(`/api/admin/reconciliation/orders/${settledOrder}`).set(auth(world.admin))).body.data as { leaderFen: number };
      expect(mine.totalFen).toBe(rec.leaderFen);
      expect(mine.totalFen).toBeGreaterThan(0);
      const card = page.locator(`#statement-${mine.id}`);
      await card.getByText('团长 · 王团长').waitFor();
      await card.getByText(formatFen(mine.totalFen)).waitFor();

      // The same cycle again changes nothing, and says so.
      await page.locator('.admin-settlement').getByText('立即结算', { exact: true }).click();
      await page.locator('#run-result').getByText('已结算过', { exact: false }).waitFor();
      expect(((await request(srv.url).get('/api/admin/settlement/runs').set(auth(world.admin))).body.data as unknown[]).length).toBe(1);
      await shot(page, 'admin-settlement');

      await card.click();
      await page.waitForURL((u) => u.pathname === ADMIN_PAGE.statement);
      await page.locator('.admin-statement--draft').waitFor();
      await page.locator('.sm-line').first().waitFor();
      await page.locator('.admin-statement').getByText('审批通过', { exact: true }).click();
      await page.locator('.admin-statement--approved').waitFor();

      // Offline payment needs its reference.
      await page.locator('.admin-statement').getByText('付款', { exact: true }).click();
      expect(await disabled(page, '#pay-sheet', '确认已付款')).toBe(true);
      await page.locator('#pay-reference').fill('ICBC-20260801-0042');
      await page.locator('#pay-sheet').getByText('确认已付款').click();
      await page.locator('.admin-statement--paid').waitFor();
      await page.locator('#statement-paid').getByText('ICBC-20260801-0042', { exact: false }).waitFor();
      await page.locator('.sm-audit').getByText('审批通过', { exact: true }).waitFor(); // the audit trail
      await page.locator('.sm-audit').getByText('已付款', { exact: true }).waitFor();
      const paid = (await request(srv.url).get(`/api/admin/statements/${mine.id}`).set(auth(world.admin))).body.data as { status: string; payoutRef: string };
      expect(paid).toMatchObject({ status: 'paid', payoutRef: 'ICBC-20260801-0042' });
      await shot(page, 'admin-statement');

      await page.goBack();
      await page.waitForURL((u) => u.pathname === ADMIN_PAGE.settlement);
      await page.locator(`#statement-${mine.id}`).waitFor({ state: 'detached' }); // no longer a draft
    });

    it('retries a refund the provider refused; decides an after-sales request and an uncollected order', async () => {
      const { page } = phone;
      await page.goto(`${srv.url}${ADMIN_PAGE.refunds}?tab=refunds&status=failed`);
      const row = page.locator(`#refund-${refusedRefund}`);
      await row.getByText('渠道拒绝', { exact: true }).waitFor();
      await row.getByText('¥5.00', { exact: true }).waitFor();
      await row.getByText('物流延误补偿').waitFor();
      await row.getByText('拒绝原因：NOT_ENOUGH: 商户余额不足').waitFor(); // the provider's own words, as stored
      await shot(page, 'admin-refunds');
      await row.getByText('重试退款', { exact: true }).click();
      await page.getByText('没有被拒绝的退款').waitFor();
      for (let i = 0; i < 20 && (await srv.container.payments.refund(refusedRefund))!.status !== 'succeeded'; i++) {
        await runDueJobs(srv);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await srv.container.payments.refund(refusedRefund))!.status).toBe('succeeded');

      await page.locator('#tab-after-sales').click();
      const ask = page.locator(`#after-sale-${afterSale}`);
      await ask.getByText('桃子到手就坏了两个').waitFor();
      await ask.getByText('同意退款', { exact: true }).click();
      await page.locator('#reason-sheet').getByText('将退回', { exact: false }).waitFor();
      await page.locator('#reason-sheet').getByText('确认退款').click();
      await page.getByText('没有待处理的售后').waitFor();
      const [as] = await srv.container.db.select<{ status: string }>('SELECT status FROM after_sales WHERE id = :id', { id: afterSale });
      expect(as.status).toBe('approved');

      await page.locator('#tab-uncollected').click();
      const order = page.locator(`#uncollected-${uncollectedOrder}`);
      await order.getByText('待取货', { exact: true }).waitFor();
      await order.getByText('陈阿姨 · 冷柜店', { exact: true }).waitFor(); // whose, and where the goods wait
      await shot(page, 'admin-uncollected');
      await order.getByText('暂留3天', { exact: true }).click();
      expect(await disabled(page, '#reason-sheet', '确认暂留')).toBe(true);
      await page.locator('#decision-note').fill('邻居出差，已电话联系');
      await page.locator('#reason-sheet').getByText('确认暂留').click();
      await page.getByText('没有未取货的订单').waitFor();
      const [held] = await srv.container.db.select<{ status: string; pickup_hold_until: unknown }>('SELECT status, pickup_hold_until FROM orders WHERE id = :id', { id: uncollectedOrder });
      expect(held.status).toBe('ready_for_pickup');
      expect(held.pickup_hold_until).not.toBeNull();

      // Home: the refund, after-sales and uncollected work is done.
      await page.goto(`${srv.url}/admin`);
      await openHome(page, srv.url);
      expect(await text(page, '#todo-refunds-failed')).toBe('0');
      expect(await text(page, '#todo-after-sales')).toBe('0');
      expect(await text(page, '#todo-uncollected')).toBe('0');
    });

    it('finds one order by its number and refunds part of it with a reason; sent twice, it refunds once', async () => {
      const { page } = phone;
      const [{ order_no: orderNo }] = await srv.container.db.select<{ order_no: string }>('SELECT order_no FROM orders WHERE id = :id', { id: goodwillOrder });
      const refundsOf = async () => (await srv.container.db.select<{ amount_fen: number; reason: string }>(
        'SELECT amount_fen, reason FROM refunds WHERE order_id = :id ORDER BY id', { id: goodwillOrder })).map((r) => [Number(r.amount_fen), r.reason]);

      // A deep link opens the tab with the order; a reload keeps it.
      await page.goto(`${srv.url}${ADMIN_PAGE.refunds}?tab=order&q=${orderNo}`);
      const card = page.locator(`#order-${goodwillOrder}`);
      await card.getByText(`订单号 ${orderNo} · ID ${goodwillOrder}`).waitFor();
      await page.reload();
      await card.getByText('陈阿姨 · 冷柜店').waitFor();
      expect([await text(page, '#order-paid'), await text(page, '#order-refunded'), await text(page, '#order-refundable')]).toEqual(['¥50.00', '¥5.00', '¥45.00']);
      await page.locator('.order-refund').getByText('物流延误补偿').waitFor(); // the earlier goodwill refund, now arrived

      // The search box: what cannot be an order number is caught on the page; an unknown number is "not found".
      const query = page.locator('#order-query input, input#order-query').first();
      const search = page.locator('.or-search').getByText('查询', { exact: true });
      await query.fill('订单');
      await search.click();
      await page.locator('#order-query-error').getByText('请输入订单号（如 L2608…）或订单 ID（数字）').waitFor();
      await query.fill('L000000NOPE0000');
      await search.click();
      await page.getByText('没有找到订单「L000000NOPE0000」').waitFor();
      await query.fill(` ${orderNo.toLowerCase()} `);
      await search.click();
      await card.waitFor();

      // The form starts at everything left; more than that is refused on the page, in yuan.
      await card.getByText('退款', { exact: true }).click();
      const sheet = page.locator('#reason-sheet');
      const amount = page.locator('#refund-amount input, input#refund-amount').first();
      expect(await amount.inputValue()).toBe('45.00');
      await amount.fill('45.01');
      await sheet.getByText('超出可退金额，最多可退 ¥45.00').waitFor();
      expect(await disabled(page, '#reason-sheet', '确认退款')).toBe(true);
      await amount.fill('12.5');
      await page.locator('#refund-reason').fill('桃子压坏了一个');
      await sheet.getByText('确认退款 ¥12.50', { exact: true }).waitFor();
      await shot(page, 'admin-order-refund-sheet');

      // Every refund request goes out twice, as a retry after a lost answer would: same Idempotency-Key, same body.
      const sent: Array<{ key: string; statuses: number[]; replayed: boolean; sameRefund: boolean }> = [];
      await page.route('**/api/admin/orders/*/refunds', async (route) => {
        const first = await route.fetch();
        const again = await route.fetch();
        const [a, b] = [await first.json(), await again.json()] as Array<{ data: { replayed: boolean; refund: { id: number } } }>;
        sent.push({ key: route.request().headers()['idempotency-key'], statuses: [first.status(), again.status()], replayed: b.data.replayed, sameRefund: a.data.refund.id === b.data.refund.id });
        await route.fulfill({ response: first });
      });
      await sheet.getByText('确认退款 ¥12.50', { exact: true }).dblclick(); // and a double tap on top
      const result = page.locator('#refund-result');
      await result.getByText('¥12.50', { exact: true }).waitFor();
      await page.unroute('**/api/admin/orders/*/refunds');
      // One key for every send; the server recorded one refund (201) and answered every repeat with it (200).
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect([...new Set(sent.map((x) => x.key))]).toEqual([expect.stringMatching(/^mp-refund:/)]);
      expect(sent.flatMap((x) => x.statuses).sort((a, b) => a - b)).toEqual([...Array(sent.length * 2 - 1).fill(200), 201]);
      expect(sent.every((x) => x.replayed && x.sameRefund)).toBe(true);
      expect(await refundsOf()).toEqual([[500, '物流延误补偿'], [1250, '桃子压坏了一个']]);

      // The order as it is now: ¥12.50 more refunded (the sandbox pays it back at once).
      await page.locator('#order-refundable', { hasText: '¥32.50' }).waitFor();
      expect(await text(page, '#order-refunded')).toBe('¥17.50');
      await page.locator('.order-refund').getByText('桃子压坏了一个').waitFor();
      expect((await srv.container.orders.get(goodwillOrder)).refundedFen).toBe(1750);
      await shot(page, 'admin-order-refund');

      // From the refund list, a refund opens its order here.
      await page.locator('#tab-refunds').click();
      await page.locator('#refund-status-succeeded').click();
      await page.locator(`#refund-${refusedRefund}`).click();
      await page.locator('.admin-refunds--order').locator(`#order-${goodwillOrder}`).waitFor();
    });

    it('opens every admin page at its short path, on a reload too; the old long path still opens', async () => {
      const { page } = phone;
      const pages: Array<[string, string]> = [
        ['/admin/approvals', '.admin-approvals'], ['/admin/campaigns', '.admin-campaigns'], ['/admin/catalogue', '.catalogue-page'],
        ['/admin/product', '.product-page'], ['/admin/reports', '.reports-page'], ['/admin/refunds', '.admin-refunds'],
        ['/admin/settlement', '.admin-settlement'], ['/admin/statement?id=999999', '.admin-statement'],
      ];
      for (const [path, root] of pages) {
        await page.goto(`${srv.url}${path}`);
        await page.locator(root).first().waitFor();
        expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
        await page.reload();
        await page.locator(root).first().waitFor();
      }
      await page.goto(`${srv.url}/admin/pages/refunds/index?tab=uncollected`);
      await page.locator('.admin-refunds--uncollected').waitFor();
      // In-app navigation names the mini-program path; the address bar shows the short one.
      await page.goto(`${srv.url}/admin`);
      await openHome(page, srv.url);
      await page.locator('#tile-adminRefunds').click();
      await page.waitForURL((u) => u.pathname === ADMIN_PAGE.refunds);
      await page.locator('.admin-refunds').waitFor();
    });
  });
}
