import { z } from 'zod';
import { Api } from '../api';
import type { Container } from '../../container';
import { Id } from '../schemas';

/**
 * The neighbour's side of a share link: resolve a scanned mini-program code's scene, and the visit that binds
 * an unbound neighbour to the sharing leader (first touch).
 */
export function shareRoutes(c: Container): Api {
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  return new Api('/api/share', 'share')
    .route({ method: 'get', path: '/resolve', summary: 'A mini-program code\'s scene → campaign id, leader code and page path', access: 'public', query: z.object({ scene: z.string().min(1).max(64) }) },
      async ({ query }) => c.flows.share.resolveScene(decodeURIComponent(query.scene)))
    .route({ method: 'post', path: '/visit', summary: 'I opened a share link: bind me to its leader if I am bound to nobody (first touch)', access: 'user', body: z.object({ campaignId: Id, leaderCode: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z0-9]{4,16}$/)) }) },
      async ({ userId, body, rc }) => {
        const r = await c.flows.share.visit(rc, userId, body.campaignId, body.leaderCode);
        return { bound: r.bound, leaderId: r.leaderId, binding: r.binding ? { leaderId: r.binding.leaderId, boundAt: iso(r.binding.boundAt), expiresAt: iso(r.binding.expiresAt) } : null };
      })
    .route({ method: 'get', path: '/binding', summary: 'The leader I am bound to, if the binding is live', access: 'user' },
      async ({ userId, rc }) => {
        const b = await c.leaderBindings.of(userId);
        if (!b || (b.expiresAt && b.expiresAt <= rc.now)) return null;
        const leader = (await c.community.leadersByIds([b.leaderId])).get(b.leaderId);
        return { leaderId: b.leaderId, leaderName: leader?.name ?? '', leaderCode: leader?.code ?? '', boundAt: iso(b.boundAt), expiresAt: iso(b.expiresAt) };
      });
}
