import Taro from '@tarojs/taro';
import type { Role } from '../services/types';
import { ROLE_HOME } from './roles';

export const LOGIN_PAGE = '/pages/login/index';
export const ME_PAGE = '/pages/me/index';

/**
 * Opens a role's home as a fresh page stack: switching roles or signing in should not leave a "back" into
 * the previous role's pages.
 */
export function goHome(role: Role): void {
  void Taro.reLaunch({ url: ROLE_HOME[role] });
}

export function goLogin(): void {
  void Taro.reLaunch({ url: LOGIN_PAGE });
}

export function openMe(): void {
  void Taro.navigateTo({ url: ME_PAGE });
}

/**
 * Pages by their mini-program path; query values are encoded here so callers pass plain values. The web build
 * opens each at its short path (config/index.ts h5.router.customRoutes: /admin/refunds, /store/verify…).
 */
export const PAGES = {
  campaign: '/pages/campaign/index',
  checkout: '/pages/checkout/index',
  orders: '/pages/orders/index',
  order: '/pages/order/index',
  afterSale: '/service/pages/after-sale/index',
  review: '/service/pages/review/index',
  leaderCreate: '/leader/pages/create/index',
  leaderCampaign: '/leader/pages/campaign/index',
  leaderOrders: '/leader/pages/orders/index',
  leaderAfterSales: '/leader/pages/after-sales/index',
  // leader: earnings, share and bot pages
  leaderEarnings: '/leader/pages/earnings/index',
  leaderStatement: '/leader/pages/statement/index',
  leaderShare: '/leader/pages/share/index',
  leaderBot: '/leader/pages/bot/index',
  // store pages
  storeVerify: '/store/pages/verify/index',
  storeArrivals: '/store/pages/arrivals/index',
  storeOrder: '/store/pages/order/index',
  // admin pages
  adminApprovals: '/admin/pages/approvals/index',
  adminCatalogue: '/admin/pages/catalogue/index',
  adminProduct: '/admin/pages/product/index',
  adminCampaigns: '/admin/pages/campaigns/index',
  adminRefunds: '/admin/pages/refunds/index',
  adminSettlement: '/admin/pages/settlement/index',
  adminStatement: '/admin/pages/statement/index',
  adminReports: '/admin/pages/reports/index',
} as const;

export function pageUrl(page: keyof typeof PAGES, query: Record<string, string | number | null | undefined> = {}): string {
  const qs = Object.entries(query)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${PAGES[page]}?${qs}` : PAGES[page];
}

export function openPage(page: keyof typeof PAGES, query?: Record<string, string | number | null | undefined>): void {
  void Taro.navigateTo({ url: pageUrl(page, query) });
}

/** A number from a page's query (`?id=12`), or null. */
export function idParam(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
