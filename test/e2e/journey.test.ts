/**
 * The group-buy journeys in the h5 build against the real server and its demo data:
 * - a neighbour opens the campaign list, a campaign, checks out with quantities and a pickup point, pays in the
 *   sandbox sheet, sees the order paid, and the campaign's progress and 接龙 list include them;
 * - the same order, once at the store, shows its pickup code as text and QR; after pickup the neighbour reviews
 *   an item and asks for after-sales with a photo (fulfilment is walked through the server's state machine,
 *   since its own pages come later);
 * - a leader sees today's figures, opens a campaign from the catalogue and lands on its management page.
 * Screenshots of each page go to test/e2e/screenshots/ (full-page ones end in "-full").
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ManualClock } from '../../server/kernel/clock';
import { systemContext } from '../../server/kernel/context';
import { startTestServer, type TestServer } from '../helpers/server';
import { ensureH5Build } from './helpers/h5-build';
import { CHROMIUM, hasChromium, launchPhone, PHONE, snap, SCREENSHOT_DIR, type Phone, signIn } from './helpers/browser';

const UPLOADS = path.resolve(__dirname, '..', '..', 'data', 'uploads');
// A small real PNG (green square) for the photo upload.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGklEQVR42mNkaGAgCTCOahjVMKphVMOoBgIAdxgBEVbYQJUAAAAASUVORK5CYII=', 'base64');

async function snapFull(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(async () => { await document.fonts.ready; });
  // Taro's h5 pages scroll inside .taro_page, not the document: grow the viewport to the content instead.
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight,
    ...Array.from(document.querySelectorAll('.taro_page, .page')).map((e) => e.scrollHeight)));
  await page.setViewportSize({ width: PHONE.width, height: Math.min(height, 6000) });
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-full.png`), animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(PHONE);
}

if (!hasChromium()) {
  describe('mini-program journeys in Chromium', () => {
    // In CI a missing browser is a failure, not a skip: it must never hide the browser tests.
    (process.env.CI ? it : it.skip)(`needs Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`, () => { throw new Error(`Chromium missing at ${CHROMIUM}`); });
  });
} else {
  describe('mini-program journeys in Chromium', () => {
    let srv: TestServer;
    let phone: Phone;
    const uploaded: string[] = [];

    beforeAll(async () => {
      // eslint-disable-next-line no-console
      await ensureH5Build((m) => console.log(m));
      srv = await startTestServer({ config: { demo: { seedOnEmptyDatabase: true } }, clock: new ManualClock(Date.now()) });
      phone = await launchPhone();
    }, 300_000);

    afterAll(async () => {
      await phone?.close();
      await srv?.close();
      for (const f of uploaded) fs.rmSync(path.join(UPLOADS, path.basename(f)), { force: true });
    });

    afterEach(() => {
      expect(phone.errors).toEqual([]);
      phone.errors.length = 0;
    });

    let orderId = 0;

    it('a neighbour joins a campaign from the list, pays in the sandbox, and shows up in its 接龙 list', async () => {
      const { page } = phone;
      await signIn(page, srv.url, 'neighbour.zhang');
      await page.locator('.remote-list--ready').waitFor();
      await snap(page, 'journey-1-campaigns');

      await page.locator('.campaign-card', { hasText: '奉化水蜜桃 · 五常新米' }).click();
      await page.locator('.campaign-page--ready').waitFor();
      expect(new URL(page.url()).pathname).toBe('/campaign');
      for (const text of ['溯源信息', 'FH-2026-0721-A', '绿色食品证书', '当前', '满20人', '还没有人接龙，来做第一个吧', '陈记便利店（阳光花园北门）']) {
        await page.getByText(text, { exact: false }).first().waitFor();
      }
      const first = await page.locator('#countdown').innerText();
      await page.waitForTimeout(1100);
      expect(await page.locator('#countdown').innerText()).not.toBe(first); // it ticks
      await snap(page, 'journey-2-campaign-detail');
      await snapFull(page, 'journey-2-campaign-detail');

      await page.getByText('立即参团', { exact: true }).click();
      await page.locator('.checkout-page--ready').waitFor();
      // Two boxes of peaches (chilled) and a bag of rice, at the south-gate store.
      const lines = page.locator('.line-item');
      await lines.nth(0).locator('.stepper__btn--plus').click();
      await lines.nth(1).locator('.stepper__btn--plus').click();
      await page.locator('[id^=point-]', { hasText: '赵姐生鲜' }).click();
      await page.getByText('¥205.00', { exact: true }).first().waitFor(); // 2 × 68.00 + 69.00
      await snap(page, 'journey-3-checkout');

      await page.getByText('提交订单并支付').click();
      await page.locator('#pay-sheet').waitFor();
      await page.getByText('演示环境 · 沙箱支付，不会真实扣款').waitFor();
      await snap(page, 'journey-4-pay-sheet');
      await page.getByText('确认支付 ¥205.00').click();

      await page.waitForURL((u) => u.pathname === '/order');
      await page.locator('.order-page--paid').waitFor();
      expect(await page.locator('#order-status').innerText()).toBe('已付款');
      await page.getByText('实付').waitFor();
      orderId = Number(new URL(page.url()).searchParams.get('id'));
      expect(orderId).toBeGreaterThan(0);
      await snap(page, 'journey-5-order-paid');

      // The campaign now counts the neighbour; the 接龙 list names them.
      await page.goto(`${srv.url}/campaign?id=1`);
      await page.locator('.campaign-page--ready').waitFor();
      await page.getByText('1人已参团 · 还差9人成团').waitFor();
      await page.locator('.jielong__row', { hasText: '张阿姨' }).waitFor();
      expect(await page.locator('.jielong__row').first().innerText()).toContain('奉化水蜜桃×2');

      await page.goto(`${srv.url}/orders`);
      await page.locator(`#order-${orderId}`).waitFor();
      await snap(page, 'journey-6-orders');
    });

    it('a share link opened on a phone with nothing cached: the page arrives compressed and small', async () => {
      const cold = await launchPhone(); // a fresh profile: an empty HTTP cache, no session
      try {
        const transfers: Array<{ url: string; bytes: number; encoding: string | undefined }> = [];
        cold.page.on('requestfinished', (req) => {
          void (async () => {
            const res = await req.response();
            if (!res || !/\.(js|css)$|\/campaign\b/.test(new URL(req.url()).pathname)) return;
            const sizes = await req.sizes();
            transfers.push({ url: new URL(req.url()).pathname, bytes: sizes.responseBodySize + sizes.responseHeadersSize, encoding: (await res.allHeaders())['content-encoding'] });
          })();
        });
        await cold.page.goto(`${srv.url}/campaign?id=1`);
        await cold.page.locator('.campaign-page--ready').waitFor();
        await cold.page.waitForLoadState('networkidle');
        const scripts = transfers.filter((t) => /\.(js|css)$/.test(t.url));
        const total = transfers.reduce((s, t) => s + t.bytes, 0);
        // eslint-disable-next-line no-console
        console.log(`share link, cold cache: ${transfers.length} files, ${Math.round(total / 1024)} KB on the wire`, scripts.map((t) => `${t.url} ${Math.round(t.bytes / 1024)} KB ${t.encoding ?? 'identity'}`));
        // Every larger script and style comes brotli'd (precompressed at build time); the whole page in ≈ 150 KB.
        expect(scripts.filter((t) => t.bytes > 4096 && t.encoding !== 'br')).toEqual([]);
        expect(total).toBeLessThan(200 * 1024);
        expect(cold.errors).toEqual([]);
      } finally {
        await cold.close();
      }
    });

    it('share links in every form (our card, the server\'s cards and bot links, a scanned code\'s scene) carry the leader code to checkout', async () => {
      const { page } = phone;
      await signIn(page, srv.url, 'neighbour.zhou');
      for (const link of ['/campaign?id=2&leaderCode=LIQ3K9', '/pages/campaign/index?id=2&l=LIQ3K9', `/campaign?scene=${encodeURIComponent('c=2&l=LIQ3K9')}`]) {
        await page.goto(`${srv.url}${link}`);
        await page.locator('.campaign-page--ready').waitFor();
        await page.getByText('明前西湖龙井 · 平台帮卖').first().waitFor();
        await page.getByText('立即参团', { exact: true }).click();
        await page.locator('.checkout-page--ready').waitFor();
        await page.getByText('来自团长分享（LIQ3K9）').waitFor();
      }
    });

    it('a double submit at checkout makes one order (the same Idempotency-Key)', async () => {
      const { page } = phone;
      await signIn(page, srv.url, 'neighbour.liu');
      const keys: string[] = [];
      page.on('request', (r) => { if (r.method() === 'POST' && /\/api\/campaigns\/\d+\/orders$/.test(r.url())) keys.push(r.headers()['idempotency-key']); });
      await page.goto(`${srv.url}/checkout?id=2`);
      await page.locator('.checkout-page--ready').waitFor();
      // Answer the first join slowly, as a bad network would, and tap again meanwhile; then the sheet is closed.
      await page.route('**/api/campaigns/2/orders', async (route) => { await new Promise((r) => setTimeout(r, 600)); await route.continue(); });
      const button = page.getByText('提交订单并支付');
      await button.click();
      await button.click({ force: true });
      await page.locator('#pay-sheet').waitFor();
      await page.unroute('**/api/campaigns/2/orders');
      expect(new Set(keys).size).toBe(1);
      await page.locator('.sheet__close').click();
      await page.waitForURL((u) => u.pathname === '/order');
      await page.locator('.order-page--pending_payment').waitFor();
      await page.getByText('剩余支付时间', { exact: false }).waitFor();
      await snap(page, 'journey-7-order-unpaid');
      const mine = await srv.container.db.select<{ n: number }>(
        "SELECT COUNT(*) AS n FROM orders o JOIN users u ON u.id = o.user_id WHERE u.username = 'neighbour.liu'");
      expect(Number(mine[0].n)).toBe(1);
    });

    it('at the store the order shows its pickup code as text and QR; after pickup the neighbour reviews and asks for after-sales with a photo', async () => {
      const { page } = phone;
      const c = srv.container;
      // Fulfilment is another team's pages: walk the paid order to the store through the order state machine.
      await c.db.transaction(systemContext('e2e', c.clock.now()), async (trc) => {
        await c.orders.transition(trc, { id: orderId, status: 'paid' }, 'confirmed', 'e2e: campaign succeeded', 'e2e');
        await c.orders.transition(trc, { id: orderId, status: 'confirmed' }, 'shipped', 'e2e', 'e2e');
        await c.orders.transition(trc, { id: orderId, status: 'shipped' }, 'ready_for_pickup', 'e2e', 'e2e', { pickup_code: 'K7M2Q9' });
      });
      await signIn(page, srv.url, 'neighbour.zhang');
      await page.goto(`${srv.url}/order?id=${orderId}`);
      await page.locator('#pickup-code').waitFor();
      await page.getByText('K7M2Q9', { exact: true }).waitFor();
      const qr = page.locator('.qr-code__img img, img.qr-code__img').first();
      await qr.waitFor();
      expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      await snap(page, 'journey-8-pickup-code');

      await c.db.transaction(systemContext('e2e', c.clock.now()), async (trc) => {
        await c.orders.transition(trc, { id: orderId, status: 'ready_for_pickup' }, 'picked_up', 'e2e', 'e2e', { picked_up_at: trc.now });
      });
      await page.reload();
      await page.locator('.order-page--picked_up').waitFor();

      await page.getByText('评价', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/review');
      await page.locator('.review-form').first().waitFor();
      await page.locator('.review-form').first().locator('.stars__star').nth(3).click(); // four stars
      await page.locator('.review-form').first().locator('textarea').fill('桃子很甜，冷链到店还是凉的');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.review-form').first().locator('#photo-add').click()]);
      await chooser.setFiles({ name: 'peach.png', mimeType: 'image/png', buffer: PHOTO });
      await page.locator('.review-form').first().locator('.photo-picker__img').waitFor();
      await snap(page, 'journey-9-review');
      await page.locator('.review-form').first().getByText('提交评价').click();
      await page.getByText('已评价，谢谢你').waitFor();
      const reviews = await c.db.select<{ rating: number; photos: string }>('SELECT rating, photos FROM reviews');
      expect(reviews).toHaveLength(1);
      expect(Number(reviews[0].rating)).toBe(4);
      uploaded.push(...(JSON.parse(reviews[0].photos) as string[]));

      await page.goto(`${srv.url}/after-sale?id=${orderId}`);
      await page.locator('#kind-partial').waitFor();
      await page.locator('#as-qty-' + (await firstItemId(page, srv, orderId)) + ' .stepper__btn--plus').click();
      await page.locator('#as-reason').fill('有一箱桃子压坏了，果皮破损');
      const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#photo-add').click()]);
      await chooser2.setFiles({ name: 'bad-peach.png', mimeType: 'image/png', buffer: PHOTO });
      await page.locator('.photo-picker__img').waitFor();
      await page.getByText('¥68.00', { exact: true }).first().waitFor();
      await snap(page, 'journey-10-after-sale');
      await page.getByText('提交申请').click();
      await page.waitForURL((u) => u.pathname === '/order');
      await page.getByText('售后申请').waitFor();
      await page.getByText('有一箱桃子压坏了，果皮破损').waitFor();
      await snap(page, 'journey-11-order-after-sale');
      const asks = await c.db.select<{ photos: string }>('SELECT photos FROM after_sales');
      uploaded.push(...(JSON.parse(asks[0].photos) as string[]));
      expect(uploaded.every((u) => /^\/uploads\/[0-9a-f]{32}\.png$/.test(u))).toBe(true);
    });

    it('a leader sees today\'s orders and opens a campaign from the catalogue', async () => {
      const { page } = phone;
      await signIn(page, srv.url, 'leader.wang');
      await page.locator('.remote-list--ready').waitFor();
      // Today: 张阿姨's paid order on 王芳's campaign.
      expect(await page.locator('#stat-orders').innerText()).toBe('1');
      expect(await page.locator('#stat-sales').innerText()).toBe('¥205.00');
      // No commission yet: it accrues when a campaign succeeds at its close (this order was walked by hand).
      await page.locator('#home-earnings-accrued', { hasText: '¥0.00' }).waitFor();
      await snap(page, 'journey-12-leader-dashboard');

      // The neighbour's after-sales request waits here; the leader approves it and the refund is recorded.
      await page.getByText('售后 · 1').click();
      await page.waitForURL((u) => u.pathname === '/leader/after-sales');
      await page.getByText('有一箱桃子压坏了，果皮破损').waitFor();
      await page.locator('.as-card__photo').first().waitFor();
      await snap(page, 'journey-12b-leader-after-sales');
      await page.getByText('同意退款', { exact: true }).click();
      await page.getByText('将退回 ¥68.00').waitFor();
      await page.locator('.sheet').getByText('确认', { exact: true }).click();
      await page.getByText('没有待处理的售后').waitFor();
      const refunds = await srv.container.db.select<{ amount_fen: number; reason_kind: string }>('SELECT amount_fen, reason_kind FROM refunds');
      expect(refunds.map((r) => [Number(r.amount_fen), r.reason_kind])).toEqual([[6800, 'after_sale']]);
      await page.goBack();
      await page.locator('#action-create').waitFor();

      await page.locator('#action-create').click();
      await page.locator('.create-page--ready').waitFor();
      await page.locator('.catalogue-row', { hasText: '明前西湖龙井' }).getByText('添加').click();
      await page.locator('#price-0').fill('228');
      await page.locator('#stock-0').fill('30');
      await page.locator('#limit-0').fill('2');
      await page.getByText('＋ 添加阶梯价').click();
      await page.locator('.tier-row input').nth(1).fill('218');
      await page.locator('#threshold').fill('5');
      await page.locator('[id^=create-point-]').first().click();
      await page.locator('#title').fill('明前龙井 邻里尝鲜团');
      await snap(page, 'journey-13-leader-create');
      await snapFull(page, 'journey-13-leader-create');
      await page.getByText('发布并开团').click();

      await page.waitForURL((u) => u.pathname === '/leader/campaign');
      await page.locator('.manage-page--open').waitFor();
      await page.getByText('明前龙井 邻里尝鲜团').waitFor();
      await page.getByText('团长码 WANGF8', { exact: true }).waitFor();
      await snap(page, 'journey-14-leader-campaign');

      // Neighbours of the community see it, with the tier.
      const id = Number(new URL(page.url()).searchParams.get('id'));
      const detail = await (await fetch(`${srv.url}/api/campaigns/${id}`)).json() as { data: { status: string; items: Array<{ currentPriceFen: number; tiers: Array<{ minParticipants: number; priceFen: number }> }> } };
      expect(detail.data.status).toBe('open');
      expect(detail.data.items[0]).toMatchObject({ currentPriceFen: 22800, tiers: [{ minParticipants: 20, priceFen: 21800 }] });
    });
  });
}

async function firstItemId(_page: Page, srv: TestServer, orderId: number): Promise<number> {
  const rows = await srv.container.db.select<{ id: number }>('SELECT id FROM order_items WHERE order_id = :orderId ORDER BY id LIMIT 1', { orderId });
  return Number(rows[0].id);
}
