/**
 * The commission ledger's use cases inside this module: versioned rules, posting (append-only, every entry
 * with its idempotency key), the three postings (accrue, reverse, release), and balances. The flows give it
 * plain facts about orders (OrderFacts); it never reads other modules' tables.
 */
import type { Transaction } from 'sequelize';
import type { Database, TxContext } from '../../infra/db';
import { InvalidInputError } from '../../kernel/errors';
import type { BeneficiaryKind } from '../../../shared/types/statuses';
import { LedgerRepository, type EntryRow, type RuleRow } from './ledger.repository';
import { adjustmentsTo, allocate, releaseOf, type Bucket, type NewEntry, type OrderFacts } from './ledger.rules';

export interface DefaultRates { leaderBps: number; pickupFeeFen: number }

export class LedgerService {
  readonly repo: LedgerRepository;
  constructor(db: Database, private readonly defaults: DefaultRates) {
    this.repo = new LedgerRepository(db);
  }

  // --- rules ------------------------------------------------------------------------------------------------

  rules(tx?: Transaction): Promise<RuleRow[]> { return this.repo.rules(tx); }

  ruleInForce(at: Date, tx?: Transaction): Promise<RuleRow | null> { return this.repo.ruleInForce(at, tx); }

  /** The rates of a version; without one (no rule was ever written) the configured defaults. */
  async ratesOf(version: number | null, tx?: Transaction): Promise<DefaultRates> {
    const rule = version === null ? null : await this.repo.ruleByVersion(version, tx);
    return rule ? { leaderBps: rule.leaderBps, pickupFeeFen: rule.pickupFeeFen } : this.defaults;
  }

  async createRule(trc: TxContext, r: { leaderBps: number; pickupFeeFen: number; effectiveFrom: Date | null }, createdBy: number | null): Promise<number> {
    const effectiveFrom = r.effectiveFrom ?? trc.now;
    if (effectiveFrom < trc.now) throw new InvalidInputError('规则不能追溯生效：已支付的订单保留支付时的规则', { effectiveFrom });
    return this.repo.insertRule(trc.tx, { leaderBps: r.leaderBps, pickupFeeFen: r.pickupFeeFen, effectiveFrom, createdBy }, trc.now);
  }

  // --- postings ---------------------------------------------------------------------------------------------

  /**
   * 成团: the orders' commissions, as pending. Orders already accrued are synced (a no-op when nothing changed),
   * so a repeated call posts nothing. Returns the entries posted.
   */
  async accrue(trc: TxContext, orders: readonly OrderFacts[]): Promise<NewEntry[]> {
    const balances = await this.repo.balances(orders.map((o) => o.orderId), trc.tx);
    const entries = orders.flatMap((o) => adjustmentsTo(allocate(o), balances.get(o.orderId) ?? [], {
      orderId: o.orderId, campaignId: o.campaignId, entryType: 'accrual', refundId: null, bucket: 'pending',
    }));
    await this.repo.insert(trc.tx, entries, trc.now);
    return entries;
  }

  /**
   * A refund was recorded: the order's split is recomputed and the difference appended, to the pending bucket
   * before completion and to available after it (a refund after settlement: the next statement deducts it).
   * An order never accrued (campaign still open, failed, cancelled; or the tier difference recorded just before
   * accrual) gets nothing: its accrual, if it comes, starts from the refunded state.
   */
  async reverse(trc: TxContext, order: OrderFacts, refundId: number, released: boolean): Promise<NewEntry[]> {
    if (!(await this.repo.accruedOrders([order.orderId], trc.tx)).has(order.orderId)) return [];
    const balances = (await this.repo.balances([order.orderId], trc.tx)).get(order.orderId) ?? [];
    const bucket: Bucket = released ? 'available' : 'pending';
    const entries = adjustmentsTo(allocate(order), balances, { orderId: order.orderId, campaignId: order.campaignId, entryType: 'reversal', refundId, bucket });
    await this.repo.insert(trc.tx, entries, trc.now);
    return entries;
  }

  /** The order completed: every pending balance becomes available for settlement. */
  async release(trc: TxContext, order: { orderId: number; campaignId: number }): Promise<NewEntry[]> {
    const balances = (await this.repo.balances([order.orderId], trc.tx)).get(order.orderId) ?? [];
    const entries = releaseOf(balances, order);
    await this.repo.insert(trc.tx, entries, trc.now);
    return entries;
  }

  accruedOrders(orderIds: readonly number[], tx?: Transaction): Promise<Set<number>> { return this.repo.accruedOrders(orderIds, tx); }

  entriesOfOrder(orderId: number, tx?: Transaction): Promise<EntryRow[]> { return this.repo.entriesOfOrder(orderId, tx); }

  beneficiarySums(kind: BeneficiaryKind, ids: readonly number[]) { return this.repo.beneficiarySums(kind, ids); }
}
