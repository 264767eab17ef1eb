/**
 * Settlement persistence: runs, statements, their lines and payouts. A run is a handful of set-based
 * statements (INSERT … SELECT, UPDATE … JOIN) whatever the number of entries — never a loop of single-row
 * writes — so a million entries settle in one pass.
 */
import type { Transaction } from 'sequelize';
import { toDate, type Database } from '../../infra/db';
import type { BeneficiaryKind, StatementStatus } from '../../../shared/types/statuses';

export interface RunRow {
  id: number; cycleKey: string; cutoffAt: Date; startedAt: Date; finishedAt: Date | null; triggeredBy: string; entryCount: number; statementCount: number;
}

export interface StatementRow {
  id: number; runId: number; cycleKey: string; beneficiaryKind: BeneficiaryKind; beneficiaryId: number; carriedInFen: number; linesFen: number;
  totalFen: number; lineCount: number; status: StatementStatus; carriedIntoId: number | null; approvedBy: number | null; approvedAt: Date | null;
  paidBy: number | null; paidAt: Date | null; payoutMethod: string | null; payoutRef: string | null; createdAt: Date;
}

export interface LineRow {
  lineId: number; ledgerEntryId: number; orderId: number; orderItemId: number | null; campaignId: number; entryType: 'accrual' | 'reversal' | 'release';
  refundId: number | null; amountFen: number; postedAt: Date;
}

export interface PayoutRow {
  id: number; statementId: number; method: string; outBillNo: string; amountFen: number; state: 'pending' | 'succeeded' | 'failed';
  providerState: string | null; providerRef: string | null; packageInfo: string | null; lastError: string | null; requestedBy: number | null;
  createdAt: Date; updatedAt: Date;
}

export interface StatementFilter {
  runId?: number; status?: StatementStatus; beneficiaryKind?: BeneficiaryKind; beneficiaryId?: number; limit?: number; beforeId?: number;
}

const STATEMENT_SELECT = `SELECT s.id, s.run_id AS runId, r.cycle_key AS cycleKey, s.beneficiary_kind AS beneficiaryKind, s.beneficiary_id AS beneficiaryId,
  s.carried_in_fen AS carriedInFen, s.lines_fen AS linesFen, s.total_fen AS totalFen, s.line_count AS lineCount, s.status,
  s.carried_into_id AS carriedIntoId, s.approved_by AS approvedBy, s.approved_at AS approvedAt, s.paid_by AS paidBy, s.paid_at AS paidAt,
  s.payout_method AS payoutMethod, s.payout_ref AS payoutRef, s.created_at AS createdAt
  FROM statements s JOIN settlement_runs r ON r.id = s.run_id`;

const PAYOUT_SELECT = `SELECT id, statement_id AS statementId, method, out_bill_no AS outBillNo, amount_fen AS amountFen, state,
  provider_state AS providerState, provider_ref AS providerRef, package_info AS packageInfo, last_error AS lastError,
  requested_by AS requestedBy, created_at AS createdAt, updated_at AS updatedAt FROM statement_payouts`;

/** An available entry not yet on any statement, up to the run's bounds. */
const UNSETTLED = `e.bucket = 'available' AND e.id <= :maxId AND e.created_at <= :cutoff
  AND NOT EXISTS (SELECT 1 FROM statement_lines l WHERE l.ledger_entry_id = e.id)`;

export class SettlementRepository {
  constructor(private readonly db: Database) {}

  // --- the run ------------------------------------------------------------------------------------------------

  /**
   * The lock row must exist before a run can take it (a test may have emptied the table). On MySQL this runs
   * before the run's transaction (an INSERT IGNORE inside it would share-lock the row and make two runs
   * deadlock on the upgrade); on SQLite inside it (a write outside the open transaction would wait for it).
   */
  async ensureLock(name: string, tx?: Transaction): Promise<void> {
    const ignore = this.db.dialect === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    await this.db.execute(`${ignore} INTO ledger_locks (name, held_at) VALUES (:name, NULL)`, { name }, tx);
  }

  /**
   * Takes the named lock for the rest of the transaction: a locking read holds the row until commit on MySQL,
   * so a second instance's run waits here and then sees the first one's result; SQLite's write transaction
   * (BEGIN IMMEDIATE) is already the only writer. held_at is informative only.
   */
  async takeLock(tx: Transaction, name: string, now: Date): Promise<void> {
    const rows = await this.db.select<{ name: string }>(`SELECT name FROM ledger_locks WHERE name = :name${this.db.forUpdate}`, { name }, tx);
    if (!rows.length) throw new Error(`ledger lock "${name}" is missing`);
    await this.db.execute('UPDATE ledger_locks SET held_at = :now WHERE name = :name', { name, now }, tx);
  }

  async runByKey(cycleKey: string, tx?: Transaction): Promise<RunRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(`${RUN_SELECT} WHERE cycle_key = :cycleKey`, { cycleKey }, tx);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async run(id: number, tx?: Transaction): Promise<RunRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(`${RUN_SELECT} WHERE id = :id`, { id }, tx);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async runs(limit: number, beforeId?: number): Promise<RunRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(
      `${RUN_SELECT} ${beforeId ? 'WHERE id < :beforeId' : ''} ORDER BY id DESC LIMIT ${Math.min(200, Math.max(1, limit))}`, beforeId ? { beforeId } : {});
    return rows.map(toRun);
  }

  async insertRun(tx: Transaction, r: { cycleKey: string; cutoffAt: Date; triggeredBy: string }, now: Date): Promise<number> {
    await this.db.execute(
      `INSERT INTO settlement_runs (cycle_key, cutoff_at, started_at, triggered_by, entry_count, statement_count)
       VALUES (:cycleKey, :cutoffAt, :now, :triggeredBy, 0, 0)`, { ...r, now }, tx);
    const run = await this.runByKey(r.cycleKey, tx);
    return run!.id;
  }

  /**
   * The run itself, inside the caller's transaction (which holds the settlement lock):
   *  1. one statement per beneficiary with released entries not yet on a statement (and per beneficiary holding
   *     two or more drafts, so they consolidate);
   *  2. those entries become its lines (UNIQUE ledger_entry_id: an entry is never on two statements);
   *  3. the beneficiary's earlier drafts are carried forward into the new statement (their totals, negative or
   *     not, become its carried_in);
   *  4. totals: lines_fen, line_count, carried_in_fen, total_fen.
   * Entries are bounded by the highest id when the run starts and by the cutoff: anything posted meanwhile
   * simply waits for the next run.
   */
  async settle(tx: Transaction, runId: number, cutoff: Date, now: Date): Promise<{ entryCount: number; statementCount: number }> {
    const [{ maxId }] = await this.db.select<{ maxId: number | null }>('SELECT MAX(id) AS maxId FROM ledger_entries', {}, tx);
    const p = { runId, cutoff, now, maxId: Number(maxId ?? 0) };
    await this.db.execute(
      `INSERT INTO statements (run_id, beneficiary_kind, beneficiary_id, carried_in_fen, lines_fen, total_fen, status, line_count, created_at, updated_at)
       SELECT :runId, x.k, x.b, 0, 0, 0, 'draft', 0, :now, :now FROM (
         SELECT e.beneficiary_kind AS k, e.beneficiary_id AS b FROM ledger_entries e WHERE ${UNSETTLED}
          GROUP BY e.beneficiary_kind, e.beneficiary_id
         UNION
         SELECT d.beneficiary_kind AS k, d.beneficiary_id AS b FROM statements d WHERE d.status = 'draft'
          GROUP BY d.beneficiary_kind, d.beneficiary_id HAVING COUNT(*) >= 2
       ) x`, p, tx);
    const [{ n, minId }] = await this.db.select<{ n: number; minId: number | null }>(
      'SELECT COUNT(*) AS n, MIN(id) AS minId FROM statements WHERE run_id = :runId', { runId }, tx);
    if (Number(n) === 0) return { entryCount: 0, statementCount: 0 };

    await this.db.execute(
      `INSERT INTO statement_lines (statement_id, ledger_entry_id, amount_fen)
       SELECT s.id, e.id, e.amount_fen FROM ledger_entries e
         JOIN statements s ON s.run_id = :runId AND s.beneficiary_kind = e.beneficiary_kind AND s.beneficiary_id = e.beneficiary_id
        WHERE ${UNSETTLED}`, p, tx);

    if (this.db.dialect === 'mysql') {
      await this.db.execute(
        `UPDATE statements o JOIN statements s ON s.run_id = :runId AND s.beneficiary_kind = o.beneficiary_kind AND s.beneficiary_id = o.beneficiary_id
            SET o.status = 'carried', o.carried_into_id = s.id, o.updated_at = :now
          WHERE o.status = 'draft' AND o.run_id <> :runId`, p, tx);
      await this.db.execute(
        `UPDATE statements s JOIN (SELECT statement_id AS sid, SUM(amount_fen) AS t, COUNT(*) AS c FROM statement_lines
                                    WHERE statement_id >= :minId GROUP BY statement_id) l ON l.sid = s.id
            SET s.lines_fen = l.t, s.line_count = l.c WHERE s.run_id = :runId`, { ...p, minId }, tx);
      await this.db.execute(
        `UPDATE statements s JOIN (SELECT carried_into_id AS sid, SUM(total_fen) AS t FROM statements
                                    WHERE carried_into_id >= :minId GROUP BY carried_into_id) c ON c.sid = s.id
            SET s.carried_in_fen = c.t WHERE s.run_id = :runId`, { ...p, minId }, tx);
    } else {
      const same = 'n.run_id = :runId AND n.beneficiary_kind = statements.beneficiary_kind AND n.beneficiary_id = statements.beneficiary_id';
      await this.db.execute(
        `UPDATE statements SET status = 'carried', updated_at = :now,
                carried_into_id = (SELECT n.id FROM statements n WHERE ${same})
          WHERE status = 'draft' AND run_id <> :runId AND EXISTS (SELECT 1 FROM statements n WHERE ${same})`, p, tx);
      await this.db.execute(
        `UPDATE statements SET
            lines_fen = COALESCE((SELECT SUM(l.amount_fen) FROM statement_lines l WHERE l.statement_id = statements.id), 0),
            line_count = (SELECT COUNT(*) FROM statement_lines l WHERE l.statement_id = statements.id),
            carried_in_fen = COALESCE((SELECT SUM(c.total_fen) FROM statements c WHERE c.carried_into_id = statements.id), 0)
          WHERE run_id = :runId`, p, tx);
    }
    await this.db.execute('UPDATE statements SET total_fen = carried_in_fen + lines_fen WHERE run_id = :runId', p, tx);
    const [{ entries }] = await this.db.select<{ entries: number | null }>('SELECT SUM(line_count) AS entries FROM statements WHERE run_id = :runId', { runId }, tx);
    return { entryCount: Number(entries ?? 0), statementCount: Number(n) };
  }

  async finishRun(tx: Transaction, runId: number, counts: { entryCount: number; statementCount: number }, now: Date): Promise<void> {
    await this.db.execute(
      'UPDATE settlement_runs SET finished_at = :now, entry_count = :entryCount, statement_count = :statementCount WHERE id = :runId',
      { runId, now, ...counts }, tx);
  }

  // --- statements ---------------------------------------------------------------------------------------------

  async statement(id: number, tx?: Transaction, lock = false): Promise<StatementRow | null> {
    // Lock the statement row itself (not the run row): FOR UPDATE on the join would lock both.
    if (lock && this.db.forUpdate) await this.db.select(`SELECT id FROM statements WHERE id = :id${this.db.forUpdate}`, { id }, tx);
    const rows = await this.db.select<Record<string, unknown>>(`${STATEMENT_SELECT} WHERE s.id = :id`, { id }, tx);
    return rows[0] ? toStatement(rows[0]) : null;
  }

  async statements(f: StatementFilter): Promise<StatementRow[]> {
    const where: string[] = [];
    if (f.runId !== undefined) where.push('s.run_id = :runId');
    if (f.status !== undefined) where.push('s.status = :status');
    if (f.beneficiaryKind !== undefined) where.push('s.beneficiary_kind = :beneficiaryKind');
    if (f.beneficiaryId !== undefined) where.push('s.beneficiary_id = :beneficiaryId');
    if (f.beforeId !== undefined) where.push('s.id < :beforeId');
    const limit = Math.min(500, Math.max(1, f.limit ?? 100));
    const rows = await this.db.select<Record<string, unknown>>(
      `${STATEMENT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.id DESC LIMIT ${limit}`,
      Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)));
    return rows.map(toStatement);
  }

  /** Serialises approvals and payouts of one beneficiary (and a run folding its drafts) for the transaction. */
  async lockBeneficiary(tx: Transaction, kind: BeneficiaryKind, id: number): Promise<void> {
    if (!this.db.forUpdate) return;
    await this.db.select(`SELECT id FROM statements WHERE beneficiary_kind = :kind AND beneficiary_id = :id${this.db.forUpdate}`, { kind, id }, tx);
  }

  /** Compare-and-set of a statement's status, with the columns that go with it. */
  async casStatus(tx: Transaction, id: number, from: StatementStatus, to: StatementStatus, now: Date, sets: Record<string, unknown> = {}): Promise<boolean> {
    const cols = Object.keys(sets);
    const repl: Record<string, unknown> = { id, from, to, now };
    for (const c of cols) repl[`set_${c}`] = sets[c];
    const extra = cols.map((c) => `, ${c} = :set_${c}`).join('');
    return (await this.db.execute(`UPDATE statements SET status = :to, updated_at = :now${extra} WHERE id = :id AND status = :from`, repl, tx)) === 1;
  }

  /**
   * What the beneficiary is owed now: every available entry (net of every reversal, settled or not) less what
   * was paid and what is being paid (live payouts of other statements).
   */
  async owedFen(tx: Transaction | undefined, kind: BeneficiaryKind, id: number, exceptStatementId: number | null): Promise<number> {
    const [{ available }] = await this.db.select<{ available: number | null }>(
      "SELECT SUM(amount_fen) AS available FROM ledger_entries WHERE beneficiary_kind = :kind AND beneficiary_id = :id AND bucket = 'available'", { kind, id }, tx);
    const [{ paid }] = await this.db.select<{ paid: number | null }>(
      "SELECT SUM(total_fen) AS paid FROM statements WHERE beneficiary_kind = :kind AND beneficiary_id = :id AND status = 'paid'", { kind, id }, tx);
    const [{ inFlight }] = await this.db.select<{ inFlight: number | null }>(
      `SELECT SUM(p.amount_fen) AS inFlight FROM statement_payouts p JOIN statements s ON s.id = p.statement_id
        WHERE s.beneficiary_kind = :kind AND s.beneficiary_id = :id AND p.state = 'pending' AND s.status <> 'paid' AND s.id <> :except`,
      { kind, id, except: exceptStatementId ?? 0 }, tx);
    return Number(available ?? 0) - Number(paid ?? 0) - Number(inFlight ?? 0);
  }

  /** Paid totals per beneficiary (earnings pages). */
  async paidTotals(kind: BeneficiaryKind, ids: readonly number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const rows = await this.db.select<{ id: number; paid: number }>(
      `SELECT beneficiary_id AS id, SUM(total_fen) AS paid FROM statements WHERE beneficiary_kind = :kind AND beneficiary_id IN (:ids) AND status = 'paid'
        GROUP BY beneficiary_id`, { kind, ids });
    return new Map(rows.map((r) => [Number(r.id), Number(r.paid)]));
  }

  /** One page of a statement's lines, in entry order; `afterLineId` continues from the previous page. */
  async lines(statementId: number, limit: number, afterLineId = 0): Promise<LineRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(
      `SELECT l.id AS lineId, e.id AS ledgerEntryId, e.order_id AS orderId, e.order_item_id AS orderItemId, e.campaign_id AS campaignId,
              e.entry_type AS entryType, e.refund_id AS refundId, l.amount_fen AS amountFen, e.created_at AS postedAt
         FROM statement_lines l JOIN ledger_entries e ON e.id = l.ledger_entry_id
        WHERE l.statement_id = :statementId AND l.id > :afterLineId ORDER BY l.id LIMIT ${Math.min(5000, Math.max(1, limit))}`,
      { statementId, afterLineId });
    return rows.map((r) => ({
      lineId: Number(r.lineId), ledgerEntryId: Number(r.ledgerEntryId), orderId: Number(r.orderId),
      orderItemId: r.orderItemId == null ? null : Number(r.orderItemId), campaignId: Number(r.campaignId), entryType: r.entryType as LineRow['entryType'],
      refundId: r.refundId == null ? null : Number(r.refundId), amountFen: Number(r.amountFen), postedAt: toDate(r.postedAt),
    }));
  }

  // --- payouts ------------------------------------------------------------------------------------------------

  async payouts(statementIds: readonly number[], tx?: Transaction): Promise<PayoutRow[]> {
    if (!statementIds.length) return [];
    const rows = await this.db.select<Record<string, unknown>>(`${PAYOUT_SELECT} WHERE statement_id IN (:ids) ORDER BY id`, { ids: statementIds }, tx);
    return rows.map(toPayout);
  }

  async payout(id: number, tx?: Transaction): Promise<PayoutRow | null> {
    const rows = await this.db.select<Record<string, unknown>>(`${PAYOUT_SELECT} WHERE id = :id${tx ? this.db.forUpdate : ''}`, { id }, tx);
    return rows[0] ? toPayout(rows[0]) : null;
  }

  async pendingPayouts(limit = 100): Promise<PayoutRow[]> {
    const rows = await this.db.select<Record<string, unknown>>(`${PAYOUT_SELECT} WHERE state = 'pending' ORDER BY id LIMIT ${limit}`);
    return rows.map(toPayout);
  }

  /**
   * A new attempt, live at once: the UNIQUE live_statement_id refuses a second live attempt for the statement
   * (the caller also checks first, so this only fires on a race).
   */
  async insertPayout(tx: Transaction, p: { statementId: number; method: string; outBillNo: string; amountFen: number; requestedBy: number | null; state: 'pending' | 'succeeded'; providerRef: string | null }, now: Date): Promise<number> {
    await this.db.execute(
      `INSERT INTO statement_payouts (statement_id, live_statement_id, method, out_bill_no, amount_fen, state, provider_ref, requested_by, created_at, updated_at)
       VALUES (:statementId, :statementId, :method, :outBillNo, :amountFen, :state, :providerRef, :requestedBy, :now, :now)`, { ...p, now }, tx);
    const [{ id }] = await this.db.select<{ id: number }>('SELECT id FROM statement_payouts WHERE out_bill_no = :outBillNo', { outBillNo: p.outBillNo }, tx);
    return Number(id);
  }

  /** A pending attempt's outcome; compare-and-set on 'pending', so a result is applied once. */
  async settlePayout(tx: Transaction, id: number, to: 'succeeded' | 'failed', now: Date, r: { providerState?: string | null; providerRef?: string | null; error?: string | null }): Promise<boolean> {
    return (await this.db.execute(
      `UPDATE statement_payouts SET state = :to, live_statement_id = ${to === 'failed' ? 'NULL' : 'live_statement_id'},
              provider_state = COALESCE(:providerState, provider_state), provider_ref = COALESCE(:providerRef, provider_ref),
              last_error = :error, updated_at = :now
        WHERE id = :id AND state = 'pending'`,
      { id, to, now, providerState: r.providerState ?? null, providerRef: r.providerRef ?? null, error: r.error ?? null }, tx)) === 1;
  }

  /** What the provider says while the attempt is still pending (state, reference, confirmation package). */
  async notePayout(tx: Transaction | undefined, id: number, now: Date, r: { providerState: string | null; providerRef: string | null; packageInfo: string | null; error?: string | null }): Promise<void> {
    await this.db.execute(
      `UPDATE statement_payouts SET provider_state = COALESCE(:providerState, provider_state), provider_ref = COALESCE(:providerRef, provider_ref),
              package_info = COALESCE(:packageInfo, package_info), last_error = :error, updated_at = :now WHERE id = :id AND state = 'pending'`,
      { id, now, providerState: r.providerState, providerRef: r.providerRef, packageInfo: r.packageInfo, error: r.error ?? null }, tx);
  }

  async attempts(statementId: number, tx?: Transaction): Promise<number> {
    const [{ n }] = await this.db.select<{ n: number }>('SELECT COUNT(*) AS n FROM statement_payouts WHERE statement_id = :statementId', { statementId }, tx);
    return Number(n);
  }
}

const RUN_SELECT = `SELECT id, cycle_key AS cycleKey, cutoff_at AS cutoffAt, started_at AS startedAt, finished_at AS finishedAt, triggered_by AS triggeredBy,
  entry_count AS entryCount, statement_count AS statementCount FROM settlement_runs`;

function toRun(r: Record<string, unknown>): RunRow {
  return {
    id: Number(r.id), cycleKey: String(r.cycleKey), cutoffAt: toDate(r.cutoffAt), startedAt: toDate(r.startedAt), finishedAt: toDate(r.finishedAt, true),
    triggeredBy: String(r.triggeredBy), entryCount: Number(r.entryCount), statementCount: Number(r.statementCount),
  };
}

function toStatement(r: Record<string, unknown>): StatementRow {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    id: Number(r.id), runId: Number(r.runId), cycleKey: String(r.cycleKey), beneficiaryKind: r.beneficiaryKind as BeneficiaryKind,
    beneficiaryId: Number(r.beneficiaryId), carriedInFen: Number(r.carriedInFen), linesFen: Number(r.linesFen), totalFen: Number(r.totalFen),
    lineCount: Number(r.lineCount), status: r.status as StatementStatus, carriedIntoId: num(r.carriedIntoId), approvedBy: num(r.approvedBy),
    approvedAt: toDate(r.approvedAt, true), paidBy: num(r.paidBy), paidAt: toDate(r.paidAt, true), payoutMethod: (r.payoutMethod as string) ?? null,
    payoutRef: (r.payoutRef as string) ?? null, createdAt: toDate(r.createdAt),
  };
}

function toPayout(r: Record<string, unknown>): PayoutRow {
  return {
    id: Number(r.id), statementId: Number(r.statementId), method: String(r.method), outBillNo: String(r.outBillNo), amountFen: Number(r.amountFen),
    state: r.state as PayoutRow['state'], providerState: (r.providerState as string) ?? null, providerRef: (r.providerRef as string) ?? null,
    packageInfo: (r.packageInfo as string) ?? null, lastError: (r.lastError as string) ?? null,
    requestedBy: r.requestedBy == null ? null : Number(r.requestedBy), createdAt: toDate(r.createdAt), updatedAt: toDate(r.updatedAt),
  };
}
