/**
 * Settlement of one million ledger entries (issue 6): released entries for ~1,650 beneficiaries are generated with
 * set-based SQL, then one settlement run is timed through the real flow. The run must put every entry in exactly
 * one statement line, and the statements must add up to the entries.
 */
import type { Database } from '../../server/infra/db';
import type { Container } from '../../server/container';
import { systemContext } from '../../server/kernel/context';
import type { BenchFixtures } from './fixtures';

export interface ExtraRow { scenario: string; c: number | ''; perSecond: number; p50: number | ''; p99: number | ''; ratio: string; note: string }

const ENTRIES = Number(process.env.BENCH_SETTLE_ENTRIES ?? 1_000_000);
const DIGITS = '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

export async function extraScenarios(ctx: { db: Database; container: Container; fixtures: BenchFixtures; log: (s: string) => void }): Promise<ExtraRow[]> {
  const { db, container, fixtures: f } = ctx;
  const at = new Date(Date.now() - 60_000);
  const [u] = await db.select<{ id: number }>('SELECT MIN(id) AS id FROM users');
  // A thousand orders for the entries to belong to (ledger_entries.order_id is a foreign key).
  await db.execute(
    `INSERT INTO orders (order_no, campaign_id, user_id, pickup_point_id, leader_id, attribution, status, source, items_fen, paid_fen,
                         refunded_fen, idempotency_key, request_hash, expires_at, created_at, updated_at)
     SELECT CONCAT('SETTLE', x.n), :campaignId, :userId, :pointId, NULL, 'owner', 'completed', 'mp', 6800, 6800, 0, CONCAT('settle-', x.n), 'h', :at, :at, :at
       FROM (SELECT a.d + 10 * b.d + 100 * c.d AS n FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c) x`,
    { campaignId: f.hotCampaignId, userId: Number(u.id), pointId: f.pointId, at });
  const [first] = await db.select<{ id: number }>("SELECT MIN(id) AS id FROM orders WHERE order_no LIKE 'SETTLE%'");
  const started = Date.now();
  for (let chunk = 0; chunk < ENTRIES / 100_000; chunk++) {
    await db.execute(
      `INSERT INTO ledger_entries (order_id, order_item_id, campaign_id, beneficiary_kind, beneficiary_id, bucket, entry_type, amount_fen, refund_id, idempotency_key, created_at)
       SELECT :firstOrder + (x.n % 1000), NULL, :campaignId,
              CASE x.n % 4 WHEN 0 THEN 'leader' WHEN 1 THEN 'pickup_point' WHEN 2 THEN 'supplier' ELSE 'platform' END,
              CASE x.n % 4 WHEN 3 THEN 0 ELSE (x.n % 550) + 1 END,
              'available', 'release', (x.n % 997) - 40, NULL, CONCAT('bench-settle:', :chunk, ':', x.n), :at
         FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * d.d + 10000 * e.d AS n FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} d, ${DIGITS} e) x`,
      { firstOrder: Number(first.id), campaignId: f.hotCampaignId, chunk, at });
  }
  ctx.log(`generated ${ENTRIES} released ledger entries in ${((Date.now() - started) / 1000).toFixed(1)} s; settling…`);

  const rc = systemContext('bench-settlement', new Date());
  const t0 = performance.now();
  const { run } = await container.commission.settlement.run(rc, { cycleKey: 'bench-1m', cutoff: rc.now, triggeredBy: 'bench' });
  const seconds = (performance.now() - t0) / 1000;

  const [lines] = await db.select<{ n: number; s: number }>('SELECT COUNT(*) AS n, SUM(amount_fen) AS s FROM statement_lines');
  const [entries] = await db.select<{ s: number }>("SELECT SUM(amount_fen) AS s FROM ledger_entries WHERE idempotency_key LIKE 'bench-settle:%'");
  const [dupes] = await db.select<{ n: number }>('SELECT COUNT(*) AS n FROM (SELECT ledger_entry_id FROM statement_lines GROUP BY ledger_entry_id HAVING COUNT(*) > 1) d');
  const [stmts] = await db.select<{ n: number }>('SELECT COUNT(*) AS n FROM statements WHERE run_id = :id', { id: run.id });
  const exact = Number(lines.n) === ENTRIES && Number(lines.s) === Number(entries.s) && Number(dupes.n) === 0;
  ctx.log(`settled ${lines.n} entries into ${stmts.n} statements in ${seconds.toFixed(1)} s; exact: ${exact}`);
  return [{
    scenario: `settlement of ${ENTRIES.toLocaleString('en')} ledger entries`, c: '', perSecond: Math.round(ENTRIES / seconds), p50: '', p99: '',
    ratio: `${seconds.toFixed(1)} s`, note: `target < 60 s; ${stmts.n} statements; lines = entries ${exact ? 'exactly' : 'NOT EXACT'}`,
  }];
}
