/**
 * A leader's chat groups (/api/leader/bot/channels): bind with a binding code (bridge) or a WeCom robot's
 * webhook URL, see delivery state, renew the code or secret, unbind. The secret is shown when created or
 * renewed only: it goes into the relay's configuration.
 */
import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { ForbiddenError } from '../../../kernel/errors';

const LEADER = ['leader'] as const;
const IdParams = z.object({ id: z.coerce.number().int().positive() });

const CreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** A WeCom group robot's webhook URL (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…), or a bridge relay's callback URL. */
  webhookUrl: z.string().trim().max(512).optional(),
  transport: z.enum(['wecom_webhook', 'bridge', 'console']).optional(),
}).refine((b) => b.transport !== 'wecom_webhook' || b.webhookUrl, { message: 'a WeCom robot needs its webhookUrl', path: ['webhookUrl'] });

export function botChannelRoutes(c: Container): Api {
  const leaderOf = async (userId: number) => {
    const author = await c.flows.authoring.leaderAuthor(userId);
    if (author.kind !== 'leader') throw new ForbiddenError();
    return author.leader;
  };
  const flow = () => c.bot.channels;
  return new Api('/api/leader/bot/channels', 'bot')
    .route({ method: 'get', path: '/', summary: 'My chat groups and their delivery state', access: LEADER },
      async ({ userId, rc }) => (await c.bot.service.channels.listByLeader((await leaderOf(userId)).id)).map((ch) => flow().view(ch, rc.now)))
    .route({
      method: 'post', path: '/', status: 201, access: LEADER, body: CreateBody,
      summary: 'Bind a chat group: with a WeCom robot webhook URL (active at once), or pending until its binding code is typed into the group through the bridge',
    }, async ({ userId, body, rc }) => flow().create(rc, await leaderOf(userId), body))
    .route({ method: 'get', path: '/:id', summary: 'One of my chat groups', access: LEADER, params: IdParams },
      async ({ userId, params, rc }) => flow().view(await flow().owned(await leaderOf(userId), params.id), rc.now))
    .route({ method: 'get', path: '/:id/messages', summary: 'What the bot sent (or is still trying to send) to this group, newest first', access: LEADER, params: IdParams },
      async ({ userId, params }) => flow().messages(await flow().owned(await leaderOf(userId), params.id)))
    .route({
      method: 'patch', path: '/:id', summary: 'Change the webhook URL (a re-added robot); clears a delivery hold', access: LEADER, params: IdParams,
      body: z.object({ webhookUrl: z.string().trim().min(1).max(512) }),
    }, async ({ userId, params, body, rc }) => flow().update(rc, await flow().owned(await leaderOf(userId), params.id), body))
    .route({ method: 'post', path: '/:id/binding-code', summary: 'A fresh one-time binding code (30 minutes)', access: LEADER, params: IdParams },
      async ({ userId, params, rc }) => flow().renewCode(rc, await flow().owned(await leaderOf(userId), params.id)))
    .route({ method: 'post', path: '/:id/secret', summary: 'A new signing secret for the bridge relay (the old one stops working)', access: LEADER, params: IdParams },
      async ({ userId, params, rc }) => flow().rotateSecret(rc, await flow().owned(await leaderOf(userId), params.id)))
    .route({ method: 'post', path: '/:id/unbind', summary: 'Unbind the group; messages still waiting for it are dropped', access: LEADER, params: IdParams },
      async ({ userId, params, rc }) => flow().unbind(rc, await flow().owned(await leaderOf(userId), params.id)));
}
