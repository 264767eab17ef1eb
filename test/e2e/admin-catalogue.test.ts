/**
 * The admin's catalogue and reports in a real browser against the real server (demo data): the admin signs in with
 * the password form (a wrong password first), opens the catalogue, creates a product with a SKU and a lot (a SKU
 * code already taken is refused with the server's message, nothing saved), edits its price and sees it in the
 * list; a leader then finds it in the create-campaign catalogue; the reports page shows the server's figures after
 * two orders are paid. Screenshots: admin-login, admin-catalogue, admin-product, admin-reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { formatFen } from '../../shared/money';
import type { ReportOverviewDTO } from '../../shared/types/admin-reports';
import type { SupplierDTO } from '../../shared/types/admin-catalogue';
import type { CampaignDetailDTO } from '../../shared/types/campaign';
import { ManualClock } from '../../server/kernel/clock';
import { startTestServer, type TestServer } from '../helpers/server';
import { joinAndPay, type Person } from '../helpers/world';
import { ensureH5Build } from './helpers/h5-build';
import { CHROMIUM, PHONE, SCREENSHOT_DIR, hasChromium, launchPhone, snap, type Phone } from './helpers/browser';

const CATALOGUE = '/admin/catalogue';
const REPORTS = '/admin/reports';

/** The days the reports page asks for: the last `days` Shanghai calendar days. */
function shanghaiRange(days: number): { from: string; to: string } {
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  return { from: day(Date.now() - (days - 1) * 86_400_000), to: day(Date.now()) };
}

/** The whole page (Taro's h5 pages scroll inside .taro_page): the viewport grown to the content, then back. */
async function snapFull(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(async () => { await document.fonts.ready; });
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight,
    ...Array.from(document.querySelectorAll('.taro_page, .page')).map((e) => e.scrollHeight)));
  await page.setViewportSize({ width: PHONE.width, height: Math.min(height, 6000) });
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-full.png`), animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(PHONE);
}

async function signedOut(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/healthz`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${base}/login`);
}

if (!hasChromium()) {
  describe('admin catalogue and reports in Chromium', () => {
    (process.env.CI ? it : it.skip)(`needs Chromium at ${CHROMIUM}`, () => { throw new Error(`Chromium missing at ${CHROMIUM}`); });
  });
} else {
  describe('admin catalogue and reports in Chromium', () => {
    let srv: TestServer;
    let phone: Phone;

    beforeAll(async () => {
      // eslint-disable-next-line no-console
      await ensureH5Build((m) => console.log(m));
      srv = await startTestServer({ config: { demo: { seedOnEmptyDatabase: true } }, clock: new ManualClock(Date.now()) });
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

    const devToken = async (username: string): Promise<Person> => {
      const r = await request(srv.url).post('/api/auth/dev-login').send({ username }).expect(200);
      return { id: r.body.data.user.id, token: r.body.data.token, name: r.body.data.user.displayName };
    };

    it('the admin signs in with the password form; a wrong password is told, not let in', async () => {
      const { page } = phone;
      await signedOut(page, srv.url);
      await page.locator('#admin-username').fill('admin');
      await page.locator('#admin-password').fill('wrong-password');
      await page.locator('#admin-login-submit').getByText('登录管理后台').click();
      await page.locator('#admin-login').getByText('用户名或密码错误').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.evaluate(() => localStorage.getItem('linli.session.v1'))).toBeNull();
      await page.locator('#admin-login').scrollIntoViewIfNeeded();
      await snap(page, 'admin-login');

      await page.locator('#admin-password').fill('linli-admin');
      await page.locator('#admin-login-submit').getByText('登录管理后台').click();
      await page.waitForURL((u) => u.pathname === '/admin');
      expect(await page.evaluate(() => localStorage.getItem('linli.session.v1'))).toContain('"admin"');
    });

    it('creates a product with a SKU and a lot, edits its price, and a leader can open a campaign with it', async () => {
      const { page } = phone;
      const admin = await devToken('admin');

      // From the admin home's tile to the catalogue.
      await page.goto(`${srv.url}/admin`);
      await page.getByText('商品库', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === CATALOGUE);
      await page.locator('.catalogue-page .remote-list--ready').waitFor();
      for (const title of ['奉化水蜜桃', '明前西湖龙井', '五常稻花香大米']) await page.getByText(title, { exact: true }).waitFor();
      await page.locator('#cat-tea').click(); // filter by category
      await page.waitForFunction(() => document.querySelectorAll('.product-row').length === 1);
      await page.locator('#cat-all').click();
      await page.waitForFunction(() => document.querySelectorAll('.product-row').length === 3);
      await snap(page, 'admin-catalogue');

      // A new supplier with a certification, in the suppliers tab's sheet; a duplicate name is refused by the server.
      await page.locator('#tab-suppliers').click();
      await page.getByText('龙坞西湖龙井茶园').waitFor();
      await page.getByText('＋ 新增供应商').click();
      await page.locator('#supplier-name').fill('龙坞西湖龙井茶园');
      await page.locator('#supplier-region').fill('浙江杭州西湖区');
      await page.getByText('保存供应商').click();
      await page.locator('#supplier-sheet').getByText('供应商「龙坞西湖龙井茶园」已存在').waitFor();
      await page.locator('#supplier-name').fill('龙坞茶酥工坊');
      await page.getByText('＋ 添加证书').click();
      await page.locator('.cert-row input').nth(0).fill('SC 生产许可');
      await page.locator('.cert-row input').nth(1).fill('SC12433010600123');
      await snap(page, 'admin-supplier-sheet');
      await page.getByText('保存供应商').click();
      await page.locator('.cell', { hasText: '龙坞茶酥工坊' }).getByText('SC 生产许可 SC12433010600123').waitFor();
      const suppliers = (await request(srv.url).get('/api/admin/catalogue/suppliers').set('Authorization', `Bearer ${admin.token}`).expect(200)).body.data as SupplierDTO[];
      const workshop = suppliers.find((s) => s.name === '龙坞茶酥工坊')!;
      expect(workshop).toMatchObject({ region: '浙江杭州西湖区', productCount: 0, certifications: [{ name: 'SC 生产许可', number: 'SC12433010600123' }] });
      await page.locator('#tab-products').click();

      await page.getByText('＋ 新建商品').click();
      await page.locator('.product-page--ready').waitFor();
      await page.locator('#product-title').fill('龙井茶酥');
      await page.locator(`#supplier-${workshop.id}`).click();
      await page.locator('#category-snack').click();
      await page.locator('#product-unit').fill('盒');
      await page.locator('#product-shelf-life').fill('90');
      await page.locator('#fresh-other').click();
      await page.locator('#sku-spec-0').fill('12枚礼盒');
      await page.locator('#sku-price-0').fill('45');
      await page.locator('#sku-cost-0').fill('22.5');
      await page.locator('#sku-stock-0').fill('80');
      await page.locator('#sku-code-0').fill('PEACH-5JIN'); // the demo peach's code: the server refuses it
      await page.locator('#lot-code-0').fill('LJS-2026-01');
      await page.locator('#lot-province-0').fill('浙江');
      await page.locator('#lot-county-0').fill('杭州市西湖区');
      await page.locator('#lot-village-0').fill('龙坞镇');
      await snap(page, 'admin-product');
      await snapFull(page, 'admin-product');

      // Client-side check first: a price that is not an amount never reaches the server.
      await page.locator('#sku-price-0').fill('45.999');
      await page.getByText('上架到商品库').click();
      await page.getByText('「12枚礼盒」的零售价格式不对（例如 59.9）').waitFor();
      await page.locator('#sku-price-0').fill('45');
      // The server's 409, shown as it words it; nothing is created.
      await page.getByText('上架到商品库').click();
      await page.getByText('规格编码已被其他商品使用').waitFor();
      let list = (await request(srv.url).get('/api/admin/catalogue/products?q=茶酥').set('Authorization', `Bearer ${admin.token}`).expect(200)).body.data;
      expect(list.items).toEqual([]);

      await page.locator('#sku-code-0').fill('');
      await page.getByText('上架到商品库').click();
      await page.waitForURL((u) => u.pathname === CATALOGUE);
      const row = page.locator('.product-row', { hasText: '龙井茶酥' });
      await row.waitFor();
      expect(await row.locator('.product-row__price').innerText()).toBe('¥45.00');
      expect(await row.locator('.product-row__stock').innerText()).toBe('库存 80盒');
      list = (await request(srv.url).get('/api/admin/catalogue/products?q=茶酥').set('Authorization', `Bearer ${admin.token}`).expect(200)).body.data;
      expect(list.items).toEqual([expect.objectContaining({ title: '龙井茶酥', category: 'snack', minListPriceFen: 4500, totalStock: 80, skuCount: 1, lotCount: 1 })]);

      // Edit the price: ¥45 → ¥39.90, seen in the list.
      await row.click();
      await page.locator('.product-page--ready').waitFor();
      expect(await page.locator('#sku-price-0').inputValue()).toBe('45.00');
      await page.locator('#sku-price-0').fill('39.9');
      await page.getByText('保存修改').click();
      await page.waitForURL((u) => u.pathname === CATALOGUE);
      await page.locator('.product-row', { hasText: '龙井茶酥' }).locator('.product-row__price', { hasText: '¥39.90' }).waitFor();

      // A leader opens a campaign from the catalogue: the new product is there, at its new price.
      const leader = await devToken('leader.wang');
      const browse = (await request(srv.url).get('/api/catalogue').set('Authorization', `Bearer ${leader.token}`).expect(200)).body.data as Array<{ product: { title: string }; skus: Array<{ listPriceFen: number }>; lots: Array<{ lotCode: string; origin: string }> }>;
      const entry = browse.find((e) => e.product.title === '龙井茶酥')!;
      expect(entry.skus.map((s) => s.listPriceFen)).toEqual([3990]);
      expect(entry.lots).toEqual([expect.objectContaining({ lotCode: 'LJS-2026-01', origin: '浙江 杭州市西湖区 龙坞镇' })]);
      await signedOut(page, srv.url);
      await page.locator('#dev-login-leader-wang').click();
      await page.waitForURL((u) => u.pathname === '/leader');
      await page.goto(`${srv.url}/leader/create`);
      const offered = page.locator('.catalogue-row', { hasText: '龙井茶酥' });
      await offered.waitFor();
      expect(await offered.innerText()).toContain('零售 ¥39.90');
    });

    it('the reports page shows the figures the server computed, after two paid orders', async () => {
      const { page } = phone;
      const admin = await devToken('admin');
      const overview = async (days: number) => (await request(srv.url).get('/api/admin/reports/overview').query(shanghaiRange(days))
        .set('Authorization', `Bearer ${admin.token}`).expect(200)).body.data as ReportOverviewDTO;
      const before = await overview(7);

      // Two neighbours join the demo's open campaign and pay in the sandbox.
      const campaign = (await request(srv.url).get('/api/campaigns/1').expect(200)).body.data as CampaignDetailDTO;
      const paid = [];
      for (const [username, quantity] of [['neighbour.zhang', 2], ['neighbour.liu', 1]] as const) {
        paid.push(await joinAndPay(srv, await devToken(username), campaign.id, [{ campaignItemId: campaign.items[0].id, quantity }], campaign.pickupPoints[0].id));
      }
      const after = await overview(7);
      const ours = paid.reduce((s, o) => s + o.paidFen, 0);
      expect(after.totals.paidFen - before.totals.paidFen).toBe(ours);
      expect(after.totals.paidOrders - before.totals.paidOrders).toBe(2);
      expect(after.money.balanced).toBe(true);

      await signedOut(page, srv.url);
      await page.locator('#admin-username').fill('admin');
      await page.locator('#admin-password').fill('linli-admin');
      await page.locator('#admin-login-submit').getByText('登录管理后台').click();
      await page.waitForURL((u) => u.pathname === '/admin');
      await page.goto(`${srv.url}${REPORTS}`);
      await page.locator('.reports-ready').waitFor();
      expect(await page.locator('#kpi-paid .kpi__value').innerText()).toBe(formatFen(after.totals.paidFen));
      expect(await page.locator('#kpi-refunded .kpi__value').innerText()).toBe(formatFen(after.totals.refundedFen));
      expect(await page.locator('#kpi-orders .kpi__value').innerText()).toBe(String(after.totals.paidOrders));
      expect(await page.locator('#kpi-orders .kpi__note').innerText()).toBe(`${after.totals.buyers} 位邻居下单`);
      expect(await page.locator('#chart-gmv .bar-chart__slot').count()).toBe(7);
      // Today's bar: tap it for the day's figures.
      const today = after.days[after.days.length - 1];
      await page.locator('#chart-gmv .bar-chart__slot').last().click();
      expect(await page.locator('#report-pick').innerText()).toContain(`支付 ${formatFen(today.paidFen)} · ${today.paidOrders} 单`);
      expect(await page.locator('#split-money').innerText()).toContain(formatFen(after.money.leaderFen));
      await page.getByText('商品排行（按支付金额）').waitFor();
      await snap(page, 'admin-reports');
      await snapFull(page, 'admin-reports');

      await page.locator('#range-30').click();
      await page.waitForFunction(() => document.querySelectorAll('#chart-gmv .bar-chart__slot').length === 30);
      const month = await overview(30);
      expect(await page.locator('#kpi-paid .kpi__value').innerText()).toBe(formatFen(month.totals.paidFen));
    });

    it('the reports page shows a server failure with its message, and retries', async () => {
      const { page } = phone;
      let calls = 0;
      await page.route('**/api/admin/reports/overview**', async (route) => {
        calls += 1;
        if (calls === 1) await route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INVALID_INPUT', message: '一次最多查看 92 天' } }) });
        else await route.continue();
      });
      await page.goto(`${srv.url}${REPORTS}`);
      await page.getByText('一次最多查看 92 天').waitFor();
      await page.getByText('重试', { exact: true }).click();
      await page.locator('.reports-ready').waitFor();
      expect(calls).toBe(2);
      await page.unroute('**/api/admin/reports/overview**');
    });
  });
}
