/**
 * A write that is not part of a caller's transaction. On MySQL it is a plain autocommit statement. On SQLite it
 * goes through db.transaction, which serialises it with every other write of this process: a bare autocommit
 * write that meets an open write transaction waits for the file lock inside one of libuv's four threads, and a
 * few of those at once starve the transaction they are waiting for (the sqlite3 driver runs on that pool).
 * Never call it inside a transaction of this process (on SQLite it would wait for that transaction to end).
 */
import type { Transaction } from 'sequelize';
import type { Database } from '../../infra/db';
import { systemContext } from '../../kernel/context';

const WRITER = systemContext('bot-write', new Date(0));

export function writeAlone(db: Database, sql: string, replacements: Record<string, unknown>): Promise<number> {
  return db.dialect === 'sqlite' ? db.transaction(WRITER, (trc) => db.execute(sql, replacements, trc.tx)) : db.execute(sql, replacements);
}

/** In the caller's transaction if there is one, else alone. */
export function write(db: Database, sql: string, replacements: Record<string, unknown>, tx?: Transaction): Promise<number> {
  return tx ? db.execute(sql, replacements, tx) : writeAlone(db, sql, replacements);
}
