/**
 * Ledger persistence: entries (append-only: this file has no UPDATE or DELETE on ledger_entries), balances,
 * and the versioned commission rules. Only this module's files touch these tables.
 */
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';
import type { BeneficiaryKind } from '../../../shared/types/statuses';
import type { Balance, Bucket, NewEntry } from './ledger.rules';

export interface RuleRow { version: number; leaderBps: number; pickupFeeFen: number; effectiveFrom: Date; createdBy: number | null; createdAt: Date }

export interface EntryRow {
  id: number; orderId: number; orderItemId: number | null; campaignId: number; beneficiaryKind: BeneficiaryKind; beneficiaryId: number;
  bucket: Bucket; entryType: 'accrual' | 'reversal' | 'release'; amountFen: number; refundId: number | null; idempotencyKey: string; createdAt: Date;
}

/** Rows per multi-row INSERT: well under every driver's placeholder limit (11 columns each). */
const INSERT_CHUNK = 400;

export class LedgerRepository {
  constructor(private readonly db: Database) {}

  /** Appends entries in multi-row INSERTs. A repeated idempotency key fails the transaction: nothing posts twice. */
  async insert(tx: Transaction, entries: readonly NewEntry[], now: Date): Promise<void> {
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const chunk = entries.slice(i, i + INSERT_CHUNK);
      const repl: Record<string, unknown> = { now };
      const rows = chunk.map((e, j) => {
        Object.assign(repl, {
          [`o${j}`]: e.orderId, [`i${j}`]: e.orderItemId, [`c${j}`]: e.campaignId, [`k${j}`]: e.kind, [`b${j}`]: e.beneficiaryId,
          [`u${j}`]: e.bucket, [`t${j}`]: e.entryType, [`a${j}`]: e.amountFen, [`r${j}`]: e.refundId, [`y${j}`]: e.idempotencyKey,
        });
        return `(:o${j}, :i${j}, :c${j}, :k${j}, :b${j}, :u${j}, :t${j}, :a${j}, :r${j}, :y${j}, :now)`;
      });
      await this.db.execute(
        `INSERT INTO ledger_entries (order_id, order_item_id, campaign_id, beneficiary_kind, beneficiary_id, bucket, entry_type, amount_fen,
                                     refund_id, idempotency_key, created_at) VALUES ${rows.join(', ')}`, repl, tx);
    }
  }

  /** Every slot's balance per bucket, for these orders (grouped by order id). */
  async balances(orderIds: readonly number[], tx?: Transaction): Promise<Map<number, Balance[]>> {
    const out = new Map<number, Balance[]>();
    if (!orderIds.length) return out;
    for (let i = 0; i < orderIds.length; i += 1000) {
      const rows = await this.db.select<Record<string, unknown>>(
        `SELECT order_id AS orderId, order_item_id AS orderItemId, beneficiary_kind AS kind, beneficiary_id AS beneficiaryId, bucket,
                SUM(amount_fen) AS amountFen
           FROM ledger_entries WHERE order_id IN (:ids)
          GROUP BY order_id, order_item_id, beneficiary_kind, beneficiary_id, bucket`, { ids: orderIds.slice(i, i + 1000) }, tx);
      for (const r of rows) {
        const orderId = Number(r.orderId);
        const list = out.get(orderId) ?? [];
        list.push({
          orderItemId: r.orderItemId == null ? null : Number(r.orderItemId), kind: r.kind as BeneficiaryKind,
          beneficiaryId: Number(r.beneficiaryId), bucket: r.bucket as Bucket, amountFen: Number(r.amountFen),
        });
        out.set(orderId, list);
      }
    }
    return out;
  }

  /** Orders (of these) that have had their commissions accrued. */
  async accruedOrders(orderIds: readonly number[], tx?: Transaction): Promise<Set<number>> {
    if (!orderIds.length) return new Set();
    const rows = await this.db.select<{ orderId: number }>(
      "SELECT DISTINCT order_id AS orderId FROM ledger_entries WHERE order_id IN (:ids) AND entry_type = 'accrual'", { ids: orderIds }, tx);
    return new Set(rows.map((r) => Number(r.orderId)));
  }

  async entriesOfOrder(orderId: number, tx?: Transaction): Promise<EntryRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(`${ENTRY_SELECT} WHERE order_id = :orderId ORDER BY id`, { orderId }, tx);
    return rows.map(toEntry);
  }

  // --- rules ------------------------------------------------------------------------------------------------

  async rules(tx?: Transaction): Promise<RuleRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT version, leader_bps AS leaderBps, pickup_fee_fen AS pickupFeeFen, effective_from AS effectiveFrom, created_by AS createdBy,
              created_at AS createdAt FROM commission_rules ORDER BY version`, {}, tx);
    return rows.map(toRule);
  }

  async ruleByVersion(version: number, tx?: Transaction): Promise<RuleRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT version, leader_bps AS leaderBps, pickup_fee_fen AS pickupFeeFen, effective_from AS effectiveFrom, created_by AS createdBy,
              created_at AS createdAt FROM commission_rules WHERE version = :version`, { version }, tx);
    return rows[0] ? toRule(rows[0]) : null;
  }

  /** The highest version in force at `at` (one indexed read: this runs inside every payment). */
  async ruleInForce(at: Date, tx?: Transaction): Promise<RuleRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT version, leader_bps AS leaderBps, pickup_fee_fen AS pickupFeeFen, effective_from AS effectiveFrom, created_by AS createdBy,
              created_at AS createdAt FROM commission_rules WHERE effective_from <= :at ORDER BY version DESC LIMIT 1`, { at }, tx);
    return rows[0] ? toRule(rows[0]) : null;
  }

  /** The next version; the UNIQUE key on version makes two admins at once collide rather than both win. */
  async insertRule(tx: Transaction, r: { leaderBps: number; pickupFeeFen: number; effectiveFrom: Date; createdBy: number | null }, now: Date): Promise<number> {
    const [{ v }] = await this.db.select<{ v: number | null }>('SELECT MAX(version) AS v FROM commission_rules', {}, tx);
    const version = Number(v ?? 0) + 1;
    await this.db.execute(
      `INSERT INTO commission_rules (version, leader_bps, pickup_fee_fen, effective_from, created_by, created_at)
       VALUES (:version, :leaderBps, :pickupFeeFen, :effectiveFrom, :createdBy, :now)`, { version, ...r, now }, tx);
    return version;
  }

  // --- balances per beneficiary (earnings) ---------------------------------------------------------------------

  /** accrued (net), pending, released (available), settled (available and on a statement), per beneficiary. */
  async beneficiarySums(kind: BeneficiaryKind, ids: readonly number[]): Promise<Map<number, { pending: number; available: number; settled: number }>> {
    const out = new Map<number, { pending: number; available: number; settled: number }>();
    if (!ids.length) return out;
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT e.beneficiary_id AS id, e.bucket,
              SUM(e.amount_fen) AS total,
              SUM(CASE WHEN l.id IS NULL THEN 0 ELSE e.amount_fen END) AS settled
         FROM ledger_entries e LEFT JOIN statement_lines l ON l.ledger_entry_id = e.id
        WHERE e.beneficiary_kind = :kind AND e.beneficiary_id IN (:ids)
        GROUP BY e.beneficiary_id, e.bucket`, { kind, ids });
    for (const id of ids) out.set(id, { pending: 0, available: 0, settled: 0 });
    for (const r of rows) {
      const s = out.get(Number(r.id))!;
      if (r.bucket === 'pending') s.pending += Number(r.total);
      else { s.available += Number(r.total); s.settled += Number(r.settled); }
    }
    return out;
  }
}

const ENTRY_SELECT = `SELECT id, order_id AS orderId, order_item_id AS orderItemId, campaign_id AS campaignId, beneficiary_kind AS beneficiaryKind,
  beneficiary_id AS beneficiaryId, bucket, entry_type AS entryType, amount_fen AS amountFen, refund_id AS refundId,
  idempotency_key AS idempotencyKey, created_at AS createdAt FROM ledger_entries`;

function toEntry(r: Record<string, unknown>): EntryRow {
  return {
    ...(r as unknown as EntryRow),
    id: Number(r.id), orderId: Number(r.orderId), orderItemId: r.orderItemId == null ? null : Number(r.orderItemId), campaignId: Number(r.campaignId),
    beneficiaryId: Number(r.beneficiaryId), amountFen: Number(r.amountFen), refundId: r.refundId == null ? null : Number(r.refundId), createdAt: toDate(r.createdAt),
  };
}

function toRule(r: Record<string, unknown>): RuleRow {
  return {
    version: Number(r.version), leaderBps: Number(r.leaderBps), pickupFeeFen: Number(r.pickupFeeFen), effectiveFrom: toDate(r.effectiveFrom),
    createdBy: r.createdBy == null ? null : Number(r.createdBy), createdAt: toDate(r.createdAt),
  };
}
