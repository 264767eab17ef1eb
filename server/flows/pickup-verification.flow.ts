/**
 * 核销提货码: the store types or scans the neighbour's code. A code is valid only at its order's own pickup
 * point, only while the order is ready for pickup, and only once (the order moves ready_for_pickup → picked_up
 * by compare-and-set; a second use finds it picked up). Wrong codes count against the store: after
 * `verifyMaxFailures` in a row its verification is locked for `verifyLockMinutes` (429), so codes cannot be
 * guessed by walking them. The count is written even though the answer is an error: the transaction returns an
 * outcome and the error is thrown after commit.
 *
 * On pickup: the order's completion is scheduled for the end of its return window, and — for WeChat Pay
 * payments — the shipping information upload that releases the funds at WeChat is queued.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { BusinessRuleError, ConflictError, NotFoundError, RateLimitedError } from '../kernel/errors';
import { normalisePickupCode } from '../modules/pickup';
import type { OrderRow } from '../modules/order';
import type { TxContext } from '../infra/db';
import { HOUR } from '../kernel/clock';

type Outcome =
  | { kind: 'ok'; order: OrderRow }
  | { kind: 'locked'; until: Date }
  | { kind: 'wrong'; remaining: number; lockedUntil: Date | null }
  | { kind: 'used'; orderId: number }
  | { kind: 'not_ready'; orderId: number; status: string };

export class PickupVerificationFlow {
  constructor(private readonly c: Container) {}

  /** Verifies `rawCode` at `pickupPointId` (the caller checked that the store owns the point). */
  async verify(rc: ServiceContext, storeUserId: number, pickupPointId: number, rawCode: string): Promise<OrderRow> {
    const guard = this.c.pickupGuard;
    const outcome = await this.c.db.transaction(rc, async (trc): Promise<Outcome> => {
      const state = await guard.lockGuard(trc.tx, pickupPointId);
      if (!state) throw new NotFoundError('pickup point', pickupPointId);
      if (state.lockedUntil && state.lockedUntil > trc.now) return { kind: 'locked', until: state.lockedUntil };
      const code = normalisePickupCode(rawCode);
      const [order] = code
        ? await this.c.orders.repo.findMany('o.pickup_point_id = :pickupPointId AND o.pickup_code = :code', { pickupPointId, code }, trc.tx, `ORDER BY o.id${this.c.db.forUpdate}`)
        : [];
      if (!order) {
        const after = await guard.recordFailure(trc.tx, pickupPointId, state, trc.now);
        return { kind: 'wrong', remaining: Math.max(0, guard.maxFailures - after.failStreak), lockedUntil: after.lockedUntil && after.lockedUntil > trc.now ? after.lockedUntil : null };
      }
      // A real code of this store: the streak of wrong guesses is broken, whatever the order's state.
      await guard.reset(trc.tx, pickupPointId);
      if (order.pickedUpAt || ['picked_up', 'partially_refunded', 'completed'].includes(order.status)) return { kind: 'used', orderId: order.id };
      if (order.status !== 'ready_for_pickup') return { kind: 'not_ready', orderId: order.id, status: order.status };
      const moved = await this.c.orders.transition(trc, order, 'picked_up', '自提点核销提货码', `pickup:${storeUserId}`, { picked_up_at: trc.now });
      if (!moved) return { kind: 'used', orderId: order.id };
      const pickedUp = { ...order, status: 'picked_up' as const, pickedUpAt: trc.now };
      await this.c.flows.orderLife.scheduleCompletion(trc, order.id, (await this.c.flows.afterSale.returnWindowEnd(order, trc.tx, trc.now))!);
      await this.c.flows.shippingUpload.enqueueIfNeeded(trc, order.id);
      return { kind: 'ok', order: pickedUp };
    });
    switch (outcome.kind) {
      case 'ok': return outcome.order;
      case 'locked': throw new RateLimitedError('提货码错误次数过多，核销已暂时锁定，请稍后再试', { lockedUntil: outcome.until.toISOString() });
      case 'wrong': throw new BusinessRuleError('PICKUP_CODE_INVALID', '提货码无效，或不是本店的订单', {
        remainingAttempts: outcome.remaining, lockedUntil: outcome.lockedUntil?.toISOString() ?? null,
      });
      case 'used': throw new ConflictError('该提货码已核销，不能重复使用', { orderId: outcome.orderId }, 'PICKUP_CODE_USED');
      case 'not_ready': throw new ConflictError('货物尚未到店确认，暂不能提货', { orderId: outcome.orderId, status: outcome.status }, 'ILLEGAL_TRANSITION');
    }
  }
}
