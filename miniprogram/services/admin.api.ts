/**
 * The admin's API for approvals, campaigns, refunds and after-sales, uncollected orders, settlement and parked
 * work (server/http/routes/admin/*, the admin mounts of the leader's campaign and after-sales routes, and
 * server/http/routes/bot/admin.routes.ts). Shapes come from shared/types.
 */
import type { CampaignSummaryDTO } from '@shared/types/campaign';
import type { CampaignStatus, ApprovalStatus, RefundStatus, StatementStatus } from '@shared/types/statuses';
import type { ManagedCampaignDTO } from '@shared/types/leader-campaign';
import type { AfterSaleDTO, OrderDTO } from '@shared/types/order';
import type { CommissionRuleDTO, SettlementRunDTO, StatementDTO, StatementLineDTO } from '@shared/types/commission';
import type { Page } from '@shared/types/api';
import type {
  AdminOrderDTO, AdminOrderRefundRequest, AdminOrderRefundResultDTO, AdminRefundDTO, AdminStatementDTO, JobDTO, LeaderApplicationDTO,
  OutboxMessageDTO, PayStatementRequest, SettlementRunDetailDTO, SettlementRunResultDTO, UncollectedDecision, UncollectedOrderDTO,
} from '@shared/types/admin-ops';
import type { PickupPointDTO } from '@shared/types/fulfilment';
import { API_BASE, request } from './request';
import { ApiError } from './api-error';
import { getSession } from '../stores/session';

// --- approvals ----------------------------------------------------------------------------------------------

export const listLeaderApplications = (status: ApprovalStatus = 'pending') =>
  request<LeaderApplicationDTO[]>({ url: '/api/admin/leader-applications', data: { status } });

/** The leader gets a community: the one applied for by name, found or created. */
export const approveLeaderApplication = (id: number) =>
  request<LeaderApplicationDTO>({ url: `/api/admin/leader-applications/${id}/approve`, method: 'POST', data: {} });

export const rejectLeaderApplication = (id: number, reason: string) =>
  request<LeaderApplicationDTO>({ url: `/api/admin/leader-applications/${id}/reject`, method: 'POST', data: { reason } });

export const listPickupPointRegistrations = (status: ApprovalStatus = 'pending') =>
  request<PickupPointDTO[]>({ url: '/api/admin/pickup-points', data: { status } });

/** feeFen null: the store earns the commission rule's default fee per order. */
export const approvePickupPoint = (id: number, feeFen: number | null) =>
  request<PickupPointDTO>({ url: `/api/admin/pickup-points/${id}/approve`, method: 'POST', data: { feeFen } });

export const rejectPickupPoint = (id: number, reason: string) =>
  request<PickupPointDTO>({ url: `/api/admin/pickup-points/${id}/reject`, method: 'POST', data: { reason } });

// --- campaigns ----------------------------------------------------------------------------------------------

/** Every campaign (newest first, at most 200), or those in one state. */
export const listAllCampaigns = (status?: CampaignStatus) =>
  request<CampaignSummaryDTO[]>({ url: '/api/admin/campaigns', data: status ? { status } : {} });

export const getCampaignForAdmin = (id: number) => request<ManagedCampaignDTO>({ url: `/api/admin/campaigns/${id}` });

/** Refunds every paid order in full; an admin may cancel until the campaign closes. */
export const cancelCampaignAsAdmin = (id: number, reason: string) =>
  request<ManagedCampaignDTO>({ url: `/api/admin/campaigns/${id}/cancel`, method: 'POST', data: { reason } });

// --- refunds, after-sales, uncollected ----------------------------------------------------------------------

/** Refunds in one state, newest first; a refused one says why (lastError). */
export const listRefunds = (status: RefundStatus) => request<AdminRefundDTO[]>({ url: '/api/admin/refunds', data: { status } });

/** The order an order number or id names: none or one. */
export const findOrders = (q: string) => request<AdminOrderDTO[]>({ url: '/api/admin/orders', data: { q } });

export const getAdminOrder = (id: number) => request<AdminOrderDTO>({ url: `/api/admin/orders/${id}` });

/**
 * Refunds one order in full or in part. The same `idempotencyKey` again (a double tap, a retry after a lost
 * answer) answers the refund already recorded instead of refunding twice.
 */
export const refundOrder = (orderId: number, body: AdminOrderRefundRequest, idempotencyKey: string) =>
  request<AdminOrderRefundResultDTO>({ url: `/api/admin/orders/${orderId}/refunds`, method: 'POST', data: { ...body }, header: { 'Idempotency-Key': idempotencyKey } });

/** Sends a refund the provider refused (or that is stuck) to the provider again. */
export const retryRefund = (id: number) => request<AdminRefundDTO>({ url: `/api/admin/refunds/${id}/retry`, method: 'POST', data: {} });

export const listOpenAfterSalesForAdmin = () => request<AfterSaleDTO[]>({ url: '/api/admin/after-sales' });

export const decideAfterSaleAsAdmin = (id: number, approve: boolean, note: string) =>
  request<AfterSaleDTO>({ url: `/api/admin/after-sales/${id}/decide`, method: 'POST', data: { approve, note } });

export const listUncollected = () => request<UncollectedOrderDTO[]>({ url: '/api/admin/uncollected' });

export const decideUncollected = (orderId: number, d: UncollectedDecision) =>
  request<OrderDTO>({ url: `/api/admin/uncollected/${orderId}/decision`, method: 'POST', data: { ...d } });

// --- commission rules and settlement ------------------------------------------------------------------------

export const listCommissionRules = () => request<CommissionRuleDTO[]>({ url: '/api/admin/commission-rules' });

/** A new rule version, in force from now (orders already paid keep theirs). */
export const createCommissionRule = (leaderBps: number, pickupFeeFen: number) =>
  request<{ version: number }>({ url: '/api/admin/commission-rules', method: 'POST', data: { leaderBps, pickupFeeFen } });

/** Runs this cycle's settlement; for a cycle already run it returns that run with `created: false`. */
export const runSettlementNow = () => request<SettlementRunResultDTO>({ url: '/api/admin/settlement/runs', method: 'POST', data: {} });

export const listSettlementRuns = (limit = 20) => request<SettlementRunDTO[]>({ url: '/api/admin/settlement/runs', data: { limit } });

export const getSettlementRun = (id: number) => request<SettlementRunDetailDTO>({ url: `/api/admin/settlement/runs/${id}` });

export const listStatements = (q: { status?: StatementStatus; runId?: number; limit?: number; before?: number }) =>
  request<StatementDTO[]>({ url: '/api/admin/statements', data: { ...q } });

export const getStatement = (id: number) => request<AdminStatementDTO>({ url: `/api/admin/statements/${id}` });

export const listStatementLines = (id: number, after = 0, limit = 50) =>
  request<Page<StatementLineDTO>>({ url: `/api/admin/statements/${id}/lines`, data: { after, limit } });

export const approveStatement = (id: number) =>
  request<AdminStatementDTO>({ url: `/api/admin/statements/${id}/approve`, method: 'POST', data: {} });

/** Back to draft; only while no payout is under way. */
export const voidStatement = (id: number, reason: string) =>
  request<AdminStatementDTO>({ url: `/api/admin/statements/${id}/void`, method: 'POST', data: { reason } });

export const payStatement = (id: number, body: PayStatementRequest) =>
  request<AdminStatementDTO>({ url: `/api/admin/statements/${id}/pay`, method: 'POST', data: { ...body } });

export const refreshPayout = (id: number) =>
  request<AdminStatementDTO>({ url: `/api/admin/statements/${id}/payouts/refresh`, method: 'POST', data: {} });

// --- parked work ----------------------------------------------------------------------------------------------

export const listFailedJobs = (limit = 50) => request<Page<JobDTO>>({ url: '/api/admin/jobs', data: { state: 'failed', limit } });

export const retryJob = (id: number) => request<JobDTO>({ url: `/api/admin/jobs/${id}/retry`, method: 'POST', data: {} });

export const listFailedMessages = (limit = 50) => request<OutboxMessageDTO[]>({ url: '/api/admin/bot/outbox', data: { status: 'failed', limit } });

export const retryMessage = (id: number) => request<OutboxMessageDTO>({ url: `/api/admin/bot/outbox/${id}/retry`, method: 'POST', data: {} });

// --- CSV exports (web only) ---------------------------------------------------------------------------------

/** Whether this build can save a CSV file (the web build; WeChat shows the figures only). */
export const CAN_DOWNLOAD_CSV = process.env.TARO_ENV === 'h5';

/**
 * Saves one of the admin CSV exports. The export routes need the Bearer token, which a plain link cannot send:
 * fetch it with the token and hand the browser a Blob to save under the server's file name.
 */
export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  if (!CAN_DOWNLOAD_CSV) throw new ApiError('BAD_RESPONSE', '请在电脑网页版导出表格', 0);
  const session = getSession();
  let res: Response;
  try {
    res = await fetch(API_BASE + path, { headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
  } catch (err) {
    throw new ApiError('NETWORK_ERROR', '网络不太给力，请检查网络后重试', 0, err);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    const said = body?.error?.message ?? '';
    // As request() does: the server's Chinese messages as they are, developer English replaced.
    throw new ApiError(res.status === 404 ? 'NOT_FOUND' : 'INVALID_INPUT', /[\u4e00-\u9fff]/.test(said) ? said : '导出失败，请稍后再试', res.status);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const csvPaths = {
  runStatements: (runId: number) => `/api/admin/settlement/runs/${runId}/statements.csv`,
  statements: (status?: StatementStatus) => `/api/admin/statements.csv${status ? `?status=${status}` : ''}`,
  statementLines: (id: number) => `/api/admin/statements/${id}/lines.csv`,
};
