/**
 * The physical limit on this machine: the join transaction done directly on MariaDB with mysql2, one transaction
 * per join, at the same concurrency — reserve stock with a conditional update on the hot row, bump the campaign
 * counter, insert the order and its item, commit (durable defaults). Runs in its own process; prints JSON.
 * Usage: raw-baseline.ts <mysql url> <concurrency> <warmupMs> <measureMs>
 */
import mysql from 'mysql2/promise';
import { summarise } from './stats';

async function main() {
  const [url, cArg, warmArg, measureArg] = process.argv.slice(2);
  const concurrency = Number(cArg);
  const pool = mysql.createPool({ uri: url, connectionLimit: concurrency, waitForConnections: true });
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_items (id INT PRIMARY KEY, stock INT NOT NULL, reserved INT NOT NULL) ENGINE=InnoDB`);
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_campaigns (id INT PRIMARY KEY, joins INT NOT NULL) ENGINE=InnoDB`);
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_orders (id INT AUTO_INCREMENT PRIMARY KEY, campaign_id INT NOT NULL, user_id INT NOT NULL, order_no VARCHAR(32) NOT NULL UNIQUE, total_fen BIGINT NOT NULL, created_at DATETIME(3) NOT NULL) ENGINE=InnoDB`);
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_order_items (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL, item_id INT NOT NULL, quantity INT NOT NULL, unit_price_fen BIGINT NOT NULL) ENGINE=InnoDB`);
  await pool.query('DELETE FROM raw_order_items');
  await pool.query('DELETE FROM raw_orders');
  await pool.query('REPLACE INTO raw_items VALUES (1, 100000000, 0)');
  await pool.query('REPLACE INTO raw_campaigns VALUES (1, 0)');

  let seq = 0;
  const oneJoin = async () => {
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      const [r] = await conn.query('UPDATE raw_items SET reserved = reserved + 1 WHERE id = 1 AND reserved + 1 <= stock');
      if ((r as { affectedRows: number }).affectedRows !== 1) throw new Error('sold out');
      await conn.query('UPDATE raw_campaigns SET joins = joins + 1 WHERE id = 1');
      const [ins] = await conn.query('INSERT INTO raw_orders (campaign_id, user_id, order_no, total_fen, created_at) VALUES (1, ?, ?, 6800, NOW(3))', [seq % 1000, `R${process.pid}-${++seq}`]);
      await conn.query('INSERT INTO raw_order_items (order_id, item_id, quantity, unit_price_fen) VALUES (?, 1, 1, 6800)', [(ins as { insertId: number }).insertId]);
      await conn.commit();
    } catch (err) {
      await conn.rollback();
      throw err;
    } finally {
      conn.release();
    }
  };

  const warmupMs = Number(warmArg), measureMs = Number(measureArg);
  const started = Date.now();
  const latencies: number[] = [];
  let errors = 0;
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (Date.now() - started > warmupMs + measureMs) return;
      try { await oneJoin(); } catch { errors++; continue; }
      if (Date.now() - started > warmupMs) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const [[items]] = await pool.query('SELECT reserved FROM raw_items WHERE id = 1') as unknown as [[{ reserved: number }]];
  const [[orders]] = await pool.query('SELECT COUNT(*) AS n FROM raw_orders') as unknown as [[{ n: number }]];
  await pool.end();
  process.stdout.write(JSON.stringify({ ...summarise(latencies, measureMs), errors, consistent: Number(items.reserved) === Number(orders.n) }) + '\n');
}

main().catch((err) => { console.error(err); process.exit(1); });
