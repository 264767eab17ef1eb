/**
 * 分享与帮卖: an approved leader shares their own campaign, or any platform campaign (help-selling), through
 * links that carry the campaign and the leader's code. What a share gives:
 *  - the mini-program share card (title, page path with `id` and `l`, image);
 *  - a code to scan: WeChat's unlimited mini-program code (its `scene` "c=<id>&l=<code>", ≤ 32 characters) when
 *    the app is configured, else a QR of the web link;
 *  - a poster PNG with that code.
 * A neighbour arriving through a link while bound to nobody is bound to its leader (first touch, expiring after
 * leaders.bindingExpiryDays); the order they place through it is attributed to the sharer (join flow).
 */
import type { Container } from '../container';
import { isUniqueViolation } from '../infra/db';
import type { ServiceContext } from '../kernel/context';
import { DAY } from '../kernel/clock';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../kernel/errors';
import { formatFen } from '../../shared/money';
import type { CampaignRow } from '../modules/campaign';
import type { LeaderFacts, BindOutcome } from '../modules/community';
import { qrPng } from '../infra/share/qr';
import { assertValidScene, SCENE_MAX_LENGTH } from '../infra/wechat/wxacode.client';
import type { ShareCardDTO } from '../../shared/types/share';

/** The share card as the API shows it (shared with the mini-program). */
export type ShareCard = ShareCardDTO;

const LEADER_CODE = /^[A-Z0-9]{4,16}$/;

/** "c=12&l=WANG01": what a mini-program code carries (page parameters must fit WeChat's 32-character scene). */
export function shareScene(campaignId: number, leaderCode: string): string {
  const scene = `c=${campaignId}&l=${leaderCode}`;
  assertValidScene(scene);
  return scene;
}

/** The inverse of shareScene; null when the scene is not one of ours. */
export function parseShareScene(scene: string): { campaignId: number; leaderCode: string } | null {
  if (scene.length > SCENE_MAX_LENGTH) return null;
  const m = /^c=(\d{1,10})&l=([A-Z0-9]{4,16})$/.exec(scene);
  if (!m) return null;
  const campaignId = Number(m[1]);
  return Number.isSafeInteger(campaignId) && campaignId > 0 ? { campaignId, leaderCode: m[2] } : null;
}

export class ShareFlow {
  constructor(private readonly c: Container) {}

  /** The leader may share this campaign: their own, or a platform one (帮卖); open or about to open. */
  async target(userId: number, campaignId: number): Promise<{ leader: LeaderFacts; campaign: CampaignRow }> {
    const leader = await this.c.community.leaderByUser(userId);
    if (!leader || leader.status !== 'approved') throw new ForbiddenError('团长资格尚未通过审核');
    const campaign = await this.c.campaigns.get(campaignId);
    if (campaign.ownerKind === 'leader' && campaign.leaderId !== leader.id) throw new ForbiddenError('只能分享自己的活动或平台活动');
    if (campaign.status !== 'open' && campaign.status !== 'scheduled') {
      throw new ConflictError(`活动当前状态为「${campaign.status}」，不能分享`, { status: campaign.status }, 'CAMPAIGN_NOT_OPEN');
    }
    return { leader, campaign };
  }

  async card(userId: number, campaignId: number): Promise<ShareCard> {
    const { leader, campaign } = await this.target(userId, campaignId);
    return this.cardFor(leader, campaign);
  }

  private cardFor(leader: LeaderFacts, campaign: CampaignRow): ShareCard {
    const page = this.c.config.fulfilment.sharePage;
    const query = `id=${campaign.id}&l=${leader.code}`;
    return {
      campaignId: campaign.id,
      leaderCode: leader.code,
      title: `${leader.name}推荐：${campaign.title}`.slice(0, 60),
      path: `${page}?${query}`,
      imageUrl: campaign.coverImage,
      scene: shareScene(campaign.id, leader.code),
      webUrl: `${this.c.config.publicBaseUrl}/${page}?${query}`,
      posterUrl: `/api/leader/share/campaigns/${campaign.id}/poster.png`,
      codeUrl: `/api/leader/share/campaigns/${campaign.id}/code.png`,
    };
  }

  /** The code to scan, as PNG: WeChat's mini-program code in production, a QR of the web link elsewhere. */
  async code(userId: number, campaignId: number): Promise<{ png: Buffer; kind: 'wxacode' | 'qr' }> {
    const card = await this.card(userId, campaignId);
    return this.codeFor(card);
  }

  private async codeFor(card: ShareCard): Promise<{ png: Buffer; kind: 'wxacode' | 'qr' }> {
    const wechat = this.c.adapters.wechatOpen;
    if (wechat) {
      const png = await wechat.wxacode.unlimited({
        scene: card.scene, page: this.c.config.fulfilment.sharePage, width: 430,
        // Release codes must name a released page; other versions may point at pages WeChat has not seen.
        checkPath: this.c.config.fulfilment.wxacodeEnvVersion === 'release',
        envVersion: this.c.config.fulfilment.wxacodeEnvVersion,
      });
      return { png, kind: 'wxacode' };
    }
    return { png: await qrPng(card.webUrl), kind: 'qr' };
  }

  async poster(userId: number, campaignId: number, now: Date): Promise<Buffer> {
    const { leader, campaign } = await this.target(userId, campaignId);
    const card = this.cardFor(leader, campaign);
    const detail = await this.c.views.campaignDetail(campaign.id, now);
    const code = await this.codeFor(card);
    const community = leader.communityId ? await this.c.community.community(leader.communityId) : null;
    const deadline = new Intl.DateTimeFormat('zh-CN', { timeZone: this.c.config.timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(campaign.deadlineAt);
    return this.c.adapters.poster!.render({
      title: campaign.title,
      priceText: `${formatFen(detail.fromPriceFen)} 起`,
      lines: detail.items.map((i) => `${i.title} ${i.spec} ${formatFen(i.currentPriceFen)}`),
      sharer: `团长 ${leader.name}`,
      community: community ? `${community.city} · ${community.name}` : null,
      deadlineText: `截止 ${deadline}`,
      pickupText: `自提：${detail.pickupPoints.map((p) => p.name).join('、')}`,
      codePng: code.png,
      codeCaption: code.kind === 'wxacode' ? '长按识别小程序码 · 一起拼团' : '扫码参团',
      footer: `团长码 ${leader.code} · 邻里团购`,
    });
  }

  /** Resolves a scanned mini-program code's scene into the campaign and leader code. */
  resolveScene(scene: string): { campaignId: number; leaderCode: string; path: string } {
    const parsed = parseShareScene(scene);
    if (!parsed) throw new InvalidInputError('无法识别的小程序码参数', { scene });
    return { ...parsed, path: `${this.c.config.fulfilment.sharePage}?id=${parsed.campaignId}&l=${parsed.leaderCode}` };
  }

  /**
   * A signed-in neighbour opened a share link: first-touch binding to its leader (approved leaders only; a
   * leader's own link does not bind them to themselves). Unknown codes are a 404; an unapproved one binds nobody.
   */
  async visit(rc: ServiceContext, userId: number, campaignId: number, leaderCode: string): Promise<BindOutcome & { leaderId: number }> {
    if (!LEADER_CODE.test(leaderCode)) throw new InvalidInputError('团长码格式不正确');
    await this.c.campaigns.get(campaignId);
    const leader = await this.c.community.leaderByCode(leaderCode);
    if (!leader) throw new NotFoundError('leader', leaderCode);
    if (leader.status !== 'approved' || leader.userId === userId) {
      return { bound: false, binding: await this.c.leaderBindings.of(userId), leaderId: leader.id };
    }
    const outcome = await this.bind(rc, userId, leader.id, campaignId);
    return { ...outcome, leaderId: leader.id };
  }

  /** First-touch binding, in its own small transaction (also called by the join flow for a shared link). */
  async bind(rc: ServiceContext, userId: number, leaderId: number, campaignId: number | null): Promise<BindOutcome> {
    const expiresAt = new Date(rc.now.getTime() + this.c.config.leaders.bindingExpiryDays * DAY);
    try {
      return await this.c.db.transaction(rc, (trc) => this.c.leaderBindings.bindFirstTouch(trc.tx, { userId, leaderId, campaignId, now: trc.now, expiresAt }));
    } catch (err) {
      // Two touches raced and the other one bound the neighbour first (unique user_id): first touch wins.
      if (!isUniqueViolation(err)) throw err;
      return { bound: false, binding: await this.c.leaderBindings.of(userId) };
    }
  }

  /** Join flow hook: the order came through a leader's link; bind the neighbour if they are unbound. */
  async bindOnJoin(rc: ServiceContext, userId: number, sharerLeaderId: number, campaignId: number): Promise<void> {
    const leader = (await this.c.community.leadersByIds([sharerLeaderId])).get(sharerLeaderId);
    if (!leader || leader.userId === userId) return;
    const existing = await this.c.leaderBindings.of(userId);
    if (existing && (!existing.expiresAt || existing.expiresAt > rc.now)) return; // bound already: nothing to write
    await this.bind(rc, userId, sharerLeaderId, campaignId);
  }
}
