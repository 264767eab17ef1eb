/**
 * Personal notices as WeChat subscribe messages: the user's openid (from their mini-program login) and the
 * template configured for the kind of notice. Without a template id (development), the notice is logged.
 */
import type { Container } from '../container';
import type { SubscribeMessageClient } from '../infra/wechat/subscribe-message.client';
import type { PersonalNotice } from './bot-render';
import type { PersonalSender } from './bot-dispatch.flow';

export class SubscribeMessageSender implements PersonalSender {
  constructor(private readonly c: Container, private readonly client: SubscribeMessageClient | null) {}

  async send(userId: number, notice: PersonalNotice): Promise<'sent' | 'not_subscribed'> {
    const templateId = this.c.config.bot.subscribeTemplates[notice.kind];
    if (!templateId || !this.client) {
      this.c.log.info({ userId, notice }, `[notice → user ${userId}] ${notice.kind}`);
      return 'sent';
    }
    const openid = await this.c.identity.openidOf(userId);
    if (!openid) return 'not_subscribed';
    return this.client.send({ openid, templateId, page: notice.page, data: notice.data });
  }
}
