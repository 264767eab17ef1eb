/**
 * The admin's reports (server/http/routes/admin/reports.routes.ts). Days are calendar days in the business time
 * zone (Asia/Shanghai by default); money is integer fen.
 */

/** The longest range one overview covers, in days. */
export const REPORT_MAX_DAYS = 92;

export interface ReportDayDTO {
  /** "YYYY-MM-DD" in the report's time zone. */
  day: string;
  /** Paid into escrow that day (orders by payment time). */
  paidFen: number;
  /** Refunds that reached the buyer that day (whatever day their order was paid). */
  refundedFen: number;
  paidOrders: number;
  /** Distinct neighbours who paid that day. */
  buyers: number;
  /** Campaigns that closed successfully (成团) / failed that day. */
  campaignsSucceeded: number;
  campaignsFailed: number;
}

export interface ReportRankDTO { id: number; title: string; gmvFen: number; paidOrders: number; units: number }

/** GET /api/admin/reports/overview?from=YYYY-MM-DD&to=YYYY-MM-DD (both days included). */
export interface ReportOverviewDTO {
  from: string;
  to: string;
  timeZone: string;
  /** Every day of the range, in order, zeros included. */
  days: ReportDayDTO[];
  totals: {
    paidFen: number;
    refundedFen: number;
    /** paidFen − refundedFen. */
    netFen: number;
    paidOrders: number;
    /** Distinct buyers over the whole range (not the sum of the days). */
    buyers: number;
    campaignsSucceeded: number;
    campaignsFailed: number;
    campaignsCancelled: number;
    /** Succeeded / (succeeded + failed), in basis points; null when none closed. */
    successRateBps: number | null;
  };
  /**
   * Where the money of the orders paid in the range went, from the commission ledger (the reconciliation
   * report): paid = refunded + supplier + leader + pickup + platform + held (held: campaigns still open).
   */
  money: {
    orderCount: number;
    paidFen: number;
    refundedFen: number;
    supplierFen: number;
    leaderFen: number;
    pickupFen: number;
    platformFen: number;
    heldFen: number;
    balanced: boolean;
  };
  /** By GMV of the orders paid in the range, highest first (at most 5 each). */
  topCampaigns: ReportRankDTO[];
  topProducts: ReportRankDTO[];
}
