import { z } from 'zod';
import { Api } from '../api';
import type { Container } from '../../container';
import { Id, IdParams } from '../schemas';
import { InvalidInputError } from '../../kernel/errors';
import { orderDto } from '../../flows/views';

const ListQuery = z.object({ communityId: Id.optional() });

/** Public reads: a neighbour opening a share link sees the campaign before signing in. */
export function campaignRoutes(c: Container): Api {
  return new Api('/api/campaigns', 'campaigns')
    .route({ method: 'get', path: '/', summary: 'Open and upcoming campaigns of a community (mine when signed in), platform campaigns included', access: 'public', query: ListQuery },
      async ({ query, ctx, rc }) => {
        const communityId = query.communityId ?? (ctx.state.user ? (await c.identity.getUser(ctx.state.user.id)).communityId : null);
        return c.views.campaignListJson(communityId, rc.now);
      })
    .route({ method: 'get', path: '/:id', summary: 'One campaign: items with lots and traceability, tiers, progress, time left, the 接龙 list', access: 'public', params: IdParams },
      ({ params, rc }) => c.views.campaignDetailJson(params.id, rc.now))
    .route({ method: 'get', path: '/:id/jielong', summary: 'A page of the 接龙 list (paid participants in order of payment)', access: 'public', params: IdParams,
      query: z.object({ offset: z.coerce.number().int().min(0).max(1_000_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(100) }) },
      ({ params, query }) => c.views.jielongPage(params.id, query.offset, query.limit))
    .route({
      method: 'post', path: '/:id/orders', summary: 'Join: create a pending order with stock reserved', access: 'user', params: IdParams, status: 201,
      body: z.object({
        items: z.array(z.object({ campaignItemId: Id, quantity: z.number().int().min(1).max(99) })).min(1).max(20),
        pickupPointId: Id,
        leaderCode: z.string().regex(/^[A-Z0-9]{4,16}$/).optional(),
      }),
      headers: [{ name: 'Idempotency-Key', required: true, description: 'Unique per join attempt; a retry with the same key and body returns the same order' }],
    }, async ({ params, body, rc, userId, ctx }) => {
      const key = ctx.get('idempotency-key');
      if (!/^[\w.:-]{8,80}$/.test(key)) throw new InvalidInputError('Idempotency-Key header is required (8–80 characters: letters, digits, _ . : -)');
      const outcome = await c.flows.join.join(rc, { ...body, campaignId: params.id, userId, idempotencyKey: key, source: 'mp' });
      if (outcome.replayed) ctx.status = 200; // the wrapper answers 201 for a new order
      const { order, created, replayed } = outcome;
      // A new order is answered from the rows the join wrote; a replay reads the order as it is now.
      const dto = created ? orderDto(order, created.items, [], created.pickupPoint, created.campaign, rc.now) : await c.views.order(order.id, rc.now);
      ctx.set('Idempotent-Replayed', String(replayed));
      return dto;
    });
}
