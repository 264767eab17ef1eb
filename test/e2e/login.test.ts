/**
 * The mini-program's web build in a real browser against the real server: every demo account signs in through
 * the development login and lands on its role's home; the role switcher, sign-out, a dead token and a failing
 * list behave. Screenshots go to test/e2e/screenshots/ (committed, to review the look in pull requests).
 */
import type { Page } from 'playwright-core';
import type { CampaignSummaryDTO } from '../../shared/types/campaign';
import { ManualClock } from '../../server/kernel/clock';
import { startTestServer, type TestServer } from '../helpers/server';
import { ensureH5Build } from './helpers/h5-build';
import { CHROMIUM, hasChromium, launchPhone, snap, type Phone } from './helpers/browser';

type RoleKey = 'neighbour' | 'leader' | 'pickup' | 'admin';

/** Each role's home: its path (config/index.ts customRoutes) and the list section it shows. */
const HOMES: Record<RoleKey, { path: string; section: string }> = {
  neighbour: { path: '/campaigns', section: '正在拼团' },
  leader: { path: '/leader', section: '我的团购' },
  pickup: { path: '/store', section: '待取货' },
  admin: { path: '/admin', section: '待审批' },
};

/** The demo accounts (server/seed/demo.ts) and where each should land: multi-role users land on their work role. */
const ACCOUNTS: Array<{ username: string; name: string; lands: RoleKey }> = [
  { username: 'admin', name: '平台运营', lands: 'admin' },
  { username: 'leader.wang', name: '王芳', lands: 'leader' },
  { username: 'leader.li', name: '李强', lands: 'leader' },
  { username: 'store.chen', name: '陈老板', lands: 'pickup' },
  { username: 'store.zhao', name: '赵姐', lands: 'pickup' },
  { username: 'store.sun', name: '孙师傅', lands: 'pickup' },
  { username: 'neighbour.zhang', name: '张阿姨', lands: 'neighbour' },
  { username: 'neighbour.liu', name: '刘叔', lands: 'neighbour' },
  { username: 'neighbour.zhou', name: '小周', lands: 'neighbour' },
];

/** Where a sign-in lands, one account per role (the role suites write their richer home pages as <role>-home). */
const SHOT_FOR: Partial<Record<string, string>> = {
  admin: 'login-lands-admin', 'leader.wang': 'login-lands-leader', 'store.chen': 'login-lands-store', 'neighbour.zhang': 'login-lands-neighbour',
};

const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Signed out, on the login page. Storage is cleared from a non-app page, so no running app writes it back. */
async function openLogin(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/healthz`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${base}/`);
  await page.getByText('选择演示账号登录').waitFor();
}

/**
 * On the role's home, greeted by name, with its list settled: rows or the empty state, whichever the server's
 * data gives (the demo seed has campaigns; APIs still being built answer 404, shown as empty). Not an error.
 */
async function expectHome(page: Page, role: RoleKey, name: string): Promise<void> {
  const home = HOMES[role];
  await page.waitForURL((u) => u.pathname === home.path);
  await page.getByText(home.section, { exact: true }).first().waitFor(); // a home may repeat it (a figure and its section)
  await page.getByText(new RegExp(`，${name}$`)).waitFor(); // the greeting: "下午好，王芳"
  await page.locator('.remote-list--ready, .remote-list--empty, .remote-list--error').first().waitFor();
  expect(await page.locator('.remote-list--error').count()).toBe(0);
}

if (!hasChromium()) {
  describe('end-to-end in Chromium', () => {
    // eslint-disable-next-line no-console
    console.warn(`e2e SKIPPED: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
    // In CI a missing browser is a failure, not a skip: it must never hide the browser tests.
    (process.env.CI ? it : it.skip)(`needs ${CHROMIUM} (apt-get install -y chromium)`, () => { throw new Error(`Chromium missing at ${CHROMIUM}`); });
  });
} else {
  describe('mini-program h5 in a phone-sized Chromium', () => {
    let srv: TestServer;
    let phone: Phone;

    beforeAll(async () => {
      // eslint-disable-next-line no-console
      await ensureH5Build((m) => console.log(m));
      // The server's clock at real time, so tokens it signs are current for the browser too.
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

    it('every demo account signs in through the development login and lands on its role home', async () => {
      const { page } = phone;
      await openLogin(page, srv.url);
      expect(pathOf(page)).toMatch(/^\/(login)?$/);
      for (const a of ACCOUNTS) await page.getByText(a.username, { exact: false }).first().waitFor();
      await snap(page, 'login');

      for (const a of ACCOUNTS) {
        await openLogin(page, srv.url);
        await page.locator(`#dev-login-${a.username.replace('.', '-')}`).click();
        await expectHome(page, a.lands, a.name);
        const session = await page.evaluate(() => localStorage.getItem('linli.session.v1'));
        expect(session).toContain('"token"');
        const shot = SHOT_FOR[a.username];
        if (shot) await snap(page, shot);

        // Reloading the home keeps the session (Taro storage → localStorage) and the server's index.html fallback
        // serves the deep path.
        await page.reload();
        await expectHome(page, a.lands, a.name);
      }
    });

    it('a leader switches to neighbour on the "me" page, and signs out', async () => {
      const { page } = phone;
      await openLogin(page, srv.url);
      await page.locator('#dev-login-leader-wang').click();
      await expectHome(page, 'leader', '王芳');

      await page.getByText('我的', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/me');
      await page.getByText('切换身份').waitFor();
      await page.getByText('当前', { exact: true }).waitFor();
      await snap(page, 'me-role-switcher');

      await page.getByText('邻居', { exact: true }).click();
      await expectHome(page, 'neighbour', '王芳');
      await page.reload();
      await expectHome(page, 'neighbour', '王芳'); // the chosen role is remembered

      await page.getByText('我的', { exact: true }).click();
      await page.getByText('退出登录').click();
      await page.getByText('选择演示账号登录').waitFor();
      expect(await page.evaluate(() => localStorage.getItem('linli.session.v1'))).toBeNull();
    });

    it('a neighbour cannot open another role\'s page; an invalid token goes back to login', async () => {
      const { page } = phone;
      await openLogin(page, srv.url);
      await page.locator('#dev-login-neighbour-liu').click();
      await expectHome(page, 'neighbour', '刘叔');

      await page.goto(`${srv.url}/admin`);
      await expectHome(page, 'neighbour', '刘叔');

      // A token the server no longer accepts (secret rotated, user removed): the first 401 ends the session.
      await page.evaluate(() => {
        // Taro's h5 storage keeps each value as { data: value }.
        const stored = JSON.parse(localStorage.getItem('linli.session.v1')!) as { data: { token: string } };
        stored.data.token = 'not-a-valid-token';
        localStorage.setItem('linli.session.v1', JSON.stringify(stored));
      });
      await page.goto(`${srv.url}/campaigns`);
      await page.getByText('选择演示账号登录').waitFor();
      expect(await page.evaluate(() => localStorage.getItem('linli.session.v1'))).toBeNull();
    });

    it('the neighbour home shows skeletons while loading, a failure with its message and a retry, and a 404 as empty', async () => {
      const { page } = phone;
      await openLogin(page, srv.url);

      // Hold the list request to see the loading state, then fail it the way a broken server would.
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => { release = r; });
      let calls = 0;
      const json = (status: number, body: unknown) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
      await page.route('**/api/campaigns', async (route) => {
        calls += 1;
        if (calls === 1) {
          await held;
          await route.fulfill(json(500, { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } }));
        } else {
          // A server without the campaign API: its 404 reads as "nothing open", not as a failure.
          await route.fulfill(json(404, { error: { code: 'NOT_FOUND', message: 'route GET /api/campaigns not found' } }));
        }
      });

      await page.locator('#dev-login-neighbour-zhou').click();
      await page.waitForURL((u) => u.pathname === '/campaigns');
      await page.locator('.remote-list--loading').waitFor();
      await snap(page, 'neighbour-loading');

      release();
      await page.getByText('加载失败').waitFor();
      await page.getByText('服务器开小差了，请稍后再试').waitFor();
      await snap(page, 'neighbour-error');

      await page.getByText('重试', { exact: true }).click();
      await page.getByText('暂无进行中的团购').waitFor();
      expect(calls).toBe(2);
      await snap(page, 'neighbour-empty');
      await page.unroute('**/api/campaigns');
    });

    it('the neighbour home renders campaigns as cards: price in yuan from fen, progress, time left', async () => {
      const { page } = phone;
      await openLogin(page, srv.url);
      const now = Date.now();
      const base = {
        coverImage: null, ownerKind: 'leader' as const, communityId: 1,
        leader: { id: 1, name: '王芳', code: 'WANGF8', succeededCampaigns: 3 },
        startsAt: new Date(now - 3_600_000).toISOString(),
      };
      const progress = (p: Partial<CampaignSummaryDTO['progress']>): CampaignSummaryDTO['progress'] => ({
        kind: 'participants', target: 10, current: 0, missing: 10, reached: false, paidParticipants: 0, paidQuantity: 0, ...p,
      });
      const items: CampaignSummaryDTO[] = [
        { ...base, id: 1, title: '奉化水蜜桃 树上熟 5斤装', status: 'open', succeeded: false, fromPriceFen: 3990,
          secondsLeft: 2 * 86_400 + 3 * 3600 + 60, deadlineAt: new Date(now + 2 * 86_400_000).toISOString(),
          progress: progress({ current: 8, missing: 2, paidParticipants: 8, paidQuantity: 11 }) },
        { ...base, id: 2, title: '五常稻花香大米 10kg 当季新米', status: 'open', succeeded: true, fromPriceFen: 8900,
          secondsLeft: 5 * 3600 + 12 * 60, deadlineAt: new Date(now + 5 * 3_600_000).toISOString(),
          progress: progress({ kind: 'quantity', target: 20, current: 26, missing: 0, reached: true, paidParticipants: 19, paidQuantity: 26 }) },
        { ...base, id: 3, title: '临安山核桃 500g', status: 'scheduled', succeeded: false, fromPriceFen: 4505,
          secondsLeft: 4 * 86_400, startsAt: new Date(now + 86_400_000).toISOString(), deadlineAt: new Date(now + 4 * 86_400_000).toISOString(),
          progress: progress({}) },
      ];
      await page.route('**/api/campaigns', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { communityId: 1, items } }) }));

      await page.locator('#dev-login-neighbour-zhang').click();
      await page.locator('.remote-list--ready').waitFor();
      expect(await page.locator('.campaign-card').count()).toBe(3);
      for (const text of ['¥39.90', '¥89.00', '¥45.05', '8人已参团 · 还差2人成团', '剩 2天3小时', '已拼26份', '剩 5小时12分', '已成团', '即将开团', '满10人成团']) {
        await page.getByText(text, { exact: true }).first().waitFor();
      }
      await snap(page, 'neighbour-campaigns');
      await page.unroute('**/api/campaigns');
    });
  });
}
