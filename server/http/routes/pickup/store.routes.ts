import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';
import { ensureOwnPoint, ensureStoreOrder } from '../../access';
import { pointDto, shipmentDto } from '../fulfilment-dto';
import { sortingListCsv, sortingListHtml } from '../../../flows/fulfilment-lists';
import { ORDER_STATUSES } from '../../../../shared/types/statuses';
import { pickupCodeTail } from '../../../modules/pickup';
import type { StoreOrderDTO } from '../../../../shared/types/fulfilment';

export const PickupPointBody = z.object({
  name: z.string().trim().min(2).max(100),
  address: z.string().trim().min(4).max(255),
  hours: z.string().trim().min(2).max(100),
  capacity: z.number().int().min(1).max(100_000),
  coldStorage: z.boolean(),
  contactName: z.string().trim().min(1).max(64),
  contactPhone: z.string().regex(/^\+?\d{6,20}$/),
});

const PointCampaignParams = z.object({ id: Id, campaignId: Id });
const PICKUP = ['pickup'] as const;

/**
 * The store (自提点) side: register a point, then — once approved — the shipments coming in, arrival
 * confirmation, the pending pickups, verification of pickup codes, and the sorting list. A store sees only its
 * own points and their orders (403 otherwise).
 */
export function storeRoutes(c: Container): Api {
  return new Api('/api/pickup', 'pickup')
    .route({ method: 'post', path: '/points', summary: 'Register a pickup point (an admin approves it)', access: 'user', body: PickupPointBody, status: 201 },
      async ({ userId, body, rc }) => pointDto(await c.flows.leaderOnboarding.registerPoint(rc, userId, body)))
    .route({ method: 'get', path: '/points/mine', summary: 'My pickup points, any status', access: 'user' },
      async ({ userId }) => (await c.pickupPoints.list({ ownerUserId: userId })).map(pointDto))
    .route({ method: 'put', path: '/points/:id', summary: 'Correct and resubmit a rejected pickup point', access: 'user', params: IdParams, body: PickupPointBody },
      async ({ userId, params, body, rc }) => pointDto(await c.flows.leaderOnboarding.resubmitPoint(rc, userId, params.id, body)))
    .route({ method: 'get', path: '/points/:id/orders', summary: 'Orders at my point: by default the pending pickups (ready, not yet collected)', access: PICKUP, params: IdParams, query: z.object({ status: z.enum(ORDER_STATUSES).default('ready_for_pickup') }) },
      async ({ userId, params, query, rc }) => {
        await ensureOwnPoint(c, userId, params.id);
        const rows = await c.orders.repo.findMany('o.pickup_point_id = :pointId AND o.status = :status', { pointId: params.id, status: query.status }, undefined, 'ORDER BY o.id LIMIT 1000');
        const users = new Map(await Promise.all([...new Set(rows.map((o) => o.userId))].map(async (id) => [id, await c.identity.getUser(id)] as const)));
        // The store never sees the codes themselves: it verifies what the neighbour shows.
        return (await c.views.orders(rows, rc.now)).map((o, i) => ({ ...o, pickupCode: null, neighbour: users.get(rows[i].userId)?.displayName ?? '', codeTail: pickupCodeTail(rows[i].pickupCode) }));
      })
    .route({ method: 'get', path: '/orders/:id', summary: 'One order at my point, with the neighbour\'s display name (403 if it is another store\'s)', access: PICKUP, params: IdParams },
      async ({ userId, params, rc }) => {
        const order = await ensureStoreOrder(c, userId, params.id);
        const [[dto], user] = await Promise.all([c.views.orders([order], rc.now), c.identity.getUser(order.userId)]);
        // What the store needs to hand the goods over: the name the neighbour goes by, never their phone or code.
        const answer: StoreOrderDTO = { ...dto, pickupCode: null, neighbour: user.displayName, codeTail: pickupCodeTail(order.pickupCode) };
        return answer;
      })
    .route({ method: 'get', path: '/points/:id/shipments', summary: 'Shipments to my point (expected, shipped, arrived)', access: PICKUP, params: IdParams },
      async ({ userId, params }) => {
        await ensureOwnPoint(c, userId, params.id);
        return (await c.shipments.forPoints([params.id])).map(shipmentDto);
      })
    .route({
      method: 'post', path: '/shipments/:id/arrival', summary: 'Confirm arrival: all, or the orders that came with a note on what is missing; neighbours are notified', access: PICKUP, params: IdParams,
      body: z.object({ arrivedOrderIds: z.array(Id).min(1).max(5000).optional(), note: z.string().trim().max(500).nullable().optional() }),
    }, async ({ userId, params, body, rc }) => {
      const shipment = await c.shipments.get(params.id);
      await ensureOwnPoint(c, userId, shipment.pickupPointId);
      const { shipment: after, readyOrderIds } = await c.flows.fulfilment.confirmArrival(rc, userId, params.id, body);
      return { shipment: shipmentDto(after), readyOrderIds };
    })
    .route({ method: 'post', path: '/points/:id/verify', summary: 'Verify a pickup code (typed or scanned): single use, only at the order\'s own point; 20 wrong codes in a row lock it for a while', access: PICKUP, params: IdParams, body: z.object({ code: z.string().trim().min(1).max(64) }) },
      async ({ userId, params, body, rc }) => {
        await ensureOwnPoint(c, userId, params.id);
        const order = await c.flows.pickupVerification.verify(rc, userId, params.id, body.code);
        const [dto] = await c.views.orders([order], rc.now);
        const user = await c.identity.getUser(order.userId);
        return { ...dto, pickupCode: null, neighbour: user.displayName };
      })
    .route({ method: 'get', path: '/points/:id/campaigns/:campaignId/sorting-list', summary: 'Sorting list of a campaign for my point', access: PICKUP, params: PointCampaignParams },
      async ({ userId, params }) => { await ensureOwnPoint(c, userId, params.id); return c.flows.fulfilmentLists.sortingList(params.campaignId, params.id); })
    .route({ method: 'get', path: '/points/:id/campaigns/:campaignId/sorting-list.csv', summary: 'Sorting list as CSV', access: PICKUP, params: PointCampaignParams, raw: { contentType: 'text/csv; charset=utf-8' } },
      async ({ userId, params, ctx }) => {
        await ensureOwnPoint(c, userId, params.id);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="sorting-list-${params.campaignId}-${params.id}.csv"`);
        ctx.body = sortingListCsv(await c.flows.fulfilmentLists.sortingList(params.campaignId, params.id));
      })
    .route({ method: 'get', path: '/points/:id/campaigns/:campaignId/sorting-list.html', summary: 'Sorting list as a printable page', access: PICKUP, params: PointCampaignParams, raw: { contentType: 'text/html; charset=utf-8' } },
      async ({ userId, params, ctx }) => {
        await ensureOwnPoint(c, userId, params.id);
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = sortingListHtml(await c.flows.fulfilmentLists.sortingList(params.campaignId, params.id));
      });
}
