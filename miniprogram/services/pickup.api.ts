/**
 * Orders waiting to be collected at the signed-in store owner's pickup point. The server has no pickup API
 * yet: this is the expected call, and its 404 shows as an empty list until it lands.
 */
import type { OrderStatus } from '@shared/types/statuses';
import { request } from './request';

/** The fields the store home renders. Replace with the shared DTO when the pickup API defines one. */
export interface PickupOrderSummary {
  id: number;
  orderNo: string;
  status: OrderStatus;
  neighbourName: string;
  itemCount: number;
}

export const listPendingPickups = () =>
  request<{ items: PickupOrderSummary[] }>({ url: '/api/pickup/orders', data: { status: 'ready_for_pickup' } });
