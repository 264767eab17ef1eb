/**
 * Campaign persistence: the only code that touches the campaign tables. Reads used on hot paths are plain SQL
 * returning typed rows; every counter change happens inside the caller's transaction, after the campaign row
 * was locked (lockCampaign), so joins, payments, refunds and the close never interleave on one campaign.
 */
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';
import type { CampaignStatus, StorageKind, ThresholdKind } from '../../../shared/types/statuses';

export interface CampaignRow {
  id: number;
  ownerKind: 'leader' | 'platform';
  leaderId: number | null;
  communityId: number | null;
  title: string;
  description: string | null;
  coverImage: string | null;
  status: CampaignStatus;
  thresholdKind: ThresholdKind;
  thresholdValue: number;
  startsAt: Date;
  deadlineAt: Date;
  pickupStartsAt: Date;
  pickupEndsAt: Date;
  succeededAt: Date | null;
  paidParticipants: number;
  paidQuantity: number;
  closedAt: Date | null;
  createdBy: number;
  version: number;
}

export interface CampaignItemRow {
  id: number;
  campaignId: number;
  skuId: number;
  lotId: number | null;
  priceFen: number;
  stock: number;
  reserved: number;
  sold: number;
  perPersonLimit: number | null;
  leaderCommissionBps: number | null;
  sortOrder: number;
  productId: number;
  title: string;
  spec: string;
  unit: string;
  storage: StorageKind;
  fresh: boolean;
  supplyCostFen: number;
  listPriceFen: number;
  productCommissionBps: number | null;
}

export interface TierRow { campaignItemId: number; minParticipants: number; priceFen: number }

const CAMPAIGN_COLUMNS = `id, owner_kind AS ownerKind, leader_id AS leaderId, community_id AS communityId, title, description,
  cover_image AS coverImage, status, threshold_kind AS thresholdKind, threshold_value AS thresholdValue, starts_at AS startsAt,
  deadline_at AS deadlineAt, pickup_starts_at AS pickupStartsAt, pickup_ends_at AS pickupEndsAt, succeeded_at AS succeededAt,
  paid_participants AS paidParticipants, paid_quantity AS paidQuantity, closed_at AS closedAt, created_by AS createdBy, version`;

function toCampaign(r: Record<string, unknown>): CampaignRow {
  return {
    ...(r as unknown as CampaignRow),
    startsAt: toDate(r.startsAt), deadlineAt: toDate(r.deadlineAt), pickupStartsAt: toDate(r.pickupStartsAt),
    pickupEndsAt: toDate(r.pickupEndsAt), succeededAt: toDate(r.succeededAt, true), closedAt: toDate(r.closedAt, true),
    paidParticipants: Number(r.paidParticipants), paidQuantity: Number(r.paidQuantity), thresholdValue: Number(r.thresholdValue),
  };
}

export class CampaignRepository {
  constructor(private readonly db: Database) {}

  async find(id: number, tx?: Transaction, lock = false): Promise<CampaignRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = :id${lock ? this.db.forUpdate : ''}`, { id }, tx);
    return rows[0] ? toCampaign(rows[0]) : null;
  }

  /** Locks the campaign row for the rest of the transaction: the one serialisation point per campaign. */
  lock(id: number, tx: Transaction): Promise<CampaignRow | null> {
    return this.find(id, tx, true);
  }

  async list(where: string, replacements: Record<string, unknown>, orderBy = 'deadline_at ASC', limit = 100): Promise<CampaignRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE ${where} ORDER BY ${orderBy} LIMIT ${Math.min(500, Math.max(1, limit))}`, replacements);
    return rows.map(toCampaign);
  }

  async items(campaignIds: number[], tx?: Transaction, lock = false): Promise<CampaignItemRow[]> {
    if (campaignIds.length === 0) return [];
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT ci.id, ci.campaign_id AS campaignId, ci.sku_id AS skuId, ci.lot_id AS lotId, ci.price_fen AS priceFen, ci.stock,
              ci.reserved, ci.sold, ci.per_person_limit AS perPersonLimit, ci.leader_commission_bps AS leaderCommissionBps,
              ci.sort_order AS sortOrder, s.product_id AS productId, p.title, s.spec, p.unit, p.storage, p.fresh,
              s.supply_cost_fen AS supplyCostFen, s.list_price_fen AS listPriceFen, p.leader_commission_bps AS productCommissionBps
         FROM campaign_items ci JOIN skus s ON s.id = ci.sku_id JOIN products p ON p.id = s.product_id
        WHERE ci.campaign_id IN (:campaignIds) ORDER BY ci.campaign_id, ci.sort_order, ci.id${lock ? this.db.forUpdate : ''}`,
      { campaignIds }, tx);
    return rows.map((r) => ({
      ...(r as unknown as CampaignItemRow),
      priceFen: Number(r.priceFen), supplyCostFen: Number(r.supplyCostFen), listPriceFen: Number(r.listPriceFen),
      stock: Number(r.stock), reserved: Number(r.reserved), sold: Number(r.sold), fresh: Boolean(Number(r.fresh)),
    }));
  }

  async tiers(itemIds: number[], tx?: Transaction): Promise<TierRow[]> {
    if (itemIds.length === 0) return [];
    const rows = await this.db.select<TierRow>(
      `SELECT campaign_item_id AS campaignItemId, min_participants AS minParticipants, price_fen AS priceFen
         FROM campaign_price_tiers WHERE campaign_item_id IN (:itemIds) ORDER BY min_participants`, { itemIds }, tx);
    return rows.map((t) => ({ ...t, priceFen: Number(t.priceFen) }));
  }

  async pickupPointIds(campaignId: number, tx?: Transaction): Promise<number[]> {
    const rows = await this.db.select<{ id: number }>(
      'SELECT pickup_point_id AS id FROM campaign_pickup_points WHERE campaign_id = :campaignId ORDER BY pickup_point_id', { campaignId }, tx);
    return rows.map((r) => r.id);
  }

  /** Units each of `userIds` already holds of each item (pending + paid). */
  async buyerHoldings(itemIds: number[], userIds: number[], tx: Transaction): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!itemIds.length || !userIds.length) return out;
    const rows = await this.db.select<{ itemId: number; userId: number; quantity: number }>(
      `SELECT campaign_item_id AS itemId, user_id AS userId, quantity FROM campaign_item_buyers
        WHERE campaign_item_id IN (:itemIds) AND user_id IN (:userIds)`, { itemIds, userIds }, tx);
    for (const r of rows) out.set(`${r.itemId}:${r.userId}`, Number(r.quantity));
    return out;
  }

  /** Writes new holdings in one upsert (the item rows are locked, so nobody else writes these rows meanwhile). */
  async saveBuyerHoldings(changes: Array<{ itemId: number; userId: number; quantity: number }>, tx: Transaction): Promise<void> {
    if (!changes.length) return;
    const repl: Record<string, unknown> = {};
    const values = changes.map((c, i) => { repl[`i${i}`] = c.itemId; repl[`u${i}`] = c.userId; repl[`q${i}`] = c.quantity; return `(:i${i}, :u${i}, :q${i})`; }).join(', ');
    const upsert = this.db.dialect === 'mysql'
      ? 'ON DUPLICATE KEY UPDATE quantity = VALUES(quantity)'
      : 'ON CONFLICT (campaign_item_id, user_id) DO UPDATE SET quantity = excluded.quantity';
    await this.db.execute(`INSERT INTO campaign_item_buyers (campaign_item_id, user_id, quantity) VALUES ${values} ${upsert}`, repl, tx);
  }

  /** Adds `delta` (may be negative) to an item's reserved and sold counters. */
  async bumpItem(itemId: number, delta: { reserved?: number; sold?: number }, tx: Transaction): Promise<void> {
    await this.db.execute(
      'UPDATE campaign_items SET reserved = reserved + :r, sold = sold + :s WHERE id = :itemId',
      { itemId, r: delta.reserved ?? 0, s: delta.sold ?? 0 }, tx);
  }

  async bumpBuyer(itemId: number, userId: number, delta: number, tx: Transaction): Promise<void> {
    await this.db.execute(
      'UPDATE campaign_item_buyers SET quantity = quantity + :delta WHERE campaign_item_id = :itemId AND user_id = :userId',
      { itemId, userId, delta }, tx);
  }

  /**
   * Paid orders arrive (+1) in or leave (−1) the paid set, one entry per order: the participant rows (the 接龙
   * list), the distinct-participant and quantity counters. Returns the campaign's new counters. The caller holds
   * the campaign's lock; a batch of payments passes all its orders at once (one read, one counter update).
   */
  async applyPaidDelta(
    tx: Transaction, campaignId: number, orders: ReadonlyArray<{ userId: number; displayName: string; quantity: number }>, sign: 1 | -1, now: Date,
  ): Promise<{ paidParticipants: number; paidQuantity: number }> {
    // Per neighbour, in arrival order (Map keeps it): one may pay two orders in one batch.
    const byUser = new Map<number, { displayName: string; quantity: number; orders: number }>();
    for (const o of orders) {
      const b = byUser.get(o.userId) ?? { displayName: o.displayName, quantity: 0, orders: 0 };
      b.quantity += o.quantity;
      b.orders += 1;
      byUser.set(o.userId, b);
    }
    const existing = new Map((await this.db.select<{ id: number; userId: number; paidOrders: number }>(
      'SELECT id, user_id AS userId, paid_orders AS paidOrders FROM campaign_participants WHERE campaign_id = :campaignId AND user_id IN (:userIds)',
      { campaignId, userIds: [...byUser.keys()] }, tx)).map((r) => [Number(r.userId), { id: Number(r.id), paidOrders: Number(r.paidOrders) }]));
    let participantDelta = 0;
    let quantityDelta = 0;
    for (const [userId, b] of byUser) {
      const e = existing.get(userId);
      quantityDelta += sign * b.quantity;
      if (sign === 1) {
        if (!e) {
          await this.db.execute(
            `INSERT INTO campaign_participants (campaign_id, user_id, display_name, paid_orders, paid_quantity, first_paid_at)
             VALUES (:campaignId, :userId, :displayName, :orders, :quantity, :now)`, { campaignId, userId, displayName: b.displayName, orders: b.orders, quantity: b.quantity, now }, tx);
          participantDelta += 1;
        } else {
          if (e.paidOrders === 0) participantDelta += 1;
          await this.db.execute(
            'UPDATE campaign_participants SET paid_orders = paid_orders + :orders, paid_quantity = paid_quantity + :quantity WHERE id = :id',
            { id: e.id, orders: b.orders, quantity: b.quantity }, tx);
        }
      } else if (e) {
        if (e.paidOrders === b.orders) {
          // The last paid order left: the neighbour leaves the 接龙 list and the participant count.
          await this.db.execute('DELETE FROM campaign_participants WHERE id = :id', { id: e.id }, tx);
          participantDelta -= 1;
        } else {
          await this.db.execute(
            'UPDATE campaign_participants SET paid_orders = paid_orders - :orders, paid_quantity = paid_quantity - :quantity WHERE id = :id',
            { id: e.id, orders: b.orders, quantity: b.quantity }, tx);
        }
      }
    }
    await this.db.execute(
      `UPDATE campaigns SET paid_participants = paid_participants + :p, paid_quantity = paid_quantity + :q, updated_at = :now WHERE id = :campaignId`,
      { campaignId, p: participantDelta, q: quantityDelta, now }, tx);
    const [c] = await this.db.select<{ p: number; q: number }>(
      'SELECT paid_participants AS p, paid_quantity AS q FROM campaigns WHERE id = :campaignId', { campaignId }, tx);
    return { paidParticipants: Number(c.p), paidQuantity: Number(c.q) };
  }

  async setSucceededAt(tx: Transaction, campaignId: number, at: Date | null): Promise<void> {
    await this.db.execute('UPDATE campaigns SET succeeded_at = :at WHERE id = :campaignId', { campaignId, at }, tx);
  }

  /** Compare-and-set of the status; false when someone else moved it first. */
  async casStatus(tx: Transaction, id: number, from: CampaignStatus, to: CampaignStatus, now: Date, extra: { closedAt?: Date; closeReason?: string } = {}): Promise<boolean> {
    const sets = ['status = :to', 'updated_at = :now', 'version = version + 1'];
    if (extra.closedAt) sets.push('closed_at = :closedAt');
    if (extra.closeReason) sets.push('close_reason = :closeReason');
    const n = await this.db.execute(`UPDATE campaigns SET ${sets.join(', ')} WHERE id = :id AND status = :from`,
      { id, from, to, now, closedAt: extra.closedAt ?? null, closeReason: extra.closeReason ?? null }, tx);
    return n === 1;
  }

  async recordEvent(tx: Transaction, campaignId: number, from: string, to: string, reason: string, actor: string, now: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO campaign_events (campaign_id, from_status, to_status, reason, actor, created_at) VALUES (:campaignId, :from, :to, :reason, :actor, :now)`,
      { campaignId, from, to, reason: reason.slice(0, 255), actor: actor.slice(0, 64), now }, tx);
  }

  async events(campaignId: number): Promise<Array<{ fromStatus: string; toStatus: string; reason: string; actor: string; createdAt: Date }>> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT from_status AS fromStatus, to_status AS toStatus, reason, actor, created_at AS createdAt FROM campaign_events
        WHERE campaign_id = :campaignId ORDER BY id`, { campaignId });
    return rows.map((r) => ({ ...(r as { fromStatus: string; toStatus: string; reason: string; actor: string }), createdAt: toDate(r.createdAt) }));
  }

  /** The 接龙 list: paid participants in order of first payment, with what they hold (net of refunds); a page of it. */
  async jielong(campaignId: number, limit = 100, offset = 0): Promise<Array<{ userId: number; displayName: string; firstPaidAt: Date; items: Array<{ title: string; quantity: number }> }>> {
    const people = await this.db.select<{ userId: number; displayName: string; firstPaidAt: unknown }>(
      `SELECT user_id AS userId, display_name AS displayName, first_paid_at AS firstPaidAt FROM campaign_participants
        WHERE campaign_id = :campaignId AND paid_orders > 0 ORDER BY first_paid_at, id LIMIT ${Math.max(1, Math.min(5000, limit))} OFFSET ${Math.max(0, offset)}`, { campaignId });
    if (!people.length) return [];
    // Only this page's neighbours: the list can be long, the page is not.
    const lines = await this.db.select<{ userId: number; title: string; quantity: number }>(
      `SELECT o.user_id AS userId, oi.title, SUM(oi.quantity - oi.refunded_quantity) AS quantity
         FROM orders o JOIN order_items oi ON oi.order_id = o.id
        WHERE o.campaign_id = :campaignId AND o.user_id IN (:userIds)
          AND o.status IN ('paid','confirmed','shipped','ready_for_pickup','picked_up','partially_refunded','completed')
        GROUP BY o.user_id, oi.campaign_item_id, oi.title`, { campaignId, userIds: people.map((p) => Number(p.userId)) });
    const byUser = new Map<number, Array<{ title: string; quantity: number }>>();
    for (const l of lines) {
      if (Number(l.quantity) <= 0) continue;
      const list = byUser.get(Number(l.userId)) ?? [];
      list.push({ title: l.title, quantity: Number(l.quantity) });
      byUser.set(Number(l.userId), list);
    }
    return people.map((p) => ({ userId: Number(p.userId), displayName: p.displayName, firstPaidAt: toDate(p.firstPaidAt), items: byUser.get(Number(p.userId)) ?? [] }));
  }
}
