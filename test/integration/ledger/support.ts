/**
 * Helpers for the ledger tests: walking orders through fulfilment by the order state machine (fulfilment has
 * its own tests), and the invariants every step must keep — checked straight on the tables.
 */
import request from 'supertest';
import type { TestServer } from '../../helpers/server';
import { auth, type Person } from '../../helpers/world';
import { HOUR } from '../../../server/kernel/clock';
import { systemContext } from '../../../server/kernel/context';

/** Confirmed → shipped → ready_for_pickup → picked_up, and the completion check scheduled as at a real pickup. */
export async function pickUp(srv: TestServer, orderId: number): Promise<void> {
  const end = await srv.container.flows.afterSale.returnWindowEnd(await srv.container.orders.get(orderId), undefined, srv.clock.now());
  await srv.container.db.transaction(systemContext('test', srv.clock.now()), async (trc) => {
    for (const [from, to] of [['confirmed', 'shipped'], ['shipped', 'ready_for_pickup'], ['ready_for_pickup', 'picked_up']] as const) {
      await srv.container.orders.transition(trc, { id: orderId, status: from }, to, 'test walk', 'test', to === 'picked_up' ? { picked_up_at: trc.now } : {});
    }
    await srv.container.flows.orderLife.scheduleCompletion(trc, orderId, end ?? new Date(trc.now.getTime() + 48 * HOUR));
  });
}

export async function orderStatus(srv: TestServer, orderId: number): Promise<string> {
  return (await srv.container.orders.get(orderId)).status;
}

export async function adminRefund(srv: TestServer, admin: Person, orderId: number, body: Record<string, unknown>) {
  const r = await request(srv.url).post(`/api/admin/orders/${orderId}/refunds`).set(auth(admin)).send({ reason: '测试退款', ...body });
  if (r.status !== 201) throw new Error(`admin refund failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}

export async function runSettlement(srv: TestServer, admin: Person, cycleKey?: string) {
  const r = await request(srv.url).post('/api/admin/settlement/runs').set(auth(admin)).send(cycleKey ? { cycleKey } : {});
  if (r.status !== 201 && r.status !== 200) throw new Error(`settlement failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data as { id: number; created: boolean; entryCount: number; statementCount: number; statements: StatementJson[] };
}

export interface StatementJson {
  id: number; beneficiaryKind: string; beneficiaryId: number; carriedInFen: number; linesFen: number; totalFen: number; lineCount: number;
  status: string; carriedIntoId: number | null; payouts: Array<{ state: string; method: string; providerRef: string | null }>;
}

interface EntrySnapshot { id: number; sig: string }

/**
 * The books' invariants, checked on the tables after each step:
 *  1. every order closes to the fen: paid = refunded + supplier + leader + pickup + platform (+ held while open);
 *  2. no ledger entry changed or disappeared since the previous check (append-only);
 *  3. an entry is on at most one statement line; a line carries its entry's amount;
 *  4. statement arithmetic: lines = Σ lines, carried_in = Σ totals carried into it, total = carried_in + lines;
 *  5. no beneficiary paid twice for an entry: an entry's statement chain (carried_into links) has at most one
 *     paid statement, a paid statement is never carried, a statement has at most one live payout;
 *  6. a pending bucket of a completed order is empty; nothing is pending or available for an order never accrued.
 */
export class BooksChecker {
  private seen = new Map<number, string>();

  constructor(private readonly srv: TestServer) {}

  async check(label = ''): Promise<{ entries: number; orders: number }> {
    const db = this.srv.container.db;
    const fail = (msg: string, detail?: unknown): never => { throw new Error(`[books ${label}] ${msg}${detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 2000)}`}`); };

    // 1. reconciliation per order, from the report itself
    const rec = await this.srv.container.commission.reports.reconcilePeriod(new Date(0), new Date('2100-01-01T00:00:00Z'));
    if (!rec.balanced) fail('orders do not reconcile', rec.unbalanced);
    if (rec.paidFen !== rec.refundedFen + rec.supplierFen + rec.leaderFen + rec.pickupFen + rec.platformFen + rec.heldFen) fail('period totals do not close', rec);

    // 2. append-only
    const rows = await db.select<Record<string, unknown>>(
      'SELECT id, order_id, order_item_id, beneficiary_kind, beneficiary_id, bucket, entry_type, amount_fen, refund_id, idempotency_key, created_at FROM ledger_entries ORDER BY id');
    const now = new Map<number, string>(rows.map((r) => [Number(r.id), sig(r)]));
    for (const [id, s] of this.seen) {
      if (!now.has(id)) fail(`ledger entry ${id} disappeared`);
      if (now.get(id) !== s) fail(`ledger entry ${id} changed`, { before: s, after: now.get(id) });
    }
    this.seen = now;

    // 3. lines
    const [dup] = await db.select<{ n: number }>('SELECT COUNT(*) - COUNT(DISTINCT ledger_entry_id) AS n FROM statement_lines');
    if (Number(dup.n) !== 0) fail('an entry is on two statements');
    const [wrong] = await db.select<{ n: number }>(
      "SELECT COUNT(*) AS n FROM statement_lines l JOIN ledger_entries e ON e.id = l.ledger_entry_id WHERE l.amount_fen <> e.amount_fen OR e.bucket <> 'available'");
    if (Number(wrong.n) !== 0) fail('a line does not match its entry, or settles a pending entry');

    // 4. statement arithmetic
    const statements = (await db.select<Record<string, unknown>>(
      `SELECT s.id, s.status, s.carried_in_fen AS ci, s.lines_fen AS lf, s.total_fen AS tf, s.line_count AS lc, s.carried_into_id AS into_id,
              (SELECT COALESCE(SUM(l.amount_fen), 0) FROM statement_lines l WHERE l.statement_id = s.id) AS lsum,
              (SELECT COUNT(*) FROM statement_lines l WHERE l.statement_id = s.id) AS lcount,
              (SELECT COALESCE(SUM(c.total_fen), 0) FROM statements c WHERE c.carried_into_id = s.id) AS csum,
              (SELECT COUNT(*) FROM statement_payouts p WHERE p.statement_id = s.id AND p.state <> 'failed') AS live,
              (SELECT COUNT(*) FROM statement_payouts p WHERE p.statement_id = s.id AND p.state = 'succeeded') AS ok
         FROM statements s ORDER BY s.id`)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'status' ? v : v === null ? null : Number(v)])) as Record<string, number | null> & { status: string });
    for (const s of statements) {
      if (s.lf !== s.lsum || s.lc !== s.lcount || s.ci !== s.csum || s.tf !== (s.ci ?? 0) + (s.lf ?? 0)) fail(`statement ${s.id} does not add up`, s);
      // 5. no double payment
      if (s.status === 'paid' && s.into_id !== null) fail(`paid statement ${s.id} was carried forward`);
      if (s.status === 'carried' && s.into_id === null) fail(`carried statement ${s.id} points nowhere`);
      if (s.status !== 'carried' && s.into_id !== null) fail(`statement ${s.id} (${s.status}) points at ${s.into_id}`);
      if ((s.live ?? 0) > 1) fail(`statement ${s.id} has ${s.live} live payouts`);
      if (s.status === 'paid' && s.ok !== 1) fail(`paid statement ${s.id} has ${s.ok} succeeded payouts`);
      if (s.status !== 'paid' && (s.ok ?? 0) > 0) fail(`statement ${s.id} has a succeeded payout but is ${s.status}`);
      if (s.status === 'paid' && (s.tf ?? 0) <= 0) fail(`statement ${s.id} paid a non-positive total`);
    }
    const byId = new Map(statements.map((s) => [s.id as number, s]));
    for (const s of statements) {
      let paid = 0;
      for (let cur: typeof s | undefined = s, hops = 0; cur; cur = cur.into_id === null ? undefined : byId.get(cur.into_id as number), hops++) {
        if (hops > statements.length) fail('a carry chain loops');
        if (cur.status === 'paid') paid++;
      }
      if (paid > 1) fail(`statement ${s.id}'s entries were paid ${paid} times`);
    }

    // 6. buckets
    const [stale] = await db.select<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT e.order_id FROM ledger_entries e JOIN orders o ON o.id = e.order_id
        WHERE e.bucket = 'pending' AND o.completed_at IS NOT NULL GROUP BY e.order_id, e.order_item_id, e.beneficiary_kind, e.beneficiary_id
        HAVING SUM(e.amount_fen) <> 0) x`);
    if (Number(stale.n) !== 0) fail('a completed order still has pending commission');
    return { entries: rows.length, orders: rec.orderCount };
  }
}

function sig(r: Record<string, unknown>): string {
  const t = r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at);
  return [r.order_id, r.order_item_id, r.beneficiary_kind, r.beneficiary_id, r.bucket, r.entry_type, Number(r.amount_fen), r.refund_id, r.idempotency_key, t].join('|');
}

/** Parses our CSV exports (quoted fields, BOM) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
