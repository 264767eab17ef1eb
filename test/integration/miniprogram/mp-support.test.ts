/**
 * Server routes the mini-program needs beyond the group-buy core: picture uploads, reviews after pickup (once
 * per item, product totals in step), and the leader's own record and pickup points.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, joinAndPay, openCampaign, runDueJobs, type World } from '../../helpers/world';
import { DAY } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';
import { parseMultipart } from '../../../server/http/routes/uploads.routes';

const UPLOADS = path.resolve(__dirname, '..', '..', '..', 'data', 'uploads');
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe(`[${testDialect()}] mini-program support routes`, () => {
  let srv: TestServer;
  let w: World;
  const stored: string[] = [];
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => {
    for (const url of stored) fs.rmSync(path.join(UPLOADS, path.basename(url)), { force: true });
    await srv.close();
  });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); });

  describe('uploads', () => {
    it('stores a picture under a random name and serves it back; refuses non-images, anonymous callers and oversize files', async () => {
      const up = await request(srv.url).post('/api/uploads').set(auth(w.neighbours[0])).attach('file', PNG, { filename: 'bad-peach.png', contentType: 'image/png' });
      expect(up.status).toBe(201);
      expect(up.body.data).toMatchObject({ contentType: 'image/png', bytes: PNG.length });
      expect(up.body.data.url).toMatch(/^\/uploads\/[0-9a-f]{32}\.png$/);
      stored.push(up.body.data.url);

      const back = await request(srv.url).get(up.body.data.url).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(back.status).toBe(200);
      expect(back.headers['content-type']).toBe('image/png');
      expect(back.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(back.body as Buffer, PNG)).toBe(0);

      // Claims to be a JPEG, is a script: judged by its bytes.
      const svg = await request(srv.url).post('/api/uploads').set(auth(w.neighbours[0]))
        .attach('file', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { filename: 'x.jpg', contentType: 'image/jpeg' });
      expect(svg.status).toBe(400);
      expect(svg.body.error.message).toContain('只能上传');

      expect((await request(srv.url).post('/api/uploads').attach('file', PNG, 'a.png')).status).toBe(401);
      const big = await request(srv.url).post('/api/uploads').set(auth(w.neighbours[0]))
        .attach('file', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1)]), 'big.png');
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');

      expect((await request(srv.url).get('/uploads/not-a-real-upload.png')).status).toBe(404);
      expect((await request(srv.url).get('/uploads/..%2F..%2Fpackage.json')).status).toBe(404);
    });

    it('parses a multipart body with several parts', () => {
      const body = Buffer.from('--b1\r\nContent-Disposition: form-data; name="kind"\r\n\r\nreview\r\n--b1\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--b1--\r\n');
      expect(parseMultipart(body, 'b1').map((p) => [p.name, p.filename, p.data.toString()])).toEqual([['kind', null, 'review'], ['file', 'a.png', 'PNGDATA']]);
    });
  });

  describe('reviews', () => {
    /** Walks a confirmed order to picked_up through the order state machine (fulfilment has its own tests). */
    async function pickedUpOrder() {
      const c = await openCampaign(srv, w, { thresholdValue: 1, rice: { priceFen: 6900 } });
      const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }, { campaignItemId: c.items[1].id, quantity: 2 }], w.coldPoint);
      const early = await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]));
      srv.clock.advance(DAY + 1000);
      await runDueJobs(srv);
      await srv.container.db.transaction(systemContext('test', srv.clock.now()), async (trc) => {
        for (const [from, to] of [['confirmed', 'shipped'], ['shipped', 'ready_for_pickup'], ['ready_for_pickup', 'picked_up']] as const) {
          await srv.container.orders.transition(trc, { id: o.id, status: from }, to, 'test walk', 'test', to === 'picked_up' ? { picked_up_at: trc.now } : {});
        }
      });
      return { order: (await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]))).body.data, early: early.body.data };
    }

    it('a neighbour rates each item once after pickup; the product average follows; others read it with the name masked', async () => {
      const up = await request(srv.url).post('/api/uploads').set(auth(w.neighbours[0])).attach('file', PNG, 'p.png');
      stored.push(up.body.data.url);
      const { order, early } = await pickedUpOrder();
      expect(order.actions).toContain('review');
      const [peach, rice] = order.items as Array<{ id: number }>;

      const tooEarly = await request(srv.url).post(`/api/orders/${early.id}/reviews`).set(auth(w.neighbours[1])).send({ orderItemId: peach.id, rating: 5 });
      expect(tooEarly.status).toBe(404); // not their order

      const first = await request(srv.url).post(`/api/orders/${order.id}/reviews`).set(auth(w.neighbours[0]))
        .send({ orderItemId: peach.id, rating: 5, text: '很甜，汁多', photos: [up.body.data.url] });
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({ rating: 5, text: '很甜，汁多', photos: [up.body.data.url], author: w.neighbours[0].name });
      const again = await request(srv.url).post(`/api/orders/${order.id}/reviews`).set(auth(w.neighbours[0])).send({ orderItemId: peach.id, rating: 1 });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe('这件商品已经评价过了');
      const foreignPhoto = await request(srv.url).post(`/api/orders/${order.id}/reviews`).set(auth(w.neighbours[0]))
        .send({ orderItemId: rice.id, rating: 4, photos: ['https://example.com/x.jpg'] });
      expect(foreignPhoto.status).toBe(400);
      expect((await request(srv.url).post(`/api/orders/${order.id}/reviews`).set(auth(w.neighbours[0])).send({ orderItemId: rice.id, rating: 6 })).status).toBe(400);
      expect((await request(srv.url).post(`/api/orders/${order.id}/reviews`).set(auth(w.neighbours[0])).send({ orderItemId: rice.id, rating: 3 })).status).toBe(201);

      const mine = await request(srv.url).get(`/api/orders/${order.id}/reviews`).set(auth(w.neighbours[0]));
      expect(mine.body.data.map((r: { orderItemId: number }) => r.orderItemId).sort()).toEqual([peach.id, rice.id].sort());

      const peachProduct = first.body.data.productId as number;
      const pub = await request(srv.url).get(`/api/products/${peachProduct}/reviews`);
      expect(pub.status).toBe(200);
      expect(pub.body.data).toMatchObject({ productId: peachProduct, average: 5, count: 1 });
      expect(pub.body.data.items[0].author).toBe(`${Array.from(w.neighbours[0].name)[0]}**`);
      expect((await request(srv.url).get('/api/products/999999/reviews')).status).toBe(404);

      // The campaign page shows the same rating.
      const detail = await request(srv.url).get(`/api/campaigns/${order.campaignId}`);
      expect(detail.body.data.items.find((i: { productId: number }) => i.productId === peachProduct).rating).toEqual({ average: 5, count: 1 });
    });

    it('refuses a review before pickup', async () => {
      const c = await openCampaign(srv, w, { thresholdValue: 5 });
      const o = await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
      const full = (await request(srv.url).get(`/api/orders/${o.id}`).set(auth(w.neighbours[0]))).body.data;
      const res = await request(srv.url).post(`/api/orders/${o.id}/reviews`).set(auth(w.neighbours[0])).send({ orderItemId: full.items[0].id, rating: 4 });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('取货后才能评价');
    });
  });

  describe('leader', () => {
    it('GET /api/leader/me gives the share code and community; neighbours are refused', async () => {
      const me = await request(srv.url).get('/api/leader/me').set(auth(w.leader));
      expect(me.status).toBe(200);
      expect(me.body.data).toMatchObject({ code: w.leader.code, status: 'approved', community: { id: w.communityId, name: '测试小区' } });
      expect((await request(srv.url).get('/api/leader/me').set(auth(w.neighbours[0]))).status).toBe(403);
    });

    it('GET /api/leader/pickup-points lists the approved points of my community, cold storage marked', async () => {
      const res = await request(srv.url).get('/api/leader/pickup-points').set(auth(w.leader));
      expect(res.status).toBe(200);
      expect(res.body.data.map((p: { id: number; coldStorage: boolean }) => [p.id, p.coldStorage])).toEqual([[w.coldPoint, true], [w.plainPoint, false]]);
    });
  });
});
