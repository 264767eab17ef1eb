/** Admins: what the bot could not deliver (parked after its last attempt), and putting it back in line. */
import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import type { OutboxRow } from '../../../modules/bot';

const ADMIN = ['admin'] as const;

const present = (r: OutboxRow) => ({
  id: r.id, audience: r.audience, channelId: r.channelId, userId: r.userId, topic: r.topic, campaignId: r.campaignId, status: r.status,
  attempts: r.attempts, partsSent: r.partsSent, lastError: r.lastError, availableAt: r.availableAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(), text: r.rendered ? r.rendered.join('\n') : null,
});

export function botAdminRoutes(c: Container): Api {
  return new Api('/api/admin/bot/outbox', 'admin')
    .route({
      method: 'get', path: '/', summary: 'Outgoing messages by status (default: failed), newest first', access: ADMIN,
      query: z.object({
        status: z.enum(['pending', 'sent', 'failed', 'coalesced', 'dropped']).default('failed'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    }, async ({ query }) => (await c.bot.service.outbox.list('status = :status', { status: query.status }, `ORDER BY id DESC LIMIT ${query.limit}`)).map(present))
    .route({ method: 'post', path: '/:id/retry', summary: 'Retry a failed message (fresh attempts; resumes after the parts already sent)', access: ADMIN, params: z.object({ id: z.coerce.number().int().positive() }) },
      async ({ params }) => present(await c.bot.dispatcher.requeue(params.id)));
}
