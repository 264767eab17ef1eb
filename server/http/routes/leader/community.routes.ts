import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';
import { pointDto } from '../fulfilment-dto';

/** A leader's community and the pickup points attached to it (attach approved ones, detach). */
export function leaderCommunityRoutes(c: Container): Api {
  return new Api('/api/leader/community', 'leader')
    .route({ method: 'get', path: '/', summary: 'My community, its pickup points, and approved points I could attach', access: ['leader'] },
      async ({ userId }) => {
        const { communityId } = await c.flows.leaderOnboarding.leaderCommunity(userId);
        const attached = await c.pickupPoints.attachedTo(communityId);
        const ids = new Set(attached.map((p) => p.id));
        const available = (await c.pickupPoints.list({ status: 'approved' })).filter((p) => !ids.has(p.id));
        return { community: await c.community.community(communityId), pickupPoints: attached.map(pointDto), available: available.map(pointDto) };
      })
    .route({ method: 'post', path: '/pickup-points', summary: 'Attach an approved pickup point to my community (again: no change)', access: ['leader'], body: z.object({ pickupPointId: Id }) },
      ({ userId, body, rc }) => c.flows.leaderOnboarding.attachPoint(rc, userId, body.pickupPointId))
    .route({ method: 'delete', path: '/pickup-points/:id', summary: 'Detach a pickup point from my community (campaigns already using it keep it)', access: ['leader'], params: IdParams },
      ({ userId, params, rc }) => c.flows.leaderOnboarding.detachPoint(rc, userId, params.id));
}
