import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';
import { ensureLeader, ensureLeaderOrder } from '../../access';
import { ORDER_STATUSES } from '../../../../shared/types/statuses';

/** A leader's orders: attributed to them (their links, bindings, their campaigns) or placed in their campaigns. */
export function leaderOrderRoutes(c: Container): Api {
  return new Api('/api/leader/orders', 'leader')
    .route({ method: 'get', path: '/', summary: 'Orders attributed to me or in my campaigns, newest first', access: ['leader'], query: z.object({ campaignId: Id.optional(), status: z.enum(ORDER_STATUSES).optional() }) },
      async ({ userId, query, rc }) => {
        const leader = await ensureLeader(c, userId);
        const where = ['(o.leader_id = :leaderId OR o.campaign_id IN (SELECT id FROM campaigns WHERE leader_id = :leaderId))'];
        if (query.campaignId) where.push('o.campaign_id = :campaignId');
        if (query.status) where.push('o.status = :status');
        const rows = await c.orders.repo.findMany(where.join(' AND '), { leaderId: leader.id, campaignId: query.campaignId ?? 0, status: query.status ?? '' }, undefined, 'ORDER BY o.id DESC LIMIT 500');
        return (await c.views.orders(rows, rc.now)).map((o, i) => ({ ...o, attribution: rows[i].attribution, attributedToMe: rows[i].leaderId === leader.id, pickupCode: null }));
      })
    .route({ method: 'get', path: '/:id', summary: 'One order attributed to me or in my campaign (403 otherwise)', access: ['leader'], params: IdParams },
      async ({ userId, params, rc }) => {
        const leader = await ensureLeader(c, userId);
        const order = await ensureLeaderOrder(c, leader, params.id);
        const [dto] = await c.views.orders([order], rc.now);
        return { ...dto, attribution: order.attribution, attributedToMe: order.leaderId === leader.id, pickupCode: null };
      });
}
