/**
 * Settlement inside the ledger module: runs (idempotent per cycle key, serialised across instances), the
 * statement state machine (every status change checked against statement.state.ts, then compare-and-set),
 * and payout attempts.
 */
import type { Database, TxContext } from '../../infra/db';
import { isUniqueViolation } from '../../infra/db';
import { assertTransition } from '../../kernel/fsm';
import { BusinessRuleError, ConflictError, IllegalTransitionError, NotFoundError } from '../../kernel/errors';
import type { StatementStatus } from '../../../shared/types/statuses';
import { SettlementRepository, type PayoutRow, type RunRow, type StatementRow } from './settlement.repository';
import { outBillNo, payoutAllowed, statementTransitions } from './statement.state';

export const SETTLEMENT_LOCK = 'settlement';

export class SettlementService {
  readonly repo: SettlementRepository;
  constructor(private readonly db: Database) {
    this.repo = new SettlementRepository(db);
  }

  /** Call before the run's transaction on MySQL (creates the lock row if a reset emptied the table). */
  async prepareRun(): Promise<void> {
    if (this.db.dialect === 'mysql') await this.repo.ensureLock(SETTLEMENT_LOCK);
  }

  /**
   * Inside the caller's transaction: takes the settlement lock, then either finds the cycle's run (a rerun:
   * nothing new) or makes it. Two instances running the same cycle at once: the second waits for the lock and
   * then finds the first one's run.
   */
  async run(trc: TxContext, r: { cycleKey: string; cutoff: Date; triggeredBy: string }): Promise<{ run: RunRow; created: boolean }> {
    if (this.db.dialect === 'sqlite') await this.repo.ensureLock(SETTLEMENT_LOCK, trc.tx);
    await this.repo.takeLock(trc.tx, SETTLEMENT_LOCK, trc.now);
    const existing = await this.repo.runByKey(r.cycleKey, trc.tx);
    if (existing) return { run: existing, created: false };
    const runId = await this.repo.insertRun(trc.tx, { cycleKey: r.cycleKey, cutoffAt: r.cutoff, triggeredBy: r.triggeredBy.slice(0, 64) }, trc.now);
    const counts = await this.repo.settle(trc.tx, runId, r.cutoff, trc.now);
    await this.repo.finishRun(trc.tx, runId, counts, trc.now);
    return { run: (await this.repo.run(runId, trc.tx))!, created: true };
  }

  async get(id: number, tx?: TxContext['tx'], lock = false): Promise<StatementRow> {
    const s = await this.repo.statement(id, tx, lock);
    if (!s) throw new NotFoundError('statement', id);
    return s;
  }

  /** The one way a statement changes status: the table, then compare-and-set. */
  private async transition(trc: TxContext, s: Pick<StatementRow, 'id' | 'status'>, to: StatementStatus, sets: Record<string, unknown> = {}): Promise<void> {
    assertTransition(statementTransitions, 'statement', s.status, to);
    if (!(await this.repo.casStatus(trc.tx, s.id, s.status, to, trc.now, sets))) {
      const now = await this.get(s.id, trc.tx);
      throw new IllegalTransitionError('statement', now.status, to, '结算单状态已变化，请刷新');
    }
  }

  /** Locks the statement and its beneficiary's other statements (approvals and payouts of one payee in turn). */
  async lockForChange(trc: TxContext, id: number): Promise<StatementRow> {
    const peek = await this.get(id, trc.tx);
    await this.repo.lockBeneficiary(trc.tx, peek.beneficiaryKind, peek.beneficiaryId);
    return this.get(id, trc.tx, true);
  }

  /** draft → approved, if it is positive and not more than the beneficiary is owed now. */
  async approve(trc: TxContext, id: number, adminUserId: number): Promise<StatementRow> {
    const s = await this.lockForChange(trc, id);
    if (s.status !== 'draft') throw new IllegalTransitionError('statement', s.status, 'approved');
    await this.assertPayable(trc, s);
    await this.transition(trc, s, 'approved', { approved_by: adminUserId, approved_at: trc.now });
    return this.get(id, trc.tx);
  }

  /** approved → draft, unless a payout is under way or done. */
  async void(trc: TxContext, id: number): Promise<StatementRow> {
    const s = await this.lockForChange(trc, id);
    if (s.status !== 'approved') throw new IllegalTransitionError('statement', s.status, 'draft', '只能作废已审核、未支付的结算单');
    const live = (await this.repo.payouts([id], trc.tx)).filter((p) => p.state !== 'failed');
    if (live.length) throw new ConflictError('该结算单有进行中的付款，不能作废', { payoutId: live[0].id, state: live[0].state });
    await this.transition(trc, s, 'draft', { approved_by: null, approved_at: null });
    return this.get(id, trc.tx);
  }

  async assertPayable(trc: TxContext, s: StatementRow): Promise<void> {
    const owed = await this.repo.owedFen(trc.tx, s.beneficiaryKind, s.beneficiaryId, s.id);
    const verdict = payoutAllowed(s.totalFen, owed);
    if (!verdict.ok) throw new BusinessRuleError('BUSINESS_RULE', verdict.message, { reason: verdict.reason, totalFen: s.totalFen, owedFen: owed });
  }

  /**
   * A new payout attempt for an approved statement (caller holds lockForChange). Refused while another attempt
   * is live. A manual payout is recorded as succeeded at once; a provider one starts pending.
   */
  async startPayout(trc: TxContext, s: StatementRow, p: { method: string; requestedBy: number; state: 'pending' | 'succeeded'; providerRef: string | null }): Promise<PayoutRow> {
    if (s.status !== 'approved') throw new IllegalTransitionError('statement', s.status, 'paid', '请先审核结算单');
    const live = (await this.repo.payouts([s.id], trc.tx)).find((x) => x.state !== 'failed');
    if (live) throw new ConflictError(live.state === 'pending' ? '该结算单已有进行中的付款' : '该结算单已支付', { payoutId: live.id, state: live.state });
    await this.assertPayable(trc, s);
    const attempt = (await this.repo.attempts(s.id, trc.tx)) + 1;
    try {
      const id = await this.repo.insertPayout(trc.tx, {
        statementId: s.id, method: p.method, outBillNo: outBillNo(s.id, attempt), amountFen: s.totalFen, requestedBy: p.requestedBy,
        state: p.state, providerRef: p.providerRef,
      }, trc.now);
      return (await this.repo.payout(id, trc.tx))!;
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('该结算单已有进行中的付款');
      throw err;
    }
  }

  /** approved → paid, with who, how and the reference; the statement's single live payout is its proof. */
  async markPaid(trc: TxContext, s: Pick<StatementRow, 'id' | 'status'>, by: number | null, method: string, ref: string | null): Promise<void> {
    await this.transition(trc, s, 'paid', { paid_by: by, paid_at: trc.now, payout_method: method, payout_ref: ref?.slice(0, 64) ?? null });
  }
}
