import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams } from '../../schemas';
import { EntriesQuery } from '../leader/earnings.routes';
import { NotFoundError } from '../../../kernel/errors';

const STORE = ['pickup'] as const;

/** A store owner's pickup fees: earnings per pickup point they own, and those points' statements. */
export function pickupEarningsRoutes(c: Container): Api {
  const { reports } = c.commission;
  const pointIds = async (userId: number) => (await c.pickup.ownedBy(userId)).map((p) => p.id);
  /** A statement of someone else's point is reported as not found. */
  const mine = async (userId: number, statementId: number) => {
    const s = await reports.statement(statementId);
    if (s.beneficiaryKind !== 'pickup_point' || !(await pointIds(userId)).includes(s.beneficiaryId)) throw new NotFoundError('statement', statementId);
    return s;
  };
  return new Api('/api/pickup/earnings', 'pickup')
    .route({ method: 'get', path: '/', summary: 'Fees earned by each of my pickup points, with their latest statements', access: STORE },
      async ({ userId }) => {
        const ids = await pointIds(userId);
        const earnings = await reports.earnings('pickup_point', ids);
        return Promise.all(earnings.map(async (e) => ({
          ...e, statements: await reports.statements({ beneficiaryKind: 'pickup_point', beneficiaryId: e.beneficiaryId, limit: 50 }),
        })));
      })
    .route({
      method: 'get', path: '/entries', summary: 'Fee entries of one of my pickup points, newest first, paged by `before`', access: STORE,
      query: EntriesQuery.extend({ pointId: Id }),
    }, async ({ userId, query }) => {
      if (!(await pointIds(userId)).includes(query.pointId)) throw new NotFoundError('pickup point', query.pointId);
      return reports.entries('pickup_point', query.pointId, query.limit, query.before);
    })
    .route({ method: 'get', path: '/statements/:id', summary: 'One statement of my pickup point', access: STORE, params: IdParams },
      ({ userId, params }) => mine(userId, params.id))
    .route({
      method: 'get', path: '/statements/:id/lines', summary: 'The lines of one statement of my pickup point', access: STORE, params: IdParams,
      query: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    }, async ({ userId, params, query }) => { await mine(userId, params.id); return reports.lines(params.id, query.limit, query.after); });
}
