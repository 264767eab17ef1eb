/**
 * The store's (自提点) API: my pickup points, the orders at a point (pending pickups by default), one order,
 * shipments coming in and their arrival, verification of a neighbour's pickup code, and my fee earnings.
 */
import type { OrderStatus } from '@shared/types/statuses';
import type { EarningsDTO, StatementDTO } from '@shared/types/commission';
import type { ArrivalResultDTO, PickupPointDTO, ShipmentDTO, StoreOrderDTO, VerifiedOrderDTO } from '@shared/types/fulfilment';
import { request } from './request';

/** Every point I own, whatever its approval status. */
export const listMyPoints = () => request<PickupPointDTO[]>({ url: '/api/pickup/points/mine' });

/** Orders at my point in one status; ready_for_pickup = waiting to be collected. At most 1,000, oldest first. */
export const listPointOrders = (pointId: number, status: OrderStatus = 'ready_for_pickup') =>
  request<StoreOrderDTO[]>({ url: `/api/pickup/points/${pointId}/orders`, data: { status } });

/** One order at my store, with the neighbour's display name (never the pickup code). */
export const getStoreOrder = (orderId: number) => request<StoreOrderDTO>({ url: `/api/pickup/orders/${orderId}` });

export const listPointShipments = (pointId: number) => request<ShipmentDTO[]>({ url: `/api/pickup/points/${pointId}/shipments` });

/**
 * Confirms what arrived: everything shipped (no ids), or only the listed orders with a note saying what is
 * missing (the server requires the note for a partial arrival).
 */
export const confirmArrival = (shipmentId: number, ask: { arrivedOrderIds?: number[]; note?: string | null } = {}) =>
  request<ArrivalResultDTO>({ url: `/api/pickup/shipments/${shipmentId}/arrival`, method: 'POST', data: { ...ask } });

/** The code as typed or scanned; the server normalises case, spaces and dashes. */
export const verifyPickupCode = (pointId: number, code: string) =>
  request<VerifiedOrderDTO>({ url: `/api/pickup/points/${pointId}/verify`, method: 'POST', data: { code } });

export type PointEarningsDTO = EarningsDTO & { statements: StatementDTO[] };

/** Fees earned by each of my points, with their latest statements. */
export const listMyEarnings = () => request<PointEarningsDTO[]>({ url: '/api/pickup/earnings' });
