/**
 * The leader's tools in the h5 build against the real server and its demo data (leader 王芳, leader.wang):
 * - share: the campaigns they may share, a campaign's share card with their leader code, the code to scan and
 *   the poster (both PNGs drawn by the server and fetched with the token: they must actually load), copy the
 *   link, download the poster;
 * - bot: a wrong relay address is refused with the server's message and nothing is added; a relay channel is
 *   added, its secret shown once, its binding code typed into the group through the signed bridge (the server's
 *   real binding path), and the page shows it bound with the bot's reply delivered to the relay; then unbound;
 * - earnings: a campaign of theirs succeeds with three paid orders, the goods are picked up, two orders complete
 *   (one after a partial refund), the weekly settlement makes a statement that admins approve and pay; the
 *   dashboard and the earnings page show the API's figures to the fen, and the statement its lines.
 * Screenshots: leader-share.png, leader-bot.png, leader-home.png, leader-earnings.png, leader-statement.png.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { DAY, HOUR, MINUTE, ManualClock } from '../../server/kernel/clock';
import { systemContext } from '../../server/kernel/context';
import { signedHeaders } from '../../server/modules/bot';
import { formatFen } from '../../shared/money';
import type { EarningsDTO, StatementDTO, StatementLineDTO } from '../../shared/types/commission';
import type { BotChannelDTO } from '../../shared/types/bot';
import type { ShareCardDTO } from '../../shared/types/share';
import { startTestServer, type TestServer } from '../helpers/server';
import { runDueJobs } from '../helpers/world';
import { pickUp } from '../integration/ledger/support';
import { ensureH5Build } from './helpers/h5-build';
import { CHROMIUM, hasChromium, launchPhone, snap, type Phone, signIn } from './helpers/browser';

/** The API as a person of the demo (development login), for setting up the world and reading expected figures. */
class Api {
  private tokens = new Map<string, string>();
  constructor(private readonly base: string) {}

  async token(username: string): Promise<string> {
    if (!this.tokens.has(username)) {
      const res = await fetch(`${this.base}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
      const body = await res.json() as { data: { token: string } };
      this.tokens.set(username, body.data.token);
    }
    return this.tokens.get(username)!;
  }

  async call<T>(username: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; data: T; body: unknown }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.token(username)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json() as { data: T };
    return { status: res.status, data: json.data, body: json };
  }

  async ok<T>(username: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const r = await this.call<T>(username, method, path, body, headers);
    if (r.status >= 300) throw new Error(`${method} ${path} as ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.data;
  }
}

/** A chat relay: what the bot posts back to a bridge channel's group lands here. */
function startRelay(): Promise<{ url: string; posts: unknown[]; close: () => Promise<void> }> {
  const posts: unknown[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      try { posts.push(JSON.parse(raw)); } catch { posts.push(raw); }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/relay`,
    posts,
    close: () => new Promise<void>((r) => server.close(() => r())),
  })));
}

/** Taro's h5 pages scroll inside .taro_page: back to the top before a screenshot. */
const scrollTop = (page: Page) => page.evaluate(() => {
  window.scrollTo(0, 0);
  document.querySelectorAll('.taro_page').forEach((e) => { e.scrollTop = 0; });
});

const imageLoaded = (page: Page, id: string) =>
  page.waitForFunction((sel) => {
    const img = document.querySelector(`${sel} img, img${sel}`) as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 0 ? img.naturalWidth : 0;
  }, `#${id}`, { timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>);

if (!hasChromium()) {
  describe('leader tools in Chromium', () => {
    (process.env.CI ? it : it.skip)(`needs Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`, () => { throw new Error(`Chromium missing at ${CHROMIUM}`); });
  });
} else {
  describe('leader tools in Chromium: share, chat-group bot, earnings and statements', () => {
    let srv: TestServer;
    let phone: Phone;
    let api: Api;

    beforeAll(async () => {
      // eslint-disable-next-line no-console
      await ensureH5Build((m) => console.log(m));
      srv = await startTestServer({ config: { demo: { seedOnEmptyDatabase: true } }, clock: new ManualClock(Date.now()) });
      api = new Api(srv.url);
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

    it('shares a campaign: the card carries the leader code, the code and the poster load, the link copies and the poster downloads', async () => {
      const { page } = phone;
      await signIn(page, srv.url, 'leader.wang');
      await page.locator('#action-share').click();
      await page.locator('.share-page .remote-list--ready').waitFor();
      // Their own campaign and the platform's (help-selling) are both offered.
      await page.locator('.sh-pick', { hasText: '明前西湖龙井 · 平台帮卖' }).waitFor();
      await page.locator('.sh-pick', { hasText: '奉化水蜜桃 · 五常新米 邻里团' }).click();

      await page.locator('.share-page--ready').waitFor();
      const card = await api.ok<ShareCardDTO>('leader.wang', 'GET', '/api/leader/share/campaigns/1');
      expect(card.leaderCode).toBe('WANGF8');
      expect(await page.locator('#share-title').innerText()).toBe(card.title);
      expect(await page.locator('#share-path').innerText()).toBe(card.path);
      expect(await page.locator('#share-web-url').innerText()).toBe(card.webUrl);
      expect(card.webUrl).toContain('l=WANGF8');

      expect(await imageLoaded(page, 'share-code')).toBeGreaterThan(100);
      expect(await imageLoaded(page, 'share-poster')).toBeGreaterThan(300);

      await page.locator('#copy-web-link').click();
      expect(await page.evaluate(() => localStorage.getItem('taro_clipboard'))).toContain(card.webUrl);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('下载海报', { exact: true }).click()]);
      expect(download.suggestedFilename()).toBe('团购海报-1.png');
      await page.waitForTimeout(1800); // the copy toast fades
      await scrollTop(page);
      await snap(page, 'leader-share');

      // A campaign the leader may not share (not open) is refused with the server's reason.
      await page.goto(`${srv.url}/leader/share?id=999999`);
      await page.locator('.state-view--error').waitFor();
      await page.getByText('选择其他团购').waitFor();
    });

    it('binds a chat group: a wrong address is refused, the binding code typed in the group binds it, then it is unbound', async () => {
      const { page } = phone;
      const relay = await startRelay();
      try {
        await signIn(page, srv.url, 'leader.wang');
        await page.locator('#action-bot').click();
        await page.locator('.bot-page--ready').waitFor();
        await page.locator('.bot-card', { hasText: '阳光花园邻里群（演示）' }).getByText('已绑定').waitFor();
        const before = await api.ok<BotChannelDTO[]>('leader.wang', 'GET', '/api/leader/bot/channels');

        // A relay address that is not a URL: the server's message, and nothing is added.
        await page.getByText('绑定新群', { exact: true }).click();
        await page.locator('#channel-name').fill('阳光花园 3 号楼群');
        await page.locator('#transport-bridge').click();
        await page.locator('#channel-address').fill('not a url');
        await page.locator('#create-channel-sheet').getByText('添加', { exact: true }).click();
        // (Taro's toast box is laid out as invisible to playwright; its text is what the user reads.)
        await page.locator('.taro__toast', { hasText: 'webhook 地址不是有效的网址' }).waitFor({ state: 'attached' });
        expect(await api.ok<BotChannelDTO[]>('leader.wang', 'GET', '/api/leader/bot/channels')).toHaveLength(before.length);

        // The relay's address: added, pending, its secret shown once.
        await page.locator('#channel-address').fill(relay.url);
        await page.locator('#create-channel-sheet').getByText('添加', { exact: true }).click();
        await page.locator('#secret-sheet').waitFor();
        const secret = (await page.locator('#channel-secret').innerText()).trim();
        expect(secret.length).toBeGreaterThanOrEqual(32);
        await page.locator('#secret-sheet .sheet__close').click();

        const channels = await api.ok<BotChannelDTO[]>('leader.wang', 'GET', '/api/leader/bot/channels');
        const ch = channels.find((c) => c.name === '阳光花园 3 号楼群')!;
        expect(ch).toMatchObject({ transport: 'bridge', status: 'pending', groupBound: false, webhookUrl: relay.url });
        const command = (await page.locator(`#binding-code-${ch.id}`).innerText()).trim();
        expect(command).toBe(`绑定 ${ch.bindingCode}`);
        await page.locator(`#channel-${ch.id}`).getByText('待绑定').waitFor();

        // Someone types the command into the group; the relay forwards it, signed with the secret from the page.
        const raw = JSON.stringify({ groupId: 'e2e-building-3', messages: [{ messageId: 'e2e-bind-1', senderId: 'wx-wang', senderName: '王芳', text: command }] });
        const res = await fetch(`${srv.url}/api/bot/bridge/${ch.id}/messages`, {
          method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(secret, raw, srv.clock.now()) }, body: raw,
        });
        expect(res.status).toBe(200);
        expect(JSON.stringify(await res.json())).toContain('"bound"');
        await runDueJobs(srv); // the bot's "bound" reply goes out to the relay
        expect(relay.posts.length).toBeGreaterThan(0);

        await page.reload();
        await page.locator('.bot-page--ready').waitFor();
        await page.locator(`#channel-${ch.id}`).getByText('已绑定').waitFor();
        expect(await page.locator(`#binding-code-${ch.id}`).count()).toBe(0);
        await page.locator(`#channel-${ch.id}`).getByText('最近消息').click();
        await page.locator(`#channel-messages-${ch.id} .bot-msg`, { hasText: '机器人回复' }).getByText('已发送').waitFor();
        await snap(page, 'leader-bot');

        // Unbind, after the confirmation.
        await page.locator(`#channel-${ch.id}`).getByText('解绑', { exact: true }).click();
        await page.locator('.taro__modal .taro-model__confirm').click();
        await page.locator(`#channel-${ch.id}`).getByText('已解绑').waitFor();
        const after = await api.ok<BotChannelDTO[]>('leader.wang', 'GET', '/api/leader/bot/channels');
        expect(after.find((c) => c.id === ch.id)!.status).toBe('unbound');
      } finally {
        await relay.close();
      }
    });

    it('shows the earnings and a paid statement to the fen: accrued at 成团, reversed by a refund, released at completion, settled and paid', async () => {
      const { page } = phone;
      const c = srv.container;
      const now = () => c.clock.now().getTime();

      // --- A campaign of 王芳's succeeds with three paid orders ---------------------------------------------
      const catalogue = await api.ok<Array<{ product: { title: string }; skus: Array<{ id: number }>; lots: Array<{ id: number }> }>>('leader.wang', 'GET', '/api/catalogue');
      const peach = catalogue.find((e) => e.product.title === '奉化水蜜桃')!;
      const points = await api.ok<Array<{ id: number }>>('leader.wang', 'GET', '/api/leader/pickup-points');
      const deadline = now() + HOUR;
      const created = await api.ok<{ id: number }>('leader.wang', 'POST', '/api/leader/campaigns', {
        title: '周末水蜜桃 邻里团', description: '冷链到店', thresholdKind: 'participants', thresholdValue: 2,
        startsAt: new Date(now() - HOUR).toISOString(), deadlineAt: new Date(deadline).toISOString(),
        pickupStartsAt: new Date(deadline + HOUR).toISOString(), pickupEndsAt: new Date(deadline + 3 * DAY).toISOString(),
        items: [{ skuId: peach.skus[0].id, lotId: peach.lots[0].id, priceFen: 6800, stock: 50, perPersonLimit: null, tiers: [] }],
        pickupPointIds: [points[0].id],
      });
      const campaign = await api.ok<{ id: number; items: Array<{ id: number }> }>('leader.wang', 'POST', `/api/leader/campaigns/${created.id}/open`, {});
      const orderIds: number[] = [];
      for (const [who, quantity] of [['neighbour.zhang', 2], ['neighbour.liu', 1], ['neighbour.zhou', 1]] as const) {
        const order = await api.ok<{ id: number }>(who, 'POST', `/api/campaigns/${campaign.id}/orders`,
          { items: [{ campaignItemId: campaign.items[0].id, quantity }], pickupPointId: points[0].id }, { 'Idempotency-Key': `e2e-earnings-${who}` });
        const pay = await api.ok<{ outTradeNo: string }>(who, 'POST', `/api/orders/${order.id}/pay`, {});
        await api.ok(who, 'POST', `/api/payments/sandbox/${pay.outTradeNo}`, { result: 'success' });
        orderIds.push(order.id);
      }

      // --- The deadline: 成团, the commission accrues; pickup; two orders complete, one after a partial refund --
      srv.clock.set(deadline + MINUTE);
      await c.flows.campaignLife.closeIfDue(systemContext('e2e-deadline', c.clock.now()), campaign.id);
      for (const id of orderIds) await pickUp(srv, id);
      srv.clock.set(now() + 3 * DAY);
      await api.ok('admin', 'POST', `/api/admin/orders/${orderIds[0]}/refunds`, { amountFen: 1000, reason: '一个桃子压坏了' });
      for (const id of orderIds.slice(0, 2)) {
        expect(await c.flows.orderLife.completeIfDue(systemContext('e2e-complete', c.clock.now()), id)).toBe('completed');
      }

      // --- The weekly settlement: a statement for 王芳, approved and paid -------------------------------------
      const run = await api.ok<{ statements: StatementDTO[] }>('admin', 'POST', '/api/admin/settlement/runs', { cycleKey: 'e2e-week-1' });
      const wangLeaderId = (await api.ok<{ id: number }>('leader.wang', 'GET', '/api/leader/me')).id;
      const statement = run.statements.find((s) => s.beneficiaryKind === 'leader' && s.beneficiaryId === wangLeaderId)!;
      expect(statement.totalFen).toBeGreaterThan(0);
      await api.ok('admin', 'POST', `/api/admin/statements/${statement.id}/approve`, {});
      await api.ok('admin', 'POST', `/api/admin/statements/${statement.id}/pay`, { method: 'manual', reference: 'BANK-E2E-0001' });

      const earnings = await api.ok<EarningsDTO & { statements: StatementDTO[] }>('leader.wang', 'GET', '/api/leader/earnings');
      // 10% of 68.00 × 4, less 10% of the ¥10.00 refund; 周六 order still in its return window: pending.
      expect(earnings).toMatchObject({ accruedFen: 2620, pendingFen: 680, releasedFen: 1940, settledFen: 1940, paidFen: 1940, owedFen: 0 });

      // --- The dashboard -------------------------------------------------------------------------------------
      await signIn(page, srv.url, 'leader.wang');
      await page.locator('.remote-list--ready').waitFor();
      await page.waitForFunction(() => document.querySelector('#home-earnings-accrued')?.textContent !== '—');
      expect(await page.locator('#home-earnings-accrued').innerText()).toBe(formatFen(earnings.accruedFen));
      await page.locator('#home-earnings').getByText(`待确认 ${formatFen(earnings.pendingFen)} · 待打款 ${formatFen(earnings.owedFen)}`).waitFor();
      await snap(page, 'leader-home');

      // --- The earnings page: every figure is the API's -------------------------------------------------------
      await page.locator('#home-earnings').click();
      await page.waitForURL((u) => u.pathname === '/leader/earnings');
      await page.locator('#earnings-accrued').waitFor();
      const figures: Array<[string, number]> = [
        ['earnings-accrued', earnings.accruedFen], ['earnings-pending', earnings.pendingFen], ['earnings-released', earnings.releasedFen],
        ['earnings-settled', earnings.settledFen], ['earnings-paid', earnings.paidFen], ['earnings-owed', earnings.owedFen],
      ];
      for (const [id, fen] of figures) expect([id, await page.locator(`#${id}`).innerText()]).toEqual([id, formatFen(fen)]);
      expect(await page.locator(`#statement-total-${statement.id}`).innerText()).toBe(formatFen(statement.totalFen));
      await page.locator('.cell', { hasText: `对账单 #${statement.id}` }).locator('.tag', { hasText: '已打款' }).waitFor();
      // 佣金明细: each entry as the API lists it, newest first, signed, with the statement that settled it.
      const entries = await api.ok<{ items: Array<{ id: number; amountFen: number; statementId: number | null }> }>('leader.wang', 'GET', '/api/leader/earnings/entries?limit=20');
      expect(entries.items.length).toBeGreaterThan(3);
      for (const e of entries.items) {
        expect(await page.locator(`#entry-${e.id}`).innerText()).toBe(`${e.amountFen > 0 ? '+' : ''}${formatFen(e.amountFen)}`);
      }
      expect(entries.items.some((e) => e.statementId === statement.id)).toBe(true);
      await snap(page, 'leader-earnings');

      // --- The statement: total, payout, and its lines (a release per completed order, the refund's reversal) --
      await page.locator(`#statement-total-${statement.id}`).click();
      await page.waitForURL((u) => u.pathname === '/leader/statement');
      await page.locator('#statement-total').waitFor();
      const lines = await api.ok<{ items: StatementLineDTO[] }>('leader.wang', 'GET', `/api/leader/earnings/statements/${statement.id}/lines`);
      expect(lines.items.map((l) => l.entryType).sort()).toEqual(['release', 'release']);
      expect(await page.locator('#statement-total').innerText()).toBe(formatFen(statement.totalFen));
      expect(await page.locator('#statement-lines-fen').innerText()).toBe(formatFen(statement.linesFen));
      await page.getByText('BANK-E2E-0001').waitFor();
      for (const l of lines.items) {
        expect(await page.locator(`#line-${l.lineId}`).innerText()).toBe(`${l.amountFen > 0 ? '+' : ''}${formatFen(l.amountFen)}`);
      }
      await page.locator('.statement-page').getByText('订单完成，佣金可结算').first().waitFor();
      await snap(page, 'leader-statement');

      // Another leader's statement (or none) reads as not found.
      await page.goto(`${srv.url}/leader/statement?id=999999`);
      await page.locator('.state-view--error').waitFor();
    });
  });
}
