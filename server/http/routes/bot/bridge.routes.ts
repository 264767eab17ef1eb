/**
 * The inbound chat bridge: what a WeCom app or another compliant relay posts for a bound group. (The product
 * never logs into a personal WeChat account: automating one breaks WeChat's terms and gets it banned.)
 *
 *   POST /api/bot/bridge/:channelId/messages        Content-Type: application/json
 *   X-Linli-Timestamp: <unix seconds>                (refused if more than 5 minutes from our clock)
 *   X-Linli-Signature: hex(HMAC-SHA256(channel secret, `${timestamp}\n${raw body}`))
 *   { "groupId": "wrOgQhDgAA…", "messages": [ { "messageId": "…", "senderId": "…", "senderName": "王阿姨", "text": "+2 桃子" } ] }
 *   → 200 { "data": { "results": [ { "messageId": "…", "outcome": "joined", "orderId": 12 } ] } }
 *
 * Each message id is handled once per channel; the relay may safely redeliver a batch it got no answer for.
 * Replies are not in the answer: they go into the group through the outbox like every other message.
 * The signature is checked on the raw bytes before the body is even read; a bad or stale one is a 401.
 */
import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { ConflictError, UnauthorizedError } from '../../../kernel/errors';
import { checkBridgeSignature } from '../../../modules/bot';
import type { InboundResult } from '../../../flows/bot-commands.flow';

/** Ids are opaque, but printable: control characters in one are a broken relay, not a chat member. */
const Id = z.string().trim().min(1).max(128).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');
/** Chat text is whatever people typed; only NUL goes (databases and SQL text cannot carry it). */
const Chat = (max: number) => z.string().max(max).transform((s) => s.replace(/\u0000/g, ''));

const BridgeBody = z.object({
  /** The chat group's id at the relay (WeCom chat id); pinned by the binding code. */
  groupId: Id,
  messages: z.array(z.object({
    messageId: Id,
    senderId: Id,
    senderName: Chat(64).default(''),
    text: Chat(10_000),
  })).min(1).max(50),
});

export function botBridgeRoutes(c: Container): Api {
  return new Api('/api/bot/bridge', 'bot')
    .route({
      method: 'post', path: '/:channelId/messages', access: 'public',
      summary: 'Chat messages from a bridge relay (HMAC-signed: X-Linli-Timestamp, X-Linli-Signature); each message id once',
      params: z.object({ channelId: z.coerce.number().int().positive() }),
      headers: [
        { name: 'X-Linli-Timestamp', required: true, description: 'Unix seconds; refused beyond 5 minutes from the server clock' },
        { name: 'X-Linli-Signature', required: true, description: 'hex HMAC-SHA256 with the channel secret over `${timestamp}\\n${raw body}`' },
      ],
    }, async ({ params, ctx, rc }) => {
      const channel = await c.bot.service.channels.get(params.channelId);
      // Unknown channel and bad signature answer alike: the route does not tell which channel ids exist.
      if (!channel) throw new UnauthorizedError('签名校验失败', { reason: 'bad_signature' });
      const problem = checkBridgeSignature(channel.secret, ctx.headers, ctx.request.rawBody ?? '', rc.now);
      if (problem) throw new UnauthorizedError(problem === 'stale' ? '请求时间戳超出 5 分钟窗口（重放或时钟不准）' : '签名校验失败', { reason: problem });
      if (channel.status === 'unbound') throw new ConflictError('这个群已解绑，请团长重新绑定', { status: channel.status });
      const body = BridgeBody.parse(ctx.request.body);
      const results: InboundResult[] = [];
      for (const m of body.messages) {
        // Read again per message: a binding code earlier in the same batch changes what follows.
        const current = (await c.bot.service.channels.get(channel.id))!;
        results.push(await c.bot.commands.receive(rc, current, body.groupId, m));
      }
      return { results };
    });
}
