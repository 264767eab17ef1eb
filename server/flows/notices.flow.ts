/**
 * The group and personal notices that follow from changes, written as outbox rows in the transaction of the
 * change (the NoticeHooks the group-buy flows call): the message exists if and only if the change committed.
 * Each row has a dedupe key naming its cause, so a retried transaction or a job run twice writes it once.
 *
 * Coalescing: a paid join adds a progress message only if none is waiting for that campaign and group; the
 * waiting one goes out `coalesceSeconds` after the first join and shows the list as it then is. With the row
 * locked here and claimed by the dispatcher (which freezes the text) only after this transaction, no join is
 * ever left out of a message (see OutboxRepository.hasUnclaimed).
 *
 * Each new row also gets a dispatch job at its due time (scheduler row, same transaction): delivery starts
 * right after commit, survives a restart, and needs no polling loop.
 */
import { createHash } from 'node:crypto';
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import type { TxContext } from '../infra/db';
import type { CampaignRow } from '../modules/campaign';
import type { OrderRow } from '../modules/order';
import type { RefundRow } from '../modules/payment';
import type { BotService, ChannelRow, NewOutboxMessage } from '../modules/bot';
import type { NoticeHooks } from './hooks';

export const BOT_JOBS = {
  /** Deliver what is due: one channel's queue (payload.channelId) or the personal and share-card messages. */
  dispatch: 'bot.dispatch',
  /** Safety net: every few minutes, deliver anything due that lost its wake-up. */
  sweep: 'bot.sweep',
  /** "Closing soon" into the groups, some time before the deadline. */
  closingSoon: 'bot.closing-soon',
} as const;

export interface NoticeOptions {
  coalesceMs: number;
  closingSoonMs: number;
}

/** Share cards are updated sooner than group progress (an update changes a number, it posts nothing). */
const SHARE_COALESCE_MAX_MS = 15_000;

const digest = (ids: number[]) => createHash('sha1').update([...ids].sort((a, b) => a - b).join(',')).digest('hex').slice(0, 12);

export class NoticesFlow implements NoticeHooks {
  constructor(private readonly c: Container, private readonly bot: BotService, private readonly opts: NoticeOptions) {}

  async campaignOpened(trc: TxContext, campaign: CampaignRow): Promise<void> {
    for (const ch of await this.channels(trc, campaign)) {
      await this.write(trc, { audience: 'group', channelId: ch.id, topic: 'opened', campaignId: campaign.id, dedupeKey: `opened:${campaign.id}:${ch.id}`, payload: {}, availableAt: trc.now });
    }
    const at = new Date(campaign.deadlineAt.getTime() - this.opts.closingSoonMs);
    if (at > trc.now) await this.scheduleClosingSoon(trc, campaign.id, at);
  }

  async ordersPaid(trc: TxContext, orders: OrderRow[], info: { campaign: CampaignRow; counters: { paidParticipants: number; paidQuantity: number }; thresholdReached: boolean }): Promise<void> {
    for (const order of orders) {
      await this.write(trc, { audience: 'personal', userId: order.userId, topic: 'paid', campaignId: order.campaignId, dedupeKey: `paid:${order.id}`, payload: { orderId: order.id }, availableAt: trc.now });
    }
    // One group message for the whole batch; its key names the last order, so a later batch makes its own.
    const { campaign } = info;
    const last = orders[orders.length - 1];
    for (const ch of await this.channels(trc, campaign)) {
      if (info.thresholdReached) {
        // 成团 carries the list itself and folds the waiting progress message into it.
        await this.write(trc, { audience: 'group', channelId: ch.id, topic: 'threshold', campaignId: campaign.id, dedupeKey: `threshold:${campaign.id}:${ch.id}`, payload: {}, availableAt: trc.now });
      } else if (!(await this.bot.outbox.hasUnclaimed(trc.tx, { audience: 'group', campaignId: campaign.id, topic: 'progress', channelId: ch.id }))) {
        await this.write(trc, {
          audience: 'group', channelId: ch.id, topic: 'progress', campaignId: campaign.id, dedupeKey: `progress:${ch.id}:${last.id}`,
          payload: {}, availableAt: new Date(trc.now.getTime() + this.opts.coalesceMs),
        });
      }
    }
    if ((await this.bot.shares.live(campaign.id, trc.now, trc.tx)).length
      && !(await this.bot.outbox.hasUnclaimed(trc.tx, { audience: 'share', campaignId: campaign.id, topic: 'share_progress', channelId: null }))) {
      await this.write(trc, {
        audience: 'share', topic: 'share_progress', campaignId: campaign.id, dedupeKey: `share:${campaign.id}:${last.id}`, payload: {},
        availableAt: new Date(trc.now.getTime() + Math.min(this.opts.coalesceMs, SHARE_COALESCE_MAX_MS)),
      });
    }
  }

  async campaignClosed(trc: TxContext, campaign: CampaignRow): Promise<void> {
    await this.ending(trc, campaign, 'closed');
  }

  /** Failed at the deadline, or cancelled (the message says which, from the campaign's status). */
  async campaignFailed(trc: TxContext, campaign: CampaignRow): Promise<void> {
    await this.ending(trc, campaign, 'failed');
  }

  async refundSucceeded(trc: TxContext, order: OrderRow, refund: RefundRow): Promise<void> {
    await this.write(trc, {
      audience: 'personal', userId: order.userId, topic: 'refunded', campaignId: order.campaignId, dedupeKey: `refund:${refund.id}`,
      payload: { orderId: order.id, refundId: refund.id, amountFen: refund.amountFen, reason: refundReason(refund.reasonKind) }, availableAt: trc.now,
    });
  }

  async goodsArrived(trc: TxContext, campaign: CampaignRow, pickupPointId: number, orderIds: number[], note: string | null): Promise<void> {
    if (!orderIds.length) return;
    for (const ch of await this.channels(trc, campaign)) {
      await this.write(trc, {
        audience: 'group', channelId: ch.id, topic: 'arrived', campaignId: campaign.id,
        dedupeKey: `arrived:${campaign.id}:${pickupPointId}:${digest(orderIds)}:${ch.id}`,
        payload: { pickupPointId, orders: orderIds.length, note }, availableAt: trc.now,
      });
    }
    const orders = await this.c.orders.repo.findMany('o.id IN (:ids)', { ids: orderIds }, trc.tx);
    for (const o of orders) {
      await this.write(trc, { audience: 'personal', userId: o.userId, topic: 'arrived', campaignId: campaign.id, dedupeKey: `arrived:${o.id}`, payload: { orderId: o.id }, availableAt: trc.now });
    }
  }

  /** At most one reminder per campaign, pickup point(s), group and business day, however often the reminder job calls. */
  async pickupReminder(trc: TxContext, campaign: CampaignRow, orderIds: number[]): Promise<void> {
    if (!orderIds.length) return;
    const orders = await this.c.orders.repo.findMany('o.id IN (:ids)', { ids: orderIds }, trc.tx);
    const points = [...new Set(orders.map((o) => o.pickupPointId))].sort((a, b) => a - b);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: this.c.config.timeZone }).format(trc.now);
    for (const ch of await this.channels(trc, campaign)) {
      await this.write(trc, {
        audience: 'group', channelId: ch.id, topic: 'remind', campaignId: campaign.id, dedupeKey: `remind:${campaign.id}:${points.join('-')}:${ch.id}:${day}`,
        payload: { orders: orderIds.length, pickupPointIds: points }, availableAt: trc.now,
      });
    }
  }

  /**
   * Job 'bot.closing-soon': "还有 2 小时截止，还差 N 人" into each group, once per campaign (how many are missing
   * is counted when the message goes out). A deadline moved later since this job was planned: plan it again.
   */
  async closingSoon(rc: ServiceContext, campaignId: number): Promise<void> {
    await this.c.db.transaction(rc, async (trc) => {
      const campaign = await this.c.campaigns.get(campaignId, trc.tx);
      if (campaign.status !== 'open' || trc.now >= campaign.deadlineAt) return;
      const due = new Date(campaign.deadlineAt.getTime() - this.opts.closingSoonMs);
      if (trc.now.getTime() < due.getTime() - 60_000) { await this.scheduleClosingSoon(trc, campaignId, due); return; }
      for (const ch of await this.channels(trc, campaign)) {
        await this.write(trc, { audience: 'group', channelId: ch.id, topic: 'closing', campaignId, dedupeKey: `closing:${campaignId}:${ch.id}`, payload: {}, availableAt: trc.now });
      }
    });
  }

  /** Writes a message and its wake-up (both in the caller's transaction). */
  async write(trc: TxContext, m: NewOutboxMessage): Promise<boolean> {
    const added = await this.bot.outbox.insert(trc.tx, m, trc.now);
    if (added) {
      await this.c.jobs.enqueue(trc.tx, {
        kind: BOT_JOBS.dispatch, runAt: m.availableAt, dedupeKey: `bot.out:${m.dedupeKey}`.slice(0, 160),
        payload: m.audience === 'group' ? { channelId: m.channelId } : {},
      });
    }
    return added;
  }

  private async ending(trc: TxContext, campaign: CampaignRow, topic: 'closed' | 'failed'): Promise<void> {
    for (const ch of await this.channels(trc, campaign)) {
      // The counts at the close: refunds that follow (a failed campaign's) take people out of the live counters.
      await this.write(trc, {
        audience: 'group', channelId: ch.id, topic, campaignId: campaign.id, dedupeKey: `${topic}:${campaign.id}:${ch.id}`,
        payload: { paidParticipants: campaign.paidParticipants, paidQuantity: campaign.paidQuantity }, availableAt: trc.now,
      });
    }
    if ((await this.bot.shares.live(campaign.id, trc.now, trc.tx)).length) {
      await this.write(trc, { audience: 'share', topic: 'share_final', campaignId: campaign.id, dedupeKey: `share-final:${campaign.id}`, payload: {}, availableAt: trc.now });
    }
  }

  /**
   * The groups that hear a campaign: the active channels of its community. A platform campaign has no
   * community; the leaders who help-sell it share it themselves.
   */
  private async channels(trc: TxContext, campaign: CampaignRow): Promise<ChannelRow[]> {
    return campaign.communityId === null ? [] : this.bot.channels.activeForCommunity(trc.tx, campaign.communityId);
  }

  private async scheduleClosingSoon(trc: TxContext, campaignId: number, at: Date): Promise<void> {
    await this.c.jobs.enqueue(trc.tx, { kind: BOT_JOBS.closingSoon, runAt: at, dedupeKey: `${BOT_JOBS.closingSoon}:${campaignId}@${at.toISOString()}`, payload: { campaignId } });
  }
}

function refundReason(kind: string): string {
  switch (kind) {
    case 'campaign_failed': return '活动未成团';
    case 'campaign_cancelled': return '活动取消';
    case 'neighbour_cancel': return '取消订单';
    case 'tier_difference': return '阶梯价差价退回';
    case 'after_sale': return '售后退款';
    case 'late_payment': return '订单失效后到账';
    default: return '退款';
  }
}
