/** The admin's reports (server/http/routes/admin/reports.routes.ts). Days are "YYYY-MM-DD" in Shanghai time. */
import type { ReportOverviewDTO } from '@shared/types/admin-reports';
import { request } from './request';

export const getReportOverview = (range: { from: string; to: string }) =>
  request<ReportOverviewDTO>({ url: '/api/admin/reports/overview', data: { ...range } });
