/**
 * Payment callbacks. WeChat Pay POSTs its signed, encrypted notification here and expects HTTP 200/204 on
 * success, or a 4xx/5xx with {"code":"FAIL","message":…} to make it retry. The sandbox completes or fails a
 * payment on request (the demo's pay button), through the same verify-then-apply code.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { Api } from '../api';
import type { Container } from '../../container';
import type { AppState } from '../state';
import { NotificationRejectedError } from '../../modules/payment';
import { ForbiddenError } from '../../kernel/errors';

export function paymentRoutes(c: Container): Api {
  return new Api('/api/payments', 'payments')
    .route({
      method: 'post', path: '/sandbox/:outTradeNo', summary: 'Sandbox: complete or fail my payment (development and demo only)', access: 'user',
      params: z.object({ outTradeNo: z.string().regex(/^[\w-]{6,32}$/) }), body: z.object({ result: z.enum(['success', 'fail']).default('success') }),
    }, async ({ params, body, userId, rc }) => {
      if (c.config.env === 'production' && c.config.payments.provider !== 'sandbox') throw new ForbiddenError('sandbox payments are disabled');
      const outcome = await c.flows.payment.completeSandbox(rc, userId, params.outTradeNo, body.result === 'success' ? 'SUCCESS' : 'PAYERROR');
      const payment = await c.payments.paymentByOutTradeNo(params.outTradeNo);
      return { outcome, order: await c.views.order(payment!.orderId, rc.now) };
    });
}

/** The raw-body WeChat Pay notify endpoint (not JSON-wrapped: WeChat reads only the status and code). */
export function wechatPayNotifyRoute(c: Container): Router<AppState> {
  const router = new Router<AppState>();
  router.post('/api/payments/wechat/notify', async (ctx) => {
    const rawBody = ctx.request.rawBody ?? '';
    try {
      const outcome = await c.flows.payment.receive(ctx.state.rc, 'wechat', { headers: ctx.headers, rawBody });
      ctx.state.log.info({ outcome }, 'wechat pay notification');
      ctx.status = 204;
    } catch (err) {
      const rejected = err instanceof NotificationRejectedError;
      ctx.status = rejected ? 401 : (err as { code?: string }).code === 'NOT_FOUND' ? 404 : 500;
      ctx.body = { code: 'FAIL', message: rejected ? err.reason : 'not applied' };
      if (!rejected) ctx.state.log.error({ err }, 'wechat pay notification not applied');
    }
  });
  return router;
}
