/**
 * The database: one Sequelize instance for MySQL/MariaDB (production) or an embedded SQLite file (default).
 * Every write that spans rows goes through `db.transaction(fn)`, which
 *  - retries deadlocks, lock-wait timeouts and SQLITE_BUSY (never shown to the client), re-running `fn`;
 *  - on SQLite, runs one write transaction at a time in this process (SQLite has a single writer anyway,
 *    and Sequelize gives every transaction its own connection, which would otherwise fight for the lock).
 * Transactions are passed explicitly (`trc.tx`); there is no CLS magic.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction, QueryTypes, type Options } from 'sequelize';
import type { Logger } from './logger';
import type { ServiceContext } from '../kernel/context';

export { Transaction, QueryTypes };
export type Dialect = 'mysql' | 'sqlite';

/** A service context inside a transaction. */
export interface TxContext extends ServiceContext { readonly tx: Transaction }

export interface DatabaseTarget { dialect: Dialect; storage?: string; url?: string; database?: string }

/** Understands Sequelize's URI forms: mysql://u:p@h:3306/db, mariadb://…, sqlite:rel/path.sqlite, sqlite:/abs.sqlite, sqlite::memory: */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === ':memory:') return { dialect: 'sqlite', storage: ':memory:' };
    if (!rest) throw new Error(`DATABASE_URL "${url}" names no SQLite file`);
    return { dialect: 'sqlite', storage: path.resolve(cwd, rest) };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!database) throw new Error(`DATABASE_URL "${url}" names no database`);
    return { dialect: 'mysql', url: u.toString(), database };
  }
  throw new Error(`DATABASE_URL must start with mysql://, mariadb:// or sqlite:, got "${url}"`);
}

/** A promise chain used as a mutex: SQLite write transactions in this process run one at a time. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.then(() => undefined, () => undefined);
    return result;
  }
}

const RETRYABLE_MYSQL = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);

export function isRetryableDbError(err: unknown): boolean {
  type Driver = { errno?: number; code?: string };
  const e = err as Driver & { original?: Driver; parent?: Driver };
  const inner: Driver = e?.original ?? e?.parent ?? e;
  if (inner?.errno !== undefined && RETRYABLE_MYSQL.has(inner.errno)) return true;
  return inner?.code === 'SQLITE_BUSY' || inner?.code === 'SQLITE_LOCKED';
}

/** True for a duplicate key (unique constraint) error on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { name?: string; original?: { errno?: number; code?: string } };
  return e?.name === 'SequelizeUniqueConstraintError' || e?.original?.errno === 1062 ||
    (e?.original?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(String((e as Error).message)));
}

/** A time column from a raw row: a Date on MySQL, text like "2026-11-22 10:00:00.123 +00:00" on SQLite. */
export function toDate(value: unknown): Date;
export function toDate(value: unknown, nullable: true): Date | null;
export function toDate(value: unknown, _nullable?: boolean): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const s = String(value);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: ?(Z|[+-]\d{2}:\d{2}))?$/.exec(s);
  return new Date(m ? `${m[1]}T${m[2]}${m[3] ?? 'Z'}` : s);
}

export interface TransactionOptions { maxRetries?: number }

/** Set while a `db.transaction` callback runs, so writes issued from inside it never wait for the lock it holds. */
const insideTransaction = new AsyncLocalStorage<true>();

export class Database {
  readonly dialect: Dialect;
  private readonly writeLock = new Mutex();

  constructor(readonly sequelize: Sequelize, readonly target: DatabaseTarget, private readonly log?: Logger) {
    this.dialect = target.dialect;
    if (this.dialect === 'sqlite') this.serialiseLooseSqliteWrites();
  }

  /**
   * On SQLite, a write made outside any transaction (a job claim, a model update) runs on the shared default
   * connection. If it queued there while a transaction holds the database lock, and that transaction then read
   * through the same default connection, the read would wait behind the write, which waits for the
   * transaction: a stall until the busy timeout. So loose writes take the same in-process lock as transactions.
   */
  private serialiseLooseSqliteWrites(): void {
    const query = this.sequelize.query.bind(this.sequelize) as (sql: unknown, options?: Record<string, unknown>) => Promise<unknown>;
    const writeTypes = new Set(['INSERT', 'UPDATE', 'BULKUPDATE', 'BULKDELETE', 'DELETE', 'UPSERT']);
    (this.sequelize as unknown as { query: typeof query }).query = (sql, options) => {
      const text = typeof sql === 'string' ? sql : String((sql as { query?: string })?.query ?? '');
      const isWrite = writeTypes.has(String(options?.type ?? '')) || /^\s*(insert|update|delete|replace)\b/i.test(text);
      if (!isWrite || options?.transaction || insideTransaction.getStore()) return query(sql, options);
      return this.writeLock.run(() => query(sql, options));
    };
  }

  /**
   * Runs `fn` in a transaction, retrying the whole of it on deadlocks and lock timeouts. `fn` must do
   * nothing outside the database that it cannot do twice; work for after commit goes in tx.afterCommit.
   */
  async transaction<T>(rc: ServiceContext, fn: (trc: TxContext) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    const maxRetries = opts.maxRetries ?? 10;
    for (let attempt = 0; ; attempt++) {
      try {
        const run = () => this.sequelize.transaction(
          this.dialect === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {},
          (tx) => fn({ ...rc, tx }),
        );
        return await (this.dialect === 'sqlite' ? this.writeLock.run(() => insideTransaction.run(true, run)) : run());
      } catch (err) {
        if (attempt >= maxRetries || !isRetryableDbError(err)) throw err;
        this.log?.debug({ attempt, err: (err as Error).message }, 'transaction retried after lock conflict');
        const backoff = Math.min(200, 2 ** attempt) * (0.5 + Math.random());
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  /** A raw SELECT; `replacements` by name (`:id`). Date values keep their milliseconds on both dialects. */
  select<T extends object>(sql: string, replacements: Record<string, unknown> = {}, tx?: Transaction): Promise<T[]> {
    return this.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements: this.bind(replacements), transaction: tx });
  }

  /** A raw INSERT, UPDATE or DELETE; returns the number of rows it changed, on both dialects. */
  async execute(sql: string, replacements: Record<string, unknown> = {}, tx?: Transaction): Promise<number> {
    // With type UPDATE both drivers answer [undefined, affectedRows], for DELETE and INSERT too.
    const result = await this.sequelize.query(sql, { type: QueryTypes.UPDATE, replacements: this.bind(replacements), transaction: tx });
    return (result as unknown as [unknown, number])[1];
  }

  /**
   * A time as the database stores it, for raw SQL. Sequelize's own escaping drops the milliseconds on MySQL,
   * and SQLite compares times as text, so every raw query formats times through here.
   */
  time(d: Date): string {
    const iso = d.toISOString(); // 2026-11-22T10:00:00.123Z
    const base = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
    return this.dialect === 'sqlite' ? `${base} +00:00` : base;
  }

  private bind(replacements: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(replacements)) out[k] = v instanceof Date ? this.time(v) : v;
    return out;
  }

  /** "FOR UPDATE" where the dialect has row locks; SQLite's single writer already serialises. */
  get forUpdate(): string { return this.dialect === 'mysql' ? ' FOR UPDATE' : ''; }

  async ping(): Promise<void> { await this.sequelize.query('SELECT 1', { type: QueryTypes.SELECT }); }

  async close(): Promise<void> { await this.sequelize.close(); }
}

export interface OpenOptions { logger?: Logger; poolMax?: number; logSql?: boolean }

/** Opens (and for MySQL, creates if missing) the database named by `url`. */
export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const logging = opts.logSql && opts.logger ? (sql: string) => opts.logger!.debug({ sql }, 'sql') : false;
  const common: Options = { logging, benchmark: false, define: { underscored: true, timestamps: false } };
  let sequelize: Sequelize;
  if (target.dialect === 'sqlite') {
    if (target.storage !== ':memory:') fs.mkdirSync(path.dirname(target.storage!), { recursive: true });
    sequelize = new Sequelize({ ...common, dialect: 'sqlite', storage: target.storage, pool: { max: 1, min: 0 } });
    patchSqliteConnections(sequelize);
    // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
    await sequelize.query('PRAGMA journal_mode=WAL');
    await sequelize.query('PRAGMA synchronous=NORMAL');
  } else {
    await createMysqlDatabaseIfMissing(target);
    sequelize = new Sequelize(target.url!, {
      ...common,
      dialect: 'mysql',
      timezone: '+00:00',
      // READ COMMITTED: locking reads see the latest committed rows, and gap locks don't stall inserts.
      isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED,
      pool: { max: opts.poolMax ?? 20, min: 0, acquire: 30_000, idle: 10_000 },
      dialectOptions: { supportBigNumbers: true, bigNumberStrings: false, decimalNumbers: true, charset: 'utf8mb4' },
    });
  }
  await sequelize.authenticate();
  return new Database(sequelize, target, opts.logger);
}

/** Every SQLite connection Sequelize opens (one per transaction) waits for the lock instead of failing at once. */
function patchSqliteConnections(sequelize: Sequelize): void {
  const cm = (sequelize as unknown as { connectionManager: { getConnection: (o?: unknown) => Promise<SqliteConnection> } }).connectionManager;
  const original = cm.getConnection.bind(cm);
  cm.getConnection = async (o?: unknown) => {
    const conn = await original(o);
    if (!conn.__linliConfigured) {
      conn.configure('busyTimeout', 10_000);
      conn.__linliConfigured = true;
    }
    return conn;
  };
}
interface SqliteConnection { configure(option: 'busyTimeout', ms: number): void; __linliConfigured?: boolean }

async function createMysqlDatabaseIfMissing(target: DatabaseTarget): Promise<void> {
  const u = new URL(target.url!);
  u.pathname = '/';
  const admin = new Sequelize(u.toString(), { dialect: 'mysql', logging: false, pool: { max: 1 } });
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${target.database!.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.close();
  }
}
