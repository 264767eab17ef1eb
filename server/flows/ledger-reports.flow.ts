/**
 * What admins, leaders and stores read about commissions: statements with their lines (JSON and CSV), the
 * reconciliation per order and per period, and earnings per beneficiary. Read-only; reads span the ledger and
 * the order, community, pickup and catalogue modules, so they live in a flow.
 *
 * Reconciliation, per order: paid = refunded + supplier + leader + pickup + platform + held, where held is
 * money of an order whose campaign is still open (nothing allocated yet) and zero for every other order. The
 * sums come straight from the ledger entries, so the report is the proof, not a restatement.
 */
import { stringify } from 'csv-stringify/sync';
import type { Container } from '../container';
import { toDate } from '../infra/db';
import { NotFoundError } from '../kernel/errors';
import type { BeneficiaryKind } from '../../shared/types/statuses';
import type { EarningEntryDTO, EarningsDTO, OrderReconciliationDTO, PayoutDTO, PeriodReconciliationDTO, SettlementRunDTO, StatementDTO, StatementLineDTO } from '../../shared/types/commission';
import type { LedgerService, LineRow, PayoutRow, RunRow, SettlementService, StatementFilter, StatementRow } from '../modules/ledger';

const PLATFORM_NAME = '邻里平台';
/** Excel opens UTF-8 CSV with Chinese text correctly only with a byte-order mark. */
const BOM = '\uFEFF';

export class LedgerReports {
  constructor(private readonly c: Container, private readonly ledger: LedgerService, private readonly settlement: SettlementService) {}

  // --- runs and statements ------------------------------------------------------------------------------------

  runDTO(r: RunRow): SettlementRunDTO {
    return { ...r, cutoffAt: r.cutoffAt.toISOString(), startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null };
  }

  async runs(limit = 50, beforeId?: number): Promise<SettlementRunDTO[]> {
    return (await this.settlement.repo.runs(limit, beforeId)).map((r) => this.runDTO(r));
  }

  async run(id: number): Promise<SettlementRunDTO & { statements: StatementDTO[] }> {
    const run = await this.settlement.repo.run(id);
    if (!run) throw new NotFoundError('settlement run', id);
    return { ...this.runDTO(run), statements: await this.statements({ runId: id, limit: 500 }) };
  }

  async statements(f: StatementFilter): Promise<StatementDTO[]> {
    return this.statementDTOs(await this.settlement.repo.statements(f));
  }

  async statement(id: number): Promise<StatementDTO> {
    return (await this.statementDTOs([await this.settlement.get(id)]))[0];
  }

  async statementDTOs(rows: StatementRow[]): Promise<StatementDTO[]> {
    const names = await this.names(rows);
    const payouts = await this.settlement.repo.payouts(rows.map((r) => r.id));
    return rows.map((s) => ({
      id: s.id, runId: s.runId, cycleKey: s.cycleKey, beneficiaryKind: s.beneficiaryKind, beneficiaryId: s.beneficiaryId,
      beneficiaryName: names.get(`${s.beneficiaryKind}:${s.beneficiaryId}`) ?? '', carriedInFen: s.carriedInFen, linesFen: s.linesFen,
      totalFen: s.totalFen, lineCount: s.lineCount, status: s.status, carriedIntoId: s.carriedIntoId, approvedBy: s.approvedBy,
      approvedAt: s.approvedAt?.toISOString() ?? null, paidBy: s.paidBy, paidAt: s.paidAt?.toISOString() ?? null, payoutMethod: s.payoutMethod,
      payoutRef: s.payoutRef, createdAt: s.createdAt.toISOString(), payouts: payouts.filter((p) => p.statementId === s.id).map(payoutDTO),
    }));
  }

  /** One page of a statement's lines; `nextCursor` is the last line id when more may follow. */
  async lines(statementId: number, limit = 500, after = 0): Promise<{ items: StatementLineDTO[]; nextCursor: string | null }> {
    await this.settlement.get(statementId);
    const rows = await this.settlement.repo.lines(statementId, limit, after);
    const orderNos = await this.orderNos(rows);
    return {
      items: rows.map((l) => lineDTO(l, orderNos.get(l.orderId) ?? '')),
      nextCursor: rows.length === limit ? String(rows[rows.length - 1].lineId) : null,
    };
  }

  /** Every statement matching the filter (page by page, newest first), as CSV. */
  async statementsCsv(f: StatementFilter): Promise<string> {
    const rows: StatementDTO[] = [];
    for (let beforeId = f.beforeId; ;) {
      const page = await this.statements({ ...f, beforeId, limit: 500 });
      rows.push(...page);
      if (page.length < 500) break;
      beforeId = page[page.length - 1].id;
    }
    return BOM + stringify(rows.map((s) => [
      s.id, s.cycleKey, s.beneficiaryKind, s.beneficiaryId, s.beneficiaryName, s.carriedInFen, s.linesFen, s.totalFen, s.lineCount, s.status,
      s.carriedIntoId ?? '', s.approvedBy ?? '', s.approvedAt ?? '', s.paidBy ?? '', s.paidAt ?? '', s.payoutMethod ?? '', s.payoutRef ?? '',
    ]), {
      header: true,
      columns: ['statement_id', 'cycle_key', 'beneficiary_kind', 'beneficiary_id', 'beneficiary_name', 'carried_in_fen', 'lines_fen', 'total_fen', 'line_count',
        'status', 'carried_into_id', 'approved_by', 'approved_at', 'paid_by', 'paid_at', 'payout_method', 'payout_ref'],
    });
  }

  /** Every line of a statement, read page by page. */
  async linesCsv(statementId: number): Promise<string> {
    const out: unknown[][] = [];
    for (let after = 0; ;) {
      const page = await this.lines(statementId, 5000, after);
      for (const l of page.items) out.push([l.lineId, l.ledgerEntryId, l.orderId, l.orderNo, l.orderItemId ?? '', l.campaignId, l.entryType, l.refundId ?? '', l.amountFen, l.postedAt]);
      if (!page.nextCursor) break;
      after = Number(page.nextCursor);
    }
    return BOM + stringify(out, {
      header: true,
      columns: ['line_id', 'ledger_entry_id', 'order_id', 'order_no', 'order_item_id', 'campaign_id', 'entry_type', 'refund_id', 'amount_fen', 'posted_at'],
    });
  }

  // --- reconciliation -----------------------------------------------------------------------------------------

  async reconcileOrder(orderId: number): Promise<OrderReconciliationDTO & { entries: Array<{ id: number; orderItemId: number | null; kind: BeneficiaryKind; beneficiaryId: number; bucket: string; entryType: string; amountFen: number; refundId: number | null; createdAt: string }> }> {
    const [row] = await this.reconciliationRows('o.id = :orderId', { orderId });
    if (!row) throw new NotFoundError('order', orderId);
    const entries = await this.ledger.entriesOfOrder(orderId);
    return {
      ...row,
      entries: entries.map((e) => ({ id: e.id, orderItemId: e.orderItemId, kind: e.beneficiaryKind, beneficiaryId: e.beneficiaryId, bucket: e.bucket, entryType: e.entryType, amountFen: e.amountFen, refundId: e.refundId, createdAt: e.createdAt.toISOString() })),
    };
  }

  /**
   * Orders paid in [from, to): totals by beneficiary kind, summed in the database, and every order that does
   * not close (none, if all is well), whatever the number of orders.
   */
  async reconcilePeriod(from: Date, to: Date): Promise<PeriodReconciliationDTO> {
    const [t] = await this.c.db.select<Record<string, unknown>>(
      `SELECT COUNT(*) AS n, COALESCE(SUM(x.paidFen), 0) AS paidFen, COALESCE(SUM(x.refundedFen), 0) AS refundedFen,
              COALESCE(SUM(x.supplierFen), 0) AS supplierFen, COALESCE(SUM(x.leaderFen), 0) AS leaderFen, COALESCE(SUM(x.pickupFen), 0) AS pickupFen,
              COALESCE(SUM(x.platformFen), 0) AS platformFen
         FROM (${perOrderSql('o.paid_at >= :from AND o.paid_at < :to')}) x`, { from, to });
    const n = (k: string) => Number(t[k]);
    // An order closes when its entries add up to paid − refunded; one whose campaign is still open ('paid') has none.
    const unbalanced = await this.reconciliationRows(
      'o.paid_at >= :from AND o.paid_at < :to',
      { from, to },
      `HAVING (o.status = 'paid' AND COALESCE(SUM(e.amount_fen), 0) <> 0) OR (o.status <> 'paid' AND o.paid_fen - o.refunded_fen <> COALESCE(SUM(e.amount_fen), 0))`,
    );
    const held = n('paidFen') - n('refundedFen') - n('supplierFen') - n('leaderFen') - n('pickupFen') - n('platformFen');
    return {
      from: from.toISOString(), to: to.toISOString(), orderCount: n('n'), paidFen: n('paidFen'), refundedFen: n('refundedFen'),
      supplierFen: n('supplierFen'), leaderFen: n('leaderFen'), pickupFen: n('pickupFen'), platformFen: n('platformFen'), heldFen: held,
      unbalanced, balanced: unbalanced.length === 0,
    };
  }

  /** The period's orders one per row, read 5,000 orders at a time. */
  async reconciliationCsv(from: Date, to: Date): Promise<string> {
    const rows: OrderReconciliationDTO[] = [];
    for (let after = 0; ;) {
      const page = await this.reconciliationRows('o.paid_at >= :from AND o.paid_at < :to AND o.id > :after', { from, to, after }, '', 5000);
      rows.push(...page);
      if (page.length < 5000) break;
      after = page[page.length - 1].orderId;
    }
    return BOM + stringify(rows.map((r) => [r.orderId, r.orderNo, r.status, r.campaignId, r.paidAt ?? '', r.paidFen, r.refundedFen, r.supplierFen, r.leaderFen, r.pickupFen, r.platformFen, r.heldFen, r.balanced ? 'yes' : 'NO']), {
      header: true,
      columns: ['order_id', 'order_no', 'status', 'campaign_id', 'paid_at', 'paid_fen', 'refunded_fen', 'supplier_fen', 'leader_fen', 'pickup_fen', 'platform_fen', 'held_fen', 'balanced'],
    });
  }

  /**
   * One row per order with the ledger summed by beneficiary kind, in one grouped query. `held` is what is not
   * allocated: only an order whose campaign is still open ('paid') may hold money; anything else must be zero.
   */
  private async reconciliationRows(where: string, repl: Record<string, unknown>, having = '', limit = 1000): Promise<OrderReconciliationDTO[]> {
    const rows = await this.c.db.select<Record<string, unknown>>(`${perOrderSql(where, having)} ORDER BY o.id LIMIT ${limit}`, repl);
    return rows.map((r) => {
      const n = (k: string) => Number(r[k]);
      const held = n('paidFen') - n('refundedFen') - n('supplierFen') - n('leaderFen') - n('pickupFen') - n('platformFen');
      const mayHold = r.status === 'paid';
      return {
        orderId: n('id'), orderNo: String(r.orderNo), status: String(r.status), campaignId: n('campaignId'), paidAt: toDate(r.paidAt, true)?.toISOString() ?? null,
        paidFen: n('paidFen'), refundedFen: n('refundedFen'), supplierFen: n('supplierFen'), leaderFen: n('leaderFen'), pickupFen: n('pickupFen'),
        platformFen: n('platformFen'), heldFen: held, balanced: mayHold ? held === n('paidFen') - n('refundedFen') : held === 0,
      };
    });
  }

  // --- earnings -----------------------------------------------------------------------------------------------

  async earnings(kind: BeneficiaryKind, ids: number[]): Promise<EarningsDTO[]> {
    const sums = await this.ledger.beneficiarySums(kind, ids);
    const paid = await this.settlement.repo.paidTotals(kind, ids);
    const names = await this.names(ids.map((id) => ({ beneficiaryKind: kind, beneficiaryId: id })));
    return ids.map((id) => {
      const s = sums.get(id)!;
      const paidFen = paid.get(id) ?? 0;
      return {
        beneficiaryKind: kind, beneficiaryId: id, name: names.get(`${kind}:${id}`) ?? '', accruedFen: s.pending + s.available, pendingFen: s.pending,
        releasedFen: s.available, settledFen: s.settled, paidFen, owedFen: s.available - paidFen,
      };
    });
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  private async names(rows: ReadonlyArray<{ beneficiaryKind: BeneficiaryKind; beneficiaryId: number }>): Promise<Map<string, string>> {
    const ids = (k: BeneficiaryKind) => [...new Set(rows.filter((r) => r.beneficiaryKind === k).map((r) => r.beneficiaryId))];
    const out = new Map<string, string>();
    for (const [id, l] of await this.c.community.leadersByIds(ids('leader'))) out.set(`leader:${id}`, l.name);
    for (const [id, p] of await this.c.pickup.byIds(ids('pickup_point'))) out.set(`pickup_point:${id}`, p.name);
    for (const [id, s] of await this.c.catalogue.suppliers(ids('supplier'))) out.set(`supplier:${id}`, s.name);
    for (const id of ids('platform')) out.set(`platform:${id}`, PLATFORM_NAME);
    return out;
  }

  /**
   * One beneficiary's ledger entries, newest first, a page at a time (`before` is the last id of the previous
   * page), with the order, the campaign and the statement that settled each. Both buckets are named so the
   * query uses the (bucket, beneficiary) index.
   */
  async entries(kind: BeneficiaryKind, beneficiaryId: number, limit: number, before = 0): Promise<{ items: EarningEntryDTO[]; nextCursor: string | null }> {
    const rows = await this.c.db.select<{
      id: number; orderId: number; orderNo: string; campaignId: number; campaignTitle: string; entryType: EarningEntryDTO['entryType'];
      bucket: EarningEntryDTO['bucket']; amountFen: number; refundId: number | null; statementId: number | null; createdAt: unknown;
    }>(
      `SELECT e.id, e.order_id AS orderId, o.order_no AS orderNo, e.campaign_id AS campaignId, c.title AS campaignTitle, e.entry_type AS entryType,
              e.bucket, e.amount_fen AS amountFen, e.refund_id AS refundId, sl.statement_id AS statementId, e.created_at AS createdAt
         FROM ledger_entries e
         JOIN orders o ON o.id = e.order_id
         JOIN campaigns c ON c.id = e.campaign_id
         LEFT JOIN statement_lines sl ON sl.ledger_entry_id = e.id
        WHERE e.bucket IN ('pending', 'available') AND e.beneficiary_kind = :kind AND e.beneficiary_id = :beneficiaryId AND (:before = 0 OR e.id < :before)
        ORDER BY e.id DESC
        LIMIT :limit`,
      { kind, beneficiaryId, before, limit });
    const items = rows.map((r): EarningEntryDTO => ({
      id: Number(r.id), orderId: Number(r.orderId), orderNo: r.orderNo, campaignId: Number(r.campaignId), campaignTitle: r.campaignTitle,
      entryType: r.entryType, bucket: r.bucket, amountFen: Number(r.amountFen), refundId: r.refundId === null ? null : Number(r.refundId),
      statementId: r.statementId === null ? null : Number(r.statementId), postedAt: toDate(r.createdAt).toISOString(),
    }));
    return { items, nextCursor: items.length === limit ? String(items[items.length - 1].id) : null };
  }

  private async orderNos(rows: readonly LineRow[]): Promise<Map<number, string>> {
    const ids = [...new Set(rows.map((r) => r.orderId))];
    if (!ids.length) return new Map();
    const orders = await this.c.orders.repo.findMany('o.id IN (:ids)', { ids });
    return new Map(orders.map((o) => [o.id, o.orderNo]));
  }
}

/** One row per order with its ledger summed by beneficiary kind (one grouped query). */
function perOrderSql(where: string, having = ''): string {
  const sumOf = (k: BeneficiaryKind) => `COALESCE(SUM(CASE WHEN e.beneficiary_kind = '${k}' THEN e.amount_fen END), 0)`;
  return `SELECT o.id, o.order_no AS orderNo, o.status, o.campaign_id AS campaignId, o.paid_at AS paidAt, o.paid_fen AS paidFen, o.refunded_fen AS refundedFen,
                 ${sumOf('supplier')} AS supplierFen, ${sumOf('leader')} AS leaderFen, ${sumOf('pickup_point')} AS pickupFen, ${sumOf('platform')} AS platformFen
            FROM orders o LEFT JOIN ledger_entries e ON e.order_id = o.id
           WHERE ${where}
           GROUP BY o.id, o.order_no, o.status, o.campaign_id, o.paid_at, o.paid_fen, o.refunded_fen ${having}`;
}

function payoutDTO(p: PayoutRow): PayoutDTO {
  return {
    id: p.id, method: p.method, outBillNo: p.outBillNo, amountFen: p.amountFen, state: p.state, providerState: p.providerState, providerRef: p.providerRef,
    packageInfo: p.state === 'pending' ? p.packageInfo : null, lastError: p.lastError, requestedBy: p.requestedBy,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  };
}

function lineDTO(l: LineRow, orderNo: string): StatementLineDTO {
  return {
    lineId: l.lineId, ledgerEntryId: l.ledgerEntryId, orderId: l.orderId, orderNo, orderItemId: l.orderItemId, campaignId: l.campaignId,
    entryType: l.entryType, refundId: l.refundId, amountFen: l.amountFen, postedAt: l.postedAt.toISOString(),
  };
}
