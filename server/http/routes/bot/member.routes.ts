/**
 * What the mini-program calls for the bot: opening a personal join link (links the chat member to the signed-in
 * user and places the order they asked for in the group), and the activity id for a live share card.
 */
import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { orderLink } from '../../../modules/bot';

export function botMemberRoutes(c: Container): Api {
  return new Api('/api/bot', 'bot')
    .route({
      method: 'post', path: '/links', access: 'user', status: 201,
      summary: 'Open a personal join link from the group: links my chat identity and places the order I asked for (idempotent)',
      body: z.object({ token: z.string().min(10).max(2000) }),
    }, async ({ userId, body, rc, ctx }) => {
      const { order, replayed } = await c.bot.commands.openLink(rc, userId, body.token);
      if (replayed) ctx.status = 200;
      return { order: await c.views.order(order.id, rc.now), payUrl: orderLink(c.config.publicBaseUrl, order.id), replayed };
    })
    .route({
      method: 'post', path: '/share-activities', access: 'user',
      summary: 'An updatable share card for a campaign: the activity id for wx.updateShareMenu (live member count, final state at close)',
      body: z.object({ campaignId: z.number().int().positive() }),
    }, async ({ body, rc }) => c.bot.share.activityFor(rc, body.campaignId));
}
