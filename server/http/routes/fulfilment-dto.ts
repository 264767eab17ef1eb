/** JSON shapes of the fulfilment records (times as ISO strings). */
import type { LeaderApplication } from '../../modules/community';
import type { PickupPointRecord, ShipmentRow } from '../../modules/pickup';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const applicationDto = (a: LeaderApplication) => ({ ...a, reviewedAt: iso(a.reviewedAt), createdAt: a.createdAt.toISOString() });
export const pointDto = (p: PickupPointRecord) => ({ ...p, reviewedAt: iso(p.reviewedAt), createdAt: p.createdAt.toISOString() });
export const shipmentDto = (s: ShipmentRow) => ({ ...s, shippedAt: iso(s.shippedAt), arrivedAt: iso(s.arrivedAt) });
