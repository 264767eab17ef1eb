/**
 * A leader's chat groups: bind one (a binding code for a bridge relay, or a WeCom robot's webhook URL), look
 * at its delivery state, renew its code or secret, unbind it. Authorisation is the route's (leader owns channel).
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError, ForbiddenError, NotFoundError } from '../kernel/errors';
import type { LeaderFacts } from '../modules/community';
import type { BotService, ChannelRow, TransportName } from '../modules/bot';
import { newChannelSecret, replyTemplates } from '../modules/bot';
import type { NoticesFlow } from './notices.flow';
import type { BotChannelDTO, BotMessageDTO } from '../../shared/types/bot';

/** The channel as the API shows it (shared with the mini-program). */
export type ChannelView = BotChannelDTO;

export class BotChannelsFlow {
  constructor(private readonly c: Container, private readonly bot: BotService, private readonly notices: NoticesFlow) {}

  view(ch: ChannelRow, now: Date): ChannelView {
    const codeValid = ch.bindingCode && ch.bindingExpiresAt && ch.bindingExpiresAt > now;
    return {
      id: ch.id, name: ch.name, transport: ch.transport, status: ch.status, communityId: ch.communityId, webhookUrl: ch.webhookUrl,
      groupBound: ch.externalGroupId !== null, bindingCode: codeValid ? ch.bindingCode : null,
      bindingExpiresAt: codeValid ? ch.bindingExpiresAt!.toISOString() : null, boundAt: ch.boundAt?.toISOString() ?? null,
      bridgeUrl: `${this.c.config.publicBaseUrl.replace(/\/+$/, '')}/api/bot/bridge/${ch.id}/messages`,
      blockedUntil: ch.blockedUntil && ch.blockedUntil > now ? ch.blockedUntil.toISOString() : null, lastError: ch.lastError,
      createdAt: ch.createdAt.toISOString(),
    };
  }

  async create(rc: ServiceContext, leader: LeaderFacts, input: { name: string; webhookUrl?: string | null; transport?: TransportName }): Promise<{ channel: ChannelView; secret: string }> {
    if (!leader.communityId) throw new ForbiddenError('团长还没有所属小区');
    const ch = await this.bot.createChannel({ communityId: leader.communityId, leaderId: leader.id, name: input.name, webhookUrl: input.webhookUrl, transport: input.transport }, rc.now);
    if (ch.status === 'active') await this.greet(rc, ch);
    return { channel: this.view(ch, rc.now), secret: ch.secret };
  }

  async owned(leader: LeaderFacts, id: number): Promise<ChannelRow> {
    const ch = await this.bot.channels.get(id);
    if (!ch || ch.leaderId !== leader.id) throw new NotFoundError('bot channel', id);
    return ch;
  }

  async renewCode(rc: ServiceContext, ch: ChannelRow): Promise<ChannelView> {
    if (ch.status === 'unbound') throw new ConflictError('这个群已解绑，请重新绑定');
    await this.bot.renewBindingCode(ch.id, rc.now);
    return this.view((await this.bot.channels.get(ch.id))!, rc.now);
  }

  async rotateSecret(rc: ServiceContext, ch: ChannelRow): Promise<{ secret: string }> {
    if (ch.status === 'unbound') throw new ConflictError('这个群已解绑，请重新绑定');
    const secret = newChannelSecret();
    await this.bot.channels.setSecret(ch.id, secret, rc.now);
    return { secret };
  }

  async update(rc: ServiceContext, ch: ChannelRow, patch: { webhookUrl?: string }): Promise<ChannelView> {
    if (ch.status === 'unbound') throw new ConflictError('这个群已解绑，请重新绑定');
    if (patch.webhookUrl !== undefined) await this.bot.channels.setWebhookUrl(ch.id, this.bot.checkWebhookUrl(patch.webhookUrl), rc.now);
    return this.view((await this.bot.channels.get(ch.id))!, rc.now);
  }

  /** Unbinds; what was still waiting for the group is dropped with it (it is no longer our group to post in). */
  async unbind(rc: ServiceContext, ch: ChannelRow): Promise<ChannelView> {
    await this.c.db.transaction(rc, async (trc) => {
      if (await this.bot.channels.unbind(trc.tx, ch.id, trc.now)) await this.bot.outbox.dropPendingForChannel(trc.tx, ch.id, '群已解绑');
    });
    return this.view((await this.bot.channels.get(ch.id))!, rc.now);
  }

  async messages(ch: ChannelRow, limit = 50): Promise<BotMessageDTO[]> {
    const rows = await this.bot.outbox.list('channel_id = :id', { id: ch.id }, `ORDER BY id DESC LIMIT ${Math.min(200, Math.max(1, limit))}`);
    return rows.map((r) => ({
      id: r.id, topic: r.topic, status: r.status, attempts: r.attempts, lastError: r.lastError, campaignId: r.campaignId,
      sentAt: r.sentAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(), text: r.rendered ? r.rendered.join('\n') : null,
    }));
  }

  /** A robot added by webhook says hello at once: the leader sees in the group that it works. */
  private async greet(rc: ServiceContext, ch: ChannelRow): Promise<void> {
    const community = await this.c.community.community(ch.communityId);
    await this.c.db.transaction(rc, (trc) => this.notices.write(trc, {
      audience: 'group', channelId: ch.id, topic: 'reply', dedupeKey: `hello:${ch.id}`, payload: { text: replyTemplates.bound(community?.name ?? '本小区') }, availableAt: trc.now,
    }));
  }
}
