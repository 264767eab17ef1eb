import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';
import { ensureCampaignManager } from '../../access';
import { shipmentDto } from '../fulfilment-dto';
import { purchaseListCsv, purchaseListHtml, sortingListCsv, sortingListHtml } from '../../../flows/fulfilment-lists';

const PointParams = z.object({ id: Id, pointId: Id });

/**
 * Fulfilment of a closed campaign: prepare (codes, shipments), purchase and sorting lists (JSON, CSV, printable
 * page), shipping per pickup point. Leaders for their own campaigns, admins for any (platform campaigns above all).
 */
export function fulfilmentRoutes(c: Container, prefix: '/api/leader/fulfilment' | '/api/admin/fulfilment'): Api {
  const admin = prefix.startsWith('/api/admin');
  const access = admin ? (['admin'] as const) : (['leader'] as const);
  const manage = (userId: number, campaignId: number) => ensureCampaignManager(c, admin ? { admin: true } : { admin: false, userId }, campaignId);
  const actor = (userId: number) => ({ role: admin ? 'admin' as const : 'leader' as const, userId });
  const file = (ctx: { set(k: string, v: string): void }, name: string) => ctx.set('Content-Disposition', `attachment; filename="${name}"`);
  return new Api(prefix, admin ? 'admin' : 'leader')
    .route({ method: 'get', path: '/campaigns/:id', summary: 'Shipments of a campaign, per pickup point', access, params: IdParams },
      async ({ userId, params }) => {
        const campaign = await manage(userId, params.id);
        return { campaignId: campaign.id, status: campaign.status, shipments: (await c.shipments.forCampaign(params.id)).map(shipmentDto) };
      })
    .route({ method: 'post', path: '/campaigns/:id/prepare', summary: 'Start fulfilment: pickup codes for every order, a shipment per pickup point (again: no change)', access, params: IdParams },
      async ({ userId, params, rc }) => {
        await manage(userId, params.id);
        return (await c.flows.fulfilment.prepare(rc, params.id)).map(shipmentDto);
      })
    .route({ method: 'post', path: '/campaigns/:id/shipments/:pointId/ship', summary: 'Mark the goods for one pickup point shipped (the first moves the campaign to fulfilling)', access, params: PointParams },
      async ({ userId, params, rc }) => {
        await manage(userId, params.id);
        return shipmentDto(await c.flows.fulfilment.ship(rc, actor(userId), params.id, params.pointId));
      })
    .route({ method: 'get', path: '/campaigns/:id/purchase-list', summary: 'Purchase list per supplier: SKU, lot, total quantity, supply cost', access, params: IdParams },
      async ({ userId, params }) => { await manage(userId, params.id); return c.flows.fulfilmentLists.purchaseList(params.id); })
    .route({ method: 'get', path: '/campaigns/:id/purchase-list.csv', summary: 'Purchase list as CSV', access, params: IdParams, raw: { contentType: 'text/csv; charset=utf-8' } },
      async ({ userId, params, ctx }) => {
        await manage(userId, params.id);
        ctx.type = 'text/csv; charset=utf-8';
        file(ctx, `purchase-list-${params.id}.csv`);
        ctx.body = purchaseListCsv(await c.flows.fulfilmentLists.purchaseList(params.id));
      })
    .route({ method: 'get', path: '/campaigns/:id/purchase-list.html', summary: 'Purchase list as a printable page', access, params: IdParams, raw: { contentType: 'text/html; charset=utf-8' } },
      async ({ userId, params, ctx }) => {
        await manage(userId, params.id);
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = purchaseListHtml(await c.flows.fulfilmentLists.purchaseList(params.id));
      })
    .route({ method: 'get', path: '/campaigns/:id/sorting-lists/:pointId', summary: 'Sorting list of one pickup point: neighbour, items, quantities, pickup code tail', access, params: PointParams },
      async ({ userId, params }) => { await manage(userId, params.id); return c.flows.fulfilmentLists.sortingList(params.id, params.pointId); })
    .route({ method: 'get', path: '/campaigns/:id/sorting-lists/:pointId/csv', summary: 'Sorting list as CSV', access, params: PointParams, raw: { contentType: 'text/csv; charset=utf-8' } },
      async ({ userId, params, ctx }) => {
        await manage(userId, params.id);
        ctx.type = 'text/csv; charset=utf-8';
        file(ctx, `sorting-list-${params.id}-${params.pointId}.csv`);
        ctx.body = sortingListCsv(await c.flows.fulfilmentLists.sortingList(params.id, params.pointId));
      })
    .route({ method: 'get', path: '/campaigns/:id/sorting-lists/:pointId/html', summary: 'Sorting list as a printable page', access, params: PointParams, raw: { contentType: 'text/html; charset=utf-8' } },
      async ({ userId, params, ctx }) => {
        await manage(userId, params.id);
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = sortingListHtml(await c.flows.fulfilmentLists.sortingList(params.id, params.pointId));
      });
}
