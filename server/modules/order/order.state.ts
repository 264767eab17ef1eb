/**
 * 订单状态机 (meanings in shared/types/statuses.ts). Partial refunds (tier difference, a short arrival, an admin
 * goodwill refund) do not move the status: refunded_fen tells. After-sales partial refunds after pickup end in
 * partially_refunded; a full refund from any paid state goes refunding → refunded.
 */
import type { Transitions } from '../../kernel/fsm';
import type { OrderStatus } from '../../../shared/types/statuses';

export const orderTransitions: Transitions<OrderStatus> = {
  pending_payment: ['paid', 'expired', 'cancelled'],
  paid: ['confirmed', 'refunding'],
  confirmed: ['shipped', 'refunding'],
  shipped: ['ready_for_pickup', 'refunding'],
  ready_for_pickup: ['picked_up', 'refunding'],
  picked_up: ['completed', 'partially_refunded', 'refunding'],
  partially_refunded: ['completed', 'refunding'],
  completed: ['refunding'],
  refunding: ['refunded'],
  expired: [],
  cancelled: [],
  refunded: [],
};

/** Orders whose money is held for the neighbour: they count as paid participants while the campaign is open. */
export const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'confirmed', 'shipped', 'ready_for_pickup', 'picked_up', 'partially_refunded', 'completed'];

/** Orders that still hold stock (reserved units). */
export const HOLDING_STATUSES: readonly OrderStatus[] = ['pending_payment', ...PAID_STATUSES];
