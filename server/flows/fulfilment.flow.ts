/**
 * 履约: from a successfully closed campaign to goods at the stores.
 *  - prepare: every confirmed order gets its pickup code and every pickup point its shipment (idempotent; also
 *    run by ship). Codes exist from here on so the sorting list can print their tails; the neighbour sees theirs
 *    only once the goods are ready (OrderDTO).
 *  - ship (per pickup point): confirmed → shipped; the first shipment moves the campaign closed → fulfilling.
 *  - arrival (the store): all, or the orders that came (with a note on what is missing): shipped →
 *    ready_for_pickup; the neighbours are told (notice hooks: bot group message and personal notices, written
 *    in this transaction); reminders for uncollected orders are scheduled. The rest may arrive later, or an
 *    admin refunds them as a short arrival.
 *  - after the pickup window: an admin decides for each uncollected order — refund (reason 'uncollected', or
 *    'short_arrival' for goods that never arrived) or hold until a date.
 *  - the campaign completes (fulfilling → completed) once every order is completed or refunded (a sweep job).
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { HOUR } from '../kernel/clock';
import { BusinessRuleError, ConflictError, InvalidInputError, NotFoundError } from '../kernel/errors';
import { isUniqueViolation, toDate, type TxContext } from '../infra/db';
import type { CampaignRow } from '../modules/campaign';
import { newPickupCode, type ShipmentRow } from '../modules/pickup';
import type { OrderRow } from '../modules/order';
import type { OrderStatus } from '../../shared/types/statuses';

export const FULFILMENT_JOBS = { remind: 'pickup.remind', completeSweep: 'campaigns.complete-sweep' } as const;

/** Orders still to be delivered at their point (their codes are assigned at prepare). */
const TO_DELIVER: readonly OrderStatus[] = ['confirmed', 'shipped', 'ready_for_pickup'];
/** An order in one of these needs nothing more from fulfilment. */
const SETTLED: readonly OrderStatus[] = ['completed', 'refunded', 'expired', 'cancelled'];
const HOLD_MAX_DAYS = 30;

export interface FulfilmentActor { role: 'leader' | 'admin'; userId: number }

export interface UncollectedOrder {
  orderId: number; orderNo: string; campaignId: number; campaignTitle: string; pickupPointId: number; status: OrderStatus;
  userId: number; neighbourName: string; pickupPointName: string; paidFen: number; refundedFen: number; pickupEndsAt: string; heldUntil: string | null;
}

export class FulfilmentFlow {
  constructor(private readonly c: Container) {}

  /** Codes and shipments for a closed or fulfilling campaign. Returns its shipments. */
  async prepare(rc: ServiceContext, campaignId: number): Promise<ShipmentRow[]> {
    return this.c.db.transaction(rc, async (trc) => {
      await this.prepareIn(trc, await this.lockFulfillable(trc, campaignId));
      return this.c.shipments.forCampaign(campaignId, trc.tx);
    });
  }

  async ship(rc: ServiceContext, actor: FulfilmentActor, campaignId: number, pickupPointId: number): Promise<ShipmentRow> {
    return this.c.db.transaction(rc, async (trc) => {
      const campaign = await this.lockFulfillable(trc, campaignId);
      await this.prepareIn(trc, campaign);
      const [shipment] = (await this.c.shipments.forCampaign(campaignId, trc.tx, true)).filter((s) => s.pickupPointId === pickupPointId);
      if (!shipment) throw new NotFoundError('shipment', `${campaignId}/${pickupPointId}`);
      if (shipment.status !== 'pending') return shipment; // shipped already: a repeated click changes nothing
      const who = `${actor.role}:${actor.userId}`;
      const confirmed = await this.ordersAt(trc, campaignId, pickupPointId, ['confirmed']);
      await this.c.orders.transitionMany(trc, confirmed, 'shipped', '已发往自提点', who, { shipped_at: trc.now });
      await this.c.shipments.transition(trc.tx, shipment, 'shipped', trc.now);
      if (campaign.status === 'closed') await this.c.campaigns.transition(trc, campaignId, 'fulfilling', '开始发货', { role: actor.role, name: String(actor.userId) });
      await this.c.audit.record(trc.tx, actor.userId, 'shipment.ship', 'shipment', shipment.id, { campaignId, pickupPointId, orders: confirmed.length }, trc.now);
      return this.c.shipments.get(shipment.id, trc.tx);
    });
  }

  /**
   * The store confirms what arrived: every shipped order of the shipment, or those listed. A partial arrival
   * needs a note saying what is missing. Returns the shipment and the orders now ready.
   */
  async confirmArrival(rc: ServiceContext, storeUserId: number, shipmentId: number, ask: { arrivedOrderIds?: number[]; note?: string | null }): Promise<{ shipment: ShipmentRow; readyOrderIds: number[] }> {
    return this.c.db.transaction(rc, async (trc) => {
      const peek = await this.c.shipments.get(shipmentId, trc.tx);
      const campaign = await this.c.campaigns.lock(trc, peek.campaignId);
      const shipment = await this.c.shipments.get(shipmentId, trc.tx, true);
      if (shipment.status !== 'shipped' && shipment.status !== 'partially_arrived') {
        throw new ConflictError(shipment.status === 'pending' ? '货物尚未发出' : '这批货已全部确认到货', { status: shipment.status }, 'ILLEGAL_TRANSITION');
      }
      const inTransit = await this.ordersAt(trc, shipment.campaignId, shipment.pickupPointId, ['shipped']);
      const byId = new Map(inTransit.map((o) => [o.id, o]));
      let arrived = inTransit;
      if (ask.arrivedOrderIds) {
        const unknown = ask.arrivedOrderIds.filter((id) => !byId.has(id));
        if (unknown.length) throw new InvalidInputError('这些订单不在本批待到货的订单中', { orderIds: unknown });
        arrived = [...new Set(ask.arrivedOrderIds)].map((id) => byId.get(id)!);
      }
      if (!arrived.length) throw new InvalidInputError('请至少确认一单到货');
      const partial = arrived.length < inTransit.length;
      const note = ask.note?.trim() || null;
      if (partial && !note) throw new InvalidInputError('部分到货时请说明缺少什么');
      await this.assignCodes(trc, arrived.filter((o) => !o.pickupCode)); // orders prepared before a code existed
      const ready = await this.c.orders.transitionMany(trc, arrived, 'ready_for_pickup', partial ? `部分到货：${note}` : '已到自提点', `pickup:${storeUserId}`, { ready_at: trc.now });
      await this.c.shipments.transition(trc.tx, shipment, partial ? 'partially_arrived' : 'arrived', trc.now, { arrivedDelta: ready.length, missingNote: note, confirmedBy: storeUserId });
      await this.c.notices?.goodsArrived(trc, campaign, shipment.pickupPointId, ready, note);
      await this.scheduleReminders(trc, campaign, shipment.pickupPointId);
      await this.c.audit.record(trc.tx, storeUserId, 'shipment.arrival', 'shipment', shipment.id, { orders: ready.length, missing: inTransit.length - ready.length, note }, trc.now);
      return { shipment: await this.c.shipments.get(shipmentId, trc.tx), readyOrderIds: ready };
    });
  }

  /** Job 'pickup.remind': the orders of (campaign, point) still waiting to be collected get a reminder. */
  async remind(rc: ServiceContext, campaignId: number, pickupPointId: number): Promise<number> {
    return this.c.db.transaction(rc, async (trc) => {
      const campaign = await this.c.campaigns.get(campaignId, trc.tx);
      const waiting = await this.ordersAt(trc, campaignId, pickupPointId, ['ready_for_pickup']);
      if (waiting.length) await this.c.notices?.pickupReminder(trc, campaign, waiting.map((o) => o.id));
      return waiting.length;
    });
  }

  /** Orders whose pickup window is over and that were neither collected nor held (or whose hold ran out). */
  async uncollected(now: Date, limit = 500): Promise<UncollectedOrder[]> {
    const rows = await this.c.db.select<Record<string, unknown>>(
      `SELECT o.id, o.order_no AS orderNo, o.campaign_id AS campaignId, c.title, o.pickup_point_id AS pickupPointId, o.status, o.user_id AS userId,
              u.display_name AS neighbourName, p.name AS pickupPointName,
              o.paid_fen AS paidFen, o.refunded_fen AS refundedFen, c.pickup_ends_at AS pickupEndsAt, o.pickup_hold_until AS heldUntil
         FROM orders o JOIN campaigns c ON c.id = o.campaign_id
         LEFT JOIN users u ON u.id = o.user_id LEFT JOIN pickup_points p ON p.id = o.pickup_point_id
        WHERE o.status IN ('shipped', 'ready_for_pickup') AND c.pickup_ends_at <= :now
          AND (o.pickup_hold_until IS NULL OR o.pickup_hold_until <= :now)
        ORDER BY c.pickup_ends_at, o.id LIMIT ${Math.max(1, Math.min(1000, limit))}`, { now });
    return rows.map((r) => ({
      orderId: Number(r.id), orderNo: String(r.orderNo), campaignId: Number(r.campaignId), campaignTitle: String(r.title),
      pickupPointId: Number(r.pickupPointId), status: r.status as OrderStatus, userId: Number(r.userId),
      neighbourName: String(r.neighbourName ?? ''), pickupPointName: String(r.pickupPointName ?? ''), paidFen: Number(r.paidFen),
      refundedFen: Number(r.refundedFen), pickupEndsAt: toDate(r.pickupEndsAt).toISOString(), heldUntil: toDate(r.heldUntil, true)?.toISOString() ?? null,
    }));
  }

  /**
   * The admin's decision on an uncollected order: refund what is left (goods never collected, or never arrived)
   * or hold it for the neighbour until a date (it returns to the list then).
   */
  async decideUncollected(rc: ServiceContext, adminUserId: number, orderId: number, d: { decision: 'refund' | 'hold'; reason: string; holdUntil?: Date }): Promise<void> {
    const order = await this.c.orders.get(orderId);
    const campaign = await this.c.campaigns.get(order.campaignId);
    if (order.status !== 'ready_for_pickup' && order.status !== 'shipped') {
      throw new ConflictError(`订单状态「${order.status}」不需要处理`, { status: order.status }, 'ILLEGAL_TRANSITION');
    }
    if (rc.now < campaign.pickupEndsAt) throw new BusinessRuleError('BUSINESS_RULE', '自提期尚未结束', { pickupEndsAt: campaign.pickupEndsAt.toISOString() });
    if (d.decision === 'refund') {
      await this.c.flows.adminRefund.refund(rc, adminUserId, orderId, {
        reason: d.reason, reasonKind: order.status === 'shipped' ? 'short_arrival' : 'uncollected',
      });
      return;
    }
    const until = d.holdUntil ?? new Date(rc.now.getTime() + 3 * 24 * HOUR);
    if (until <= rc.now || until.getTime() > rc.now.getTime() + HOLD_MAX_DAYS * 24 * HOUR) throw new InvalidInputError(`保留期限须在 ${HOLD_MAX_DAYS} 天之内`);
    await this.c.db.transaction(rc, async (trc) => {
      const locked = await this.c.orders.get(orderId, trc.tx, true);
      if (locked.status !== order.status) throw new ConflictError('订单状态已变化，请刷新');
      await this.c.orders.repo.setColumns(trc.tx, orderId, { pickup_hold_until: until, updated_at: trc.now });
      await this.c.audit.record(trc.tx, adminUserId, 'order.hold', 'order', orderId, { until: until.toISOString(), reason: d.reason }, trc.now);
      if (locked.status === 'ready_for_pickup') {
        await this.c.jobs.enqueue(trc.tx, { kind: FULFILMENT_JOBS.remind, runAt: trc.now, dedupeKey: `${FULFILMENT_JOBS.remind}:${campaign.id}:${locked.pickupPointId}:hold:${orderId}:${until.getTime()}`, payload: { campaignId: campaign.id, pickupPointId: locked.pickupPointId } });
      }
    });
  }

  /** Job 'campaigns.complete-sweep': closed or fulfilling campaigns whose every order is settled complete. */
  async completeSettled(rc: ServiceContext): Promise<number[]> {
    const candidates = await this.c.db.select<{ id: number }>(
      `SELECT c.id FROM campaigns c WHERE c.status IN ('closed', 'fulfilling')
          AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.campaign_id = c.id AND o.status NOT IN (:settled))
        ORDER BY c.id LIMIT 200`, { settled: SETTLED });
    const done: number[] = [];
    for (const { id } of candidates) {
      await this.c.db.transaction(rc, async (trc) => {
        const c = await this.c.campaigns.lock(trc, Number(id));
        if (c.status !== 'closed' && c.status !== 'fulfilling') return;
        const open = await this.c.orders.repo.findMany('o.campaign_id = :id AND o.status NOT IN (:settled)', { id: c.id, settled: SETTLED }, trc.tx, 'LIMIT 1');
        if (open.length) return;
        await this.c.campaigns.transition(trc, c.id, 'completed', '所有订单已完成或已退款', { role: 'system', name: 'scheduler' });
        done.push(c.id);
      });
    }
    return done;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────────────────

  private async lockFulfillable(trc: TxContext, campaignId: number): Promise<CampaignRow> {
    const campaign = await this.c.campaigns.lock(trc, campaignId);
    if (campaign.status !== 'closed' && campaign.status !== 'fulfilling') {
      throw new ConflictError(`活动当前状态为「${campaign.status}」，成团结束后才能发货`, { status: campaign.status }, 'CAMPAIGN_NOT_OPEN');
    }
    return campaign;
  }

  private ordersAt(trc: TxContext, campaignId: number, pickupPointId: number, statuses: readonly OrderStatus[]): Promise<OrderRow[]> {
    return this.c.orders.repo.findMany('o.campaign_id = :campaignId AND o.pickup_point_id = :pickupPointId AND o.status IN (:statuses)',
      { campaignId, pickupPointId, statuses }, trc.tx, `ORDER BY o.id${this.c.db.forUpdate}`);
  }

  /** Under the campaign lock: codes for orders still to deliver, one shipment per point they go to. */
  private async prepareIn(trc: TxContext, campaign: CampaignRow): Promise<void> {
    const orders = await this.c.orders.repo.findMany('o.campaign_id = :id AND o.status IN (:statuses)', { id: campaign.id, statuses: TO_DELIVER }, trc.tx);
    await this.assignCodes(trc, orders.filter((o) => !o.pickupCode));
    const perPoint = new Map<number, number>();
    for (const o of orders) perPoint.set(o.pickupPointId, (perPoint.get(o.pickupPointId) ?? 0) + 1);
    for (const [pointId, n] of perPoint) await this.c.shipments.ensure(trc.tx, campaign.id, pointId, n, trc.now);
  }

  /** A fresh random code per order; a code already taken at that point (unique key) is drawn again. */
  private async assignCodes(trc: TxContext, orders: ReadonlyArray<Pick<OrderRow, 'id'>>): Promise<void> {
    for (const o of orders) {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.c.db.execute('UPDATE orders SET pickup_code = :code WHERE id = :id AND pickup_code IS NULL', { id: o.id, code: newPickupCode() }, trc.tx);
          break;
        } catch (err) {
          if (attempt >= 5 || !isUniqueViolation(err)) throw err;
        }
      }
    }
  }

  /** A reminder some hours after arrival, and one before the pickup window closes (each once per point). */
  private async scheduleReminders(trc: TxContext, campaign: CampaignRow, pickupPointId: number): Promise<void> {
    const first = new Date(trc.now.getTime() + this.c.config.fulfilment.reminderAfterHours * HOUR);
    const last = new Date(campaign.pickupEndsAt.getTime() - 12 * HOUR);
    const times = [first, ...(last.getTime() > first.getTime() + HOUR ? [last] : [])].filter((t) => t < campaign.pickupEndsAt);
    for (const runAt of times) {
      await this.c.jobs.enqueue(trc.tx, {
        kind: FULFILMENT_JOBS.remind, runAt, dedupeKey: `${FULFILMENT_JOBS.remind}:${campaign.id}:${pickupPointId}:${runAt.getTime()}`,
        payload: { campaignId: campaign.id, pickupPointId },
      });
    }
  }
}
