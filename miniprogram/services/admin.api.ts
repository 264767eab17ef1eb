/**
 * Leader and pickup-point applications waiting for an admin. The server has no approvals API yet: this is the
 * expected call, and its 404 shows as an empty list until it lands.
 */
import { request } from './request';

/** The fields the admin home renders. Replace with the shared DTO when the approvals API defines one. */
export interface ApprovalSummary {
  id: number;
  kind: 'leader' | 'pickup_point';
  name: string;
  /** ISO 8601. */
  submittedAt: string;
}

export const listPendingApprovals = () =>
  request<{ items: ApprovalSummary[] }>({ url: '/api/admin/approvals', data: { status: 'pending' } });
