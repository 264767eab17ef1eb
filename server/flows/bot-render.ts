/**
 * Turns an outbox row into what is sent, from the state of things when it goes out: a progress message shows
 * the 接龙 list as it is at that moment (which is what lets fifty joins share one message), a closing-soon
 * message counts who is still missing when it fires. The dispatcher freezes the result at the first attempt,
 * so retries repeat exactly the same text.
 */
import type { Container } from '../container';
import { tierPrice, type CampaignItemRow, type CampaignRow } from '../modules/campaign';
import {
  groupTemplates, shortTitle, truncateBytes, type BotService, type CampaignFacts, type ItemFacts, type OutboxRow, type TemplateContext,
} from '../modules/bot';
import { formatFen } from '../../shared/money';

/** What a group message says; `null`: nothing to say any more (the campaign is gone), drop it. */
export type RenderedGroup = string[] | null;

/** Topics a message carrying the whole campaign state makes redundant while they still wait. */
const ABSORBS: Record<string, string[]> = {
  threshold: ['progress'],
  closed: ['progress', 'closing'],
  failed: ['progress', 'closing', 'threshold'],
};

export function campaignFacts(c: CampaignRow): CampaignFacts {
  return {
    id: c.id, title: c.title, status: c.status, thresholdKind: c.thresholdKind, thresholdValue: c.thresholdValue,
    paidParticipants: c.paidParticipants, paidQuantity: c.paidQuantity, deadlineAt: c.deadlineAt,
    pickupStartsAt: c.pickupStartsAt, pickupEndsAt: c.pickupEndsAt,
  };
}

/** The campaign's items as members see them numbered: "1. 奉化水蜜桃 ¥68.00/箱" (current tier price). */
export async function itemFacts(c: Container, campaign: CampaignRow, items?: CampaignItemRow[]): Promise<ItemFacts[]> {
  const rows = items ?? await c.campaigns.items(campaign.id);
  const tiers = await c.campaigns.repo.tiers(rows.map((i) => i.id));
  return rows.map((i, k) => ({
    index: k + 1, name: i.title, unit: i.unit,
    priceFen: tierPrice(i.priceFen, tiers.filter((t) => t.campaignItemId === i.id), campaign.paidParticipants),
  }));
}

export class BotRenderer {
  constructor(private readonly c: Container, private readonly bot: BotService) {}

  private ctx(maxBytes: number, leaderCode: string | null): TemplateContext {
    return { publicBaseUrl: this.c.config.publicBaseUrl, timeZone: this.c.config.timeZone, maxBytes, leaderCode };
  }

  /** The approved leader a group belongs to, whose code its links carry. */
  async leaderCodeOf(leaderId: number): Promise<string | null> {
    const leader = (await this.c.community.leadersByIds([leaderId])).get(leaderId);
    return leader && leader.status === 'approved' ? leader.code : null;
  }

  async group(row: OutboxRow, channel: { leaderId: number }, maxBytes: number, now: Date): Promise<RenderedGroup> {
    const t = this.ctx(maxBytes, await this.leaderCodeOf(channel.leaderId));
    const p = row.payload;
    if (typeof p.text === 'string') return [truncateBytes(p.text, maxBytes)]; // replies and notices written whole
    if (row.campaignId === null) return null;
    const absorbs = ABSORBS[row.topic];
    // Fold the waiting messages first, then read: whatever they would have shown is in what is read next.
    if (absorbs) await this.bot.outbox.coalesce({ audience: 'group', campaignId: row.campaignId, topics: absorbs, channelId: row.channelId, into: row.id }, now);
    const campaign = await this.c.campaigns.repo.find(row.campaignId);
    if (!campaign) return null;
    const facts = campaignFacts(campaign);
    // Messages about a close carry the counts as they were then.
    if (typeof p.paidParticipants === 'number') facts.paidParticipants = p.paidParticipants;
    if (typeof p.paidQuantity === 'number') facts.paidQuantity = p.paidQuantity;
    switch (row.topic) {
      case 'opened': return groupTemplates.opened(t, facts, await itemFacts(this.c, campaign));
      case 'progress': return groupTemplates.progress(t, facts, await this.c.campaigns.repo.jielong(campaign.id, 2000));
      case 'threshold': return groupTemplates.thresholdReached(t, facts, await this.c.campaigns.repo.jielong(campaign.id, 2000));
      case 'closing': return campaign.status === 'open' ? groupTemplates.closingSoon(t, facts, now) : null;
      case 'closed': return groupTemplates.closed(t, facts, await this.c.campaigns.repo.jielong(campaign.id, 2000));
      case 'failed': return groupTemplates.failed(t, facts);
      case 'arrived': {
        const point = (await this.c.pickup.byIds([Number(p.pickupPointId)])).get(Number(p.pickupPointId));
        if (!point) return null;
        return groupTemplates.arrived(t, facts, point, Number(p.orders ?? 0), typeof p.note === 'string' && p.note ? p.note : null);
      }
      case 'remind': {
        const ids = Array.isArray(p.pickupPointIds) ? p.pickupPointIds.map(Number) : [];
        const points = [...(await this.c.pickup.byIds(ids)).values()].map((x) => x.name);
        return groupTemplates.pickupReminder(t, facts, Number(p.orders ?? 0), points.length ? points : ['自提点']);
      }
      default: return null;
    }
  }

  /** The subscribe message for a personal notice, or null when it no longer applies. */
  async personal(row: OutboxRow): Promise<PersonalNotice | null> {
    const p = row.payload;
    const order = await this.c.orders.repo.findMany('o.id = :id', { id: Number(p.orderId) });
    if (!order.length) return null;
    const o = order[0];
    const campaign = await this.c.campaigns.repo.find(o.campaignId);
    const title = campaign ? campaign.title : '邻里团购';
    const page = `pages/order/index?id=${o.id}`;
    const when = (d: Date) => d.toLocaleString('zh-CN', { timeZone: this.c.config.timeZone, hour12: false }).replace(/\//g, '-').slice(0, 16);
    switch (row.topic) {
      case 'paid':
        return { kind: 'paid', page, data: { thing1: shortTitle(title), amount2: formatFen(o.paidFen || o.itemsFen, ''), character_string3: o.orderNo, time4: when(o.paidAt ?? o.createdAt) } };
      case 'arrived': {
        const point = (await this.c.pickup.byIds([o.pickupPointId])).get(o.pickupPointId);
        return { kind: 'arrived', page, data: { thing1: shortTitle(title), thing2: point?.name ?? '自提点', time3: campaign ? when(campaign.pickupEndsAt) : '' } };
      }
      case 'refunded':
        return { kind: 'refunded', page, data: { thing1: shortTitle(title), amount2: formatFen(Number(p.amountFen ?? 0), ''), thing3: typeof p.reason === 'string' ? p.reason : '退款' } };
      default: return null;
    }
  }
}

export interface PersonalNotice {
  kind: 'paid' | 'arrived' | 'refunded';
  /** Mini-program page the notice opens. */
  page: string;
  /** Keys as in the subscribe-message template configured for this kind (see config bot.subscribeTemplates). */
  data: Record<string, string>;
}
