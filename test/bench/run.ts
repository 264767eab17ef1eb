/**
 * `npm run bench` — never part of `npm test`. Runs on MariaDB (BENCH_DATABASE_URL, default
 * mysql://root@127.0.0.1:3306/linli_bench) and prints one table, also written as JSON and Markdown under
 * test/bench/results/. Every figure is compared with a baseline measured in the same run:
 *   - flash join over HTTP (C = 8, 64, 256) vs the same transaction done directly with mysql2 (the physical limit)
 *   - campaign detail and list reads (C = 64, 256) vs a bare Koa route (the HTTP ceiling)
 * The server, the bare Koa route, the raw baseline and the load clients each run in their own process.
 * BENCH_QUICK=1 shortens every run (for a smoke test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase, type Database } from '../../server/infra/db';
import { migrate } from '../../server/infra/migrate';
import { createLogger } from '../../server/infra/logger';
import { loadServerConfig } from '../../config/server';
import { createContainer } from '../../server/container';
import { systemClock, DAY, HOUR } from '../../server/kernel/clock';
import { seedBenchData, type BenchFixtures } from './fixtures';
import { extraScenarios } from './extra';

const root = path.resolve(__dirname, '..', '..');
const quick = process.env.BENCH_QUICK === '1';
const WARMUP = quick ? 1000 : 3000;
const MEASURE = quick ? 3000 : 10_000;
const BENCH_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/linli_bench';
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0001';
/** BENCH_ONLY=join,reads,settle runs a subset (the ceilings always run: every ratio needs its baseline). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'join,reads,settle').split(','));

type Row = { scenario: string; c: number | ''; perSecond: number; p50: number | ''; p99: number | ''; ratio: string; note: string };

/** BENCH_PROFILE=1 writes a V8 CPU profile of the server process to tmp/profiles/ (open it in Chrome DevTools). */
const PROFILE = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'tmp', 'profiles')}`] : [];

function startProcess(file: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /READY (\d+)/.exec(buf);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

function runJson<T>(file: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${file} exited with ${code}`))));
  });
}

/** What a phone sends with every read. */
const PHONE_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

async function cannon(url: string, connections: number, headers: Record<string, string> = {}) {
  await autocannon({ url, connections, duration: WARMUP / 1000, headers });
  const r = await autocannon({ url, connections, duration: MEASURE / 1000, headers });
  return { perSecond: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, bytes: Math.round(r.throughput.average / Math.max(1, r.requests.average)) };
}

async function checkConsistency(db: Database, f: BenchFixtures): Promise<{ oversold: boolean; countersEqualRows: boolean; detail: Record<string, number> }> {
  const [item] = await db.select<{ stock: number; reserved: number; sold: number }>('SELECT stock, reserved, sold FROM campaign_items WHERE id = :id', { id: f.hotItemId });
  const [held] = await db.select<{ q: number }>(`SELECT COALESCE(SUM(oi.quantity), 0) AS q FROM orders o JOIN order_items oi ON oi.order_id = o.id
      WHERE o.campaign_id = :c AND o.status IN ('pending_payment','paid','confirmed','shipped','ready_for_pickup','picked_up','completed')`, { c: f.hotCampaignId });
  const [paid] = await db.select<{ q: number; n: number }>(`SELECT COALESCE(SUM(oi.quantity), 0) AS q, COUNT(DISTINCT o.user_id) AS n FROM orders o JOIN order_items oi ON oi.order_id = o.id
      WHERE o.campaign_id = :c AND o.status = 'paid'`, { c: f.hotCampaignId });
  const [cmp] = await db.select<{ p: number; q: number }>('SELECT paid_participants AS p, paid_quantity AS q FROM campaigns WHERE id = :c', { c: f.hotCampaignId });
  const d = {
    stock: Number(item.stock), reserved: Number(item.reserved), heldUnits: Number(held.q), sold: Number(item.sold), paidUnits: Number(paid.q),
    paidParticipants: Number(cmp.p), distinctPayers: Number(paid.n), paidQuantity: Number(cmp.q),
  };
  return {
    oversold: d.reserved > d.stock || d.sold > d.stock,
    countersEqualRows: d.reserved === d.heldUnits && d.sold === d.paidUnits && d.paidParticipants === d.distinctPayers && d.paidQuantity === d.paidUnits,
    detail: d,
  };
}

/** Waits (at most two minutes) until no message is waiting to be sent and no job is due: ms waited. */
async function settle(db: Database): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < 120_000) {
    const [o] = await db.select<{ n: number }>("SELECT COUNT(*) AS n FROM outbox_messages WHERE status = 'pending' AND available_at <= :now", { now: new Date() });
    const [j] = await db.select<{ n: number }>("SELECT COUNT(*) AS n FROM scheduled_jobs WHERE state IN ('pending', 'running') AND run_at <= :now", { now: new Date() });
    const [status] = await db.select<{ Status: string }>('SHOW ENGINE INNODB STATUS');
    const history = Number(/History list length (\d+)/.exec(status.Status)?.[1] ?? 0);
    if (Number(o.n) === 0 && Number(j.n) === 0 && history < 1000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return Date.now() - t0;
}

async function main() {
  const started = Date.now();
  const env = { NODE_ENV: 'production', DATABASE_URL: BENCH_URL, JWT_SECRET, BOT_CALLBACK_SECRET: 'bench-callback-secret-000000000000', LOG_LEVEL: 'warn', PAYMENT_PROVIDER: 'sandbox', DEMO_SEED: 'false', PUBLIC_BASE_URL: 'http://127.0.0.1' };
  console.log(`linli bench — ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, warm-up ${WARMUP} ms, measure ${MEASURE} ms per run`);

  // 1. A fresh bench database with the real schema and bench fixtures, through the real modules.
  const admin = await openDatabase(BENCH_URL);
  const [{ v }] = await admin.select<{ v: string }>('SELECT VERSION() AS v');
  await admin.sequelize.query('DROP DATABASE IF EXISTS `' + admin.target.database + '`');
  await admin.close();
  const db = await openDatabase(BENCH_URL, { poolMax: 10 });
  await migrate(db);
  const config = loadServerConfig(env);
  const container = createContainer({ config, log: createLogger('warn'), db, clock: systemClock });
  const f = await seedBenchData(container, { neighbours: 3000, now: new Date(), deadlineIn: DAY, pickupIn: 2 * HOUR });
  const tokensFile = path.join(os.tmpdir(), `linli-bench-tokens-${process.pid}.json`);
  fs.writeFileSync(tokensFile, JSON.stringify(f.tokens));
  console.log(`MariaDB ${v}; fixtures: ${f.tokens.length} neighbours, hot campaign ${f.hotCampaignId}`);

  const rows: Row[] = [];
  const server = await startProcess('test/bench/bench-server.ts', env, PROFILE);
  const bare = await startProcess('test/bench/bare-koa.ts', {});
  const base = `http://127.0.0.1:${server.port}`;
  const consistency: Array<{ c: number; oversold: boolean; countersEqualRows: boolean; detail: Record<string, number> }> = [];
  try {
    // 2. The ceilings: a bare Koa route (on the idle machine; measured again before the reads); the raw join
    //    transaction with mysql2.
    const bareBy: Record<number, number> = {};
    for (const c of [64, 256]) {
      const r = await cannon(`http://127.0.0.1:${bare.port}/`, c, PHONE_HEADERS);
      bareBy[c] = r.perSecond;
      rows.push({ scenario: 'bare Koa route (HTTP ceiling)', c, perSecond: r.perSecond, p50: r.p50, p99: r.p99, ratio: '1.00', note: '' });
    }
    const rawBy: Record<number, number> = {};
    for (const c of ONLY.has('join') ? [8, 64, 256] : []) {
      const r = await runJson<{ perSecond: number; p50: number; p99: number; errors: number; consistent: boolean }>('test/bench/raw-baseline.ts', [BENCH_URL, String(c), String(WARMUP), String(MEASURE)]);
      rawBy[c] = r.perSecond;
      rows.push({ scenario: 'raw join tx, mysql2 (DB limit)', c, perSecond: r.perSecond, p50: r.p50, p99: r.p99, ratio: '1.00', note: r.consistent ? '' : 'INCONSISTENT' });
    }

    // 3. Flash join over HTTP through the real server, then join-and-pay through the sandbox.
    for (const c of ONLY.has('join') ? [8, 64, 256] : []) {
      const j = await runJson<{ join: { perSecond: number; p50: number; p99: number }; statuses: Record<string, number> }>('test/bench/flash-client.ts',
        [base, String(f.hotCampaignId), String(f.hotItemId), String(f.pointId), tokensFile, String(c), String(WARMUP), String(MEASURE), 'join']);
      rows.push({ scenario: 'flash join (HTTP, server)', c, perSecond: j.join.perSecond, p50: j.join.p50, p99: j.join.p99, ratio: (j.join.perSecond / rawBy[c]).toFixed(2), note: `vs raw; statuses ${JSON.stringify(j.statuses)}` });
      type Lat = { perSecond: number; p50: number; p99: number };
      const p = await runJson<{ join: Lat; joinAndPay: Lat; pay: Lat; notify: Lat; statuses: Record<string, number> }>('test/bench/flash-client.ts',
        [base, String(f.hotCampaignId), String(f.hotItemId), String(f.pointId), tokensFile, String(c), String(WARMUP), String(MEASURE), 'pay']);
      rows.push({ scenario: 'flash join-and-pay (join+pay+notify)', c, perSecond: p.joinAndPay.perSecond, p50: p.joinAndPay.p50, p99: p.joinAndPay.p99, ratio: (p.joinAndPay.perSecond / rawBy[c]).toFixed(2), note: `p50/p99 ms: join ${p.join.p50}/${p.join.p99}, pay ${p.pay.p50}/${p.pay.p99}, notify ${p.notify.p50}/${p.notify.p99}` });
      consistency.push({ c, ...(await checkConsistency(db, f)) });
    }

    // 4. Campaign reads under load, once the server has settled: the pay runs left thousands of messages for the
    // server's background dispatch, and reads measured while it works them off would measure that instead.
    if (ONLY.has('reads') && ONLY.has('join')) console.log(`server settled in ${await settle(db)} ms`);
    // Asked as a phone asks (WeChat and browsers accept gzip); the note gives the bytes per answer on the wire.
    // Each is compared with the bare Koa route measured right before it: after the join runs MariaDB is still
    // purging their history in the background, and both sides of the ratio should share the machine as it is.
    for (const c of ONLY.has('reads') ? [64, 256] : []) {
      const b = await cannon(`http://127.0.0.1:${bare.port}/`, c, PHONE_HEADERS);
      bareBy[c] = b.perSecond;
      rows.push({ scenario: 'bare Koa route, right before the reads', c, perSecond: b.perSecond, p50: b.p50, p99: b.p99, ratio: '1.00', note: '' });
      const d = await cannon(`${base}/api/campaigns/${f.hotCampaignId}`, c, PHONE_HEADERS);
      rows.push({ scenario: 'campaign detail read', c, perSecond: d.perSecond, p50: d.p50, p99: d.p99, ratio: (d.perSecond / bareBy[c]).toFixed(2), note: `vs bare Koa; ${d.bytes} B${d.non2xx ? `; non-2xx ${d.non2xx}` : ''}` });
      const l = await cannon(`${base}/api/campaigns?communityId=${f.communityId}`, c, PHONE_HEADERS);
      rows.push({ scenario: 'campaign list read', c, perSecond: l.perSecond, p50: l.p50, p99: l.p99, ratio: (l.perSecond / bareBy[c]).toFixed(2), note: `vs bare Koa; ${l.bytes} B${l.non2xx ? `; non-2xx ${l.non2xx}` : ''}` });
    }

    // 5. Scenarios that need other parts (settlement of a million ledger entries).
    if (ONLY.has('settle')) rows.push(...(await extraScenarios({ db, container, fixtures: f, log: (s) => console.log(s) })));
  } finally {
    server.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    fs.rmSync(tokensFile, { force: true });
    await db.close();
  }

  // 6. The table, as text, JSON and Markdown.
  const header = ['scenario', 'C', 'per s', 'p50 ms', 'p99 ms', 'ratio', 'note'];
  const lines = rows.map((r) => [r.scenario, String(r.c), String(r.perSecond), String(r.p50), String(r.p99), r.ratio, r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}`);
  for (const k of consistency) console.log(`after C=${k.c}: oversold=${k.oversold} countersEqualRows=${k.countersEqualRows} ${JSON.stringify(k.detail)}`);
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, mariadb: v, quick };
  const result = { at: new Date().toISOString(), machine, warmupMs: WARMUP, measureMs: MEASURE, rows, consistency, seconds: Math.round((Date.now() - started) / 1000) };
  fs.mkdirSync(path.join(root, 'test/bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test/bench/results/latest.json'), JSON.stringify(result, null, 2));
  const md = [`# Linli benchmark — ${result.at}`, '', `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, MariaDB ${machine.mariadb}. Warm-up ${WARMUP} ms, measured ${MEASURE} ms per run.`, '',
    `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...lines.map((l) => `| ${l.join(' | ')} |`), '',
    ...consistency.map((k) => `- after C=${k.c}: oversold **${k.oversold}**, counters equal rows **${k.countersEqualRows}** — ${JSON.stringify(k.detail)}`)].join('\n');
  fs.writeFileSync(path.join(root, 'test/bench/results/latest.md'), md + '\n');
  console.log(`\nwritten: test/bench/results/latest.json, latest.md (${result.seconds} s)`);
  if (consistency.some((k) => k.oversold || !k.countersEqualRows)) process.exit(2);
}

main().catch((err) => { console.error(err); process.exit(1); });
