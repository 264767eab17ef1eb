/**
 * Bench data, written through the real models: one community with a cold-storage store, a hot campaign whose
 * stock is large enough never to sell out during a run (so we measure throughput, not "sold out"), twenty more
 * open campaigns for the list read, and a pool of neighbours with session tokens.
 */
import type { Container } from '../../server/container';
import { CommunityModel, LeaderModel } from '../../server/modules/community/community.model';
import { CommunityPickupPointModel, PickupPointModel } from '../../server/modules/pickup/pickup.model';
import { LotModel, ProductModel, SkuModel, SupplierModel } from '../../server/modules/catalogue/catalogue.model';
import { CampaignItemModel, CampaignModel, CampaignPickupPointModel, CampaignPriceTierModel } from '../../server/modules/campaign/campaign.model';
import { CommissionRuleModel } from '../../server/modules/ledger/ledger.model';

export interface BenchFixtures { communityId: number; pointId: number; hotCampaignId: number; hotItemId: number; tokens: string[] }

export async function seedBenchData(c: Container, o: { neighbours: number; now: Date; deadlineIn: number; pickupIn: number }): Promise<BenchFixtures> {
  const { now } = o;
  const stamp = { createdAt: now, updatedAt: now };
  await CommissionRuleModel.create({ version: 1, leaderBps: 1000, pickupFeeFen: 100, effectiveFrom: now, createdBy: null, createdAt: now });
  const community = await CommunityModel.create({ name: '压测小区', city: '杭州', ...stamp });
  const leaderUser = await c.identity.createUser(undefined, { displayName: '压测团长', username: 'bench.leader', roles: ['neighbour', 'leader'], communityId: community.id }, now);
  const leader = await LeaderModel.create({ userId: leaderUser.id, code: 'BENCH1', name: '压测团长', phone: '1', communityId: community.id, appliedCommunityName: community.name, appliedAddress: '-', status: 'approved', ...stamp });
  const owner = await c.identity.createUser(undefined, { displayName: '店主', username: 'bench.store', roles: ['pickup'] }, now);
  const point = await PickupPointModel.create({ ownerUserId: owner.id, name: '压测自提点', address: '-', hours: '全天', capacity: 100000, coldStorage: true, contactName: '店主', contactPhone: '1', status: 'approved', ...stamp });
  await CommunityPickupPointModel.create({ communityId: community.id, pickupPointId: point.id, createdAt: now });
  const supplier = await SupplierModel.create({ name: '压测合作社', region: '浙江', ...stamp });
  const product = await ProductModel.create({ supplierId: supplier.id, title: '奉化水蜜桃', category: 'fruit', fresh: true, unit: '箱', storage: 'chilled', images: ['/static/demo/peach.svg'], ...stamp });
  const sku = await SkuModel.create({ productId: product.id, code: 'BENCH-PEACH', spec: '5 斤装', listPriceFen: 8800, supplyCostFen: 4200, stock: 1_000_000_000, ...stamp });
  const lot = await LotModel.create({ productId: product.id, lotCode: 'BENCH-LOT', originProvince: '浙江', originCounty: '奉化', originVillage: '林家村', harvestedOn: now.toISOString().slice(0, 10), createdAt: now });

  const campaign = async (title: string, stock: number) => {
    const cmp = await CampaignModel.create({
      ownerKind: 'leader', leaderId: leader.id, communityId: community.id, title, status: 'open', thresholdKind: 'participants', thresholdValue: 100,
      startsAt: new Date(+now - 60_000), deadlineAt: new Date(+now + o.deadlineIn), pickupStartsAt: new Date(+now + o.deadlineIn + o.pickupIn),
      pickupEndsAt: new Date(+now + o.deadlineIn + 3 * o.pickupIn), createdBy: leaderUser.id, ...stamp,
    });
    const item = await CampaignItemModel.create({ campaignId: cmp.id, skuId: sku.id, lotId: lot.id, priceFen: 6800, stock, perPersonLimit: null, sortOrder: 0 });
    await CampaignPriceTierModel.create({ campaignItemId: item.id, minParticipants: 200, priceFen: 6200 });
    await CampaignPickupPointModel.create({ campaignId: cmp.id, pickupPointId: point.id });
    return { cmp, item };
  };
  const hot = await campaign('压测爆款：奉化水蜜桃', 50_000_000);
  for (let i = 0; i < 20; i++) await campaign(`压测活动 ${i + 1}`, 1000);

  const tag = 'bench-n';
  for (let i = 0; i < o.neighbours; i += 500) {
    const n = Math.min(500, o.neighbours - i);
    const repl: Record<string, unknown> = { now, communityId: community.id };
    const rows = Array.from({ length: n }, (_, k) => { repl[`u${k}`] = `${tag}-${i + k}`; repl[`d${k}`] = `邻居${i + k + 1}`; return `(:d${k}, :u${k}, :communityId, :now, :now)`; });
    await c.db.execute(`INSERT INTO users (display_name, username, community_id, created_at, updated_at) VALUES ${rows.join(', ')}`, repl);
  }
  await c.db.execute(`INSERT INTO user_roles (user_id, role, created_at) SELECT id, 'neighbour', :now FROM users WHERE username LIKE :p`, { now, p: `${tag}-%` });
  const users = await c.db.select<{ id: number }>('SELECT id FROM users WHERE username LIKE :p ORDER BY id', { p: `${tag}-%` });
  const tokens = await Promise.all(users.map(async (u) => (await c.tokens.issue({ userId: Number(u.id), roles: ['neighbour'] }, now)).token));
  return { communityId: community.id, pointId: point.id, hotCampaignId: hot.cmp.id, hotItemId: hot.item.id, tokens };
}
