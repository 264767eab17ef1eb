import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';
import { applicationDto, pointDto } from '../fulfilment-dto';
import { APPROVAL_STATUSES } from '../../../../shared/types/statuses';

const Reason = z.object({ reason: z.string().trim().min(2).max(255) });
const StatusQuery = z.object({ status: z.enum(APPROVAL_STATUSES).default('pending') });

/** Admins approve or reject leader applications and pickup point registrations (audited; roles granted on approval). */
export function approvalRoutes(c: Container): Api {
  const ADMIN = ['admin'] as const;
  return new Api('/api/admin', 'admin')
    .route({ method: 'get', path: '/leader-applications', summary: 'Leader applications by status (default: pending)', access: ADMIN, query: StatusQuery },
      async ({ query }) => (await c.leaderApplications.list(query.status)).map(applicationDto))
    .route({ method: 'post', path: '/leader-applications/:id/approve', summary: 'Approve: the leader gets a community (the one given, else found or created by name) and the leader role', access: ADMIN, params: IdParams, body: z.object({ communityId: Id.optional() }) },
      async ({ userId, params, body, rc }) => applicationDto(await c.flows.leaderOnboarding.approve(rc, userId, params.id, body)))
    .route({ method: 'post', path: '/leader-applications/:id/reject', summary: 'Reject with a reason (the applicant may apply again)', access: ADMIN, params: IdParams, body: Reason },
      async ({ userId, params, body, rc }) => applicationDto(await c.flows.leaderOnboarding.reject(rc, userId, params.id, body.reason)))
    .route({ method: 'get', path: '/pickup-points', summary: 'Pickup points by status (default: pending)', access: ADMIN, query: StatusQuery },
      async ({ query }) => (await c.pickupPoints.list({ status: query.status })).map(pointDto))
    .route({ method: 'post', path: '/pickup-points/:id/approve', summary: 'Approve a pickup point (optionally its fee per order); the owner gets the pickup role', access: ADMIN, params: IdParams, body: z.object({ feeFen: z.number().int().min(0).max(100_000).nullable().optional() }) },
      async ({ userId, params, body, rc }) => pointDto(await c.flows.leaderOnboarding.approvePoint(rc, userId, params.id, body)))
    .route({ method: 'post', path: '/pickup-points/:id/reject', summary: 'Reject a pickup point with a reason', access: ADMIN, params: IdParams, body: Reason },
      async ({ userId, params, body, rc }) => pointDto(await c.flows.leaderOnboarding.rejectPoint(rc, userId, params.id, body.reason)));
}
