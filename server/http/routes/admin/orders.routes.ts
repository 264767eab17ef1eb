import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';

/** Admins: any order, refunds (full, partial, after completion), and refunds the provider refused. */
export function adminOrderRoutes(c: Container): Api {
  return new Api('/api/admin', 'admin')
    .route({ method: 'get', path: '/orders/:id', summary: 'Any order, with its refunds', access: ['admin'], params: IdParams },
      ({ params, rc }) => c.views.order(params.id, rc.now))
    .route({
      method: 'post', path: '/orders/:id/refunds', summary: 'Refund an order in full or in part (disputes, uncollected goods, short arrivals)', access: ['admin'], params: IdParams, status: 201,
      body: z.object({
        amountFen: z.number().int().min(1).max(100_000_000).optional(),
        items: z.array(z.object({ orderItemId: Id, quantity: z.number().int().min(1).max(99) })).max(20).optional(),
        reason: z.string().trim().min(2).max(255),
        reasonKind: z.enum(['admin', 'uncollected', 'short_arrival']).optional(),
      }),
    }, async ({ params, body, userId, rc }) => {
      await c.flows.adminRefund.refund(rc, userId, params.id, body);
      return c.views.order(params.id, rc.now);
    })
    .route({ method: 'get', path: '/refunds', summary: 'Refunds by status (failed ones need an admin)', access: ['admin'], query: z.object({ status: z.enum(['pending', 'processing', 'succeeded', 'failed']).default('failed') }) },
      async ({ query }) => {
        const rows = await c.db.select<{ id: number }>('SELECT id FROM refunds WHERE status = :status ORDER BY id DESC LIMIT 200', { status: query.status });
        const refunds = await Promise.all(rows.map((r) => c.payments.refund(Number(r.id))));
        return refunds.map((r) => ({ ...r!, createdAt: r!.createdAt.toISOString(), succeededAt: r!.succeededAt?.toISOString() ?? null }));
      })
    .route({ method: 'post', path: '/refunds/:id/retry', summary: 'Send a failed refund to the provider again', access: ['admin'], params: IdParams },
      async ({ params, userId, rc }) => {
        await c.flows.adminRefund.retry(rc, userId, params.id);
        const r = (await c.payments.refund(params.id))!;
        return { ...r, createdAt: r.createdAt.toISOString(), succeededAt: r.succeededAt?.toISOString() ?? null };
      });
}
