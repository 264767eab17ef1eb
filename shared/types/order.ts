import type { OrderStatus, RefundReason, RefundStatus, AfterSaleStatus } from './statuses';

export interface OrderItemDTO {
  id: number;
  campaignItemId: number;
  title: string;
  quantity: number;
  unitPriceFen: number;
  /** Set when the campaign closes: the tier price everyone pays. */
  finalUnitPriceFen: number | null;
  refundedQuantity: number;
  refundedFen: number;
}

export interface RefundDTO { id: number; amountFen: number; reasonKind: RefundReason; status: RefundStatus; createdAt: string }

export interface OrderDTO {
  id: number;
  orderNo: string;
  campaignId: number;
  campaignTitle: string;
  status: OrderStatus;
  pickupPoint: { id: number; name: string; address: string };
  items: OrderItemDTO[];
  itemsFen: number;
  paidFen: number;
  refundedFen: number;
  /** Unpaid orders: when the reservation lapses. */
  expiresAt: string | null;
  createdAt: string;
  paidAt: string | null;
  /** Shown once the goods can be collected. */
  pickupCode: string | null;
  refunds: RefundDTO[];
  /** What the neighbour may do now. */
  actions: Array<'pay' | 'cancel' | 'after_sale' | 'review'>;
}

export interface JoinRequest {
  items: Array<{ campaignItemId: number; quantity: number }>;
  pickupPointId: number;
  /** The sharer's leader code from the share link, if the neighbour came through one. */
  leaderCode?: string;
}

export interface PayResult {
  provider: 'wechat' | 'sandbox';
  outTradeNo: string;
  amountFen: number;
  /** WeChat: wx.requestPayment parameters. Sandbox: { sandboxPayUrl }. */
  clientParams: Record<string, string>;
}

export interface AfterSaleDTO {
  id: number;
  orderId: number;
  kind: 'full' | 'partial';
  amountFen: number;
  reason: string;
  photos: string[];
  status: AfterSaleStatus;
  decisionNote: string | null;
  createdAt: string;
}
