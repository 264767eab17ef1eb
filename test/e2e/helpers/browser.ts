/**
 * A phone-sized Chromium for the e2e tests: Debian's /usr/bin/chromium driven by playwright-core (nothing is
 * downloaded at test time), a fresh profile per launch, and the page's console errors collected so a test can
 * fail on them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => fs.existsSync(CHROMIUM);

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'screenshots');

/** iPhone-like: 375 × 812 CSS px at 2x, touch, Chinese locale, the demo's time zone. */
export const PHONE = { width: 375, height: 812 } as const;

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchPhone(): Promise<Phone> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A failed request logs "Failed to load resource" — expected where a test makes the API fail on purpose.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(`console: ${msg.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in through the development login as a demo account. Storage is cleared on a page that is not the app,
 * so the app's launch-time session refresh cannot write the old session back.
 */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/healthz`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${base}/login`);
  await page.locator(`#dev-login-${username.replace('.', '-')}`).click();
  await page.waitForURL((u) => u.pathname !== '/login' && u.pathname !== '/');
}

/** A screenshot of what the phone shows, once web fonts and images have settled. */
export async function snap(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(async () => { await document.fonts.ready; });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}
