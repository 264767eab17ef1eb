import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { applicationDto } from '../fulfilment-dto';

export const LeaderApplicationBody = z.object({
  name: z.string().trim().min(2).max(32),
  phone: z.string().regex(/^\+?\d{6,20}$/),
  communityName: z.string().trim().min(2).max(100),
  city: z.string().trim().min(2).max(64),
  address: z.string().trim().min(2).max(255),
});

/** 申请成为团长: any signed-in user applies; an admin decides (admin/approvals.routes.ts). */
export function leaderApplicationRoutes(c: Container): Api {
  return new Api('/api/leader/applications', 'leader')
    .route({ method: 'post', path: '/', summary: 'Apply to be a leader (name, phone, community, address); a rejected applicant may apply again', access: 'user', body: LeaderApplicationBody, status: 201 },
      async ({ userId, body, rc }) => applicationDto(await c.flows.leaderOnboarding.apply(rc, userId, body)))
    .route({ method: 'get', path: '/mine', summary: 'My application and its status (null if none)', access: 'user' },
      async ({ userId }) => {
        const app = await c.leaderApplications.ofUser(userId);
        return app ? applicationDto(app) : null;
      });
}
