/**
 * Commission ledger and settlement as the API shows them (admin screens, the leader's and the store's earnings
 * pages). Every amount is integer fen; times are ISO strings.
 */
import type { BeneficiaryKind, StatementStatus } from './statuses';

export interface CommissionRuleDTO {
  version: number;
  leaderBps: number;
  pickupFeeFen: number;
  effectiveFrom: string;
  createdBy: number | null;
  createdAt: string;
  /** The version new payments take right now. */
  inForce: boolean;
}

export interface SettlementRunDTO {
  id: number;
  cycleKey: string;
  cutoffAt: string;
  startedAt: string;
  finishedAt: string | null;
  triggeredBy: string;
  entryCount: number;
  statementCount: number;
}

export interface PayoutDTO {
  id: number;
  method: string;
  outBillNo: string;
  amountFen: number;
  state: 'pending' | 'succeeded' | 'failed';
  providerState: string | null;
  providerRef: string | null;
  /** While WeChat waits for the payee to confirm: what wx.requestMerchantTransfer needs. */
  packageInfo: string | null;
  lastError: string | null;
  requestedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface StatementDTO {
  id: number;
  runId: number;
  cycleKey: string;
  beneficiaryKind: BeneficiaryKind;
  beneficiaryId: number;
  beneficiaryName: string;
  /** Balance taken over from earlier drafts (negative: a clawback carried forward). */
  carriedInFen: number;
  /** Sum of this statement's own lines. */
  linesFen: number;
  /** carriedInFen + linesFen: what is owed on this statement (paid only when > 0). */
  totalFen: number;
  lineCount: number;
  status: StatementStatus;
  /** The statement that took over this one's balance (status carried). */
  carriedIntoId: number | null;
  approvedBy: number | null;
  approvedAt: string | null;
  paidBy: number | null;
  paidAt: string | null;
  payoutMethod: string | null;
  payoutRef: string | null;
  createdAt: string;
  payouts: PayoutDTO[];
}

export interface StatementLineDTO {
  lineId: number;
  ledgerEntryId: number;
  orderId: number;
  orderNo: string;
  orderItemId: number | null;
  campaignId: number;
  entryType: 'accrual' | 'reversal' | 'release';
  refundId: number | null;
  amountFen: number;
  /** When the entry was posted. */
  postedAt: string;
}

/** One commission entry of a leader or store, newest first in its list: what was earned or taken back, and why. */
export interface EarningEntryDTO {
  id: number;
  orderId: number;
  orderNo: string;
  campaignId: number;
  campaignTitle: string;
  /** accrual: earned at 成团 · reversal: taken back by a refund · release: moved to 已确认 when the order completed. */
  entryType: 'accrual' | 'reversal' | 'release';
  /** pending: the order is in its return window · available: released, can be settled. */
  bucket: 'pending' | 'available';
  amountFen: number;
  refundId: number | null;
  /** The statement that settled it, once one has. */
  statementId: number | null;
  postedAt: string;
}

export interface EarningsDTO {
  beneficiaryKind: BeneficiaryKind;
  beneficiaryId: number;
  name: string;
  /** Net commission earned so far: accruals less every reversal (pending and released together). */
  accruedFen: number;
  /** Still waiting for the order to complete (return window). */
  pendingFen: number;
  /** Released: the order completed (net of later refunds). */
  releasedFen: number;
  /** Released and already on a statement. */
  settledFen: number;
  /** Paid out (statements marked paid). */
  paidFen: number;
  /** Released but not paid yet (negative: refunds to be deducted from future earnings). */
  owedFen: number;
}

/** One order's money, to the fen: paid = refunded + supplier + leader + pickup + platform + held. */
export interface OrderReconciliationDTO {
  orderId: number;
  orderNo: string;
  status: string;
  campaignId: number;
  paidAt: string | null;
  paidFen: number;
  refundedFen: number;
  supplierFen: number;
  leaderFen: number;
  pickupFen: number;
  platformFen: number;
  /** Paid and not yet allocated: the campaign is still open (escrow). Zero for every other order. */
  heldFen: number;
  balanced: boolean;
}

export interface PeriodReconciliationDTO {
  from: string;
  to: string;
  orderCount: number;
  paidFen: number;
  refundedFen: number;
  supplierFen: number;
  leaderFen: number;
  pickupFen: number;
  platformFen: number;
  heldFen: number;
  /** Orders whose sum does not close (must be empty). */
  unbalanced: OrderReconciliationDTO[];
  balanced: boolean;
}
