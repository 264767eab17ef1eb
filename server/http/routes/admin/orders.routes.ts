import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';
import { InvalidInputError, NotFoundError } from '../../../kernel/errors';
import { AdminOrderViews } from '../../../flows/admin-order-views';
import { parseOrderQuery } from '../../../../shared/order-query';
import type { AdminOrderRefundResultDTO } from '../../../../shared/types/admin-ops';

const RefundBody = z.object({
  amountFen: z.number().int().min(1).max(100_000_000).optional(),
  items: z.array(z.object({ orderItemId: Id, quantity: z.number().int().min(1).max(99) })).max(20).optional(),
  reason: z.string().trim().min(2).max(255),
  reasonKind: z.enum(['admin', 'uncollected', 'short_arrival']).optional(),
}).refine((b) => b.amountFen === undefined || !b.items?.length, { message: '退款金额和退货数量只能填一种', path: ['items'] });

/**
 * Admins: find any order (by id or by the order number a neighbour reads out), refund it in full or in part
 * (also after completion) once per Idempotency-Key, and the refunds the provider refused, with its reason.
 */
export function adminOrderRoutes(c: Container): Api {
  const views = new AdminOrderViews(c);
  return new Api('/api/admin', 'admin')
    .route({
      method: 'get', path: '/orders', summary: 'Find an order by its order number or id (none or one)', access: ['admin'],
      query: z.object({ q: z.string().trim().min(1, '请输入订单号或订单 ID').max(64) }),
    }, async ({ query, rc }) => {
      const q = parseOrderQuery(query.q);
      if (!q) throw new InvalidInputError('请输入订单号（如 L2608…）或订单 ID（数字）', { q: query.q });
      return views.find(q, rc.now);
    })
    .route({ method: 'get', path: '/orders/:id', summary: 'Any order, with its refunds (and why the provider refused any), the neighbour and what may still be refunded', access: ['admin'], params: IdParams },
      ({ params, rc }) => views.order(params.id, rc.now))
    .route({
      method: 'post', path: '/orders/:id/refunds', summary: 'Refund an order in full or in part (disputes, uncollected goods, short arrivals); once per Idempotency-Key', access: ['admin'], params: IdParams, status: 201,
      body: RefundBody,
      headers: [{ name: 'Idempotency-Key', required: false, description: 'Unique per refund the admin asks for: the same key again (a double tap, a retry) answers the refund already recorded (200, Idempotent-Replayed: true) and refunds nothing more' }],
    }, async ({ params, body, userId, rc, ctx }) => {
      const key = ctx.get('idempotency-key') || undefined;
      const { refundId, replayed } = await c.flows.adminRefund.request(rc, userId, params.id, body, key);
      const [order, refund] = await Promise.all([views.order(params.id, rc.now), views.refund(refundId)]);
      if (replayed) ctx.status = 200; // the wrapper answers 201 for a new refund
      ctx.set('Idempotent-Replayed', String(replayed));
      const result: AdminOrderRefundResultDTO = { ...order, refund: refund!, replayed };
      return result;
    })
    .route({ method: 'get', path: '/refunds', summary: 'Refunds by status (failed ones need an admin; each says why the provider refused it)', access: ['admin'], query: z.object({ status: z.enum(['pending', 'processing', 'succeeded', 'failed']).default('failed') }) },
      ({ query }) => views.refundsByStatus(query.status))
    .route({ method: 'post', path: '/refunds/:id/retry', summary: 'Send a failed refund to the provider again', access: ['admin'], params: IdParams },
      async ({ params, userId, rc }) => {
        await c.flows.adminRefund.retry(rc, userId, params.id);
        const r = await views.refund(params.id);
        if (!r) throw new NotFoundError('refund', params.id);
        return r;
      });
}
