import { z } from 'zod';
import { Api } from '../../api';
import type { Container } from '../../../container';
import { Id, IdParams, IsoTime } from '../../schemas';
import { InvalidInputError } from '../../../kernel/errors';
import { BENEFICIARY_KINDS, STATEMENT_STATUSES } from '../../../../shared/types/statuses';
import { CYCLE_KEY } from '../../../modules/ledger';
import type { CommissionRuleDTO } from '../../../../shared/types/commission';

const ADMIN = ['admin'] as const;
const csv = { contentType: 'text/csv; charset=utf-8' };
const StatementQuery = z.object({
  runId: Id.optional(),
  status: z.enum(STATEMENT_STATUSES).optional(),
  beneficiaryKind: z.enum(BENEFICIARY_KINDS).optional(),
  beneficiaryId: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: Id.optional(),
});
const Period = z.object({ from: IsoTime, to: IsoTime }).refine((p) => p.from < p.to, { message: 'from must be before to' });
const LinesQuery = z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(5000).default(500) });

/** Admins: commission rule versions, settlement runs, statements (approve / void / pay), CSV exports, reconciliation. */
export function settlementAdminRoutes(c: Container): Api {
  const { settlement, reports, ledger } = c.commission;
  const attach = (ctx: { set: (k: string, v: string) => void }, name: string) => ctx.set('Content-Disposition', `attachment; filename="${name}"`);
  const withAudit = async (id: number) => ({ ...(await reports.statement(id)), audit: await c.audit.list({ entity: 'statement', entityId: id }) });

  return new Api('/api/admin', 'admin')
    .route({ method: 'get', path: '/commission-rules', summary: 'Commission rule versions (leader bps, pickup fee), the one in force marked', access: ADMIN },
      async ({ rc }) => {
        const rules = await ledger.rules();
        const inForce = await ledger.ruleInForce(rc.now);
        return rules.map((r): CommissionRuleDTO => ({
          version: r.version, leaderBps: r.leaderBps, pickupFeeFen: r.pickupFeeFen, effectiveFrom: r.effectiveFrom.toISOString(),
          createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), inForce: r.version === inForce?.version,
        }));
      })
    .route({
      method: 'post', path: '/commission-rules', summary: 'A new rule version (from now or later; paid orders keep theirs)', access: ADMIN, status: 201,
      body: z.object({
        leaderBps: z.number().int().min(0).max(5000),
        pickupFeeFen: z.number().int().min(0).max(100_000),
        effectiveFrom: IsoTime.optional(),
      }),
    }, async ({ body, userId, rc }) => {
      const version = await c.db.transaction(rc, async (trc) => {
        const v = await ledger.createRule(trc, { leaderBps: body.leaderBps, pickupFeeFen: body.pickupFeeFen, effectiveFrom: body.effectiveFrom ?? null }, userId);
        await c.audit.record(trc.tx, userId, 'commission_rule.create', 'commission_rule', v, { leaderBps: body.leaderBps, pickupFeeFen: body.pickupFeeFen, effectiveFrom: (body.effectiveFrom ?? rc.now).toISOString() }, trc.now);
        return v;
      });
      return { version };
    })
    .route({
      method: 'post', path: '/settlement/runs', summary: 'Run settlement now: 201 with the new run, or 200 with the existing one for a cycle already run',
      access: ADMIN, body: z.object({ cycleKey: z.string().trim().regex(CYCLE_KEY, '1–32 letters, digits or - _ : .').optional() }),
    }, async ({ body, userId, rc, ctx }) => {
      const { run, created } = await settlement.run(rc, { cycleKey: body.cycleKey, triggeredBy: `user:${userId}`, actorUserId: userId });
      ctx.status = created ? 201 : 200;
      return { ...(await reports.run(run.id)), created };
    })
    .route({ method: 'get', path: '/settlement/runs', summary: 'Settlement runs, newest first', access: ADMIN, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: Id.optional() }) },
      ({ query }) => reports.runs(query.limit, query.before))
    .route({ method: 'get', path: '/settlement/runs/:id', summary: 'A run with its statements', access: ADMIN, params: IdParams },
      ({ params }) => reports.run(params.id))
    .route({ method: 'get', path: '/settlement/runs/:id/statements.csv', summary: "A run's statements as CSV", access: ADMIN, params: IdParams, raw: csv },
      async ({ params, ctx }) => {
        await reports.run(params.id);
        attach(ctx, `statements-run-${params.id}.csv`);
        ctx.type = csv.contentType;
        ctx.body = await reports.statementsCsv({ runId: params.id });
      })
    .route({ method: 'get', path: '/statements', summary: 'Statements by run, status or beneficiary, newest first', access: ADMIN, query: StatementQuery },
      ({ query }) => reports.statements({ ...query, beforeId: query.before }))
    .route({ method: 'get', path: '/statements.csv', summary: 'Statements as CSV (same filters)', access: ADMIN, query: StatementQuery, raw: csv },
      async ({ query, ctx }) => {
        attach(ctx, 'statements.csv');
        ctx.type = csv.contentType;
        ctx.body = await reports.statementsCsv({ ...query, beforeId: query.before });
      })
    .route({ method: 'get', path: '/statements/:id', summary: 'A statement with its payouts and audit trail', access: ADMIN, params: IdParams },
      ({ params }) => withAudit(params.id))
    .route({ method: 'get', path: '/statements/:id/lines', summary: "A statement's lines (ledger entries), paged by line id", access: ADMIN, params: IdParams, query: LinesQuery },
      ({ params, query }) => reports.lines(params.id, query.limit, query.after))
    .route({ method: 'get', path: '/statements/:id/lines.csv', summary: "All of a statement's lines as CSV", access: ADMIN, params: IdParams, raw: csv },
      async ({ params, ctx }) => {
        const body = await reports.linesCsv(params.id);
        attach(ctx, `statement-${params.id}-lines.csv`);
        ctx.type = csv.contentType;
        ctx.body = body;
      })
    .route({ method: 'post', path: '/statements/:id/approve', summary: 'Approve a draft statement (positive, and not more than the payee is owed now)', access: ADMIN, params: IdParams },
      async ({ params, userId, rc }) => { await settlement.approve(rc, userId, params.id); return withAudit(params.id); })
    .route({ method: 'post', path: '/statements/:id/void', summary: 'Void an approved statement back to draft (no payout under way)', access: ADMIN, params: IdParams, body: z.object({ reason: z.string().trim().min(2).max(255) }) },
      async ({ params, body, userId, rc }) => { await settlement.void(rc, userId, params.id, body.reason); return withAudit(params.id); })
    .route({
      method: 'post', path: '/statements/:id/pay', summary: 'Pay an approved statement: manual (with the payout reference) or a WeChat Pay transfer', access: ADMIN, params: IdParams,
      body: z.object({ method: z.enum(['manual', 'wechat']), reference: z.string().trim().min(1).max(64).optional() })
        .refine((b) => b.method !== 'manual' || !!b.reference, { message: 'a manual payout needs its reference', path: ['reference'] }),
    }, async ({ params, body, userId, rc }) => { await settlement.pay(rc, userId, params.id, body); return withAudit(params.id); })
    .route({ method: 'post', path: '/statements/:id/payouts/refresh', summary: 'Ask the provider about the pending payout now', access: ADMIN, params: IdParams },
      async ({ params, rc }) => {
        const s = await reports.statement(params.id);
        const pending = s.payouts.find((p) => p.state === 'pending');
        if (!pending) throw new InvalidInputError('该结算单没有进行中的付款');
        await settlement.checkPayout(rc, pending.id);
        return withAudit(params.id);
      })
    .route({ method: 'get', path: '/reconciliation/orders/:id', summary: "One order's money to the fen, with its ledger entries", access: ADMIN, params: IdParams },
      ({ params }) => reports.reconcileOrder(params.id))
    .route({ method: 'get', path: '/reconciliation', summary: 'Orders paid in [from, to): paid = refunded + supplier + leader + pickup + platform + held', access: ADMIN, query: Period },
      ({ query }) => reports.reconcilePeriod(query.from, query.to))
    .route({ method: 'get', path: '/reconciliation.csv', summary: 'The period reconciliation per order, as CSV', access: ADMIN, query: Period, raw: csv },
      async ({ query, ctx }) => {
        attach(ctx, 'reconciliation.csv');
        ctx.type = csv.contentType;
        ctx.body = await reports.reconciliationCsv(query.from, query.to);
      })
    .route({
      method: 'get', path: '/earnings', summary: "A beneficiary's earnings: accrued, pending, released, settled, paid, owed", access: ADMIN,
      query: z.object({ kind: z.enum(BENEFICIARY_KINDS), id: z.coerce.number().int().min(0).max(2_147_483_647) }),
    }, async ({ query }) => (await reports.earnings(query.kind, [query.id]))[0]);
}
