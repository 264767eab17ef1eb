import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { CampaignBody, CampaignPatch, CancelBody, IdParams } from '../../schemas';
import type { Author } from '../../../flows/campaign-authoring.flow';
import type { ServiceContext } from '../../../kernel/context';

const LEADER = ['leader'] as const;

/** Campaign management shared by leaders (their own) and admins (platform campaigns, and any for support). */
export function manageCampaignRoutes(c: Container, prefix: '/api/leader/campaigns' | '/api/admin/campaigns', author: (userId: number) => Promise<Author>): Api {
  const access = prefix.startsWith('/api/admin') ? (['admin'] as const) : LEADER;
  const api = new Api(prefix, prefix.startsWith('/api/admin') ? 'admin' : 'leader');
  const inspect = async (id: number, rc: ServiceContext) => {
    const detail = await c.views.campaignDetail(id, rc.now);
    const orders = await c.orders.repo.findMany('o.campaign_id = :id', { id }, undefined, 'ORDER BY o.id DESC LIMIT 500');
    const byStatus: Record<string, number> = {};
    for (const o of orders) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    return { ...detail, ordersByStatus: byStatus, events: (await c.campaigns.repo.events(id)).map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })) };
  };
  return api
    .route({ method: 'get', path: '/', summary: 'My campaigns (admin: all), newest first, any state', access, query: z.object({ status: z.string().max(16).optional() }) },
      async ({ userId, query, rc }) => {
        const a = await author(userId);
        const where = [a.kind === 'leader' ? 'leader_id = :leaderId' : '1 = 1', query.status ? 'status = :status' : '1 = 1'].join(' AND ');
        const rows = await c.campaigns.repo.list(where, { leaderId: a.kind === 'leader' ? a.leader.id : 0, status: query.status ?? '' }, 'id DESC', 200);
        return c.views.campaignSummaries(rows, rc.now);
      })
    .route({ method: 'post', path: '/', summary: 'Create a campaign (draft) from the catalogue', access, body: CampaignBody, status: 201 },
      async ({ userId, body, rc }) => inspect(await c.flows.authoring.create(rc, await author(userId), body), rc))
    .route({ method: 'get', path: '/:id', summary: 'Inspect a campaign: detail, orders by state, history', access, params: IdParams },
      async ({ userId, params, rc }) => {
        await c.flows.authoring.owned(await author(userId), params.id);
        return inspect(params.id, rc);
      })
    .route({ method: 'patch', path: '/:id', summary: 'Edit what may change in the current state', access, params: IdParams, body: CampaignPatch },
      async ({ userId, params, body, rc }) => {
        await c.flows.authoring.update(rc, await author(userId), params.id, body);
        return inspect(params.id, rc);
      })
    .route({ method: 'post', path: '/:id/schedule', summary: 'Schedule: opens by itself at its start time', access, params: IdParams },
      async ({ userId, params, rc }) => { await c.flows.authoring.move(rc, await author(userId), params.id, 'scheduled'); return inspect(params.id, rc); })
    .route({ method: 'post', path: '/:id/open', summary: 'Open now', access, params: IdParams },
      async ({ userId, params, rc }) => { await c.flows.authoring.move(rc, await author(userId), params.id, 'open'); return inspect(params.id, rc); })
    .route({ method: 'post', path: '/:id/unschedule', summary: 'Back to draft (scheduled only)', access, params: IdParams },
      async ({ userId, params, rc }) => { await c.flows.authoring.move(rc, await author(userId), params.id, 'draft'); return inspect(params.id, rc); })
    .route({ method: 'post', path: '/:id/cancel', summary: 'Cancel: every paid order is refunded in full (leaders: only before 成团)', access, params: IdParams, body: CancelBody },
      async ({ userId, params, body, rc }) => {
        const a = await author(userId);
        await c.flows.campaignLife.cancel(rc, params.id, a.kind === 'leader' ? { role: 'leader', name: String(userId), leaderId: a.leader.id } : { role: 'admin', name: String(userId) }, body.reason);
        return inspect(params.id, rc);
      })
    .route({ method: 'get', path: '/:id/orders', summary: 'Orders of a campaign', access, params: IdParams },
      async ({ userId, params, rc }) => {
        await c.flows.authoring.owned(await author(userId), params.id);
        const rows = await c.orders.repo.findMany('o.campaign_id = :id', { id: params.id }, undefined, 'ORDER BY o.id DESC LIMIT 1000');
        const users = await Promise.all([...new Set(rows.map((o) => o.userId))].map((id) => c.identity.getUser(id)));
        const names = new Map(users.map((u) => [u.id, u.displayName]));
        return (await c.views.orders(rows, rc.now)).map((o, i) => ({ ...o, buyer: names.get(rows[i].userId) ?? '' }));
      });
}

const DecideBody = z.object({ approve: z.boolean(), note: z.string().trim().min(1).max(255) });

/** After-sales decisions: a leader for their own campaigns' orders, an admin for any. */
export function afterSaleDecisionRoutes(c: Container, prefix: '/api/leader/after-sales' | '/api/admin/after-sales'): Api {
  const isAdmin = prefix.startsWith('/api/admin');
  return new Api(prefix, isAdmin ? 'admin' : 'leader')
    .route({ method: 'get', path: '/', summary: 'Open after-sales requests to decide', access: isAdmin ? ['admin'] : LEADER },
      async ({ userId }) => {
        const where = isAdmin ? "a.status = 'open'"
          : "a.status = 'open' AND (c.leader_id = :leaderId OR o.leader_id = :leaderId)";
        const leader = isAdmin ? null : await c.community.leaderByUser(userId);
        const rows = await c.db.select<{ id: number }>(
          `SELECT a.id FROM after_sales a JOIN orders o ON o.id = a.order_id JOIN campaigns c ON c.id = o.campaign_id WHERE ${where} ORDER BY a.id`,
          { leaderId: leader?.id ?? 0 });
        return Promise.all(rows.map((r) => c.flows.afterSale.get(Number(r.id))));
      })
    .route({ method: 'post', path: '/:id/decide', summary: 'Approve (refund) or reject with a note', access: isAdmin ? ['admin'] : LEADER, params: IdParams, body: DecideBody },
      async ({ userId, params, body, rc }) => {
        const leader = isAdmin ? undefined : (await c.community.leaderByUser(userId))?.id ?? -1;
        return c.flows.afterSale.decide(rc, params.id, { approve: body.approve, note: body.note, deciderUserId: userId, leaderId: leader });
      });
}

export function catalogueRoutes(c: Container): Api {
  return new Api('/api/catalogue', 'catalogue')
    .route({ method: 'get', path: '/', summary: 'Products with SKUs, lots and suppliers, to open a campaign from', access: ['leader', 'admin'] },
      () => c.catalogue.browse());
}
