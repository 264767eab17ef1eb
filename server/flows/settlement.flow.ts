/**
 * Settlement: runs (scheduled weekly by default, or on demand by an admin), the statement decisions of admins
 * (approve, void, pay), and payouts — manual with a reference, or a WeChat Pay transfer. Every decision is
 * audited (who, what, when).
 *
 * A WeChat payout is recorded as a pending attempt in one transaction, then sent, then its outcome applied in
 * another transaction (Medusa-style step with explicit follow-up): a crash or a timeout in between leaves the
 * attempt pending, and the payout check job asks WeChat about it (out_bill_no is idempotent there), so a
 * statement is never paid twice and never forgotten.
 */
import type { Container } from '../container';
import type { TxContext } from '../infra/db';
import type { ServiceContext } from '../kernel/context';
import { MINUTE } from '../kernel/clock';
import { BusinessRuleError, ConflictError, InvalidInputError, NotFoundError } from '../kernel/errors';
import {
  CYCLE_KEY, WECHAT_TRANSFER_MAX_FEN, scheduledCycleKey, type PayoutAdapter, type PayoutResult, type PayoutRow, type RunRow,
  type SettlementService, type StatementRow,
} from '../modules/ledger';

export const SETTLEMENT_RUN_JOB = 'settlement.run';
export const PAYOUT_CHECK_JOB = 'settlement.payout.check';

/** How long to wait before asking WeChat again about a pending transfer (the payee may take hours to confirm). */
const CHECK_DELAYS_MS = [1, 5, 15, 60, 180, 720].map((m) => m * MINUTE);

export interface PayoutAdapters { manual: PayoutAdapter; wechat?: PayoutAdapter }

export class SettlementFlow {
  constructor(private readonly c: Container, private readonly settlement: SettlementService, readonly payouts: PayoutAdapters) {}

  /**
   * One settlement run. `cycleKey` names the cycle: running it again returns the same run and changes nothing.
   * Also the entry point for the benchmark (one set-based transaction, whatever the number of entries).
   */
  async run(rc: ServiceContext, opts: { cycleKey?: string; cutoff?: Date; triggeredBy: string; actorUserId?: number | null }): Promise<{ run: RunRow; created: boolean }> {
    const cycleKey = opts.cycleKey ?? `manual-${compactTime(rc.now)}`;
    if (!CYCLE_KEY.test(cycleKey)) throw new InvalidInputError('cycleKey: 1–32 letters, digits or - _ : .', { cycleKey });
    const cutoff = opts.cutoff ?? rc.now;
    if (cutoff > rc.now) throw new InvalidInputError('cutoff cannot be in the future');
    await this.settlement.prepareRun();
    return this.c.db.transaction(rc, async (trc) => {
      const result = await this.settlement.run(trc, { cycleKey, cutoff, triggeredBy: opts.triggeredBy });
      if (result.created && opts.actorUserId) {
        await this.c.audit.record(trc.tx, opts.actorUserId, 'settlement.run', 'settlement_run', result.run.id, { cycleKey, entries: result.run.entryCount, statements: result.run.statementCount }, trc.now);
      }
      return result;
    });
  }

  /** Job 'settlement.run': the cycle is the occurrence itself, so a retried or duplicated occurrence is one run. */
  async scheduled(rc: ServiceContext, occurrence: Date): Promise<RunRow> {
    const cutoff = occurrence < rc.now ? occurrence : rc.now;
    const { run } = await this.run(rc, { cycleKey: scheduledCycleKey(occurrence, this.c.config.timeZone), cutoff, triggeredBy: 'scheduler' });
    this.c.log.info({ cycleKey: run.cycleKey, entries: run.entryCount, statements: run.statementCount }, 'settlement run');
    return run;
  }

  async approve(rc: ServiceContext, adminUserId: number, statementId: number): Promise<StatementRow> {
    return this.c.db.transaction(rc, async (trc) => {
      const s = await this.settlement.approve(trc, statementId, adminUserId);
      await this.c.audit.record(trc.tx, adminUserId, 'statement.approve', 'statement', statementId, { totalFen: s.totalFen }, trc.now);
      return s;
    });
  }

  async void(rc: ServiceContext, adminUserId: number, statementId: number, reason: string): Promise<StatementRow> {
    return this.c.db.transaction(rc, async (trc) => {
      const s = await this.settlement.void(trc, statementId);
      await this.c.audit.record(trc.tx, adminUserId, 'statement.void', 'statement', statementId, { reason, totalFen: s.totalFen }, trc.now);
      return s;
    });
  }

  /**
   * Pays an approved statement. Manual: the admin paid outside and gives the reference; done at once.
   * WeChat: a transfer to the payee's WeChat balance (leaders and store owners only: suppliers and the platform
   * are paid by bank, manually); it usually waits for the payee to confirm, so the statement becomes paid when
   * WeChat says SUCCESS (the check job, or POST …/payouts/refresh).
   */
  async pay(rc: ServiceContext, adminUserId: number, statementId: number, how: { method: 'manual' | 'wechat'; reference?: string }): Promise<StatementRow> {
    if (how.method === 'manual') {
      const reference = how.reference?.trim();
      if (!reference) throw new InvalidInputError('线下打款请填写付款凭证号 (reference)');
      const result = await this.payouts.manual.transfer({ outBillNo: '', amountFen: 0, openid: null, remark: '', reference });
      return this.c.db.transaction(rc, async (trc) => {
        const s = await this.settlement.lockForChange(trc, statementId);
        const payout = await this.settlement.startPayout(trc, s, { method: 'manual', requestedBy: adminUserId, state: 'succeeded', providerRef: result.providerRef });
        await this.settlement.markPaid(trc, s, adminUserId, 'manual', result.providerRef);
        await this.c.audit.record(trc.tx, adminUserId, 'statement.paid', 'statement', statementId, { method: 'manual', reference, payoutId: payout.id, amountFen: s.totalFen }, trc.now);
        return this.settlement.get(statementId, trc.tx);
      });
    }
    const adapter = this.payouts.wechat;
    if (!adapter) throw new ConflictError('未配置微信支付商家转账，请线下打款', undefined, 'ILLEGAL_TRANSITION');
    // Who the payee is does not change with the statement's state: looked up before the transaction.
    const peek = await this.settlement.get(statementId);
    if (peek.beneficiaryKind !== 'leader' && peek.beneficiaryKind !== 'pickup_point') throw new BusinessRuleError('BUSINESS_RULE', '微信转账只能付给团长或自提点店主；供应商与平台请线下打款');
    const openid = await this.payeeOpenid(peek);
    if (!openid) throw new BusinessRuleError('BUSINESS_RULE', '收款人没有绑定微信，请线下打款');
    const started = await this.c.db.transaction(rc, async (trc) => {
      const s = await this.settlement.lockForChange(trc, statementId);
      if (s.totalFen > WECHAT_TRANSFER_MAX_FEN) throw new BusinessRuleError('BUSINESS_RULE', '单笔 2000 元及以上的微信转账需要收款人实名，请线下打款', { totalFen: s.totalFen });
      const payout = await this.settlement.startPayout(trc, s, { method: 'wechat', requestedBy: adminUserId, state: 'pending', providerRef: null });
      await this.c.audit.record(trc.tx, adminUserId, 'statement.payout_started', 'statement', statementId, { method: 'wechat', payoutId: payout.id, outBillNo: payout.outBillNo, amountFen: payout.amountFen }, trc.now);
      await this.scheduleCheck(trc, payout.id, 0);
      return { payout, openid, cycleKey: s.cycleKey };
    });
    let result: PayoutResult | null = null;
    try {
      result = await adapter.transfer({ outBillNo: started.payout.outBillNo, amountFen: started.payout.amountFen, openid: started.openid, remark: `邻里佣金结算 ${started.cycleKey}` });
    } catch (err) {
      // Unknown outcome (timeout, 5xx): the attempt stays pending and the check job asks WeChat.
      this.c.log.warn({ err: (err as Error).message, payoutId: started.payout.id }, 'payout transfer failed to answer; the check job will ask again');
    }
    if (result) await this.applyResult(rc, started.payout.id, result);
    return this.settlement.get(statementId);
  }

  /** Job 'settlement.payout.check' and POST …/payouts/refresh: ask the provider about a pending attempt. */
  async checkPayout(rc: ServiceContext, payoutId: number, round = 0): Promise<PayoutRow> {
    const payout = await this.settlement.repo.payout(payoutId);
    if (!payout) throw new NotFoundError('payout', payoutId);
    if (payout.state !== 'pending') return payout;
    const adapter = payout.method === 'wechat' ? this.payouts.wechat : undefined;
    if (!adapter) throw new ConflictError(`payout method ${payout.method} cannot be checked here`);
    let result = await adapter.query(payout.outBillNo);
    if (result === 'missing') {
      // The create never reached WeChat (the first call failed on the way): send it again, same out_bill_no.
      const s = await this.settlement.get(payout.statementId);
      result = await adapter.transfer({ outBillNo: payout.outBillNo, amountFen: payout.amountFen, openid: await this.payeeOpenid(s), remark: `邻里佣金结算 ${s.cycleKey}` });
    }
    await this.applyResult(rc, payoutId, result);
    const after = (await this.settlement.repo.payout(payoutId))!;
    if (after.state === 'pending') await this.c.db.transaction(rc, (trc) => this.scheduleCheck(trc, payoutId, round + 1));
    return after;
  }

  /** Applies a provider's answer once: succeeded → statement paid; failed → attempt closed (a new one may follow). */
  private async applyResult(rc: ServiceContext, payoutId: number, result: PayoutResult): Promise<void> {
    await this.c.db.transaction(rc, async (trc) => {
      const payout = (await this.settlement.repo.payout(payoutId, trc.tx))!;
      if (payout.state !== 'pending') return;
      const s = await this.settlement.lockForChange(trc, payout.statementId);
      if (result.state === 'pending') {
        await this.settlement.repo.notePayout(trc.tx, payoutId, trc.now, { providerState: result.providerState, providerRef: result.providerRef, packageInfo: result.packageInfo ?? null });
        return;
      }
      if (!(await this.settlement.repo.settlePayout(trc.tx, payoutId, result.state, trc.now, { providerState: result.providerState, providerRef: result.providerRef, error: result.message ?? null }))) return;
      if (result.state === 'succeeded') {
        await this.settlement.markPaid(trc, s, payout.requestedBy, payout.method, result.providerRef);
        await this.c.audit.record(trc.tx, payout.requestedBy, 'statement.paid', 'statement', s.id, { method: payout.method, reference: result.providerRef, payoutId, amountFen: payout.amountFen }, trc.now);
      } else {
        await this.c.audit.record(trc.tx, payout.requestedBy, 'statement.payout_failed', 'statement', s.id, { method: payout.method, payoutId, reason: result.message ?? result.providerState }, trc.now);
      }
    });
  }

  private async scheduleCheck(trc: TxContext, payoutId: number, round: number): Promise<void> {
    const delay = CHECK_DELAYS_MS[Math.min(round, CHECK_DELAYS_MS.length - 1)];
    await this.c.jobs.enqueue(trc.tx, { kind: PAYOUT_CHECK_JOB, runAt: new Date(trc.now.getTime() + delay), dedupeKey: `${PAYOUT_CHECK_JOB}:${payoutId}:${round}`, payload: { payoutId, round } });
  }

  /** A leader is paid to their own WeChat; a pickup point to its owner's. */
  private async payeeOpenid(s: StatementRow): Promise<string | null> {
    if (s.beneficiaryKind === 'leader') {
      const leader = (await this.c.community.leadersByIds([s.beneficiaryId])).get(s.beneficiaryId);
      return leader ? this.c.identity.openidOf(leader.userId) : null;
    }
    if (s.beneficiaryKind === 'pickup_point') {
      const point = (await this.c.pickup.byIds([s.beneficiaryId])).get(s.beneficiaryId);
      return point ? this.c.identity.openidOf(point.ownerUserId) : null;
    }
    return null;
  }
}

/** 2026-11-22T10:00:05Z → 20261122-100005 (UTC), for default manual cycle keys. */
function compactTime(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}
