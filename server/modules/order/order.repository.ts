/** Order persistence. Every status write is a compare-and-set on the current status, with an order_events row. */
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';
import type { OrderStatus } from '../../../shared/types/statuses';

export interface OrderRow {
  id: number; orderNo: string; campaignId: number; userId: number; pickupPointId: number; leaderId: number | null;
  attribution: string; status: OrderStatus; source: string; itemsFen: number; paidFen: number; refundedFen: number;
  idempotencyKey: string; requestHash: string; expiresAt: Date; paidAt: Date | null; pickupCode: string | null;
  pickupFeeFen: number | null; pickedUpAt: Date | null; completedAt: Date | null; createdAt: Date;
}

export interface OrderItemRow {
  id: number; orderId: number; campaignItemId: number; skuId: number; productId: number; title: string; quantity: number;
  unitPriceFen: number; finalUnitPriceFen: number | null; supplyCostFen: number; leaderBps: number | null;
  refundedQuantity: number; refundedFen: number;
}

export interface NewOrder {
  orderNo: string; campaignId: number; userId: number; pickupPointId: number; leaderId: number | null; attribution: string;
  source: string; itemsFen: number; idempotencyKey: string; requestHash: string; expiresAt: Date;
  items: Array<{ campaignItemId: number; skuId: number; productId: number; title: string; quantity: number; unitPriceFen: number; supplyCostFen: number }>;
}

const ORDER_COLUMNS = `o.id, o.order_no AS orderNo, o.campaign_id AS campaignId, o.user_id AS userId, o.pickup_point_id AS pickupPointId,
  o.leader_id AS leaderId, o.attribution, o.status, o.source, o.items_fen AS itemsFen, o.paid_fen AS paidFen, o.refunded_fen AS refundedFen,
  o.idempotency_key AS idempotencyKey, o.request_hash AS requestHash, o.expires_at AS expiresAt, o.paid_at AS paidAt,
  o.pickup_code AS pickupCode, o.pickup_fee_fen AS pickupFeeFen, o.picked_up_at AS pickedUpAt, o.completed_at AS completedAt, o.created_at AS createdAt`;

function toOrder(r: Record<string, unknown>): OrderRow {
  return {
    ...(r as unknown as OrderRow),
    itemsFen: Number(r.itemsFen), paidFen: Number(r.paidFen), refundedFen: Number(r.refundedFen),
    pickupFeeFen: r.pickupFeeFen == null ? null : Number(r.pickupFeeFen),
    expiresAt: toDate(r.expiresAt), paidAt: toDate(r.paidAt, true), pickedUpAt: toDate(r.pickedUpAt, true),
    completedAt: toDate(r.completedAt, true), createdAt: toDate(r.createdAt),
  };
}

function toItem(r: Record<string, unknown>): OrderItemRow {
  return {
    ...(r as unknown as OrderItemRow),
    quantity: Number(r.quantity), unitPriceFen: Number(r.unitPriceFen), supplyCostFen: Number(r.supplyCostFen),
    finalUnitPriceFen: r.finalUnitPriceFen == null ? null : Number(r.finalUnitPriceFen), refundedQuantity: Number(r.refundedQuantity),
    refundedFen: Number(r.refundedFen), leaderBps: r.leaderBps == null ? null : Number(r.leaderBps),
  };
}

export class OrderRepository {
  constructor(private readonly db: Database) {}

  async find(id: number, tx?: Transaction, lock = false): Promise<OrderRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = :id${lock ? this.db.forUpdate : ''}`, { id }, tx);
    return rows[0] ? toOrder(rows[0]) : null;
  }

  async findMany(where: string, replacements: Record<string, unknown>, tx?: Transaction, suffix = 'ORDER BY o.id'): Promise<OrderRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${where} ${suffix}`, replacements, tx);
    return rows.map(toOrder);
  }

  async findByIdempotencyKeys(pairs: Array<{ userId: number; key: string }>, tx: Transaction): Promise<OrderRow[]> {
    if (!pairs.length) return [];
    return this.findMany('o.user_id IN (:userIds) AND o.idempotency_key IN (:keys)',
      { userIds: [...new Set(pairs.map((p) => p.userId))], keys: [...new Set(pairs.map((p) => p.key))] }, tx);
  }

  async items(orderIds: number[], tx?: Transaction): Promise<OrderItemRow[]> {
    if (!orderIds.length) return [];
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT id, order_id AS orderId, campaign_item_id AS campaignItemId, sku_id AS skuId, product_id AS productId, title, quantity,
              unit_price_fen AS unitPriceFen, final_unit_price_fen AS finalUnitPriceFen, supply_cost_fen AS supplyCostFen,
              leader_bps AS leaderBps, refunded_quantity AS refundedQuantity, refunded_fen AS refundedFen
         FROM order_items WHERE order_id IN (:orderIds) ORDER BY order_id, id`, { orderIds }, tx);
    return rows.map(toItem);
  }

  /**
   * Inserts a batch of pending orders and their items: one INSERT for the orders, one SELECT for their ids, one
   * INSERT for the items and one SELECT for theirs. Returns the rows as written (same order as `orders`).
   */
  async insertPending(orders: NewOrder[], now: Date, tx: Transaction): Promise<{ orders: OrderRow[]; items: OrderItemRow[] }> {
    if (!orders.length) return { orders: [], items: [] };
    const repl: Record<string, unknown> = { now };
    const rows = orders.map((o, i) => {
      Object.assign(repl, {
        [`no${i}`]: o.orderNo, [`c${i}`]: o.campaignId, [`u${i}`]: o.userId, [`p${i}`]: o.pickupPointId, [`l${i}`]: o.leaderId,
        [`a${i}`]: o.attribution, [`s${i}`]: o.source, [`f${i}`]: o.itemsFen, [`k${i}`]: o.idempotencyKey, [`h${i}`]: o.requestHash,
        [`e${i}`]: o.expiresAt,
      });
      return `(:no${i}, :c${i}, :u${i}, :p${i}, :l${i}, :a${i}, 'pending_payment', :s${i}, :f${i}, 0, 0, :k${i}, :h${i}, :e${i}, :now, :now)`;
    });
    await this.db.execute(
      `INSERT INTO orders (order_no, campaign_id, user_id, pickup_point_id, leader_id, attribution, status, source, items_fen, paid_fen,
                           refunded_fen, idempotency_key, request_hash, expires_at, created_at, updated_at) VALUES ${rows.join(', ')}`, repl, tx);
    const ids = await this.db.select<{ id: number; orderNo: string }>('SELECT id, order_no AS orderNo FROM orders WHERE order_no IN (:nos)',
      { nos: orders.map((o) => o.orderNo) }, tx);
    const byNo = new Map(ids.map((r) => [r.orderNo, Number(r.id)]));
    const itemRepl: Record<string, unknown> = {};
    const itemRows: string[] = [];
    let n = 0;
    for (const o of orders) {
      for (const it of o.items) {
        Object.assign(itemRepl, {
          [`o${n}`]: byNo.get(o.orderNo), [`ci${n}`]: it.campaignItemId, [`sk${n}`]: it.skuId, [`pr${n}`]: it.productId,
          [`t${n}`]: it.title, [`q${n}`]: it.quantity, [`up${n}`]: it.unitPriceFen, [`sc${n}`]: it.supplyCostFen,
        });
        itemRows.push(`(:o${n}, :ci${n}, :sk${n}, :pr${n}, :t${n}, :q${n}, :up${n}, :sc${n}, 0, 0)`);
        n++;
      }
    }
    await this.db.execute(
      `INSERT INTO order_items (order_id, campaign_item_id, sku_id, product_id, title, quantity, unit_price_fen, supply_cost_fen,
                                refunded_quantity, refunded_fen) VALUES ${itemRows.join(', ')}`, itemRepl, tx);
    const itemIds = await this.db.select<{ id: number; orderId: number; campaignItemId: number }>(
      'SELECT id, order_id AS orderId, campaign_item_id AS campaignItemId FROM order_items WHERE order_id IN (:orderIds)', { orderIds: [...byNo.values()] }, tx);
    const itemId = new Map(itemIds.map((r) => [`${r.orderId}:${r.campaignItemId}`, Number(r.id)]));
    const orderRows: OrderRow[] = orders.map((o) => ({
      id: byNo.get(o.orderNo)!, orderNo: o.orderNo, campaignId: o.campaignId, userId: o.userId, pickupPointId: o.pickupPointId,
      leaderId: o.leaderId, attribution: o.attribution, status: 'pending_payment', source: o.source, itemsFen: o.itemsFen, paidFen: 0,
      refundedFen: 0, idempotencyKey: o.idempotencyKey, requestHash: o.requestHash, expiresAt: o.expiresAt, paidAt: null, pickupCode: null,
      pickupFeeFen: null, pickedUpAt: null, completedAt: null, createdAt: now,
    }));
    const itemRowsOut: OrderItemRow[] = orders.flatMap((o) => o.items.map((it) => {
      const orderId = byNo.get(o.orderNo)!;
      return {
        id: itemId.get(`${orderId}:${it.campaignItemId}`)!, orderId, campaignItemId: it.campaignItemId, skuId: it.skuId, productId: it.productId,
        title: it.title, quantity: it.quantity, unitPriceFen: it.unitPriceFen, finalUnitPriceFen: null, supplyCostFen: it.supplyCostFen,
        leaderBps: null, refundedQuantity: 0, refundedFen: 0,
      };
    }));
    return { orders: orderRows, items: itemRowsOut };
  }

  /** Compare-and-set of one order's status, with extra columns to set in the same statement. */
  async casStatus(tx: Transaction, id: number, from: OrderStatus, to: OrderStatus, now: Date, sets: Record<string, unknown> = {}): Promise<boolean> {
    const cols = Object.keys(sets);
    const extra = cols.map((c) => `, ${c} = :set_${c}`).join('');
    const repl: Record<string, unknown> = { id, from, to, now };
    for (const c of cols) repl[`set_${c}`] = sets[c];
    return (await this.db.execute(`UPDATE orders SET status = :to, updated_at = :now${extra} WHERE id = :id AND status = :from`, repl, tx)) === 1;
  }

  async recordEvents(tx: Transaction, events: Array<{ orderId: number; from: string; to: string; reason: string; actor: string }>, now: Date): Promise<void> {
    for (let i = 0; i < events.length; i += 200) {
      const chunk = events.slice(i, i + 200);
      const repl: Record<string, unknown> = { now };
      const rows = chunk.map((e, j) => {
        Object.assign(repl, { [`o${j}`]: e.orderId, [`f${j}`]: e.from, [`t${j}`]: e.to, [`r${j}`]: e.reason.slice(0, 255), [`a${j}`]: e.actor.slice(0, 64) });
        return `(:o${j}, :f${j}, :t${j}, :r${j}, :a${j}, :now)`;
      });
      await this.db.execute(`INSERT INTO order_events (order_id, from_status, to_status, reason, actor, created_at) VALUES ${rows.join(', ')}`, repl, tx);
    }
  }

  async setColumns(tx: Transaction, id: number, sets: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(sets);
    if (!cols.length) return;
    const repl: Record<string, unknown> = { id };
    for (const c of cols) repl[`set_${c}`] = sets[c];
    await this.db.execute(`UPDATE orders SET ${cols.map((c) => `${c} = :set_${c}`).join(', ')} WHERE id = :id`, repl, tx);
  }

  /** Records money going back: never more than was paid, enforced in the statement itself. */
  async addRefunded(tx: Transaction, orderId: number, amountFen: number, now: Date): Promise<boolean> {
    return (await this.db.execute(
      'UPDATE orders SET refunded_fen = refunded_fen + :amountFen, updated_at = :now WHERE id = :orderId AND refunded_fen + :amountFen <= paid_fen',
      { orderId, amountFen, now }, tx)) === 1;
  }

  async addItemRefund(tx: Transaction, orderItemId: number, quantity: number, amountFen: number): Promise<void> {
    await this.db.execute(
      'UPDATE order_items SET refunded_quantity = refunded_quantity + :quantity, refunded_fen = refunded_fen + :amountFen WHERE id = :orderItemId',
      { orderItemId, quantity, amountFen }, tx);
  }

  async setFinalPrice(tx: Transaction, orderItemId: number, finalUnitPriceFen: number): Promise<void> {
    await this.db.execute('UPDATE order_items SET final_unit_price_fen = :finalUnitPriceFen WHERE id = :orderItemId', { orderItemId, finalUnitPriceFen }, tx);
  }

  async setLeaderBps(tx: Transaction, orderItemId: number, leaderBps: number): Promise<void> {
    await this.db.execute('UPDATE order_items SET leader_bps = :leaderBps WHERE id = :orderItemId', { orderItemId, leaderBps }, tx);
  }
}
