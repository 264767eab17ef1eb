import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { IdParams } from '../../schemas';
import { NotFoundError } from '../../../kernel/errors';

const LEADER = ['leader'] as const;
/** A page of entries: `before` is the last id of the previous page (nextCursor). */
export const EntriesQuery = z.object({ before: z.coerce.number().int().min(0).max(2_147_483_647).default(0), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** A leader's commission: earnings (accrued, pending, released, settled, paid, owed) and their own statements. */
export function leaderEarningsRoutes(c: Container): Api {
  const { reports } = c.commission;
  const me = async (userId: number) => {
    const leader = await c.community.leaderByUser(userId);
    if (!leader) throw new NotFoundError('leader profile');
    return leader;
  };
  /** Another leader's statement is reported as not found (no probing of ids). */
  const mine = async (userId: number, statementId: number) => {
    const leader = await me(userId);
    const s = await reports.statement(statementId);
    if (s.beneficiaryKind !== 'leader' || s.beneficiaryId !== leader.id) throw new NotFoundError('statement', statementId);
    return s;
  };
  return new Api('/api/leader/earnings', 'leader')
    .route({ method: 'get', path: '/', summary: 'My commission earnings and my latest statements', access: LEADER },
      async ({ userId }) => {
        const leader = await me(userId);
        const [earnings] = await reports.earnings('leader', [leader.id]);
        return { ...earnings, statements: await reports.statements({ beneficiaryKind: 'leader', beneficiaryId: leader.id, limit: 50 }) };
      })
    .route({ method: 'get', path: '/entries', summary: 'My commission entries, newest first (earned, taken back by refunds, released), paged by `before`', access: LEADER, query: EntriesQuery },
      async ({ userId, query }) => reports.entries('leader', (await me(userId)).id, query.limit, query.before))
    .route({ method: 'get', path: '/statements/:id', summary: 'One of my statements (with a pending WeChat transfer to confirm, if any)', access: LEADER, params: IdParams },
      ({ userId, params }) => mine(userId, params.id))
    .route({
      method: 'get', path: '/statements/:id/lines', summary: 'The lines of one of my statements', access: LEADER, params: IdParams,
      query: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    }, async ({ userId, params, query }) => { await mine(userId, params.id); return reports.lines(params.id, query.limit, query.after); });
}
