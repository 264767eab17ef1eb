import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IsoTime } from '../../schemas';

/** After the pickup window: orders nobody collected (or that never arrived), for an admin to refund or hold. */
export function uncollectedRoutes(c: Container): Api {
  return new Api('/api/admin/uncollected', 'admin')
    .route({ method: 'get', path: '/', summary: 'Orders whose pickup window is over, not collected and not on hold', access: ['admin'] },
      ({ rc }) => c.flows.fulfilment.uncollected(rc.now))
    .route({
      method: 'post', path: '/:orderId/decision', summary: 'Refund what is left (uncollected / short arrival) or hold the goods for the neighbour until a date', access: ['admin'],
      params: z.object({ orderId: Id }),
      body: z.object({ decision: z.enum(['refund', 'hold']), reason: z.string().trim().min(2).max(255), holdUntil: IsoTime.optional() }),
    }, async ({ userId, params, body, rc }) => {
      await c.flows.fulfilment.decideUncollected(rc, userId, params.orderId, body);
      return c.views.order(params.orderId, rc.now);
    });
}
