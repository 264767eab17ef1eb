import http from 'node:http';
import Router from '@koa/router';
import { startTestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { UserModel } from '../../../server/modules/identity/identity.model';
import { CampaignModel } from '../../../server/modules/campaign/campaign.model';
import { PickupPointModel } from '../../../server/modules/pickup/pickup.model';

const get = (url: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
  http.get(url, { agent: false }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
  }).on('error', reject);
});

describe(`[${testDialect()}] lifecycle`, () => {
  it('graceful shutdown lets an in-flight request finish, then refuses new connections and closes the pool', async () => {
    const srv = await startTestServer({ databaseName: 'shutdown' });
    // A slow route mounted for this test only: it waits, then touches the database.
    const router = new Router();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    router.get('/slow', async (ctx) => { await gate; await srv.container.db.ping(); ctx.body = { done: true }; });
    srv.server.removeAllListeners('request');
    const Koa = (await import('koa')).default;
    const app = new Koa();
    app.use(router.routes());
    srv.server.on('request', app.callback());

    const inflight = get(`${srv.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const stopping = srv.stop();
    await new Promise((r) => setTimeout(r, 50));
    await expect(get(`${srv.url}/slow`)).rejects.toThrow(/ECONNREFUSED/);
    release();
    expect(await inflight).toEqual({ status: 200, body: '{"done":true}' });
    await stopping;
    await expect(srv.container.db.ping()).rejects.toThrow();
  });

  it('creates the demo community on first start with an empty database, and only then', async () => {
    const first = await startTestServer({ databaseName: 'demo', config: { demo: { seedOnEmptyDatabase: true } } });
    try {
      expect(await UserModel.count({ where: { username: 'admin' } })).toBe(1);
      expect(await PickupPointModel.count({ where: { status: 'approved' } })).toBe(3); // plus one registration awaiting approval
      expect(await CampaignModel.count({ where: { status: 'open' } })).toBe(2);
    } finally {
      await first.stop();
    }
    const second = await startTestServer({ databaseName: 'demo', keepDatabase: true, config: { demo: { seedOnEmptyDatabase: true } } });
    try {
      expect(await UserModel.count({ where: { username: 'admin' } })).toBe(1);
    } finally {
      await second.close();
    }
  });
});
