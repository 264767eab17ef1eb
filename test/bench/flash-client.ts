/**
 * The flash-join load: C concurrent neighbours join one hot campaign over HTTP (keep-alive, loopback), and in
 * "pay" mode each join is followed by payment through the sandbox (pay + complete). Runs in its own process;
 * prints JSON with join and join-and-pay latencies.
 * Usage: flash-client.ts <baseUrl> <campaignId> <itemId> <pickupPointId> <tokensFile> <concurrency> <warmupMs> <measureMs> <join|pay>
 */
import fs from 'node:fs';
import http from 'node:http';
import { summarise } from './stats';

async function main() {
  const [base, campaignId, itemId, pointId, tokensFile, cArg, warmArg, measureArg, mode] = process.argv.slice(2);
  const tokens: string[] = JSON.parse(fs.readFileSync(tokensFile, 'utf8'));
  const concurrency = Number(cArg), warmupMs = Number(warmArg), measureMs = Number(measureArg);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({ items: [{ campaignItemId: Number(itemId), quantity: 1 }], pickupPointId: Number(pointId) });
  const statuses: Record<string, number> = {};
  const joinLat: number[] = [];
  const fullLat: number[] = [];
  const payLat: number[] = [];
  const notifyLat: number[] = [];
  let next = 0;
  const started = Date.now();
  const post = (path: string, token: string, payload: string, extra: Record<string, string> = {}) =>
    new Promise<{ status: number; json: { data: { id: number; outTradeNo: string } } }>((resolve, reject) => {
      const req = http.request(`${base}${path}`, {
        method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}`, ...extra },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          statuses[status] = (statuses[status] ?? 0) + 1;
          resolve({ status, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  const worker = async (w: number) => {
    for (let k = 0; ; k++) {
      const elapsed = Date.now() - started;
      if (elapsed > warmupMs + measureMs) return;
      const measuring = elapsed > warmupMs;
      const token = tokens[next++ % tokens.length];
      const t0 = performance.now();
      const joined = await post(`/api/campaigns/${campaignId}/orders`, token, body, { 'idempotency-key': `bench-${process.pid}-${w}-${k}` });
      const t1 = performance.now();
      if (joined.status !== 201) continue;
      if (measuring) joinLat.push(t1 - t0);
      if (mode !== 'pay') continue;
      const pay = await post(`/api/orders/${joined.json.data.id}/pay`, token, '{}');
      const t2 = performance.now();
      if (pay.status !== 200) continue;
      const done = await post(`/api/payments/sandbox/${pay.json.data.outTradeNo}`, token, '{"result":"success"}');
      if (done.status === 200 && measuring) {
        const t3 = performance.now();
        fullLat.push(t3 - t0);
        payLat.push(t2 - t1);
        notifyLat.push(t3 - t2);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  agent.destroy();
  process.stdout.write(JSON.stringify({ join: summarise(joinLat, measureMs), joinAndPay: mode === 'pay' ? summarise(fullLat, measureMs) : null,
    pay: mode === 'pay' ? summarise(payLat, measureMs) : null, notify: mode === 'pay' ? summarise(notifyLat, measureMs) : null, statuses }) + '\n');
}

main().catch((err) => { console.error(err); process.exit(1); });
