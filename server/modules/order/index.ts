export { OrderService } from './order.service';
export type { OrderRow, OrderItemRow, NewOrder } from './order.repository';
export { orderTransitions, PAID_STATUSES, HOLDING_STATUSES } from './order.state';
