import { z } from 'zod';
import { Api } from '../api';
import type { Container } from '../../container';
import { Id, IdParams } from '../schemas';

const AfterSaleBody = z.object({
  kind: z.enum(['full', 'partial']),
  items: z.array(z.object({ orderItemId: Id, quantity: z.number().int().min(1).max(99) })).max(20).optional(),
  reason: z.string().trim().min(2).max(500),
  photos: z.array(z.string().max(512)).max(9).default([]),
});

/** A neighbour's own orders: list, read, pay, cancel, after-sales. Other people's orders are 404. */
export function orderRoutes(c: Container): Api {
  return new Api('/api/orders', 'orders')
    .route({ method: 'get', path: '/', summary: 'My orders, newest first', access: 'user', query: z.object({ campaignId: Id.optional() }) },
      async ({ userId, query, rc }) => {
        const rows = await c.orders.repo.findMany(
          `o.user_id = :userId${query.campaignId ? ' AND o.campaign_id = :campaignId' : ''}`, { userId, campaignId: query.campaignId ?? 0 }, undefined, 'ORDER BY o.id DESC LIMIT 100');
        return c.views.orders(rows, rc.now);
      })
    .route({ method: 'get', path: '/:id', summary: 'One of my orders', access: 'user', params: IdParams },
      async ({ params, userId, rc }) => c.views.orders([await c.orders.getOwned(params.id, userId)], rc.now).then((x) => x[0]))
    .route({ method: 'post', path: '/:id/pay', summary: 'Prepare payment: wx.requestPayment parameters, or the sandbox URL', access: 'user', params: IdParams },
      ({ params, userId, rc }) => c.flows.payment.pay(rc, userId, params.id))
    .route({ method: 'post', path: '/:id/cancel', summary: 'Cancel: unpaid orders release their stock; paid ones are refunded while the campaign is open', access: 'user', params: IdParams },
      async ({ params, userId, rc }) => {
        await c.flows.orderLife.cancelByNeighbour(rc, userId, params.id);
        return c.views.order(params.id, rc.now);
      })
    .route({ method: 'post', path: '/:id/after-sales', summary: 'Ask for a full or partial refund after pickup, within the return window', access: 'user', params: IdParams, body: AfterSaleBody, status: 201 },
      ({ params, userId, rc, body }) => c.flows.afterSale.request(rc, userId, params.id, body))
    .route({ method: 'get', path: '/:id/after-sales', summary: 'After-sales requests of my order', access: 'user', params: IdParams },
      async ({ params, userId }) => {
        await c.orders.getOwned(params.id, userId);
        return c.flows.afterSale.listForOrders([params.id]);
      });
}
