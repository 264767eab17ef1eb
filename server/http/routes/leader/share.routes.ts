import { Api } from '../../api';
import type { Container } from '../../../container';
import { IdParams } from '../../schemas';
import { ensureLeader } from '../../access';

/** Sharing and help-selling (帮卖): any approved leader shares their own or a platform campaign with their code. */
export function leaderShareRoutes(c: Container): Api {
  return new Api('/api/leader/share', 'leader')
    .route({ method: 'get', path: '/campaigns', summary: 'Campaigns I may share now: my own and the platform\'s (help-selling), open or scheduled', access: ['leader'] },
      async ({ userId, rc }) => {
        const leader = await ensureLeader(c, userId);
        const rows = await c.campaigns.repo.list(
          `status IN ('open', 'scheduled') AND (owner_kind = 'platform' OR leader_id = :leaderId)`, { leaderId: leader.id }, 'deadline_at ASC', 100);
        return c.views.campaignSummaries(rows, rc.now);
      })
    .route({ method: 'get', path: '/campaigns/:id', summary: 'Share card data: title, mini-program path with campaign and my leader code, scene, web link', access: ['leader'], params: IdParams },
      ({ userId, params }) => c.flows.share.card(userId, params.id))
    .route({ method: 'get', path: '/campaigns/:id/code.png', summary: 'The code to scan (WeChat mini-program code, or a QR of the web link)', access: ['leader'], params: IdParams, raw: { contentType: 'image/png' } },
      async ({ userId, params, ctx }) => {
        const { png } = await c.flows.share.code(userId, params.id);
        ctx.type = 'image/png';
        ctx.set('Cache-Control', 'private, max-age=300');
        ctx.body = png;
      })
    .route({ method: 'get', path: '/campaigns/:id/poster.png', summary: 'A share poster (PNG) with the campaign, prices and the code to scan', access: ['leader'], params: IdParams, raw: { contentType: 'image/png' } },
      async ({ userId, params, ctx, rc }) => {
        const png = await c.flows.share.poster(userId, params.id, rc.now);
        ctx.type = 'image/png';
        ctx.set('Cache-Control', 'private, max-age=300');
        ctx.body = png;
      });
}
