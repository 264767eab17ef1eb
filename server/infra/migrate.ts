/**
 * Runs pending migrations at start (umzug, recorded in the SequelizeMeta table). On MySQL a named lock keeps two
 * instances starting at once from migrating together; SQLite is one process's file.
 */
import { Umzug, SequelizeStorage } from 'umzug';
import type { QueryInterface } from 'sequelize';
import type { Database } from './db';
import type { Logger } from './logger';
import { migrations } from './migrations';

export async function migrate(db: Database, log?: Logger): Promise<string[]> {
  const umzug = new Umzug<QueryInterface>({
    migrations: migrations.map((m) => ({
      name: m.name,
      up: ({ context }) => m.up({ context }),
      down: ({ context }) => m.down({ context }),
    })),
    context: db.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: db.sequelize }),
    logger: undefined,
  });
  const run = async () => (await umzug.up()).map((m) => m.name);
  let applied: string[];
  if (db.dialect === 'mysql') {
    // GET_LOCK belongs to one connection: a transaction pins one for the lock's lifetime, while the
    // migrations themselves run on other pooled connections.
    applied = await db.sequelize.transaction(async (lockTx) => {
      await db.sequelize.query("SELECT GET_LOCK('linli_migrate', 120)", { transaction: lockTx });
      try { return await run(); } finally {
        await db.sequelize.query("SELECT RELEASE_LOCK('linli_migrate')", { transaction: lockTx });
      }
    });
  } else {
    applied = await run();
  }
  if (applied.length) log?.info({ applied }, 'migrations applied');
  return applied;
}
