/**
 * Live progress on the mini-program's share card (WeChat updatable message). When a leader or neighbour shares
 * a campaign, the mini-program asks for an activity id and passes it to wx.updateShareMenu; from then on each
 * paid join updates the card's "3/5 人" (through the outbox, coalesced), and the close sets its final state.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError } from '../kernel/errors';
import type { UpdatableMessageClient } from '../infra/wechat/updatable-message.client';
import type { BotService } from '../modules/bot';

export interface ShareActivityDTO {
  /** False where WeChat is not configured (development, h5): share a plain card. */
  updatable: boolean;
  activityId: string | null;
  expiresAt: string | null;
  /** For wx.updateShareMenu({ isUpdatableMessage: true, activityId, templateInfo }). */
  templateInfo: { parameterList: Array<{ name: 'member_count' | 'room_limit'; value: string }> } | null;
}

/** An activity id with less life than this left is not handed out again (a shared card lives for a while). */
const REUSE_MIN_LIFE_MS = 3600_000;

export class ShareCardFlow {
  constructor(private readonly c: Container, private readonly bot: BotService, private readonly client: UpdatableMessageClient | null) {}

  async activityFor(rc: ServiceContext, campaignId: number): Promise<ShareActivityDTO> {
    const campaign = await this.c.campaigns.get(campaignId);
    if (campaign.status !== 'open') throw new ConflictError('只有进行中的团购可以分享动态卡片', { status: campaign.status }, 'CAMPAIGN_NOT_OPEN');
    if (!this.client) return { updatable: false, activityId: null, expiresAt: null, templateInfo: null };
    let card = (await this.bot.shares.live(campaignId, rc.now)).find((a) => a.expiresAt.getTime() - rc.now.getTime() > REUSE_MIN_LIFE_MS);
    if (!card) {
      const created = await this.client.createActivityId(); // outside any transaction: it is a call to WeChat
      await this.bot.shares.add(campaignId, created.activityId, created.expiresAt, rc.now);
      card = { id: 0, campaignId, activityId: created.activityId, expiresAt: created.expiresAt, finalStateSet: false };
    }
    const roomLimit = campaign.thresholdKind === 'participants' ? campaign.thresholdValue : Math.max(campaign.paidParticipants, 1);
    return {
      updatable: true, activityId: card.activityId, expiresAt: card.expiresAt.toISOString(),
      templateInfo: { parameterList: [
        { name: 'member_count', value: String(campaign.paidParticipants) },
        { name: 'room_limit', value: String(Math.max(roomLimit, campaign.paidParticipants, 1)) },
      ] },
    };
  }
}
