import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { AdminReports } from '../../../flows/admin-reports';
import { Day } from '../../schemas';


/** Admins' reports for the charts: per-day series, totals, top lists and the money split of a range of days. */
export function adminReportRoutes(c: Container): Api {
  const reports = new AdminReports(c);
  return new Api('/api/admin/reports', 'admin')
    .route({
      method: 'get', path: '/overview', access: ['admin'],
      summary: 'Days from..to (YYYY-MM-DD, business time zone, both included, at most 92; default the last 7): GMV, refunds, orders, buyers, campaign outcomes, commissions, top lists',
      query: z.object({ from: Day.optional(), to: Day.optional() }),
    }, ({ query, rc }) => reports.overview(rc.now, query));
}
