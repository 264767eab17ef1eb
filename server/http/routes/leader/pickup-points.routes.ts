/**
 * GET /api/leader/pickup-points: the approved pickup points attached to the leader's community — the ones a
 * campaign of theirs may use (the authoring flow refuses any other).
 */
import { Api } from '../../api';
import type { Container } from '../../../container';
import type { PickupPointBriefDTO } from '../../../../shared/types/campaign';

export function leaderPickupPointRoutes(c: Container): Api {
  return new Api('/api/leader/pickup-points', 'leader')
    .route({ method: 'get', path: '/', summary: 'Approved pickup points of my community, to choose from when opening a campaign', access: ['leader'] },
      async ({ userId }): Promise<PickupPointBriefDTO[]> => {
        const author = await c.flows.authoring.leaderAuthor(userId);
        if (author.kind !== 'leader') return [];
        const points = await c.pickup.forCommunity(author.leader.communityId!);
        return points
          .sort((a, b) => a.id - b.id)
          .map((p) => ({ id: p.id, name: p.name, address: p.address, hours: p.hours, coldStorage: p.coldStorage }));
      });
}
