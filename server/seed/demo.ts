/**
 * Demo data: a believable community, created on first start when the embedded database is empty, so that
 * `npm start` shows the product. Accounts (development login by username; admin also by password):
 *   admin / linli-admin · leader.wang, leader.li · store.chen, store.zhao, store.sun ·
 *   neighbour.zhang, neighbour.liu, neighbour.zhou
 */
import type { Container } from '../container';
import { UserModel } from '../modules/identity/identity.model';
import { CommunityModel, LeaderModel } from '../modules/community/community.model';
import { CommunityPickupPointModel, PickupPointModel } from '../modules/pickup/pickup.model';
import { LotModel, ProductModel, SkuModel, SupplierCertificationModel, SupplierModel } from '../modules/catalogue/catalogue.model';
import {
  CampaignEventModel, CampaignItemModel, CampaignModel, CampaignPickupPointModel, CampaignPriceTierModel,
} from '../modules/campaign/campaign.model';
import { CommissionRuleModel } from '../modules/ledger/ledger.model';
import { BotChannelModel } from '../modules/bot/bot.model';
import { DAY, HOUR } from '../kernel/clock';
import { systemContext } from '../kernel/context';

export const DEMO_PASSWORD_ADMIN = 'linli-admin';
/** The demo chat channel's bridge secret (development only: the demo is never seeded in production). */
export const DEMO_BRIDGE_SECRET = 'linli-demo-bridge-secret';

export async function seedDemoIfEmpty(c: Container): Promise<boolean> {
  if ((await UserModel.count()) > 0) return false;
  await seedDemo(c);
  c.log.info('demo data created: sign in as admin / linli-admin, or with the development login (see README)');
  return true;
}

export async function seedDemo(c: Container): Promise<void> {
  const now = c.clock.now();
  const dayOf = (d: Date) => d.toISOString().slice(0, 10);
  await c.db.transaction(systemContext('seed', now), async ({ tx }) => {
    const t = { transaction: tx };
    const stamp = { createdAt: now, updatedAt: now };
    await CommissionRuleModel.create({ version: 1, leaderBps: c.config.commission.defaultLeaderBps, pickupFeeFen: c.config.commission.defaultPickupFeeFen, effectiveFrom: now, createdBy: null, createdAt: now }, t);

    const sunshine = await CommunityModel.create({ name: '阳光花园', city: '杭州', district: '西湖区', address: '文一西路 588 号', ...stamp }, t);
    const cuiyuan = await CommunityModel.create({ name: '翠苑一区', city: '杭州', district: '西湖区', address: '文三路 200 号', ...stamp }, t);

    const user = async (username: string, displayName: string, roles: Array<'neighbour' | 'leader' | 'pickup' | 'admin'>, communityId: number | null, password?: string) =>
      c.identity.createUser(tx, { username, displayName, password, roles, communityId, phone: null }, now);

    const admin = await user('admin', '平台运营', ['admin'], null, DEMO_PASSWORD_ADMIN);
    const wang = await user('leader.wang', '王芳', ['neighbour', 'leader'], sunshine.id);
    const li = await user('leader.li', '李强', ['neighbour', 'leader'], cuiyuan.id);
    const chen = await user('store.chen', '陈老板', ['pickup'], sunshine.id);
    const zhao = await user('store.zhao', '赵姐', ['pickup'], sunshine.id);
    const sun = await user('store.sun', '孙师傅', ['pickup'], cuiyuan.id);
    await user('neighbour.zhang', '张阿姨', ['neighbour'], sunshine.id);
    await user('neighbour.liu', '刘叔', ['neighbour'], sunshine.id);
    await user('neighbour.zhou', '小周', ['neighbour'], cuiyuan.id);

    const leader = (u: { id: number }, code: string, name: string, phone: string, community: CommunityModel) =>
      LeaderModel.create({
        userId: u.id, code, name, phone, communityId: community.id, appliedCommunityName: community.name, appliedCity: community.city,
        appliedAddress: community.address ?? '', status: 'approved', reviewedBy: admin.id, reviewedAt: now, ...stamp,
      }, t);
    const leaderWang = await leader(wang, 'WANGF8', '王芳', '13800000001', sunshine);
    await leader(li, 'LIQ3K9', '李强', '13800000002', cuiyuan);
    // Fulfilment demo (issue 5): a leader application and a store registration waiting for an admin's decision.
    const qian = await user('applicant.qian', '钱女士', ['neighbour'], cuiyuan.id);
    await LeaderModel.create({
      userId: qian.id, code: 'QIAN7M', name: '钱女士', phone: '13800000003', communityId: null, appliedCommunityName: '翠苑二区',
      appliedCity: '杭州', appliedAddress: '文三路 300 号', status: 'pending', ...stamp,
    }, t);
    const wu = await user('applicant.wu', '吴老板', ['neighbour'], cuiyuan.id);
    await PickupPointModel.create({
      ownerUserId: wu.id, name: '吴记便利店', address: '翠苑二区南门 3 号', hours: '07:00-22:00', capacity: 120, coldStorage: true,
      contactName: '吴老板', contactPhone: '13900000009', status: 'pending', ...stamp,
    }, t);

    const point = (owner: { id: number }, name: string, address: string, coldStorage: boolean, contactName: string, contactPhone: string, feeFen: number | null) =>
      PickupPointModel.create({
        ownerUserId: owner.id, name, address, hours: '08:00-21:00', capacity: 80, coldStorage, contactName, contactPhone, feeFen,
        status: 'approved', reviewedBy: admin.id, reviewedAt: now, ...stamp,
      }, t);
    const pChen = await point(chen, '陈记便利店（阳光花园北门）', '阳光花园北门 3 号商铺', true, '陈老板', '13900000011', 150);
    const pZhao = await point(zhao, '赵姐生鲜（阳光花园南门）', '阳光花园南门 12 号', true, '赵姐', '13900000012', null);
    const pSun = await point(sun, '孙家小卖部（翠苑一区）', '翠苑一区 5 幢底商', false, '孙师傅', '13900000013', null);
    for (const [community, p] of [[sunshine, pChen], [sunshine, pZhao], [cuiyuan, pSun]] as const) {
      await CommunityPickupPointModel.create({ communityId: community.id, pickupPointId: p.id, createdAt: now }, t);
    }

    const supplier = async (name: string, region: string, description: string, certs: Array<[string, string, string]>) => {
      const s = await SupplierModel.create({ name, region, description, contactName: null, contactPhone: null, ...stamp }, t);
      for (const [certName, number, issuer] of certs) {
        await SupplierCertificationModel.create({ supplierId: s.id, name: certName, number, issuer, validUntil: dayOf(new Date(+now + 400 * DAY)), createdAt: now }, t);
      }
      return s;
    };
    const peachCoop = await supplier('奉化水蜜桃专业合作社', '浙江宁波奉化', '三十余户桃农联合种植，树上自然成熟后采摘。',
      [['绿色食品证书', 'LB-18-2301140987A', '中国绿色食品发展中心'], ['地理标志产品', 'GI-2014-0187', '国家知识产权局']]);
    const teaFarm = await supplier('龙坞西湖龙井茶园', '浙江杭州西湖区', '龙坞茶村自有茶园，手工炒制。',
      [['有机产品认证', 'ORG-330106-2025-0042', '中绿华夏有机食品认证中心']]);
    const riceMill = await supplier('五常稻花香米业', '黑龙江哈尔滨五常', '当季新米，低温仓储，现磨现发。',
      [['地理标志产品', 'GI-2003-0021', '国家知识产权局'], ['SC 生产许可', 'SC10123018400123', '五常市市场监督管理局']]);

    const product = (supplierId: number, title: string, category: string, fresh: boolean, unit: string, weightGrams: number, storage: 'ambient' | 'chilled' | 'frozen', shelfLifeDays: number, description: string, image: string) =>
      ProductModel.create({ supplierId, title, category, fresh, unit, weightGrams, storage, shelfLifeDays, description, images: [image], leaderCommissionBps: null, ...stamp }, t);
    const peach = await product(peachCoop.id, '奉化水蜜桃', 'fruit', true, '箱', 2500, 'chilled', 5, '皮薄汁多，单果 250g 以上，一箱 8–10 个。', '/static/demo/peach.svg');
    const tea = await product(teaFarm.id, '明前西湖龙井', 'tea', false, '罐', 250, 'ambient', 540, '明前一芽一叶，手工炒制。', '/static/demo/tea.svg');
    const rice = await product(riceMill.id, '五常稻花香大米', 'grain', false, '袋', 5000, 'ambient', 365, '当季新米，10 斤真空装。', '/static/demo/rice.svg');

    const sku = (productId: number, code: string, spec: string, listPriceFen: number, supplyCostFen: number, stock: number) =>
      SkuModel.create({ productId, code, spec, listPriceFen, supplyCostFen, stock, ...stamp }, t);
    const peachSku = await sku(peach.id, 'PEACH-5JIN', '5 斤装（8–10 个）', 8800, 4200, 500);
    const teaSku = await sku(tea.id, 'TEA-LJ-250', '250g 罐装', 29800, 16000, 200);
    const riceSku = await sku(rice.id, 'RICE-WC-10', '10 斤真空装', 7900, 4600, 400);

    const lot = (productId: number, lotCode: string, province: string, county: string, village: string, harvestedOn: Date, storageNote: string) =>
      LotModel.create({ productId, lotCode, originProvince: province, originCounty: county, originVillage: village, harvestedOn: dayOf(harvestedOn), storageNote, createdAt: now }, t);
    const peachLot = await lot(peach.id, 'FH-2026-0721-A', '浙江', '宁波市奉化区', '萧王庙街道林家村', new Date(+now - DAY), '采摘后 4 小时内入 4℃ 冷库');
    const teaLot = await lot(tea.id, 'LJ-2026-0328', '浙江', '杭州市西湖区', '龙坞镇上城埭村', new Date(+now - 200 * DAY), '密封避光常温');
    const riceLot = await lot(rice.id, 'WC-2025-10-B', '黑龙江', '哈尔滨市五常市', '民乐朝鲜族乡', new Date(+now - 40 * DAY), '15℃ 低温仓储');

    const campaign = async (
      fields: { ownerKind: 'leader' | 'platform'; leaderId: number | null; communityId: number | null; title: string; description: string; thresholdKind: 'participants' | 'quantity'; thresholdValue: number; createdBy: number; coverImage: string },
      items: Array<{ skuId: number; lotId: number; priceFen: number; stock: number; perPersonLimit: number | null; tiers: Array<[number, number]> }>,
      pickupPointIds: number[],
    ) => {
      const cmp = await CampaignModel.create({
        ...fields, status: 'open', startsAt: new Date(+now - HOUR), deadlineAt: new Date(+now + 2 * DAY),
        pickupStartsAt: new Date(+now + 3 * DAY), pickupEndsAt: new Date(+now + 5 * DAY), ...stamp,
      }, t);
      for (const [i, it] of items.entries()) {
        const item = await CampaignItemModel.create({ campaignId: cmp.id, skuId: it.skuId, lotId: it.lotId, priceFen: it.priceFen, stock: it.stock, perPersonLimit: it.perPersonLimit, sortOrder: i }, t);
        for (const [minParticipants, priceFen] of it.tiers) await CampaignPriceTierModel.create({ campaignItemId: item.id, minParticipants, priceFen }, t);
      }
      for (const pickupPointId of pickupPointIds) await CampaignPickupPointModel.create({ campaignId: cmp.id, pickupPointId }, t);
      for (const [from, to, reason] of [['draft', 'scheduled', '团长排期'], ['scheduled', 'open', '到达开团时间']]) {
        await CampaignEventModel.create({ campaignId: cmp.id, fromStatus: from, toStatus: to, reason, actor: 'seed', createdAt: now }, t);
      }
      return cmp;
    };
    await campaign(
      { ownerKind: 'leader', leaderId: leaderWang.id, communityId: sunshine.id, title: '奉化水蜜桃 · 五常新米 邻里团', description: '合作社直发，冷链到店；满 10 人成团，20 人再降价。', thresholdKind: 'participants', thresholdValue: 10, createdBy: wang.id, coverImage: '/static/demo/peach.svg' },
      [
        { skuId: peachSku.id, lotId: peachLot.id, priceFen: 6800, stock: 120, perPersonLimit: 5, tiers: [[20, 6200], [40, 5800]] },
        { skuId: riceSku.id, lotId: riceLot.id, priceFen: 6900, stock: 80, perPersonLimit: 3, tiers: [[20, 6500]] },
      ],
      [pChen.id, pZhao.id],
    );
    await campaign(
      { ownerKind: 'platform', leaderId: null, communityId: null, title: '明前西湖龙井 · 平台帮卖', description: '茶园直供，满 30 罐成团；任何团长都可以分享帮卖。', thresholdKind: 'quantity', thresholdValue: 30, createdBy: admin.id, coverImage: '/static/demo/tea.svg' },
      [{ skuId: teaSku.id, lotId: teaLot.id, priceFen: 23800, stock: 100, perPersonLimit: 4, tiers: [[15, 21800]] }],
      [pChen.id, pZhao.id, pSun.id],
    );
    // Chat-group bot (issue 7): 阳光花园's group, bound, on the console transport — messages show in the log.
    await BotChannelModel.create({
      communityId: sunshine.id, leaderId: leaderWang.id, transport: 'console', name: '阳光花园邻里群（演示）', webhookUrl: null,
      externalGroupId: 'demo-sunshine-group', secret: DEMO_BRIDGE_SECRET, status: 'active', boundAt: now, ...stamp,
    }, t);
  });
}
