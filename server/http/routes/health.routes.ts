import Router from '@koa/router';
import type { Container } from '../../container';
import type { AppState } from '../state';

/** /healthz: the process is up. /readyz: it can reach its database (load balancers route on this). */
export function healthRoutes(c: Pick<Container, 'db'>, isShuttingDown: () => boolean) {
  const router = new Router<AppState>();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    if (isShuttingDown()) {
      ctx.status = 503;
      ctx.body = { error: { code: 'NOT_READY', message: 'shutting down', details: null, requestId: ctx.state.requestId } };
      return;
    }
    try {
      await c.db.ping();
      ctx.body = { status: 'ready', database: c.db.dialect };
    } catch (err) {
      ctx.state.log.warn({ err }, 'readiness check failed');
      ctx.status = 503;
      ctx.body = { error: { code: 'NOT_READY', message: 'database unreachable', details: null, requestId: ctx.state.requestId } };
    }
  });
  return router;
}
