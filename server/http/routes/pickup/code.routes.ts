import { Api } from '../../api';
import type { Container } from '../../../container';
import { IdParams } from '../../schemas';
import { ConflictError } from '../../../kernel/errors';
import { formatPickupCode } from '../../../modules/pickup';
import { qrPng } from '../../../infra/share/qr';

/** The neighbour's pickup code — text and QR — for their own order, once the goods are ready at the store. */
export function pickupCodeRoutes(c: Container): Api {
  const readyCode = async (orderId: number, userId: number) => {
    const order = await c.orders.getOwned(orderId, userId); // someone else's order: 404
    if (order.status !== 'ready_for_pickup' || !order.pickupCode) {
      throw new ConflictError(order.status === 'picked_up' ? '已提货' : '货物到店后才有提货码', { status: order.status }, 'ILLEGAL_TRANSITION');
    }
    return { order, code: order.pickupCode };
  };
  return new Api('/api/orders', 'orders')
    .route({ method: 'get', path: '/:id/pickup-code', summary: 'My pickup code and where to show it', access: 'user', params: IdParams },
      async ({ params, userId }) => {
        const { order, code } = await readyCode(params.id, userId);
        const point = (await c.pickup.byIds([order.pickupPointId])).get(order.pickupPointId);
        return { orderId: order.id, code: formatPickupCode(code), qrUrl: `/api/orders/${order.id}/pickup-code.png`, pickupPoint: point ? { id: point.id, name: point.name, address: point.address, hours: point.hours } : null };
      })
    .route({ method: 'get', path: '/:id/pickup-code.png', summary: 'My pickup code as a QR (PNG) for the store to scan', access: 'user', params: IdParams, raw: { contentType: 'image/png' } },
      async ({ params, userId, ctx }) => {
        const { code } = await readyCode(params.id, userId);
        ctx.type = 'image/png';
        ctx.set('Cache-Control', 'private, no-store');
        ctx.body = await qrPng(code, { width: 360 });
      });
}
