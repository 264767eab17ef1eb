/**
 * The Koa app and its middleware order. No listen() here: main.ts and the tests do that.
 * Order: request context (id, logger) → errors → auth → cached hot reads → body → routes → 404.
 */
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Container } from './container';
import type { AppState } from './http/state';
import { requestContext } from './http/middleware/request-context';
import { errorHandler, notFound } from './http/middleware/error-handler';
import { authenticate } from './http/middleware/auth';
import { hotReads } from './http/middleware/hot-reads';
import { healthRoutes } from './http/routes/health.routes';
import { authRoutes } from './http/routes/auth.routes';
import { campaignRoutes } from './http/routes/campaigns.routes';
import { orderRoutes } from './http/routes/orders.routes';
import { paymentRoutes, wechatPayNotifyRoute } from './http/routes/payments.routes';
import { jobsAdminRoutes } from './http/routes/admin/jobs.routes';
import { adminOrderRoutes } from './http/routes/admin/orders.routes';
// Commission ledger and settlement (issue 6).
import { settlementAdminRoutes } from './http/routes/admin/settlement.routes';
import { leaderEarningsRoutes } from './http/routes/leader/earnings.routes';
import { pickupEarningsRoutes } from './http/routes/pickup/earnings.routes';
import { afterSaleDecisionRoutes, catalogueRoutes, manageCampaignRoutes } from './http/routes/leader/campaigns.routes';
import { openApiDocument, type Api } from './http/api';
import { h5Static } from './http/static';
import { BUILDING_PAGE, H5_DIR, isH5Building } from './dev-h5-build';
import { reviewRoutes } from './http/routes/reviews.routes';
import { uploadRoutes, uploadedFiles } from './http/routes/uploads.routes';
import { leaderMeRoutes } from './http/routes/leader/me.routes';
import { leaderPickupPointRoutes } from './http/routes/leader/pickup-points.routes';
// Fulfilment (issue 5): leaders, stores, sharing, lists, shipments, pickup codes.
import { leaderApplicationRoutes } from './http/routes/leader/application.routes';
import { leaderCommunityRoutes } from './http/routes/leader/community.routes';
import { leaderShareRoutes } from './http/routes/leader/share.routes';
import { leaderOrderRoutes } from './http/routes/leader/orders.routes';
import { fulfilmentRoutes } from './http/routes/leader/fulfilment.routes';
import { storeRoutes } from './http/routes/pickup/store.routes';
import { pickupCodeRoutes } from './http/routes/pickup/code.routes';
import { approvalRoutes } from './http/routes/admin/approvals.routes';
import { uncollectedRoutes } from './http/routes/admin/uncollected.routes';
import { shareRoutes } from './http/routes/share.routes';
// Chat-group bot (issue 7): leader channels, the signed bridge, join links and share cards.
import { botRoutes } from './http/routes/bot';
// Admin catalogue and reports.
import { adminCatalogueRoutes } from './http/routes/admin/catalogue.routes';
import { adminReportRoutes } from './http/routes/admin/reports.routes';
import path from 'node:path';

/** Pictures neighbours upload for after-sales and reviews (served back at /uploads/…). */
const UPLOADS_DIR = path.resolve(__dirname, '..', 'data', 'uploads');

export interface AppHooks { isShuttingDown: () => boolean }

export function createApp(c: Container, hooks: AppHooks = { isShuttingDown: () => false }): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: true });
  app.silent = true; // errors are logged by errorHandler with the request id

  const adminAuthor = async (userId: number) => ({ kind: 'admin' as const, userId });
  const apis: Api[] = [
    authRoutes(c), campaignRoutes(c), orderRoutes(c), paymentRoutes(c), catalogueRoutes(c),
    manageCampaignRoutes(c, '/api/leader/campaigns', (userId) => c.flows.authoring.leaderAuthor(userId)),
    manageCampaignRoutes(c, '/api/admin/campaigns', adminAuthor),
    afterSaleDecisionRoutes(c, '/api/leader/after-sales'), afterSaleDecisionRoutes(c, '/api/admin/after-sales'),
    jobsAdminRoutes(c.jobs), adminOrderRoutes(c),
    settlementAdminRoutes(c), leaderEarningsRoutes(c), pickupEarningsRoutes(c),
    ...reviewRoutes(c), uploadRoutes(UPLOADS_DIR), leaderMeRoutes(c), leaderPickupPointRoutes(c),
    leaderApplicationRoutes(c), leaderCommunityRoutes(c), leaderShareRoutes(c), leaderOrderRoutes(c),
    fulfilmentRoutes(c, '/api/leader/fulfilment'), fulfilmentRoutes(c, '/api/admin/fulfilment'),
    storeRoutes(c), pickupCodeRoutes(c), approvalRoutes(c), uncollectedRoutes(c), shareRoutes(c),
  ];
  apis.push(...botRoutes(c));
  apis.push(adminCatalogueRoutes(c), adminReportRoutes(c));
  const docs = new Router<AppState>();
  const openapi = openApiDocument(apis, { title: 'Linli API', version: '1' });
  docs.get('/api/openapi.json', (ctx) => { ctx.body = openapi; });

  app.use(requestContext(c.log, c.clock));
  app.use(errorHandler());
  app.use(notFound());
  app.use(authenticate(c.tokens));
  // Cached campaign reads skip the rest (the share-link rush); misses and everything else go on.
  app.use(hotReads(c.views));
  // WeChat Pay's notify route needs the exact raw body for its signature: the body parser keeps rawBody.
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: c.config.bodyLimit, encoding: 'utf-8' }));
  const health = healthRoutes(c, hooks.isShuttingDown);
  app.use(health.routes() as never);
  app.use(docs.routes() as never);
  app.use(wechatPayNotifyRoute(c).routes() as never);
  // One root router for every API: a request is matched once against all routes, not router by router.
  const root = new Router<AppState>();
  for (const api of apis) root.use(api.middleware() as never);
  app.use(root.routes() as never);
  app.use(root.allowedMethods({ throw: true }) as never);
  app.use(uploadedFiles(UPLOADS_DIR).routes() as never);
  app.use(h5Static(H5_DIR, () => (isH5Building() ? BUILDING_PAGE : null)));
  return app;
}
