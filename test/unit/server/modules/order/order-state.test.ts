import { orderTransitions } from '../../../../../server/modules/order/order.state';
import { assertTransition, canTransition } from '../../../../../server/kernel/fsm';
import { IllegalTransitionError } from '../../../../../server/kernel/errors';
import { ORDER_STATUSES, type OrderStatus } from '../../../../../shared/types/statuses';

const allowed: Array<[OrderStatus, OrderStatus]> = [
  ['pending_payment', 'paid'], ['pending_payment', 'expired'], ['pending_payment', 'cancelled'],
  ['paid', 'confirmed'], ['paid', 'refunding'],
  ['confirmed', 'shipped'], ['confirmed', 'refunding'],
  ['shipped', 'ready_for_pickup'], ['shipped', 'refunding'],
  ['ready_for_pickup', 'picked_up'], ['ready_for_pickup', 'refunding'],
  ['picked_up', 'completed'], ['picked_up', 'partially_refunded'], ['picked_up', 'refunding'],
  ['partially_refunded', 'completed'], ['partially_refunded', 'refunding'],
  ['completed', 'refunding'],
  ['refunding', 'refunded'],
];

describe('order state machine', () => {
  const allowedKeys = new Set(allowed.map(([a, b]) => `${a}→${b}`));
  it.each(allowed)('allows %s → %s', (from, to) => expect(() => assertTransition(orderTransitions, 'order', from, to)).not.toThrow());
  const refused = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => !allowedKeys.has(`${from}→${to}`)).map((to) => [from, to] as [OrderStatus, OrderStatus]));
  it.each(refused)('refuses %s → %s', (from, to) => {
    expect(canTransition(orderTransitions, from, to)).toBe(false);
    expect(() => assertTransition(orderTransitions, 'order', from, to)).toThrow(IllegalTransitionError);
  });
  it('an expired, cancelled or refunded order is final', () => {
    for (const s of ['expired', 'cancelled', 'refunded'] as const) expect(orderTransitions[s]).toEqual([]);
  });
  it('every state in the union has a row', () => {
    expect(Object.keys(orderTransitions).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
