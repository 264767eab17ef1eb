/**
 * A database of its own for each jest worker: a temp SQLite file, or a MariaDB schema named after the run and
 * the worker. TEST_DB picks the dialect (sqlite | mysql); TEST_DATABASE_URL names the MySQL server.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { openDatabase, type Database } from '../../server/infra/db';
import { migrate } from '../../server/infra/migrate';

export const testDialect = (): 'sqlite' | 'mysql' => (process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite');

const worker = () => process.env.JEST_WORKER_ID ?? '0';
const runId = () => process.env.LINLI_TEST_RUN ?? String(process.pid);

/** A fresh URL for this worker; `name` separates several databases in one test (two instances share one). */
export function testDatabaseUrl(name = 'main'): string {
  if (testDialect() === 'mysql') {
    const base = (process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/').replace(/\/[^/]*$/, '/');
    return `${base}linli_t_${runId()}_${worker()}_${name}`.replace(/[^\w:/@.]/g, '_');
  }
  const dir = path.join(os.tmpdir(), 'linli-tests');
  fs.mkdirSync(dir, { recursive: true });
  return `sqlite:${path.join(dir, `t-${runId()}-${worker()}-${name}.sqlite`)}`;
}

/** Empties every table (keeping the schema and the migration record), so a test starts from a known state. */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = (db.dialect === 'mysql'
    ? await db.select<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name <> 'SequelizeMeta'")
    : await db.select<{ t: string }>("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'SequelizeMeta'")
  ).map((r) => r.t);
  if (db.dialect === 'mysql') {
    await db.sequelize.transaction(async (tx) => {
      await db.sequelize.query('SET FOREIGN_KEY_CHECKS = 0', { transaction: tx });
      for (const t of tables) await db.sequelize.query(`DELETE FROM \`${t}\``, { transaction: tx });
      await db.sequelize.query('SET FOREIGN_KEY_CHECKS = 1', { transaction: tx });
    });
  } else {
    await db.sequelize.query('PRAGMA foreign_keys = OFF');
    for (const t of tables) await db.sequelize.query(`DELETE FROM \`${t}\``);
    await db.sequelize.query("DELETE FROM sqlite_sequence").catch(() => undefined);
    await db.sequelize.query('PRAGMA foreign_keys = ON');
  }
}

/** Drops the test database (MySQL) or deletes the file (SQLite). */
export async function dropTestDatabase(url: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    return;
  }
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/';
  const { Sequelize } = await import('sequelize');
  const admin = new Sequelize(u.toString(), { dialect: 'mysql', logging: false });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.close();
}

/** Opens and migrates a fresh database for direct (non-HTTP) tests. */
export async function freshDatabase(name = 'direct'): Promise<{ db: Database; url: string }> {
  const url = testDatabaseUrl(name);
  await dropTestDatabase(url);
  const db = await openDatabase(url);
  await migrate(db);
  return { db, url };
}
