/**
 * 结算单状态机 (meanings in shared/types/statuses.ts), and the rules that guard a payout. Pure: no database.
 *  draft → approved (an admin checked it) → paid (with who, when, how and a payout reference)
 *  approved → draft (voided: back for review; never once a payout is under way or done)
 *  draft → carried (a later settlement run took over its balance: a negative balance carried forward,
 *                           or an unpaid draft consolidated into the beneficiary's new statement)
 */
import type { Transitions } from '../../kernel/fsm';
import type { StatementStatus } from '../../../shared/types/statuses';

export const statementTransitions: Transitions<StatementStatus> = {
  draft: ['approved', 'carried'],
  approved: ['paid', 'draft'],
  paid: [],
  carried: [],
};

export type PayoutRefusal =
  | { ok: true }
  | { ok: false; reason: 'nothing_to_pay' | 'exceeds_owed'; message: string };

/**
 * May this statement be approved or paid? Only a positive total is paid (a negative one is carried forward), and
 * never more than the beneficiary is owed right now: everything released to it (net of every refund recorded so
 * far, settled or not) less what it was already paid or is being paid. This is what makes "earnings paid out
 * after a refund" impossible: a refund recorded after the statement was made lowers what is owed, and the
 * payout is refused until a settlement run nets it (void, run, approve the new statement).
 */
export function payoutAllowed(totalFen: number, owedFen: number): PayoutRefusal {
  if (totalFen <= 0) return { ok: false, reason: 'nothing_to_pay', message: totalFen < 0 ? '结算单为负数，将结转到下一期' : '结算单金额为 0，无需支付' };
  if (totalFen > owedFen) {
    return { ok: false, reason: 'exceeds_owed', message: `此后有退款冲减了收益：应付余额 ${owedFen} 分，少于结算单 ${totalFen} 分；请作废此单并重新结算` };
  }
  return { ok: true };
}

/** A settlement cycle key: letters, digits and - _ : . only, at most 32 characters (settlement_runs.cycle_key). */
export const CYCLE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$/;

/** The key of a scheduled run: the occurrence in the business time zone, e.g. `auto-20261123-0300`. */
export function scheduledCycleKey(occurrence: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(occurrence);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `auto-${get('year')}${get('month')}${get('day')}-${get('hour')}${get('minute')}`;
}

/** WeChat's out_bill_no: letters and digits only, ≤ 32; one per statement and attempt, so a retry is idempotent. */
export const outBillNo = (statementId: number, attempt: number): string => `LLST${statementId}A${attempt}`;
