/**
 * Pages. The main package holds what every user needs first (login) and the neighbour's pages, the
 * most used role; each other role's area is a sub-package that WeChat downloads only when it is opened,
 * which keeps the main package small (WeChat's limit is 2 MB).
 */
export default defineAppConfig({
  // The first page is the entry. (No entryPagePath: on h5 it would bypass the custom route "/login".)
  pages: [
    'pages/login/index',
    'pages/campaigns/index',
    'pages/me/index',
    'pages/campaign/index',
    'pages/checkout/index',
    'pages/orders/index',
    'pages/order/index',
  ],
  subPackages: [
    // Neighbour pages used after pickup only: after-sales and reviews.
    { root: 'service', pages: ['pages/after-sale/index', 'pages/review/index'] },
    { root: 'leader', pages: ['pages/earnings/index', 'pages/statement/index', 'pages/share/index', 'pages/bot/index', 'pages/home/index', 'pages/create/index', 'pages/campaign/index', 'pages/orders/index', 'pages/after-sales/index'] },
    { root: 'store', pages: ['pages/home/index', 'pages/verify/index', 'pages/arrivals/index', 'pages/order/index'] },
    { root: 'admin', pages: ['pages/catalogue/index', 'pages/product/index', 'pages/reports/index', 'pages/approvals/index', 'pages/campaigns/index', 'pages/refunds/index', 'pages/settlement/index', 'pages/statement/index', 'pages/home/index'] },
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f4f6f5',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '邻里团购',
    navigationBarTextStyle: 'black',
  },
  // h5 only (WeChat would flag the unknown key): no slide-in between pages; role homes open by reLaunch,
  // where a slide reads as lag.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
});
