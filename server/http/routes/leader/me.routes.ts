/** GET /api/leader/me: the signed-in leader's code (for share cards and links), community and standing. */
import { Api } from '../../api';
import type { Container } from '../../../container';
import { NotFoundError } from '../../../kernel/errors';
import type { LeaderMeDTO } from '../../../../shared/types/leader-me';

export function leaderMeRoutes(c: Container): Api {
  return new Api('/api/leader/me', 'leader')
    .route({ method: 'get', path: '/', summary: 'My leader record: share code, community, campaigns that succeeded', access: ['leader'] },
      async ({ userId }): Promise<LeaderMeDTO> => {
        const leader = await c.community.leaderByUser(userId);
        if (!leader) throw new NotFoundError('leader', userId);
        const community = leader.communityId ? await c.community.community(leader.communityId) : null;
        return {
          id: leader.id, code: leader.code, name: leader.name, status: leader.status,
          community: community ? { id: community.id, name: community.name } : null, succeededCampaigns: leader.succeededCampaigns,
        };
      });
}
