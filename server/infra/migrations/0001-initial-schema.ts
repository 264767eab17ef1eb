/**
 * 0001 — the whole domain of PRODUCT.md. Conventions:
 *  - money is integer fen in BIGINT columns named *_fen; rates are basis points (*_bps);
 *  - times are UTC (DATE(3) on MySQL, ISO text on SQLite);
 *  - every duplicate the product must not have is a UNIQUE key, so a second attempt fails or is a no-op.
 * Migrations are frozen once released: change the schema with a new file, never by editing this one.
 */
import { DataTypes, type QueryInterface, type ModelAttributeColumnOptions } from 'sequelize';

type Columns = Record<string, ModelAttributeColumnOptions>;

const id = (): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false });
const ref = (table: string, opts: { nullable?: boolean; onDelete?: string } = {}): ModelAttributeColumnOptions => ({
  type: DataTypes.INTEGER,
  allowNull: opts.nullable ?? false,
  references: { model: table, key: 'id' },
  onDelete: opts.onDelete ?? (opts.nullable ? 'SET NULL' : 'RESTRICT'),
  onUpdate: 'CASCADE',
});
const str = (len: number, nullable = false, defaultValue?: string): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(len), allowNull: nullable, defaultValue });
const text = (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.TEXT, allowNull: nullable });
const int = (defaultValue?: number, nullable = false): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, allowNull: nullable, defaultValue });
const fen = (defaultValue?: number, nullable = false): ModelAttributeColumnOptions => ({ type: DataTypes.BIGINT, allowNull: nullable, defaultValue });
const bool = (defaultValue = false): ModelAttributeColumnOptions => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
const time = (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATE(3), allowNull: nullable });
const day = (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATEONLY, allowNull: nullable });
const created = (): Columns => ({ created_at: time(false) });
const stamps = (): Columns => ({ created_at: time(false), updated_at: time(false) });

interface TableSpec { columns: Columns; unique?: string[][]; index?: string[][] }

/** Tables in creation order: a table only references tables above it. */
const tables: Record<string, TableSpec> = {
  users: {
    columns: {
      id: id(), openid: str(64, true), unionid: str(64, true), username: str(64, true), password_hash: str(255, true),
      display_name: str(64), avatar_url: str(512, true), phone: str(32, true),
      community_id: { ...int(undefined, true) }, // the neighbour's home community (no FK: communities come next)
      ...stamps(),
    },
    unique: [['openid'], ['username']],
  },
  user_roles: {
    columns: { id: id(), user_id: ref('users', { onDelete: 'CASCADE' }), role: str(16), ...created() },
    unique: [['user_id', 'role']],
  },
  communities: {
    columns: { id: id(), name: str(100), city: str(64), district: str(64, true), address: str(255, true), ...stamps() },
    unique: [['city', 'name']],
  },
  leaders: {
    columns: {
      id: id(), user_id: ref('users'), code: str(16), name: str(64), phone: str(32),
      community_id: ref('communities', { nullable: true }), applied_community_name: str(100), applied_city: str(64, false, ''),
      applied_address: str(255), status: str(16, false, 'pending'), reject_reason: str(255, true),
      reviewed_by: ref('users', { nullable: true }), reviewed_at: time(), succeeded_campaigns: int(0), ...stamps(),
    },
    unique: [['user_id'], ['code']],
    index: [['status'], ['community_id']],
  },
  /** First-touch binding of a neighbour to the leader whose link brought them. */
  leader_bindings: {
    columns: {
      id: id(), user_id: ref('users', { onDelete: 'CASCADE' }), leader_id: ref('leaders'), campaign_id: int(undefined, true),
      bound_at: time(false), expires_at: time(),
    },
    unique: [['user_id']],
  },
  pickup_points: {
    columns: {
      id: id(), owner_user_id: ref('users'), name: str(100), address: str(255), hours: str(100), capacity: int(100),
      cold_storage: bool(false), contact_name: str(64), contact_phone: str(32), fee_fen: fen(undefined, true),
      status: str(16, false, 'pending'), reject_reason: str(255, true), reviewed_by: ref('users', { nullable: true }),
      reviewed_at: time(), verify_fail_streak: int(0), verify_locked_until: time(), ...stamps(),
    },
    index: [['owner_user_id'], ['status']],
  },
  community_pickup_points: {
    columns: { id: id(), community_id: ref('communities', { onDelete: 'CASCADE' }), pickup_point_id: ref('pickup_points', { onDelete: 'CASCADE' }), ...created() },
    unique: [['community_id', 'pickup_point_id']],
  },
  suppliers: {
    columns: {
      id: id(), name: str(100), region: str(100), description: text(), contact_name: str(64, true), contact_phone: str(32, true), ...stamps(),
    },
    unique: [['name']],
  },
  supplier_certifications: {
    columns: {
      id: id(), supplier_id: ref('suppliers', { onDelete: 'CASCADE' }), name: str(100), number: str(64), issuer: str(100, true),
      valid_until: day(), ...created(),
    },
    unique: [['supplier_id', 'number']],
  },
  products: {
    columns: {
      id: id(), supplier_id: ref('suppliers'), title: str(120), description: text(), category: str(32), fresh: bool(true),
      unit: str(16), weight_grams: int(undefined, true), storage: str(8, false, 'ambient'), shelf_life_days: int(undefined, true),
      images: text(), leader_commission_bps: int(undefined, true), rating_sum: int(0), rating_count: int(0), ...stamps(),
    },
    index: [['supplier_id']],
  },
  skus: {
    columns: {
      id: id(), product_id: ref('products'), code: str(32), spec: str(100), list_price_fen: fen(), supply_cost_fen: fen(),
      stock: int(0), ...stamps(),
    },
    unique: [['code']],
    index: [['product_id']],
  },
  /** Traceability: where and when this batch was grown or made. */
  lots: {
    columns: {
      id: id(), product_id: ref('products'), lot_code: str(64), origin_province: str(32), origin_county: str(32),
      origin_village: str(64, true), harvested_on: day(false), storage_note: str(255, true), ...created(),
    },
    unique: [['product_id', 'lot_code']],
  },
  campaigns: {
    columns: {
      id: id(), owner_kind: str(16), leader_id: ref('leaders', { nullable: true }), community_id: ref('communities', { nullable: true }),
      title: str(120), description: text(), cover_image: str(512, true), status: str(16, false, 'draft'),
      threshold_kind: str(16), threshold_value: int(),
      starts_at: time(false), deadline_at: time(false), pickup_starts_at: time(false), pickup_ends_at: time(false),
      /** 成团: the moment the threshold was first reached while open. */
      succeeded_at: time(),
      /** Counters over PAID orders only, kept in the same transaction as the payment or refund that moves them. */
      paid_participants: int(0), paid_quantity: int(0),
      closed_at: time(), close_reason: str(255, true), created_by: ref('users'), version: int(0), ...stamps(),
    },
    index: [['status', 'deadline_at'], ['community_id', 'status'], ['leader_id']],
  },
  campaign_items: {
    columns: {
      id: id(), campaign_id: ref('campaigns', { onDelete: 'CASCADE' }), sku_id: ref('skus'), lot_id: ref('lots', { nullable: true }),
      price_fen: fen(), stock: int(), reserved: int(0), sold: int(0), per_person_limit: int(undefined, true),
      leader_commission_bps: int(undefined, true), sort_order: int(0),
    },
    unique: [['campaign_id', 'sku_id']],
  },
  campaign_price_tiers: {
    columns: { id: id(), campaign_item_id: ref('campaign_items', { onDelete: 'CASCADE' }), min_participants: int(), price_fen: fen() },
    unique: [['campaign_item_id', 'min_participants']],
  },
  campaign_pickup_points: {
    columns: { id: id(), campaign_id: ref('campaigns', { onDelete: 'CASCADE' }), pickup_point_id: ref('pickup_points') },
    unique: [['campaign_id', 'pickup_point_id']],
  },
  /** One row per paid participant: the 接龙 list, in order of first payment, and the distinct-participant count. */
  campaign_participants: {
    columns: {
      id: id(), campaign_id: ref('campaigns', { onDelete: 'CASCADE' }), user_id: ref('users'), display_name: str(64),
      paid_orders: int(0), paid_quantity: int(0), first_paid_at: time(false),
    },
    unique: [['campaign_id', 'user_id']],
    index: [['campaign_id', 'first_paid_at']],
  },
  /** Units each neighbour holds of each item (pending + paid), for per-person limits. */
  campaign_item_buyers: {
    columns: { id: id(), campaign_item_id: ref('campaign_items', { onDelete: 'CASCADE' }), user_id: ref('users'), quantity: int(0) },
    unique: [['campaign_item_id', 'user_id']],
  },
  /** Every campaign transition, with its reason: the audit trail of the state machine. */
  campaign_events: {
    columns: {
      id: id(), campaign_id: ref('campaigns', { onDelete: 'CASCADE' }), from_status: str(16), to_status: str(16),
      reason: str(255), actor: str(64), ...created(),
    },
    index: [['campaign_id']],
  },
  orders: {
    columns: {
      id: id(), order_no: str(32), campaign_id: ref('campaigns'), user_id: ref('users'), pickup_point_id: ref('pickup_points'),
      /** The one leader this order is attributed to, and why (share | binding | owner). */
      leader_id: ref('leaders', { nullable: true }), attribution: str(16, false, 'owner'),
      status: str(20, false, 'pending_payment'), source: str(8, false, 'mp'),
      items_fen: fen(), paid_fen: fen(0), refunded_fen: fen(0),
      idempotency_key: str(80), request_hash: str(64),
      expires_at: time(false), paid_at: time(), confirmed_at: time(), shipped_at: time(), ready_at: time(),
      picked_up_at: time(), completed_at: time(), closed_at: time(),
      pickup_code: str(16, true), pickup_fee_fen: fen(undefined, true), commission_rule_version: int(undefined, true),
      shipping_uploaded_at: time(), note: str(255, true), ...stamps(),
    },
    unique: [['order_no'], ['user_id', 'idempotency_key'], ['pickup_point_id', 'pickup_code']],
    index: [['campaign_id', 'status'], ['user_id', 'created_at'], ['status', 'expires_at'], ['leader_id', 'status']],
  },
  order_items: {
    columns: {
      id: id(), order_id: ref('orders', { onDelete: 'CASCADE' }), campaign_item_id: ref('campaign_items'), sku_id: ref('skus'),
      product_id: ref('products'), title: str(160), quantity: int(),
      unit_price_fen: fen(), final_unit_price_fen: fen(undefined, true), supply_cost_fen: fen(),
      leader_bps: int(undefined, true), refunded_quantity: int(0), refunded_fen: fen(0),
    },
    unique: [['order_id', 'campaign_item_id']],
    index: [['campaign_item_id']],
  },
  order_events: {
    columns: {
      id: id(), order_id: ref('orders', { onDelete: 'CASCADE' }), from_status: str(20), to_status: str(20), reason: str(255),
      actor: str(64), ...created(),
    },
    index: [['order_id']],
  },
  payments: {
    columns: {
      id: id(), order_id: ref('orders'), provider: str(16), out_trade_no: str(32), amount_fen: fen(),
      status: str(16, false, 'created'), prepay_id: str(128, true), transaction_id: str(64, true), paid_at: time(),
      notification: text(), ...stamps(),
    },
    unique: [['out_trade_no'], ['transaction_id']],
    index: [['order_id']],
  },
  after_sales: {
    columns: {
      id: id(), order_id: ref('orders'), user_id: ref('users'), kind: str(8), amount_fen: fen(), items: text(),
      reason: str(500), photos: text(), status: str(16, false, 'open'), decided_by: ref('users', { nullable: true }),
      decided_at: time(), decision_note: str(255, true), ...stamps(),
    },
    index: [['order_id'], ['status']],
  },
  refunds: {
    columns: {
      id: id(), order_id: ref('orders'), payment_id: ref('payments'), out_refund_no: str(64), amount_fen: fen(),
      reason_kind: str(24), reason: str(255, true), status: str(16, false, 'pending'), provider_refund_id: str(64, true),
      after_sale_id: ref('after_sales', { nullable: true }),
      /** (order, reason, reference): the same refund can never be recorded twice. */
      dedupe_key: str(128), attempts: int(0), last_error: text(), requested_by: str(64), succeeded_at: time(), ...stamps(),
    },
    unique: [['out_refund_no'], ['dedupe_key']],
    index: [['order_id'], ['status']],
  },
  /** Which units of which order item a refund gives back; drives the commission reversal per item. */
  refund_items: {
    columns: {
      id: id(), refund_id: ref('refunds', { onDelete: 'CASCADE' }), order_item_id: ref('order_items'), quantity: int(0), amount_fen: fen(),
    },
    unique: [['refund_id', 'order_item_id']],
  },
  reviews: {
    columns: {
      id: id(), order_id: ref('orders'), order_item_id: ref('order_items'), user_id: ref('users'), product_id: ref('products'),
      leader_id: ref('leaders', { nullable: true }), rating: int(), text: str(1000, true), photos: text(), ...created(),
    },
    unique: [['order_item_id']],
    index: [['product_id'], ['leader_id']],
  },
  shipments: {
    columns: {
      id: id(), campaign_id: ref('campaigns'), pickup_point_id: ref('pickup_points'), status: str(20, false, 'pending'),
      expected_orders: int(0), arrived_orders: int(0), missing_note: str(500, true), shipped_at: time(), arrived_at: time(),
      confirmed_by: ref('users', { nullable: true }), ...stamps(),
    },
    unique: [['campaign_id', 'pickup_point_id']],
  },
  /** Versioned global commission defaults; an order keeps the version in force when it was paid. */
  commission_rules: {
    columns: {
      id: id(), version: int(), leader_bps: int(), pickup_fee_fen: fen(), effective_from: time(false),
      created_by: ref('users', { nullable: true }), ...created(),
    },
    unique: [['version']],
  },
  /**
   * The append-only commission ledger. Entries are never updated or deleted: a refund appends a reversal,
   * completion appends a release (pending → available). `idempotency_key` makes every posting happen once.
   */
  ledger_entries: {
    columns: {
      id: id(), order_id: ref('orders'), order_item_id: ref('order_items', { nullable: true }), campaign_id: int(),
      beneficiary_kind: str(16), beneficiary_id: int(), bucket: str(12), entry_type: str(12), amount_fen: fen(),
      refund_id: int(undefined, true), idempotency_key: str(128), ...created(),
    },
    unique: [['idempotency_key']],
    index: [['bucket', 'beneficiary_kind', 'beneficiary_id'], ['order_id']],
  },
  settlement_runs: {
    columns: {
      id: id(), cycle_key: str(32), cutoff_at: time(false), started_at: time(false), finished_at: time(),
      triggered_by: str(64), entry_count: int(0), statement_count: int(0),
    },
    unique: [['cycle_key']],
  },
  statements: {
    columns: {
      id: id(), run_id: ref('settlement_runs'), beneficiary_kind: str(16), beneficiary_id: int(),
      carried_in_fen: fen(0), lines_fen: fen(0), total_fen: fen(0), status: str(12, false, 'draft'),
      approved_by: ref('users', { nullable: true }), approved_at: time(), paid_by: ref('users', { nullable: true }), paid_at: time(),
      payout_method: str(16, true), payout_ref: str(64, true), ...stamps(),
    },
    unique: [['run_id', 'beneficiary_kind', 'beneficiary_id']],
    index: [['beneficiary_kind', 'beneficiary_id']],
  },
  /** Each ledger entry lands in at most one statement: the UNIQUE key on ledger_entry_id. */
  statement_lines: {
    columns: { id: id(), statement_id: ref('statements', { onDelete: 'CASCADE' }), ledger_entry_id: ref('ledger_entries'), amount_fen: fen() },
    unique: [['ledger_entry_id']],
    index: [['statement_id']],
  },
  audit_logs: {
    columns: {
      id: id(), actor_user_id: ref('users', { nullable: true }), action: str(64), entity: str(32), entity_id: int(undefined, true),
      details: text(), ...created(),
    },
    index: [['entity', 'entity_id']],
  },
  bot_channels: {
    columns: {
      id: id(), community_id: ref('communities'), leader_id: ref('leaders'), transport: str(16), name: str(100),
      webhook_url: str(512, true), external_group_id: str(128, true), secret: str(64), status: str(12, false, 'pending'),
      binding_code: str(16, true), binding_expires_at: time(), bound_at: time(), unbound_at: time(), ...stamps(),
    },
    unique: [['binding_code'], ['external_group_id']],
    index: [['community_id', 'status']],
  },
  /** Outgoing messages, written in the transaction of the change that causes them; delivered by the dispatcher. */
  outbox_messages: {
    columns: {
      id: id(), audience: str(12), channel_id: ref('bot_channels', { nullable: true }), user_id: ref('users', { nullable: true }),
      topic: str(32), campaign_id: int(undefined, true), dedupe_key: str(160), payload: text(false),
      status: str(12, false, 'pending'), attempts: int(0), available_at: time(false), lease_owner: str(64, true),
      lease_until: time(), sent_at: time(), last_error: text(), ...created(),
    },
    unique: [['dedupe_key']],
    index: [['status', 'available_at'], ['channel_id', 'status']],
  },
  bot_inbound_messages: {
    columns: {
      id: id(), channel_id: ref('bot_channels'), message_id: str(128), sender_id: str(128), text: str(2000),
      result: text(), ...created(),
    },
    unique: [['channel_id', 'message_id']],
  },
  /** WeChat updatable share messages (activity ids) for live progress on share cards. */
  share_activities: {
    columns: { id: id(), campaign_id: ref('campaigns'), activity_id: str(128), expires_at: time(false), final_state_set: bool(false), ...created() },
    unique: [['activity_id']],
    index: [['campaign_id']],
  },
  /** Durable scheduled work: one row per occurrence; `dedupe_key` makes an occurrence exist once. */
  scheduled_jobs: {
    columns: {
      id: id(), kind: str(48), dedupe_key: str(160), run_at: time(false), payload: text(), state: str(12, false, 'pending'),
      attempts: int(0), max_attempts: int(5), last_error: text(), lease_owner: str(64, true), lease_until: time(),
      finished_at: time(), ...stamps(),
    },
    unique: [['dedupe_key']],
    index: [['state', 'run_at'], ['kind', 'state']],
  },
};

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [name, spec] of Object.entries(tables)) {
    await qi.createTable(name, spec.columns, { charset: 'utf8mb4' } as never);
    for (const cols of spec.unique ?? []) {
      await qi.addIndex(name, cols, { unique: true, name: `uq_${name}_${cols.join('_')}` });
    }
    for (const cols of spec.index ?? []) {
      await qi.addIndex(name, cols, { name: `ix_${name}_${cols.join('_')}` });
    }
  }
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const name of Object.keys(tables).reverse()) await qi.dropTable(name);
}
