/**
 * The web build's short paths (config/index.ts h5.router.customRoutes): every page of the mini-program has one,
 * no two pages share one, each is the page's first path (the one the address bar shows), and the pages the app
 * navigates to by name (utils/nav.ts PAGES, utils/roles.ts ROLE_HOME) are all real pages. Opening and reloading
 * the paths in a browser is the e2e suites' part (test/e2e/*).
 */
// utils/nav.ts imports Taro for its navigate helpers; only its path table is read here.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }), { virtual: true });

import configFn from '../../../config/index';
import { PAGES } from '../../../miniprogram/utils/nav';
import { ROLE_HOME } from '../../../miniprogram/utils/roles';

type Routes = Record<string, string | string[]>;

function customRoutes(): Routes {
  // Taro calls the config with its deep merge; the base object (before dev/prod overrides) is what is checked.
  const build = configFn as unknown as (merge: (...objs: object[]) => object) => { h5: { router: { customRoutes: Routes } } };
  return build((_empty, base) => base).h5.router.customRoutes;
}

function appPages(): string[] {
  (globalThis as { defineAppConfig?: unknown }).defineAppConfig = (c: unknown) => c;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require('../../../miniprogram/app.config').default as { pages: string[]; subPackages: Array<{ root: string; pages: string[] }> };
  return [...app.pages.map((p) => `/${p}`), ...app.subPackages.flatMap((s) => s.pages.map((p) => `/${s.root}/${p}`))];
}

const shortPath = (target: string | string[]) => (Array.isArray(target) ? target[0] : target);

describe('h5 short paths (config/index.ts)', () => {
  const routes = customRoutes();
  const pages = appPages();

  it('gives every page a short path, and names only real pages', () => {
    expect(pages.filter((p) => !(p in routes))).toEqual([]);
    expect(Object.keys(routes).filter((p) => !pages.includes(p))).toEqual([]);
  });

  it('never gives two pages the same path, and shows a short path first', () => {
    const all = Object.values(routes).flatMap((t) => (Array.isArray(t) ? t : [t]));
    expect(all.filter((p, i) => all.indexOf(p) !== i)).toEqual([]);
    for (const [page, target] of Object.entries(routes)) {
      expect({ page, path: shortPath(target) }).toEqual({ page, path: expect.not.stringMatching(/\/pages\/[^/]+\/index$/) });
    }
  });

  it('has the paths the product documents for the role pages', () => {
    expect(Object.fromEntries(Object.entries(routes).filter(([p]) => /^\/(leader|store|admin)\//.test(p)).map(([p, t]) => [p, shortPath(t)]))).toEqual({
      '/leader/pages/home/index': '/leader',
      '/leader/pages/create/index': '/leader/create',
      '/leader/pages/campaign/index': '/leader/campaign',
      '/leader/pages/orders/index': '/leader/orders',
      '/leader/pages/after-sales/index': '/leader/after-sales',
      '/leader/pages/earnings/index': '/leader/earnings',
      '/leader/pages/statement/index': '/leader/statement',
      '/leader/pages/share/index': '/leader/share',
      '/leader/pages/bot/index': '/leader/bot',
      '/store/pages/home/index': '/store',
      '/store/pages/verify/index': '/store/verify',
      '/store/pages/arrivals/index': '/store/arrivals',
      '/store/pages/order/index': '/store/order',
      '/admin/pages/home/index': '/admin',
      '/admin/pages/catalogue/index': '/admin/catalogue',
      '/admin/pages/product/index': '/admin/product',
      '/admin/pages/reports/index': '/admin/reports',
      '/admin/pages/approvals/index': '/admin/approvals',
      '/admin/pages/campaigns/index': '/admin/campaigns',
      '/admin/pages/refunds/index': '/admin/refunds',
      '/admin/pages/settlement/index': '/admin/settlement',
      '/admin/pages/statement/index': '/admin/statement',
    });
  });

  it('navigates by name only to real pages (the h5 router maps them to their short paths)', () => {
    expect(Object.values(PAGES).filter((p) => !pages.includes(p))).toEqual([]);
    expect(Object.values(ROLE_HOME).filter((p) => !pages.includes(p))).toEqual([]);
  });
});
