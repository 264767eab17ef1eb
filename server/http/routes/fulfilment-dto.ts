/** JSON shapes of the fulfilment records (times as ISO strings); the types are the shared API contract. */
import type { LeaderApplication } from '../../modules/community';
import type { PickupPointRecord, ShipmentRow } from '../../modules/pickup';
import type { PurchaseList, SortingList } from '../../flows/fulfilment-lists';
import type { PickupPointDTO, PurchaseListDTO, ShipmentDTO, SortingListDTO } from '../../../shared/types/fulfilment';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const applicationDto = (a: LeaderApplication) => ({ ...a, reviewedAt: iso(a.reviewedAt), createdAt: a.createdAt.toISOString() });
export const pointDto = (p: PickupPointRecord): PickupPointDTO => ({ ...p, reviewedAt: iso(p.reviewedAt), createdAt: p.createdAt.toISOString() });
export const shipmentDto = (s: ShipmentRow): ShipmentDTO => ({ ...s, shippedAt: iso(s.shippedAt), arrivedAt: iso(s.arrivedAt) });

/** The lists are returned as the flow builds them: this fails to compile if they drift from the shared contract. */
export const listsMatchContract: [PurchaseList, SortingList] extends [PurchaseListDTO, SortingListDTO] ? true : never = true;
