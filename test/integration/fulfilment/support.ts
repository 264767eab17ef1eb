/**
 * Shared steps for the fulfilment tests: people who sign up and are approved through the API, a platform
 * campaign, and a recorder of the notice hooks (the bot implements them; these tests only check they are called).
 */
import request from 'supertest';
import type { TestServer } from '../../helpers/server';
import { auth, makePerson, type Person, type World } from '../../helpers/world';
import { DAY, HOUR } from '../../../server/kernel/clock';
import type { NoticeHooks } from '../../../server/flows/hooks';

export async function refreshed(srv: TestServer, p: Person): Promise<Person> {
  const r = await request(srv.url).post('/api/auth/refresh').set(auth(p));
  if (r.status !== 200) throw new Error(`refresh failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...p, token: r.body.data.token };
}

/** A user applies as a leader for the world's community and an admin approves; returns them with a fresh token. */
export async function approvedLeader(srv: TestServer, w: World, name: string): Promise<Person & { leaderId: number; code: string }> {
  const p = await makePerson(srv, name, ['neighbour'], w.communityId);
  const applied = await request(srv.url).post('/api/leader/applications').set(auth(p))
    .send({ name, phone: '13900001111', communityName: '测试小区', city: '杭州', address: '测试路 1 号 3 幢' });
  if (applied.status !== 201) throw new Error(`apply failed: ${applied.status} ${JSON.stringify(applied.body)}`);
  const ok = await request(srv.url).post(`/api/admin/leader-applications/${applied.body.data.id}/approve`).set(auth(w.admin)).send({});
  if (ok.status !== 200) throw new Error(`approve failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  return { ...(await refreshed(srv, p)), leaderId: applied.body.data.id, code: applied.body.data.code };
}

/** A store owner registers a point and an admin approves it. */
export async function approvedStore(srv: TestServer, w: World, name: string, coldStorage = true): Promise<Person & { pointId: number }> {
  const p = await makePerson(srv, `${name}老板`, ['neighbour']);
  const reg = await request(srv.url).post('/api/pickup/points').set(auth(p))
    .send({ name, address: `${name}，测试路 8 号`, hours: '08:00-21:00', capacity: 200, coldStorage, contactName: '老板', contactPhone: '13700001111' });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const ok = await request(srv.url).post(`/api/admin/pickup-points/${reg.body.data.id}/approve`).set(auth(w.admin)).send({ feeFen: 150 });
  if (ok.status !== 200) throw new Error(`approve failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  return { ...(await refreshed(srv, p)), pointId: reg.body.data.id };
}

/** An admin's platform campaign (any approved leader may help-sell it), opened. */
export async function openPlatformCampaign(srv: TestServer, w: World, pickupPointIds: number[], opts: { thresholdValue?: number; rice?: boolean } = {}) {
  const now = srv.clock.now().getTime();
  const deadline = now + DAY;
  const items = [{ skuId: w.peachSku, lotId: w.peachLot, priceFen: 6800, stock: 200, perPersonLimit: null, tiers: [] }];
  if (opts.rice !== false) items.push({ skuId: w.riceSku, lotId: w.riceLot, priceFen: 6900, stock: 200, perPersonLimit: null, tiers: [] });
  const created = await request(srv.url).post('/api/admin/campaigns').set(auth(w.admin)).send({
    title: '平台团：奉化水蜜桃和五常大米', description: 'desc', thresholdKind: 'participants', thresholdValue: opts.thresholdValue ?? 2,
    startsAt: new Date(now - HOUR).toISOString(), deadlineAt: new Date(deadline).toISOString(),
    pickupStartsAt: new Date(deadline + HOUR).toISOString(), pickupEndsAt: new Date(deadline + 3 * DAY).toISOString(),
    items, pickupPointIds,
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await request(srv.url).post(`/api/admin/campaigns/${created.body.data.id}/open`).set(auth(w.admin));
  if (opened.status !== 200) throw new Error(`open failed: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body.data as { id: number; items: Array<{ id: number; skuId: number }> };
}

export interface NoticeCall { hook: string; args: unknown[] }

/**
 * Wraps whatever notice hooks the server has (the bot's outbox, or none yet) and records the calls to the
 * fulfilment ones. Every other hook still goes to the real implementation.
 */
export function recordNotices(srv: TestServer): NoticeCall[] {
  const calls: NoticeCall[] = [];
  const real = srv.container.notices;
  srv.container.notices = new Proxy({} as NoticeHooks, {
    get(_t, prop: string) {
      const impl = (real as unknown as Record<string, ((...a: unknown[]) => Promise<void>) | undefined>)?.[prop];
      return async (...args: unknown[]) => {
        if (prop === 'goodsArrived' || prop === 'pickupReminder') calls.push({ hook: prop, args });
        if (impl) await impl.apply(real, args);
      };
    },
  });
  return calls;
}

/** supertest: collect a binary body (PNG) into a Buffer. */
export const binary = ((res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}) as never;
