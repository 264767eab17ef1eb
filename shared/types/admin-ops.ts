/**
 * What the admin's operational screens read (approvals, refunds, uncollected orders, parked jobs and messages,
 * audit trails), as the admin routes answer them (server/http/routes/admin/*, server/http/routes/bot/admin.routes.ts).
 * Amounts are integer fen; times are ISO 8601 strings. Settlement shapes are in commission.ts.
 */
import type { ApprovalStatus, JobState, OrderStatus, RefundReason, RefundStatus } from './statuses';
import type { StatementDTO, SettlementRunDTO } from './commission';
import type { OrderDTO } from './order';

/** GET /api/admin/leader-applications: someone asking to lead a community (a leader row in any approval state). */
export interface LeaderApplicationDTO {
  id: number;
  userId: number;
  /** The leader code their share links will carry once approved. */
  code: string;
  name: string;
  phone: string;
  status: ApprovalStatus;
  appliedCommunityName: string;
  appliedCity: string;
  appliedAddress: string;
  /** Set on approval: the community found or created for them. */
  communityId: number | null;
  rejectReason: string | null;
  reviewedBy: number | null;
  reviewedAt: string | null;
  createdAt: string;
}

/** GET /api/admin/pickup-points answers PickupPointDTO (fulfilment.ts). */

/** GET /api/admin/refunds?status=…: one refund as the payment module records it. */
export interface AdminRefundDTO {
  id: number;
  orderId: number;
  paymentId: number;
  outRefundNo: string;
  amountFen: number;
  reasonKind: RefundReason;
  reason: string | null;
  status: RefundStatus;
  /** Times it was sent to the provider. */
  attempts: number;
  providerRefundId: string | null;
  afterSaleId: number | null;
  /**
   * Why the payment provider refused the refund, or why its last attempt failed, as the server stored it
   * (e.g. "NOT_ENOUGH: 商户余额不足"); null when no attempt has failed, and again once it succeeds.
   */
  lastError: string | null;
  createdAt: string;
  succeededAt: string | null;
}

/**
 * GET /api/admin/orders/:id and GET /api/admin/orders?q=…: an order as an admin handling a dispute sees it — the
 * neighbour's order with its lines, every refund with its reason and state, who it belongs to, and how much an
 * admin refund may still give back.
 */
export interface AdminOrderDTO extends Omit<OrderDTO, 'refunds'> {
  refunds: AdminRefundDTO[];
  /** The neighbour's display name. */
  neighbourName: string;
  /** What an admin refund may still give back: paid − refunded while the order is paid (any paid state), else 0. */
  refundableFen: number;
}

/**
 * POST /api/admin/orders/:id/refunds (header Idempotency-Key: the same key again refunds once and answers the
 * same refund). Neither amountFen nor items: everything left.
 */
export interface AdminOrderRefundRequest {
  /** At most the order's refundableFen; spread over the lines by value. */
  amountFen?: number;
  /** Units going back (goods returned or missing), instead of an amount. */
  items?: Array<{ orderItemId: number; quantity: number }>;
  reason: string;
  reasonKind?: 'admin' | 'uncollected' | 'short_arrival';
}

/** The answer: the order as it is now, the refund recorded, and whether this was a repeat of a request already made. */
export interface AdminOrderRefundResultDTO extends AdminOrderDTO {
  refund: AdminRefundDTO;
  replayed: boolean;
}

/** GET /api/admin/uncollected: an order whose pickup window is over, not collected and not on hold. */
export interface UncollectedOrderDTO {
  orderId: number;
  orderNo: string;
  campaignId: number;
  campaignTitle: string;
  pickupPointId: number;
  /** shipped: never arrived at the store; ready_for_pickup: waiting there. */
  status: OrderStatus;
  userId: number;
  /** The neighbour's display name. */
  neighbourName: string;
  /** Where the goods wait (or should have arrived). */
  pickupPointName: string;
  paidFen: number;
  refundedFen: number;
  pickupEndsAt: string;
  heldUntil: string | null;
}

/** POST /api/admin/uncollected/:orderId/decision. */
export interface UncollectedDecision {
  decision: 'refund' | 'hold';
  reason: string;
  /** hold only: when the order comes back to the list. */
  holdUntil?: string;
}

/** GET /api/admin/jobs: one durable scheduler job. */
export interface JobDTO {
  id: number;
  kind: string;
  dedupeKey: string;
  runAt: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'coalesced' | 'dropped';

/** GET /api/admin/bot/outbox: one message for a chat group or a person. */
export interface OutboxMessageDTO {
  id: number;
  audience: string;
  channelId: number | null;
  userId: number | null;
  topic: string;
  campaignId: number | null;
  status: OutboxStatus;
  attempts: number;
  partsSent: number;
  lastError: string | null;
  availableAt: string;
  sentAt: string | null;
  createdAt: string;
  /** The text as first rendered (null until a first attempt). */
  text: string | null;
}

/** An audit-log line (who did what to which record). */
export interface AuditEntryDTO {
  id: number;
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId: number | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

/** GET /api/admin/statements/:id and its approve / void / pay / payouts refresh answers. */
export interface AdminStatementDTO extends StatementDTO {
  audit: AuditEntryDTO[];
}

/** GET /api/admin/settlement/runs/:id: a run with its statements. */
export interface SettlementRunDetailDTO extends SettlementRunDTO {
  statements: StatementDTO[];
}

/** POST /api/admin/settlement/runs: the run; `created` false when the cycle had run already (nothing changed). */
export interface SettlementRunResultDTO extends SettlementRunDetailDTO {
  created: boolean;
}

/** POST /api/admin/statements/:id/pay. */
export interface PayStatementRequest {
  method: 'manual' | 'wechat';
  /** Required for a manual payout: the bank or transfer reference. */
  reference?: string;
}
