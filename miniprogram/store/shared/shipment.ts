import type { ShipmentStatus } from '@shared/types/statuses';

/** Shipments the store still has to confirm (some or all of their orders). */
export const SHIPMENT_TO_CONFIRM: readonly ShipmentStatus[] = ['shipped', 'partially_arrived'];

export const SHIPMENT_STATUS_LABEL: Record<ShipmentStatus, string> = {
  pending: '待发货',
  shipped: '已发货',
  partially_arrived: '部分到货',
  arrived: '已到货',
};

export const shipmentTone = (s: ShipmentStatus): 'green' | 'orange' | 'grey' =>
  s === 'arrived' ? 'green' : s === 'pending' ? 'grey' : 'orange';
