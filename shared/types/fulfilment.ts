/**
 * 履约 as the API shows it: pickup points, shipments (one per campaign and pickup point), the purchase list and
 * the sorting lists, and the store's view of orders. Used by the server's routes and by the mini-program's
 * leader and store pages. Amounts are integer fen; times are ISO strings.
 */
import type { ApprovalStatus, CampaignStatus, OrderStatus, ShipmentStatus } from './statuses';
import type { OrderDTO } from './order';

/** A pickup point (自提点) as its owner and admins see it. */
export interface PickupPointDTO {
  id: number;
  ownerUserId: number;
  name: string;
  address: string;
  hours: string;
  capacity: number;
  coldStorage: boolean;
  contactName: string;
  contactPhone: string;
  /** The point's own fee per order handled; null: the commission rule's default. */
  feeFen: number | null;
  status: ApprovalStatus;
  rejectReason: string | null;
  reviewedBy: number | null;
  reviewedAt: string | null;
  createdAt: string;
}

/**
 * The goods of one campaign for one pickup point. pending (prepared) → shipped → arrived, or
 * partially_arrived (some orders came, `missingNote` says what is missing) → … → arrived.
 */
export interface ShipmentDTO {
  id: number;
  campaignId: number;
  pickupPointId: number;
  status: ShipmentStatus;
  expectedOrders: number;
  arrivedOrders: number;
  missingNote: string | null;
  shippedAt: string | null;
  arrivedAt: string | null;
  confirmedBy: number | null;
}

/** GET /api/leader/fulfilment/campaigns/:id */
export interface FulfilmentOverviewDTO {
  campaignId: number;
  status: CampaignStatus;
  shipments: ShipmentDTO[];
}

export interface PurchaseLineDTO {
  supplierId: number;
  supplierName: string;
  skuId: number;
  skuCode: string | null;
  title: string;
  spec: string;
  unit: string;
  lotCode: string | null;
  origin: string | null;
  quantity: number;
  supplyCostFen: number;
  totalCostFen: number;
}

/** 采购单: what to buy from each supplier, net of refunds. */
export interface PurchaseListDTO {
  campaignId: number;
  campaignTitle: string;
  suppliers: Array<{ supplierId: number; supplierName: string; lines: PurchaseLineDTO[]; totalQuantity: number; totalCostFen: number }>;
  totalQuantity: number;
  totalCostFen: number;
}

export interface SortingEntryDTO {
  seq: number;
  orderId: number;
  orderNo: string;
  neighbour: string;
  phoneTail: string | null;
  status: OrderStatus;
  items: Array<{ skuId: number; title: string; quantity: number }>;
  quantity: number;
  /** The last characters of the pickup code, to match a bag to the code a neighbour shows. */
  codeTail: string | null;
}

/** 分拣单: which neighbour gets what at one pickup point. */
export interface SortingListDTO {
  campaignId: number;
  campaignTitle: string;
  pickupPoint: { id: number; name: string; address: string };
  entries: SortingEntryDTO[];
  totals: Array<{ skuId: number; title: string; quantity: number }>;
  totalQuantity: number;
}

/** An order as the store sees it: the neighbour's name, never the pickup code itself. */
export interface StoreOrderDTO extends OrderDTO {
  neighbour: string;
  codeTail: string | null;
}

/** POST /api/pickup/points/:id/verify: the order just handed over. */
export interface VerifiedOrderDTO extends OrderDTO {
  neighbour: string;
}

/** POST /api/pickup/shipments/:id/arrival */
export interface ArrivalResultDTO {
  shipment: ShipmentDTO;
  readyOrderIds: number[];
}
