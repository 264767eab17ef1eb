/**
 * Commands typed into a bound chat group, as the bridge delivers them: parse (server/bot/command-parser.ts is
 * pure and total), act through the group-buy flows, answer in the group through the outbox.
 *
 *  - Each message is handled once: the bridge's message id is recorded first; a redelivery of a message that was
 *    fully handled changes nothing. One whose handling was cut short runs again, which is safe: the order's
 *    idempotency key and the reply's dedupe key are both made from the message id.
 *  - `+1`, `+2 桃子`, `接龙 2` → a pending order for the member, with a pay link. A member the platform does
 *    not know yet gets a personal join link (signed), which links their chat id to their account when opened.
 *  - Ordinary chat gets no answer; ambiguous or invalid commands get the parser's explanation, never an order.
 *  - The group's binding code, typed into a group whose channel is not bound yet, binds it.
 */
import { createHash } from 'node:crypto';
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '../kernel/errors';
import { parseCommand, type CommandItem } from '../bot/command-parser';
import type { CampaignItemRow, CampaignRow } from '../modules/campaign';
import type { OrderRow } from '../modules/order';
import {
  bindingCodeIn, orderLink, personalJoinLink, replyTemplates, shortTitle, signJoinIntent, verifyJoinIntent,
  type BotService, type ChannelRow, type JoinIntent,
} from '../modules/bot';
import { formatFen } from '../../shared/money';
import { itemFacts } from './bot-render';
import type { NoticesFlow } from './notices.flow';
import type { JoinOutcome } from './join.flow';

export interface InboundMessage { messageId: string; senderId: string; senderName: string; text: string }

export type InboundOutcome =
  | 'bound' | 'joined' | 'link_sent' | 'cancelled' | 'queried' | 'help' | 'refused' | 'ignored'
  /** Already handled: nothing done again. */
  | 'duplicate'
  /** The channel's group is not bound yet (only its binding code is read). */
  | 'not_bound'
  /** The message came from another group than the one bound to this channel. */
  | 'wrong_group';

export interface InboundResult { messageId: string; outcome: InboundOutcome; orderId?: number }

const LINK_TTL_MS = 24 * 3600_000;
const ORDER_STATUS_LABELS: Record<string, string> = {
  pending_payment: '待付款', paid: '已付款', confirmed: '已成团', shipped: '已发货', ready_for_pickup: '待自提',
  picked_up: '已取货', completed: '已完成', refunding: '退款中', refunded: '已退款', partially_refunded: '部分退款',
};

/** The order's idempotency key for a chat message (orders.idempotency_key holds 80 characters). */
export function botIdempotencyKey(channelId: number, messageId: string): string {
  const key = `bot:${channelId}:${messageId}`;
  return key.length <= 80 ? key : `bot:${channelId}:h${createHash('sha256').update(messageId).digest('hex').slice(0, 48)}`;
}

export class BotCommandsFlow {
  constructor(private readonly c: Container, private readonly bot: BotService, private readonly notices: NoticesFlow) {}

  private get linkSecret(): string { return this.c.config.bot.callbackSecret; }

  async receive(rc: ServiceContext, channel: ChannelRow, groupId: string, m: InboundMessage): Promise<InboundResult> {
    const recorded = await this.bot.inbound.record({ channelId: channel.id, messageId: m.messageId, senderId: m.senderId, text: m.text }, rc.now);
    if (!recorded.fresh && recorded.result !== null) return { messageId: m.messageId, outcome: 'duplicate' };
    const result = await this.handle(rc, channel, groupId, m);
    // Answered messages record their result with the reply (one transaction); silent ones here.
    if (result.outcome === 'ignored' || result.outcome === 'not_bound' || result.outcome === 'wrong_group') {
      await this.bot.inbound.setResult(undefined, channel.id, m.messageId, JSON.stringify(result));
    }
    return result;
  }

  private async handle(rc: ServiceContext, channel: ChannelRow, groupId: string, m: InboundMessage): Promise<InboundResult> {
    const name = m.senderName.trim() || '邻居';
    if (channel.externalGroupId === null) {
      const code = bindingCodeIn(m.text);
      if (!code) return { messageId: m.messageId, outcome: 'not_bound' };
      return this.bind(rc, channel, groupId, code, m);
    }
    if (channel.externalGroupId !== groupId) return { messageId: m.messageId, outcome: 'wrong_group' };

    const campaign = await this.currentCampaign(channel);
    const items = campaign ? await this.c.campaigns.items(campaign.id) : [];
    const cmd = parseCommand(m.text, { items: commandItems(items) });
    switch (cmd.kind) {
      case 'none': return { messageId: m.messageId, outcome: 'ignored' };
      case 'help': return this.reply(rc, channel, m, 'help', replyTemplates.help(campaign ? await itemFacts(this.c, campaign, items) : []));
      case 'ambiguous':
      case 'invalid':
        return this.reply(rc, channel, m, 'refused', replyTemplates.refused(name, cmd.reason));
      case 'join': {
        if (!campaign) return this.reply(rc, channel, m, 'refused', replyTemplates.noOpenCampaign(name));
        const item = items[cmd.itemIndex - 1];
        const member = await this.bot.members.find(channel.id, m.senderId);
        const line = `${shortTitle(item.title)}×${cmd.quantity}`;
        if (!member) {
          const token = signJoinIntent(this.linkSecret, {
            channelId: channel.id, memberId: m.senderId, memberName: name, campaignId: campaign.id, campaignItemId: item.id,
            quantity: cmd.quantity, messageId: m.messageId, expiresAt: Math.floor((rc.now.getTime() + LINK_TTL_MS) / 1000),
          });
          const leaderCode = (await this.c.community.leadersByIds([channel.leaderId])).get(channel.leaderId)?.code ?? null;
          return this.reply(rc, channel, m, 'link_sent', replyTemplates.personalLink(name, line, personalJoinLink(this.c.config.publicBaseUrl, campaign.id, token, leaderCode)));
        }
        try {
          const { outcome, pointName } = await this.placeOrder(rc, channel, member.userId, campaign, item, cmd.quantity, m.messageId);
          const o = outcome.order;
          const text = o.status === 'pending_payment'
            ? replyTemplates.joinPlaced(name, line, o.itemsFen, pointName, orderLink(this.c.config.publicBaseUrl, o.id), this.c.config.orders.unpaidExpiryMinutes, outcome.replayed)
            : replyTemplates.joinAlreadyPaid(name, line);
          return this.reply(rc, channel, m, 'joined', text, o.id);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          return this.reply(rc, channel, m, 'refused', replyTemplates.refused(name, `没能下单：${err.message}`));
        }
      }
      case 'cancel': {
        if (!campaign) return this.reply(rc, channel, m, 'refused', replyTemplates.noOpenCampaign(name));
        const member = await this.bot.members.find(channel.id, m.senderId);
        if (!member) return this.reply(rc, channel, m, 'refused', replyTemplates.nothingToCancel(name));
        return this.cancel(rc, channel, m, name, member.userId, campaign, cmd.itemIndex === null ? null : items[cmd.itemIndex - 1] ?? null);
      }
      case 'query': {
        const member = await this.bot.members.find(channel.id, m.senderId);
        if (!campaign) return this.reply(rc, channel, m, 'queried', replyTemplates.noOpenCampaign(name));
        const orders = member ? await this.c.orders.repo.findMany(
          "o.campaign_id = :campaignId AND o.user_id = :userId AND o.status NOT IN ('expired', 'cancelled')", { campaignId: campaign.id, userId: member.userId }) : [];
        const lines = await this.orderLines(orders);
        return this.reply(rc, channel, m, 'queried', replyTemplates.query(name, campaign.title, lines));
      }
    }
  }

  /**
   * POST /api/bot/links: a signed-in user opened their personal join link. Links the chat member to them (first
   * link wins) and places the order they asked for in the group — idempotent on the chat message, so opening the
   * link again returns the same order.
   */
  async openLink(rc: ServiceContext, userId: number, token: string): Promise<{ order: OrderRow; replayed: boolean; intent: JoinIntent }> {
    const intent = verifyJoinIntent(this.linkSecret, token, rc.now);
    if (!intent) throw new InvalidInputError('链接无效或已过期，请在群里重新接龙');
    const channel = await this.bot.channels.get(intent.channelId);
    if (!channel || channel.status !== 'active') throw new ConflictError('这个群已不再使用团购小助手');
    const member = await this.bot.members.link({ channelId: channel.id, memberId: intent.memberId, userId, displayName: intent.memberName }, rc.now);
    if (member.userId !== userId) throw new ForbiddenError('这个群成员已关联了另一个账号；如有误请联系团长');
    const campaign = await this.c.campaigns.get(intent.campaignId);
    const item = (await this.c.campaigns.items(campaign.id)).find((i) => i.id === intent.campaignItemId);
    if (!item) throw new NotFoundError('campaign item', intent.campaignItemId);
    const { outcome } = await this.placeOrder(rc, channel, userId, campaign, item, intent.quantity, intent.messageId);
    return { order: outcome.order, replayed: outcome.replayed, intent };
  }

  private async bind(rc: ServiceContext, channel: ChannelRow, groupId: string, code: string, m: InboundMessage): Promise<InboundResult> {
    const community = await this.c.community.community(channel.communityId);
    const outcome = await this.c.db.transaction(rc, async (trc) => {
      const bound = await this.bot.channels.bindGroup(trc.tx, channel.id, code, groupId, trc.now);
      if (bound !== 'bound') return bound;
      await this.notices.write(trc, {
        audience: 'group', channelId: channel.id, topic: 'reply', dedupeKey: `reply:${channel.id}:${m.messageId}`,
        payload: { text: replyTemplates.bound(community?.name ?? '本小区') }, availableAt: trc.now,
      });
      await this.bot.inbound.setResult(trc.tx, channel.id, m.messageId, JSON.stringify({ outcome: 'bound' }));
      return bound;
    });
    if (outcome === 'group_taken') this.c.log.warn({ channelId: channel.id, groupId }, 'binding code typed in a group that another channel holds');
    return { messageId: m.messageId, outcome: outcome === 'bound' ? 'bound' : 'not_bound' };
  }

  /** The reply goes out through the outbox, written with the message's result (one transaction). */
  private async reply(rc: ServiceContext, channel: ChannelRow, m: InboundMessage, outcome: InboundOutcome, text: string, orderId?: number): Promise<InboundResult> {
    const result: InboundResult = { messageId: m.messageId, outcome, ...(orderId ? { orderId } : {}) };
    await this.c.db.transaction(rc, async (trc) => {
      await this.notices.write(trc, {
        audience: 'group', channelId: channel.id, topic: 'reply', dedupeKey: `reply:${channel.id}:${m.messageId}`,
        payload: { text, mentions: [m.senderId] }, availableAt: trc.now,
      });
      await this.bot.inbound.setResult(trc.tx, channel.id, m.messageId, JSON.stringify(result));
    });
    return result;
  }

  /** The open campaign of the group's community members are talking about: the latest to open. */
  private async currentCampaign(channel: ChannelRow): Promise<CampaignRow | null> {
    const [c] = await this.c.campaigns.repo.list("community_id = :communityId AND status = 'open'", { communityId: channel.communityId }, 'starts_at DESC, id DESC', 1);
    return c ?? null;
  }

  private async placeOrder(
    rc: ServiceContext, channel: ChannelRow, userId: number, campaign: CampaignRow, item: CampaignItemRow, quantity: number, messageId: string,
  ): Promise<{ outcome: JoinOutcome; pointName: string }> {
    const point = await this.pickupPointFor(userId, campaign, item);
    const leader = (await this.c.community.leadersByIds([channel.leaderId])).get(channel.leaderId);
    const outcome = await this.c.flows.join.join(rc, {
      campaignId: campaign.id, userId, items: [{ campaignItemId: item.id, quantity }],
      pickupPointId: point.id, idempotencyKey: botIdempotencyKey(channel.id, messageId), source: 'bot',
      // The group's leader brought this order, as a share link of theirs would have.
      ...(leader && leader.status === 'approved' ? { leaderCode: leader.code } : {}),
    });
    const chosen = outcome.order.pickupPointId === point.id ? point : (await this.c.pickup.byIds([outcome.order.pickupPointId])).get(outcome.order.pickupPointId);
    return { outcome, pointName: chosen?.name ?? '' };
  }

  /** The member's last pickup point if this campaign allows it (and it suits the item's storage), else the first that does. */
  private async pickupPointFor(userId: number, campaign: CampaignRow, item: CampaignItemRow): Promise<{ id: number; name: string }> {
    const allowed = await this.c.campaigns.repo.pickupPointIds(campaign.id);
    const points = [...(await this.c.pickup.byIds(allowed)).values()].filter((p) => p.status === 'approved' && (item.storage === 'ambient' || p.coldStorage));
    if (!points.length) throw new ConflictError('本次团购暂无可用的自提点，请在小程序里下单', undefined, 'PICKUP_POINT_NOT_ALLOWED');
    const [last] = await this.c.orders.repo.findMany('o.user_id = :userId AND o.pickup_point_id IN (:ids)', { userId, ids: points.map((p) => p.id) }, undefined, 'ORDER BY o.id DESC LIMIT 1');
    return points.find((p) => p.id === last?.pickupPointId) ?? points[0];
  }

  private async cancel(rc: ServiceContext, channel: ChannelRow, m: InboundMessage, name: string, userId: number, campaign: CampaignRow, item: CampaignItemRow | null): Promise<InboundResult> {
    let orders = await this.c.orders.repo.findMany("o.campaign_id = :campaignId AND o.user_id = :userId AND o.status IN ('pending_payment', 'paid')", { campaignId: campaign.id, userId });
    const lines = await this.c.orders.repo.items(orders.map((o) => o.id));
    // "取消桃子": only orders made of that item alone (an order with other items is changed in the mini-program).
    if (item) orders = orders.filter((o) => lines.filter((l) => l.orderId === o.id).every((l) => l.campaignItemId === item.id));
    if (!orders.length) return this.reply(rc, channel, m, 'cancelled', replyTemplates.nothingToCancel(name));
    const done: string[] = [];
    const problems: string[] = [];
    for (const o of orders) {
      try {
        await this.c.flows.orderLife.cancelByNeighbour(rc, userId, o.id);
        done.push(lines.filter((l) => l.orderId === o.id).map((l) => `${shortTitle(l.title)}×${l.quantity}`).join(' '));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        problems.push(err.message);
      }
    }
    if (!done.length) return this.reply(rc, channel, m, 'refused', replyTemplates.cancelRefused(name, problems[0] ?? '订单状态已变化'));
    return this.reply(rc, channel, m, 'cancelled', replyTemplates.cancelled(name, done));
  }

  private async orderLines(orders: OrderRow[]): Promise<string[]> {
    const items = await this.c.orders.repo.items(orders.map((o) => o.id));
    return orders.map((o) => {
      const what = items.filter((i) => i.orderId === o.id).map((i) => `${shortTitle(i.title)}×${i.quantity}`).join(' ');
      const pay = o.status === 'pending_payment' ? ` 去付款：${orderLink(this.c.config.publicBaseUrl, o.id)}` : '';
      return `· ${what} ${formatFen(o.itemsFen)} ${ORDER_STATUS_LABELS[o.status] ?? o.status}${pay}`;
    });
  }
}

/** The campaign's items as the parser sees them: numbered as in the campaign message, with short names as aliases. */
export function commandItems(items: readonly CampaignItemRow[]): CommandItem[] {
  return items.map((i, k) => {
    const short = shortTitle(i.title);
    return { index: k + 1, name: i.title, aliases: short !== i.title ? [short] : [] };
  });
}
