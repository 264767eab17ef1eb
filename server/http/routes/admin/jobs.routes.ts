/**
 * Admin view of the durable scheduler: what is queued, running, done or parked as failed, and a way to send a
 * failed job round again once its cause is fixed.
 */
import { z } from 'zod';
import { Api } from '../../api';
import { IdParams } from '../../schemas';
import { JOB_STATES } from '../../../../shared/types/statuses';
import type { Scheduler } from '../../../infra/scheduler';

const ADMIN = ['admin'] as const;

export const ListJobsQuery = z.object({
  state: z.enum(JOB_STATES).optional(),
  kind: z.string().min(1).max(48).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** nextCursor of the previous page. */
  cursor: z.string().regex(/^\d{1,12}$/).optional(),
});

export function jobsAdminRoutes(scheduler: Pick<Scheduler, 'listJobs' | 'retry'>): Api {
  return new Api('/api/admin/jobs', 'admin')
    .route({ method: 'get', path: '/', summary: 'Scheduled jobs, newest first; filter by state (e.g. failed) and kind', access: ADMIN, query: ListJobsQuery },
      ({ query }) => scheduler.listJobs(query))
    .route({ method: 'post', path: '/:id/retry', summary: 'Run a failed job again now, with a fresh budget of attempts', access: ADMIN, params: IdParams },
      ({ params }) => scheduler.retry(params.id));
}
