/**
 * Extension points the group-buy flows call inside their transactions, so that what follows from a change is
 * written with it: commission ledger postings (the ledger) and group/personal messages (the outbox).
 * Both are optional: until a module provides them, the flows work without.
 */
import type { TxContext } from '../infra/db';
import type { CampaignRow } from '../modules/campaign';
import type { OrderItemRow, OrderRow } from '../modules/order';
import type { RefundRow } from '../modules/payment';

export interface LedgerHooks {
  /** The campaign succeeded and closed: accrue commissions for its confirmed orders. */
  onCampaignSucceeded(trc: TxContext, campaignId: number): Promise<void>;
  /** A refund was recorded: reverse the commissions it takes back. */
  onRefundRecorded(trc: TxContext, refundId: number): Promise<void>;
  /** The order completed (return window over): its commissions become available for settlement. */
  onOrderCompleted(trc: TxContext, orderId: number): Promise<void>;
  /**
   * Orders were paid (one campaign's batch of payments): snapshot their rates (leader bps per item, pickup fee)
   * under the rule version they were paid with. The payment passes what it holds (the orders, their lines, the
   * version): this runs under the campaign's lock.
   */
  onOrdersPaid?(trc: TxContext, paid: { orders: OrderRow[]; items: OrderItemRow[]; ruleVersion: number | null }): Promise<void>;
}

export interface NoticeHooks {
  campaignOpened(trc: TxContext, campaign: CampaignRow): Promise<void>;
  /** Orders of one campaign were paid together. `campaign` is the row the payments locked; `counters` are after them. */
  ordersPaid(trc: TxContext, orders: OrderRow[], info: { campaign: CampaignRow; counters: { paidParticipants: number; paidQuantity: number }; thresholdReached: boolean }): Promise<void>;
  campaignClosed(trc: TxContext, campaign: CampaignRow): Promise<void>;
  campaignFailed(trc: TxContext, campaign: CampaignRow): Promise<void>;
  refundSucceeded(trc: TxContext, order: OrderRow, refund: RefundRow): Promise<void>;
  /** The goods for these orders arrived at their pickup point (all, or a partial count). */
  goodsArrived(trc: TxContext, campaign: CampaignRow, pickupPointId: number, orderIds: number[], note: string | null): Promise<void>;
  /** Orders ready for pickup and not yet collected. */
  pickupReminder(trc: TxContext, campaign: CampaignRow, orderIds: number[]): Promise<void>;
}
