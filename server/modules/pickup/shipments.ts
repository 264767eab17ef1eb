/**
 * 发货与到货: one shipment per (campaign, pickup point) — unique — created when fulfilment is prepared, marked
 * shipped, then confirmed by the store as arrived in full or in part (with a note on what is missing). Status
 * changes are compare-and-set against `shipmentTransitions`; a later arrival of the rest completes a partial one.
 */
import type { Transaction } from 'sequelize';
import { assertTransition, type Transitions } from '../../kernel/fsm';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import { toDate, type Database } from '../../infra/db';
import type { ShipmentStatus } from '../../../shared/types/statuses';

export const shipmentTransitions: Transitions<ShipmentStatus> = {
  pending: ['shipped'],
  shipped: ['arrived', 'partially_arrived'],
  partially_arrived: ['arrived', 'partially_arrived'],
  arrived: [],
};

export interface ShipmentRow {
  id: number; campaignId: number; pickupPointId: number; status: ShipmentStatus; expectedOrders: number; arrivedOrders: number;
  missingNote: string | null; shippedAt: Date | null; arrivedAt: Date | null; confirmedBy: number | null;
}

const COLUMNS = `id, campaign_id AS campaignId, pickup_point_id AS pickupPointId, status, expected_orders AS expectedOrders,
  arrived_orders AS arrivedOrders, missing_note AS missingNote, shipped_at AS shippedAt, arrived_at AS arrivedAt, confirmed_by AS confirmedBy`;

const toRow = (r: Record<string, unknown>): ShipmentRow => ({
  ...(r as unknown as ShipmentRow),
  id: Number(r.id), campaignId: Number(r.campaignId), pickupPointId: Number(r.pickupPointId),
  expectedOrders: Number(r.expectedOrders), arrivedOrders: Number(r.arrivedOrders),
  confirmedBy: r.confirmedBy == null ? null : Number(r.confirmedBy),
  shippedAt: toDate(r.shippedAt, true), arrivedAt: toDate(r.arrivedAt, true),
});

export class Shipments {
  constructor(private readonly db: Database) {}

  async find(where: string, replacements: Record<string, unknown>, tx?: Transaction, lock = false): Promise<ShipmentRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM shipments WHERE ${where} ORDER BY id${lock ? this.db.forUpdate : ''}`, replacements, tx);
    return rows.map(toRow);
  }

  async get(id: number, tx?: Transaction, lock = false): Promise<ShipmentRow> {
    const [row] = await this.find('id = :id', { id }, tx, lock);
    if (!row) throw new NotFoundError('shipment', id);
    return row;
  }

  forCampaign(campaignId: number, tx?: Transaction, lock = false): Promise<ShipmentRow[]> {
    return this.find('campaign_id = :campaignId', { campaignId }, tx, lock);
  }

  forPoints(pickupPointIds: number[]): Promise<ShipmentRow[]> {
    if (!pickupPointIds.length) return Promise.resolve([]);
    return this.find('pickup_point_id IN (:pickupPointIds)', { pickupPointIds });
  }

  /** Creates the (campaign, point) shipment if missing, else refreshes its expected count while still pending. */
  async ensure(tx: Transaction, campaignId: number, pickupPointId: number, expectedOrders: number, now: Date): Promise<void> {
    const [existing] = await this.find('campaign_id = :campaignId AND pickup_point_id = :pickupPointId', { campaignId, pickupPointId }, tx);
    if (existing) {
      if (existing.status === 'pending' && existing.expectedOrders !== expectedOrders) {
        await this.db.execute("UPDATE shipments SET expected_orders = :expectedOrders, updated_at = :now WHERE id = :id AND status = 'pending'", { id: existing.id, expectedOrders, now }, tx);
      }
      return;
    }
    await this.db.execute(
      `INSERT INTO shipments (campaign_id, pickup_point_id, status, expected_orders, arrived_orders, created_at, updated_at)
       VALUES (:campaignId, :pickupPointId, 'pending', :expectedOrders, 0, :now, :now)`, { campaignId, pickupPointId, expectedOrders, now }, tx);
  }

  /** The one way a shipment changes status: table check, then compare-and-set with the columns that go with it. */
  async transition(tx: Transaction, s: Pick<ShipmentRow, 'id' | 'status'>, to: ShipmentStatus, now: Date, sets: { arrivedDelta?: number; missingNote?: string | null; confirmedBy?: number } = {}): Promise<void> {
    assertTransition(shipmentTransitions, 'shipment', s.status, to);
    const cols = ['status = :to', 'updated_at = :now'];
    if (to === 'shipped') cols.push('shipped_at = :now');
    if (to === 'arrived' || to === 'partially_arrived') cols.push('arrived_at = :now', 'arrived_orders = arrived_orders + :delta', 'missing_note = :note', 'confirmed_by = :by');
    const n = await this.db.execute(`UPDATE shipments SET ${cols.join(', ')} WHERE id = :id AND status = :from`,
      { id: s.id, from: s.status, to, now, delta: sets.arrivedDelta ?? 0, note: sets.missingNote ?? null, by: sets.confirmedBy ?? null }, tx);
    if (n !== 1) throw new ConflictError('发货状态已变化，请刷新', { shipmentId: s.id });
  }
}
