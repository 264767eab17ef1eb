/**
 * The campaign detail as the most read answer: a phone's first screen of the 接龙 list with the rest paged, an
 * ETag that answers 304 while nothing changed and changes with the next payment, and gzip for callers that
 * accept it (phones do) with the same JSON inside.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { buildWorld, joinAndPay, makeNeighbours, openCampaign, type World } from '../../helpers/world';

/** A GET with exactly the headers given (supertest would add its own Accept-Encoding), body undecoded. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe(`[${testDialect()}] campaign detail reads: paged 接龙, ETag, gzip`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 2); });

  it('carries the first 20 names and the total; the pages that follow continue the order without gaps', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 50 });
    const buyers = await makeNeighbours(srv, 23, w.communityId);
    for (const n of buyers) await joinAndPay(srv, n, c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const d = (await request(srv.url).get(`/api/campaigns/${c.id}`)).body.data;
    expect(d.jielongTotal).toBe(23);
    expect(d.jielong.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    const rest = (await request(srv.url).get(`/api/campaigns/${c.id}/jielong?offset=20&limit=50`)).body.data;
    expect(rest.total).toBe(23);
    expect(rest.entries.map((e: { seq: number; displayName: string }) => [e.seq, e.displayName])).toEqual(buyers.slice(20).map((b, k) => [21 + k, b.name]));
  });

  it('answers 304 to a matching If-None-Match, and a new ETag once someone pays', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 5 });
    const url = `${srv.url}/api/campaigns/${c.id}`;
    const first = await rawGet(url, {});
    expect(first.status).toBe(200);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await rawGet(url, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const after = await rawGet(url, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(JSON.parse(after.body.toString('utf8')).data.jielongTotal).toBe(1);
  });

  it('sends gzip only to callers that accept it, with the same JSON inside', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 5 });
    const url = `${srv.url}/api/campaigns/${c.id}`;
    const plain = await rawGet(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    const zipped = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
    const refused = await rawGet(url, { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers a cached read before routing exactly as the route does, and still refuses a bad token or a bad id', async () => {
    const c = await openCampaign(srv, w, { thresholdValue: 5 });
    const same = (r: { headers: http.IncomingHttpHeaders }) => ({ ...r.headers, date: undefined, 'x-request-id': undefined, 'keep-alive': undefined });
    for (const path of [`/api/campaigns/${c.id}`, `/api/campaigns?communityId=${w.communityId}`]) {
      const filled = await rawGet(`${srv.url}${path}`, { 'Accept-Encoding': 'gzip' }); // a miss: routed, fills the cache
      const hit = await rawGet(`${srv.url}${path}`, { 'Accept-Encoding': 'gzip' });
      expect(hit.status).toBe(200);
      expect(same(hit)).toEqual(same(filled));
      expect(hit.body.equals(filled.body)).toBe(true);
      expect(hit.headers['x-request-id']).toBeTruthy();
      expect((await rawGet(`${srv.url}${path}`, { 'If-None-Match': hit.headers.etag! })).status).toBe(304);
      const badToken = await rawGet(`${srv.url}${path}`, { Authorization: 'Bearer not-a-token' });
      expect(badToken.status).toBe(401);
      expect(JSON.parse(badToken.body.toString('utf8')).error.code).toBe('UNAUTHORIZED');
    }
    // Non-canonical forms go through validation: "007" is campaign 7 or a 404, never a 500; 0 and words are 400.
    expect((await rawGet(`${srv.url}/api/campaigns/0`, {})).status).toBe(400);
    expect((await rawGet(`${srv.url}/api/campaigns/abc`, {})).status).toBe(400);
    expect((await rawGet(`${srv.url}/api/campaigns?communityId=x`, {})).status).toBe(400);
    // This instance's own write shows at once: the cached answer is dropped, the next read is fresh.
    await joinAndPay(srv, w.neighbours[0], c.id, [{ campaignItemId: c.items[0].id, quantity: 1 }], w.coldPoint);
    const fresh = JSON.parse((await rawGet(`${srv.url}/api/campaigns/${c.id}`, {})).body.toString('utf8'));
    expect(fresh.data.jielongTotal).toBe(1);
  });
});
