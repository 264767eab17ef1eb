/**
 * A small, known world for group-buy tests, built through the real models and services, plus HTTP helpers
 * that act as its people over real sockets.
 */
import request from 'supertest';
import type { TestServer } from './server';
import { CommunityModel, LeaderModel } from '../../server/modules/community/community.model';
import { CommunityPickupPointModel, PickupPointModel } from '../../server/modules/pickup/pickup.model';
import { LotModel, ProductModel, SkuModel, SupplierModel } from '../../server/modules/catalogue/catalogue.model';
import { DAY, HOUR } from '../../server/kernel/clock';

export interface Person { id: number; token: string; name: string }

export interface World {
  admin: Person;
  leader: Person & { leaderId: number; code: string };
  otherLeader: Person & { leaderId: number; code: string };
  storeOwner: Person;
  communityId: number;
  coldPoint: number;
  plainPoint: number;
  peachSku: number;
  riceSku: number;
  peachLot: number;
  riceLot: number;
  neighbours: Person[];
}

export async function makePerson(srv: TestServer, name: string, roles: Array<'neighbour' | 'leader' | 'pickup' | 'admin'>, communityId: number | null = null): Promise<Person> {
  const u = await srv.container.identity.createUser(undefined, { displayName: name, username: `${name}-${Math.random().toString(36).slice(2, 8)}`, roles, communityId }, srv.clock.now());
  const { token } = await srv.container.tokens.issue({ userId: u.id, roles }, srv.clock.now());
  return { id: u.id, token, name };
}

/** Many neighbours at once (bulk insert), for load and concurrency tests. */
export async function makeNeighbours(srv: TestServer, count: number, communityId: number, prefix = '邻居'): Promise<Person[]> {
  const { db } = srv.container;
  const now = srv.clock.now();
  const tag = Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < count; i += 200) {
    const n = Math.min(200, count - i);
    const repl: Record<string, unknown> = { now, communityId };
    const rows = Array.from({ length: n }, (_, k) => { repl[`n${k}`] = `${prefix}${i + k + 1}`; repl[`u${k}`] = `${tag}-${i + k}`; return `(:n${k}, :u${k}, :communityId, :now, :now)`; });
    await db.execute(`INSERT INTO users (display_name, username, community_id, created_at, updated_at) VALUES ${rows.join(', ')}`, repl);
  }
  const users = await db.select<{ id: number; name: string }>('SELECT id, display_name AS name FROM users WHERE username LIKE :p ORDER BY id', { p: `${tag}-%` });
  await db.execute(`INSERT INTO user_roles (user_id, role, created_at) SELECT id, 'neighbour', :now FROM users WHERE username LIKE :p`, { now, p: `${tag}-%` });
  return Promise.all(users.map(async (u) => ({ id: Number(u.id), name: u.name, token: (await srv.container.tokens.issue({ userId: Number(u.id), roles: ['neighbour'] }, now)).token })));
}

export async function buildWorld(srv: TestServer, neighbourCount = 6): Promise<World> {
  const now = srv.clock.now();
  const stamp = { createdAt: now, updatedAt: now };
  const community = await CommunityModel.create({ name: '测试小区', city: '杭州', district: '西湖区', address: '测试路 1 号', ...stamp });
  const admin = await makePerson(srv, '管理员', ['admin']);
  const leaderP = await makePerson(srv, '王团长', ['neighbour', 'leader'], community.id);
  const otherP = await makePerson(srv, '李团长', ['neighbour', 'leader'], community.id);
  const storeOwner = await makePerson(srv, '陈老板', ['pickup'], community.id);
  const leader = await LeaderModel.create({ userId: leaderP.id, code: 'WANG01', name: '王团长', phone: '13800000001', communityId: community.id, appliedCommunityName: community.name, appliedAddress: 'x', status: 'approved', ...stamp });
  const other = await LeaderModel.create({ userId: otherP.id, code: 'LI0002', name: '李团长', phone: '13800000002', communityId: community.id, appliedCommunityName: community.name, appliedAddress: 'x', status: 'approved', ...stamp });
  const point = (name: string, coldStorage: boolean) => PickupPointModel.create({
    ownerUserId: storeOwner.id, name, address: `${name}地址`, hours: '8-21', capacity: 100, coldStorage, contactName: '陈', contactPhone: '139', status: 'approved', ...stamp,
  });
  const cold = await point('冷柜店', true);
  const plain = await point('普通店', false);
  for (const p of [cold, plain]) await CommunityPickupPointModel.create({ communityId: community.id, pickupPointId: p.id, createdAt: now });
  const supplier = await SupplierModel.create({ name: `合作社${Math.random()}`, region: '浙江', ...stamp });
  const peach = await ProductModel.create({ supplierId: supplier.id, title: '水蜜桃', category: 'fruit', fresh: true, unit: '箱', storage: 'chilled', images: [], ...stamp });
  const rice = await ProductModel.create({ supplierId: supplier.id, title: '大米', category: 'grain', fresh: false, unit: '袋', storage: 'ambient', images: [], ...stamp });
  const peachSku = await SkuModel.create({ productId: peach.id, code: `P-${Math.random()}`.slice(0, 30), spec: '5斤', listPriceFen: 8800, supplyCostFen: 4000, stock: 100000, ...stamp });
  const riceSku = await SkuModel.create({ productId: rice.id, code: `R-${Math.random()}`.slice(0, 30), spec: '10斤', listPriceFen: 7900, supplyCostFen: 4500, stock: 100000, ...stamp });
  const peachLot = await LotModel.create({ productId: peach.id, lotCode: 'FH-1', originProvince: '浙江', originCounty: '奉化', originVillage: '林家村', harvestedOn: '2026-07-20', createdAt: now });
  const riceLot = await LotModel.create({ productId: rice.id, lotCode: 'WC-1', originProvince: '黑龙江', originCounty: '五常', harvestedOn: '2025-10-01', createdAt: now });
  const neighbours = await makeNeighbours(srv, neighbourCount, community.id);
  return {
    admin, storeOwner, communityId: community.id, coldPoint: cold.id, plainPoint: plain.id,
    leader: { ...leaderP, leaderId: leader.id, code: leader.code }, otherLeader: { ...otherP, leaderId: other.id, code: other.code },
    peachSku: peachSku.id, riceSku: riceSku.id, peachLot: peachLot.id, riceLot: riceLot.id, neighbours,
  };
}

export const auth = (p: Person) => ({ Authorization: `Bearer ${p.token}` });

export interface CampaignSpec {
  thresholdKind?: 'participants' | 'quantity';
  thresholdValue?: number;
  peach?: { priceFen?: number; stock?: number; perPersonLimit?: number | null; tiers?: Array<{ minParticipants: number; priceFen: number }> } | null;
  rice?: { priceFen?: number; stock?: number; perPersonLimit?: number | null; tiers?: Array<{ minParticipants: number; priceFen: number }> } | null;
  deadlineInMs?: number;
  pickupPointIds?: number[];
}

/** Creates and opens a campaign as the world's leader; returns the detail with item ids. */
export async function openCampaign(srv: TestServer, w: World, spec: CampaignSpec = {}) {
  const now = srv.clock.now().getTime();
  const items = [];
  if (spec.peach !== null) items.push({ skuId: w.peachSku, lotId: w.peachLot, priceFen: spec.peach?.priceFen ?? 6800, stock: spec.peach?.stock ?? 100, perPersonLimit: spec.peach?.perPersonLimit ?? null, tiers: spec.peach?.tiers ?? [] });
  if (spec.rice) items.push({ skuId: w.riceSku, lotId: w.riceLot, priceFen: spec.rice.priceFen ?? 6900, stock: spec.rice.stock ?? 100, perPersonLimit: spec.rice.perPersonLimit ?? null, tiers: spec.rice.tiers ?? [] });
  const deadline = now + (spec.deadlineInMs ?? DAY);
  const body = {
    title: '测试团购', description: 'desc', thresholdKind: spec.thresholdKind ?? 'participants', thresholdValue: spec.thresholdValue ?? 3,
    startsAt: new Date(now - HOUR).toISOString(), deadlineAt: new Date(deadline).toISOString(),
    pickupStartsAt: new Date(deadline + HOUR).toISOString(), pickupEndsAt: new Date(deadline + 3 * DAY).toISOString(),
    items, pickupPointIds: spec.pickupPointIds ?? [w.coldPoint],
  };
  const created = await request(srv.url).post('/api/leader/campaigns').set(auth(w.leader)).send(body);
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await request(srv.url).post(`/api/leader/campaigns/${created.body.data.id}/open`).set(auth(w.leader));
  if (opened.status !== 200) throw new Error(`open failed: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body.data as { id: number; items: Array<{ id: number; skuId: number }> };
}

let keySeq = 0;
export const newKey = () => `test-key-${process.pid}-${++keySeq}-${Math.random().toString(36).slice(2, 8)}`;

export function join(srv: TestServer, who: Person, campaignId: number, lines: Array<{ campaignItemId: number; quantity: number }>, pickupPointId: number, key = newKey(), extra: Record<string, unknown> = {}) {
  return request(srv.url).post(`/api/campaigns/${campaignId}/orders`).set(auth(who)).set('Idempotency-Key', key).send({ items: lines, pickupPointId, ...extra });
}

/** Joins and pays through the sandbox; returns the paid order. */
export async function joinAndPay(srv: TestServer, who: Person, campaignId: number, lines: Array<{ campaignItemId: number; quantity: number }>, pickupPointId: number, extra: Record<string, unknown> = {}) {
  const j = await join(srv, who, campaignId, lines, pickupPointId, newKey(), extra);
  if (j.status !== 201) throw new Error(`join failed: ${j.status} ${JSON.stringify(j.body)}`);
  return pay(srv, who, j.body.data.id);
}

export async function pay(srv: TestServer, who: Person, orderId: number, result: 'success' | 'fail' = 'success') {
  const p = await request(srv.url).post(`/api/orders/${orderId}/pay`).set(auth(who));
  if (p.status !== 200) throw new Error(`pay failed: ${p.status} ${JSON.stringify(p.body)}`);
  const done = await request(srv.url).post(`/api/payments/sandbox/${p.body.data.outTradeNo}`).set(auth(who)).send({ result });
  if (done.status !== 200) throw new Error(`sandbox failed: ${done.status} ${JSON.stringify(done.body)}`);
  return done.body.data.order as { id: number; status: string; paidFen: number };
}

/** Runs every due job until none is left (the scheduler's tick, with the test's manual clock). */
export async function runDueJobs(srv: TestServer): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const report = await srv.container.jobs.tick();
    if (!report.claimed) return;
  }
}
