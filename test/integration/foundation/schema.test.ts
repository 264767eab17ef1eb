import { freshDatabase, dropTestDatabase, testDialect } from '../../helpers/db';
import type { Database } from '../../../server/infra/db';
import { migrate } from '../../../server/infra/migrate';

/** The schema as migrated: every table of the domain, and the unique keys that make duplicates impossible. */
describe(`[${testDialect()}] schema and migrations`, () => {
  let db: Database;
  let url: string;
  beforeAll(async () => { ({ db, url } = await freshDatabase('schema')); });
  afterAll(async () => { await db.close(); await dropTestDatabase(url); });

  const expectedTables = [
    'users', 'user_roles', 'communities', 'leaders', 'leader_bindings', 'pickup_points', 'community_pickup_points', 'suppliers',
    'supplier_certifications', 'products', 'skus', 'lots', 'campaigns', 'campaign_items', 'campaign_price_tiers',
    'campaign_pickup_points', 'campaign_participants', 'campaign_item_buyers', 'campaign_events', 'orders', 'order_items',
    'order_events', 'payments', 'refunds', 'refund_items', 'after_sales', 'reviews', 'shipments', 'commission_rules',
    'ledger_entries', 'settlement_runs', 'statements', 'statement_lines', 'audit_logs', 'bot_channels', 'outbox_messages',
    'bot_inbound_messages', 'share_activities', 'scheduled_jobs',
  ];

  it('creates every table of the domain', async () => {
    const rows = db.dialect === 'mysql'
      ? await db.select<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()')
      : await db.select<{ t: string }>("SELECT name AS t FROM sqlite_master WHERE type = 'table'");
    const names = rows.map((r) => r.t);
    for (const t of expectedTables) expect(names).toContain(t);
  });

  it('running the migrations again changes nothing', async () => {
    expect(await migrate(db)).toEqual([]);
  });

  it('keeps money in BIGINT columns', async () => {
    const big = 9_000_000_000_123; // beyond INT: fen columns hold it
    const now = new Date();
    await db.execute("INSERT INTO users (display_name, created_at, updated_at) VALUES ('u', :now, :now)", { now });
    await db.execute("INSERT INTO commission_rules (version, leader_bps, pickup_fee_fen, effective_from, created_at) VALUES (99, 1, :big, :now, :now)", { big, now });
    const [row] = await db.select<{ f: number | string }>('SELECT pickup_fee_fen AS f FROM commission_rules WHERE version = 99');
    expect(Number(row.f)).toBe(big);
  });

  it.each([
    ['users', 'openid'], ['skus', 'code'], ['ledger_entries', 'idempotency_key'], ['outbox_messages', 'dedupe_key'],
    ['scheduled_jobs', 'dedupe_key'], ['refunds', 'dedupe_key'], ['payments', 'out_trade_no'], ['orders', 'order_no'],
  ])('%s.%s is unique', async (table, column) => {
    const rows = db.dialect === 'mysql'
      ? await db.select<{ c: string }>(`SELECT column_name AS c FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = :table AND non_unique = 0`, { table })
      : (await db.select<{ name: string; unique: number }>(`PRAGMA index_list(\`${table}\`)`))
        .filter((i) => Number(i.unique) === 1)
        .map((i) => ({ c: i.name }));
    expect(rows.map((r) => r.c).join(' ')).toContain(column);
  });

  it.each([['orders', 'ix_orders_paid_at'], ['refunds', 'ix_refunds_succeeded_at'], ['campaigns', 'ix_campaigns_closed_at']])(
    'the reports read %s by date through %s', async (table, index) => {
      const rows = db.dialect === 'mysql'
        ? await db.select<{ n: string }>('SELECT DISTINCT index_name AS n FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = :table', { table })
        : (await db.select<{ name: string }>(`PRAGMA index_list(\`${table}\`)`)).map((i) => ({ n: i.name }));
      expect(rows.map((r) => r.n)).toContain(index);
    });

  it('refuses a second order with the same idempotency key from the same neighbour', async () => {
    const now = new Date();
    const t = { now };
    await db.execute("INSERT INTO users (id, display_name, created_at, updated_at) VALUES (500, 'n', :now, :now)", t);
    await db.execute("INSERT INTO users (id, display_name, created_at, updated_at) VALUES (501, 'o', :now, :now)", t);
    await db.execute("INSERT INTO pickup_points (id, owner_user_id, name, address, hours, capacity, cold_storage, contact_name, contact_phone, created_at, updated_at) VALUES (1, 501, 'p', 'a', 'h', 1, 0, 'c', '1', :now, :now)", t);
    await db.execute("INSERT INTO campaigns (id, owner_kind, title, threshold_kind, threshold_value, starts_at, deadline_at, pickup_starts_at, pickup_ends_at, created_by, created_at, updated_at) VALUES (1, 'platform', 'c', 'quantity', 1, :now, :now, :now, :now, 501, :now, :now)", t);
    const insert = (no: string) => db.execute(
      `INSERT INTO orders (order_no, campaign_id, user_id, pickup_point_id, items_fen, idempotency_key, request_hash, expires_at, created_at, updated_at)
       VALUES (:no, 1, 500, 1, 100, 'key-1', 'h', :now, :now, :now)`, { no, now });
    await insert('A1');
    await expect(insert('A2')).rejects.toThrow();
  });
});
