/**
 * The admin's overview report: per-day series (paid GMV, refunds, paid orders, distinct buyers, campaigns that
 * succeeded or failed), totals, top campaigns and products, and where the money of the period's orders went.
 * Every figure is summed by the database in a few grouped queries, whatever the number of orders; the money split
 * is the commission ledger's own reconciliation (LedgerReports.reconcilePeriod), not a second derivation.
 *
 * Days are calendar days in the business time zone (config.timeZone, Asia/Shanghai by default). Times are stored
 * in UTC, so a day is bucketed by shifting the stored time by the zone's offset in SQL; the offset is read once
 * per report, which is exact for zones without daylight saving (China has none).
 */
import type { Container } from '../container';
import { InvalidInputError } from '../kernel/errors';
import { REPORT_MAX_DAYS, type ReportDayDTO, type ReportOverviewDTO, type ReportRankDTO } from '../../shared/types/admin-reports';

const DAY_MS = 86_400_000;
const TOP = 5;

/** The zone's offset from UTC at `at`, in minutes (e.g. 480 for Asia/Shanghai). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Today's calendar day in the zone, "YYYY-MM-DD". */
export function dayInZone(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export class AdminReports {
  constructor(private readonly c: Container) {}

  /** [from, to], both days included; by default the 7 days ending today. */
  async overview(now: Date, range: { from?: string; to?: string }): Promise<ReportOverviewDTO> {
    const timeZone = this.c.config.timeZone;
    const offset = zoneOffsetMinutes(timeZone, now);
    const to = range.to ?? dayInZone(now, offset);
    const from = range.from ?? addDays(to, -6);
    const dayCount = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
    if (dayCount < 1) throw new InvalidInputError('开始日期不能晚于结束日期', { from, to });
    if (dayCount > REPORT_MAX_DAYS) throw new InvalidInputError(`一次最多查看 ${REPORT_MAX_DAYS} 天`, { from, to });

    // The range as UTC instants: local midnight of `from` up to local midnight after `to`.
    const start = new Date(Date.parse(`${from}T00:00:00Z`) - offset * 60_000);
    const end = new Date(start.getTime() + dayCount * DAY_MS);
    const p = { from: start, to: end };
    const day = (col: string) => (this.c.db.dialect === 'sqlite'
      ? `date(substr(${col}, 1, 19), '${offset >= 0 ? '+' : ''}${offset} minutes')`
      : `DATE_FORMAT(DATE_ADD(${col}, INTERVAL ${offset} MINUTE), '%Y-%m-%d')`);
    const { db } = this.c;

    const [orders, buyers, refunds, campaigns, topCampaigns, topProducts, money] = await Promise.all([
      db.select<Record<string, unknown>>(
        `SELECT ${day('o.paid_at')} AS day, COUNT(*) AS n, COALESCE(SUM(o.paid_fen), 0) AS paidFen, COUNT(DISTINCT o.user_id) AS buyers
           FROM orders o WHERE o.paid_at >= :from AND o.paid_at < :to GROUP BY ${day('o.paid_at')}`, p),
      db.select<{ n: number }>('SELECT COUNT(DISTINCT o.user_id) AS n FROM orders o WHERE o.paid_at >= :from AND o.paid_at < :to', p),
      db.select<Record<string, unknown>>(
        `SELECT ${day('r.succeeded_at')} AS day, COALESCE(SUM(r.amount_fen), 0) AS fen
           FROM refunds r WHERE r.status = 'succeeded' AND r.succeeded_at >= :from AND r.succeeded_at < :to GROUP BY ${day('r.succeeded_at')}`, p),
      // A campaign's outcome is dated by its close: succeeded (成团, then closed), failed, or cancelled.
      db.select<Record<string, unknown>>(
        `SELECT ${day('c.closed_at')} AS day,
                SUM(CASE WHEN c.succeeded_at IS NOT NULL AND c.status IN ('closed', 'fulfilling', 'completed') THEN 1 ELSE 0 END) AS ok,
                SUM(CASE WHEN c.status = 'failed' THEN 1 ELSE 0 END) AS failed,
                SUM(CASE WHEN c.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled
           FROM campaigns c WHERE c.closed_at >= :from AND c.closed_at < :to GROUP BY ${day('c.closed_at')}`, p),
      db.select<Record<string, unknown>>(
        `SELECT o.campaign_id AS id, MAX(c.title) AS title, SUM(o.paid_fen) AS gmvFen, COUNT(*) AS paidOrders, SUM(u.units) AS units
           FROM orders o
           JOIN campaigns c ON c.id = o.campaign_id
           JOIN (SELECT oi.order_id, SUM(oi.quantity) AS units FROM order_items oi JOIN orders o2 ON o2.id = oi.order_id
                  WHERE o2.paid_at >= :from AND o2.paid_at < :to GROUP BY oi.order_id) u ON u.order_id = o.id
          WHERE o.paid_at >= :from AND o.paid_at < :to
          GROUP BY o.campaign_id ORDER BY gmvFen DESC, id ASC LIMIT ${TOP}`, p),
      db.select<Record<string, unknown>>(
        `SELECT oi.product_id AS id, MAX(pr.title) AS title, SUM(oi.unit_price_fen * oi.quantity) AS gmvFen,
                COUNT(DISTINCT oi.order_id) AS paidOrders, SUM(oi.quantity) AS units
           FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products pr ON pr.id = oi.product_id
          WHERE o.paid_at >= :from AND o.paid_at < :to
          GROUP BY oi.product_id ORDER BY gmvFen DESC, id ASC LIMIT ${TOP}`, p),
      this.c.commission.reports.reconcilePeriod(start, end),
    ]);

    const byDay = <T>(rows: Array<Record<string, unknown>>, pick: (r: Record<string, unknown>) => T) => new Map(rows.map((r) => [String(r.day), pick(r)]));
    const o = byDay(orders, (r) => ({ n: Number(r.n), paidFen: Number(r.paidFen), buyers: Number(r.buyers) }));
    const rf = byDay(refunds, (r) => Number(r.fen));
    const cp = byDay(campaigns, (r) => ({ ok: Number(r.ok), failed: Number(r.failed), cancelled: Number(r.cancelled) }));

    const days: ReportDayDTO[] = Array.from({ length: dayCount }, (_, i) => {
      const d = addDays(from, i);
      return {
        day: d, paidFen: o.get(d)?.paidFen ?? 0, refundedFen: rf.get(d) ?? 0, paidOrders: o.get(d)?.n ?? 0, buyers: o.get(d)?.buyers ?? 0,
        campaignsSucceeded: cp.get(d)?.ok ?? 0, campaignsFailed: cp.get(d)?.failed ?? 0,
      };
    });
    const sum = (f: (d: ReportDayDTO) => number) => days.reduce((s, d) => s + f(d), 0);
    const succeeded = sum((d) => d.campaignsSucceeded);
    const failed = sum((d) => d.campaignsFailed);
    const paidFen = sum((d) => d.paidFen);
    const refundedFen = sum((d) => d.refundedFen);
    const rank = (r: Record<string, unknown>): ReportRankDTO => ({ id: Number(r.id), title: String(r.title), gmvFen: Number(r.gmvFen), paidOrders: Number(r.paidOrders), units: Number(r.units) });

    return {
      from, to, timeZone, days,
      totals: {
        paidFen, refundedFen, netFen: paidFen - refundedFen, paidOrders: sum((d) => d.paidOrders), buyers: Number(buyers[0]?.n ?? 0),
        campaignsSucceeded: succeeded, campaignsFailed: failed, campaignsCancelled: [...cp.values()].reduce((s, x) => s + x.cancelled, 0),
        successRateBps: succeeded + failed ? Math.round((succeeded * 10_000) / (succeeded + failed)) : null,
      },
      money: {
        orderCount: money.orderCount, paidFen: money.paidFen, refundedFen: money.refundedFen, supplierFen: money.supplierFen, leaderFen: money.leaderFen,
        pickupFen: money.pickupFen, platformFen: money.platformFen, heldFen: money.heldFen, balanced: money.balanced,
      },
      topCampaigns: topCampaigns.map(rank),
      topProducts: topProducts.map(rank),
    };
  }
}
