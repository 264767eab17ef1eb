/** Every lifecycle state in the product, as string unions shared by the server and the mini-program. */

/** 活动状态. `succeeded` (成团) is a mark on an open campaign, not a state: see CampaignDTO.succeeded. */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'open', 'closed', 'fulfilling', 'completed', 'failed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** How a campaign's threshold is counted: distinct paid participants, or paid units. */
export const THRESHOLD_KINDS = ['participants', 'quantity'] as const;
export type ThresholdKind = (typeof THRESHOLD_KINDS)[number];

/**
 * 订单状态.
 * pending_payment: stock reserved, waiting for payment (expires after 15 min by default)
 * paid: money in escrow, campaign still open
 * confirmed: the campaign succeeded and closed; the goods will be bought
 * shipped → ready_for_pickup (arrived at the store) → picked_up → completed (return window over)
 * expired / cancelled: never paid; refunding → refunded / partially_refunded: money going back
 */
export const ORDER_STATUSES = [
  'pending_payment', 'paid', 'confirmed', 'shipped', 'ready_for_pickup', 'picked_up', 'completed',
  'expired', 'cancelled', 'refunding', 'refunded', 'partially_refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = ['created', 'succeeded', 'failed', 'closed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const REFUND_STATUSES = ['pending', 'processing', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Why money went back. Each (order, reason, reference) refunds at most once: see refunds.dedupe_key. */
export const REFUND_REASONS = [
  'neighbour_cancel', 'campaign_failed', 'campaign_cancelled', 'tier_difference', 'after_sale',
  'late_payment', 'short_arrival', 'uncollected', 'admin',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const AFTER_SALE_STATUSES = ['open', 'approved', 'rejected'] as const;
export type AfterSaleStatus = (typeof AFTER_SALE_STATUSES)[number];

export const ROLES = ['neighbour', 'leader', 'pickup', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const STORAGE_KINDS = ['ambient', 'chilled', 'frozen'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

export const SHIPMENT_STATUSES = ['pending', 'shipped', 'arrived', 'partially_arrived'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/**
 * 结算单状态. draft → approved → paid; approved → draft (voided); draft → carried (a newer statement took
 * over its balance: a negative balance carried forward, or an unpaid draft consolidated into the next run's).
 */
export const STATEMENT_STATUSES = ['draft', 'approved', 'paid', 'carried'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export const BENEFICIARY_KINDS = ['leader', 'pickup_point', 'supplier', 'platform'] as const;
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];

export const JOB_STATES = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];
